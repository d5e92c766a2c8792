//! Finding the returns below the inputs folder (SPEC §3).
//!
//! Every file counts: spreadsheets are returns to read, anything else is skipped (and
//! listed). Office lock files (`~$…`) and hidden files or folders (`.…`) are ignored.

use std::io;
use std::path::{Path, PathBuf};

/// Extensions read as workbooks (compared in lower case).
pub const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods"];

#[derive(Debug, Clone)]
pub struct FoundFile {
    pub path: PathBuf,
    /// Path relative to the inputs folder, `/`-separated (sorts as UTF-8 bytes).
    pub rel: String,
    /// Lower-case extension, possibly empty.
    pub ext: String,
}

#[derive(Debug, Default)]
pub struct Discovered {
    /// Spreadsheet files, sorted by relative path.
    pub workbooks: Vec<FoundFile>,
    /// Other files, sorted by relative path.
    pub skipped: Vec<FoundFile>,
}

/// Lists every file below `root`, sorted by relative path.
///
/// # Errors
/// The folder does not exist or cannot be listed.
pub fn discover(root: &Path) -> io::Result<Discovered> {
    let mut files = Vec::new();
    walk(root, root, &mut files)?;
    files.sort_by(|a, b| a.rel.as_bytes().cmp(b.rel.as_bytes()));
    let mut out = Discovered::default();
    for f in files {
        if WORKBOOK_EXTENSIONS.contains(&f.ext.as_str()) {
            out.workbooks.push(f);
        } else {
            out.skipped.push(f);
        }
    }
    Ok(out)
}

fn ignored(name: &str) -> bool {
    name.starts_with('.') || name.starts_with("~$")
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<FoundFile>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if ignored(&name) {
            continue;
        }
        let path = entry.path();
        let kind = entry.file_type()?;
        let is_dir = if kind.is_symlink() {
            path.is_dir()
        } else {
            kind.is_dir()
        };
        if is_dir {
            walk(root, &path, out)?;
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            out.push(FoundFile { path, rel, ext });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_skips_and_ignores() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        std::fs::create_dir_all(p.join("2022/06")).unwrap();
        std::fs::create_dir_all(p.join(".git")).unwrap();
        for f in [
            "2022/06/b.xlsx",
            "a.XLS",
            "notes.txt",
            "~$a.xlsx",
            ".hidden.xlsx",
            ".git/x.xlsx",
            "c.ods",
        ] {
            std::fs::write(p.join(f), b"x").unwrap();
        }
        let d = discover(p).unwrap();
        let wb: Vec<_> = d.workbooks.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(wb, ["2022/06/b.xlsx", "a.XLS", "c.ods"]);
        let sk: Vec<_> = d.skipped.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(sk, ["notes.txt"]);
    }
}
