//! The `ropa` command.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    ropa::allocator::tune();
    std::process::exit(ropa::cli::main());
}
