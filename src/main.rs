//! The `ropa` command.

fn main() {
    std::process::exit(ropa::cli::main());
}
