//! The floor reader: the least work any tool reading these returns must do.
//!
//! Opens every workbook below a folder with calamine and touches every cell of every
//! sheet, on a thread per core (rayon, as many threads as xtic has reader workers),
//! then prints the time taken. `benches/bench.sh` runs it beside `xtic report` on the
//! same folder and prints the ratio.
//!
//!     cargo run --release --example floor -- DIR
//!
//! Prints one line: `files=N cells=N ms=N` (stdout).

use std::path::{Path, PathBuf};
use std::time::Instant;

use calamine::{open_workbook_auto_from_rs, Data, Reader};
use rayon::prelude::*;

const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods"];

fn workbooks(root: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or_default();
            EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
        })
        .collect();
    out.sort();
    out
}

/// Reads one workbook whole; returns how many cells hold something (0 when it cannot
/// be opened: a hostile file costs the floor nothing more than a failed open).
fn touch(path: &Path) -> u64 {
    let Ok(bytes) = std::fs::read(path) else {
        return 0;
    };
    let Ok(mut book) = open_workbook_auto_from_rs(std::io::Cursor::new(bytes)) else {
        return 0;
    };
    let mut cells = 0;
    for name in book.sheet_names() {
        let Ok(range) = book.worksheet_range(&name) else {
            continue;
        };
        for value in range.used_cells().map(|(_, _, v)| v) {
            // look at the value, as any reader must
            let filled = match value {
                Data::Empty => false,
                Data::String(s) => !s.is_empty(),
                _ => true,
            };
            cells += u64::from(std::hint::black_box(filled));
        }
    }
    cells
}

fn main() {
    let Some(root) = std::env::args_os().nth(1) else {
        eprintln!("usage: floor DIR");
        std::process::exit(2);
    };
    let clock = Instant::now();
    let files = workbooks(Path::new(&root));
    let cells: u64 = files.par_iter().map(|p| touch(p)).sum();
    let ms = clock.elapsed().as_millis();
    println!("files={} cells={cells} ms={ms}", files.len());
}
