//! Embeds the default theme (themes/default) into the binary, so a toolkit
//! needs no theme folder. Generates `$OUT_DIR/embedded_theme.rs` holding
//! `EMBEDDED_THEME: &[(&str, &[u8])]`, one entry per file, path relative to the theme.

use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    // Read at run time: `env!` would fix the folder in which this script was
    // first compiled, and a target folder shared or copied between checkouts
    // would then embed another checkout's theme.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap();
    let theme = Path::new(&manifest_dir).join("themes/default");
    println!("cargo:rerun-if-changed={}", theme.display());
    let mut files = Vec::new();
    collect(&theme, &mut files);
    files.sort();
    let mut code = String::from("pub static EMBEDDED_THEME: &[(&str, &[u8])] = &[\n");
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let rel = file
            .strip_prefix(&theme)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        code.push_str(&format!(
            "    ({rel:?}, include_bytes!({:?})),\n",
            file.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded_theme.rs");
    fs::write(out, code).unwrap();
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        println!("cargo:rerun-if-changed={}", path.display());
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
