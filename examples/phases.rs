//! Times each phase of `check` on a directory (a profiling aid):
//! `cargo run --release --example phases -- DIR [parse|trees|declined|check]`.

use std::time::Instant;

use pest::Parser as _;
use rayon::prelude::*;
use ropa::syntax::{RopaParser, Rule};

// As in the binary (src/main.rs), allocator settings included.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    ropa::allocator::tune();
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "target/model".into());
    let what = args.next().unwrap_or_else(|| "check".into());
    let files = ropa::check::discover(&[dir.into()]).unwrap_or_default();
    let texts: Vec<String> = files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .collect();
    let t = Instant::now();
    match what.as_str() {
        "parse" => {
            let n: usize = texts
                .par_iter()
                .map(|text| RopaParser::parse(Rule::file, text).map_or(0, |p| p.flatten().count()))
                .sum();
            println!("pest parse + walk ({n} pairs): {:?}", t.elapsed());
        }
        "declined" => {
            // Files the direct reader leaves to pest (docs/decisions.md).
            let declined: Vec<&std::path::PathBuf> = files
                .iter()
                .zip(&texts)
                .enumerate()
                .filter(|(i, (_, text))| {
                    ropa::syntax::direct::read(ropa::source::FileId(*i as u32), text).is_none()
                })
                .map(|(_, (f, _))| f)
                .collect();
            println!(
                "{} of {} files left to pest: {declined:?}",
                declined.len(),
                files.len()
            );
        }
        "trees" => {
            let trees: Vec<_> = texts
                .par_iter()
                .enumerate()
                .map(|(i, text)| ropa::syntax::parse(ropa::source::FileId(i as u32), text))
                .collect();
            println!("parse to trees ({}): {:?}", trees.len(), t.elapsed());
        }
        _ => {
            let data = ropa::data::RuleData::builtin().unwrap_or_else(|_| std::process::exit(2));
            let inputs = files
                .iter()
                .zip(texts)
                .map(|(f, t)| (f.clone(), Ok(t.into_bytes())))
                .collect();
            let t = Instant::now();
            let run = ropa::check::check_inputs(inputs, &data);
            println!(
                "check_inputs: {:?} ({} findings)",
                t.elapsed(),
                run.findings.len()
            );
        }
    }
}
