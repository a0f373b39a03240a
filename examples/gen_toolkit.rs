//! Writes the synthetic benchmark toolkit into a folder:
//!
//! ```text
//! cargo run --release --example gen_toolkit -- /tmp/big-toolkit 10000
//! ```
//!
//! 10,000 cards per language × 2 languages gives about 20,000 pages.

#[path = "support/synthetic.rs"]
mod synthetic;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: gen_toolkit FOLDER [CARDS_PER_LANGUAGE, default 10000]");
        return ExitCode::FAILURE;
    };
    let cards = match args.next().map(|n| n.parse::<usize>()) {
        None => 10_000,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("CARDS_PER_LANGUAGE must be a positive number");
            return ExitCode::FAILURE;
        }
    };
    match synthetic::generate(&dir, cards) {
        Ok(sources) => {
            println!("Wrote {sources} sources into {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
