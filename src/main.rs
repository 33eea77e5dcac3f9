//! The `ropa` command.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    ropa::allocator::keep_freed_memory();
    std::process::exit(ropa::cli::main());
}
