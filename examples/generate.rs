//! Writes a synthetic model to disk, for measuring the binary itself
//! (wall time and peak memory): `cargo run --release --example generate -- 100000 /tmp/model`.

#[path = "../benches/generate.rs"]
mod generate;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "target/model".into()));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {e}", dir.display());
        std::process::exit(2);
    }
    let mut bytes = 0;
    for f in generate::model(n, 100) {
        bytes += f.text.len();
        if let Err(e) = std::fs::write(dir.join(&f.name), f.text) {
            eprintln!("cannot write {}: {e}", f.name);
            std::process::exit(2);
        }
    }
    println!("{n} datasets, {bytes} bytes in {}", dir.display());
}
