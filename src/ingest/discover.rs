//! Finding the returns below the inputs folder (docs/报表格式.md §一).
//!
//! Every file counts: spreadsheets are returns to read, anything else is skipped (and
//! listed). Office lock files (`~$…`) and hidden files or folders (`.…`) are ignored.
//! Only regular files are ever opened: a pipe, socket or device (or a link to one) is
//! listed as skipped with the reason. The folder tree is walked first without
//! following links; a link to a folder is then followed once, unless it leads to a
//! folder already read or to the inputs folder or one above it (a loop), which is one
//! listed problem. A sub-folder that cannot be listed is one listed problem too, and
//! everything else is still read.

use std::collections::{HashSet, VecDeque};
use std::io;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::issue::{Issue, Rule};

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
    /// Other files, sorted by relative path, with the reason when it is not simply
    /// the extension (a pipe, a device, a broken link).
    pub skipped: Vec<(FoundFile, Option<String>)>,
    /// Folders that could not be listed, links not followed: one problem each.
    pub problems: Vec<Issue>,
}

/// Lists every file below `root`, sorted by relative path.
///
/// # Errors
/// The folder itself does not exist or cannot be listed.
pub fn discover(root: &Path) -> io::Result<Discovered> {
    std::fs::read_dir(root)?;
    let mut walk = Walk {
        root: root.to_path_buf(),
        root_canon: std::fs::canonicalize(root)?,
        visited: HashSet::new(),
        links: VecDeque::new(),
        out: Discovered::default(),
    };
    walk.tree(root, "");
    while let Some((path, rel, id)) = walk.links.pop_front() {
        if walk.visited.contains(&id) {
            walk.link_problem(&rel, "指向的文件夹已经读过，未重复读取");
        } else {
            walk.tree(&path, &rel);
        }
    }
    let mut out = walk.out;
    let by_rel = |a: &FoundFile, b: &FoundFile| a.rel.as_bytes().cmp(b.rel.as_bytes());
    out.workbooks.sort_by(by_rel);
    out.skipped.sort_by(|a, b| by_rel(&a.0, &b.0));
    Ok(out)
}

fn ignored(name: &str) -> bool {
    name.starts_with('.') || name.starts_with("~$")
}

fn rel_of(prefix: &str, tail: &Path) -> String {
    let tail = tail
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    match (prefix.is_empty(), tail.is_empty()) {
        (true, _) => tail,
        (false, true) => prefix.to_string(),
        (false, false) => format!("{prefix}/{tail}"),
    }
}

/// What a file that is not a regular file is, in words.
fn special_kind(t: std::fs::FileType) -> &'static str {
    if t.is_fifo() {
        "管道（FIFO）"
    } else if t.is_socket() {
        "套接字"
    } else if t.is_char_device() {
        "字符设备"
    } else if t.is_block_device() {
        "块设备"
    } else {
        "特殊文件"
    }
}

struct Walk {
    root: PathBuf,
    root_canon: PathBuf,
    /// (device, inode) of every folder read.
    visited: HashSet<(u64, u64)>,
    /// Links to folders, to follow once the trees already found are read.
    links: VecDeque<(PathBuf, String, (u64, u64))>,
    out: Discovered,
}

impl Walk {
    /// Walks one folder tree without following links; `prefix` is its path relative to
    /// the inputs folder.
    fn tree(&mut self, dir: &Path, prefix: &str) {
        let mut it = WalkDir::new(dir)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !ignored(&e.file_name().to_string_lossy()));
        while let Some(entry) = it.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let rel = e
                        .path()
                        .map(|p| rel_of(prefix, p.strip_prefix(dir).unwrap_or(p)))
                        .unwrap_or_else(|| prefix.to_string());
                    self.unreadable(&rel, e.io_error());
                    continue;
                }
            };
            let rel = rel_of(
                prefix,
                entry.path().strip_prefix(dir).unwrap_or(entry.path()),
            );
            let t = entry.file_type();
            if t.is_dir() {
                let id = entry.metadata().map(|m| (m.dev(), m.ino())).ok();
                if id.is_some_and(|id| !self.visited.insert(id)) {
                    // reached again through a followed link: read once
                    it.skip_current_dir();
                }
            } else if t.is_symlink() {
                self.link(entry.path(), rel);
            } else {
                self.file(entry.path(), rel, t);
            }
        }
    }

    fn file(&mut self, path: &Path, rel: String, t: std::fs::FileType) {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let found = FoundFile {
            path: path.to_path_buf(),
            rel,
            ext,
        };
        if !t.is_file() {
            let why = format!("不是普通文件（{}），未打开", special_kind(t));
            self.out.skipped.push((found, Some(why)));
        } else if WORKBOOK_EXTENSIONS.contains(&found.ext.as_str()) {
            self.out.workbooks.push(found);
        } else {
            self.out.skipped.push((found, None));
        }
    }

    fn link(&mut self, path: &Path, rel: String) {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                let why = if e.raw_os_error() == Some(40) {
                    "链接形成循环，未打开".to_string()
                } else {
                    "链接指向的文件不存在，未打开".to_string()
                };
                let ext = String::new();
                let found = FoundFile {
                    path: path.to_path_buf(),
                    rel,
                    ext,
                };
                self.out.skipped.push((found, Some(why)));
                return;
            }
        };
        if !meta.is_dir() {
            return self.file(path, rel, meta.file_type());
        }
        let canon = std::fs::canonicalize(path).unwrap_or_default();
        if self.root_canon.starts_with(&canon) {
            let msg = "指向报表文件夹本身或其上级，形成循环，未读取";
            return self.link_problem(&rel, msg);
        }
        self.links
            .push_back((path.to_path_buf(), rel, (meta.dev(), meta.ino())));
    }

    fn link_problem(&mut self, rel: &str, what: &str) {
        let msg = format!("文件夹链接“{rel}”{what}。如不需要，请删除该链接。");
        self.out
            .problems
            .push(Issue::new(Rule::LinkRepeated, rel, msg));
    }

    fn unreadable(&mut self, rel: &str, e: Option<&io::Error>) {
        let why = e
            .map(crate::exit::io_reason)
            .unwrap_or_else(|| "无法访问".into());
        let shown = if rel.is_empty() {
            self.root.display().to_string()
        } else {
            rel.to_string()
        };
        let msg = format!("无法读取文件夹“{shown}”（{why}），其中的报表未能读取；其余文件照常读取。请检查该文件夹的权限。");
        self.out
            .problems
            .push(Issue::new(Rule::FolderUnreadable, rel, msg));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rels(d: &Discovered) -> (Vec<&str>, Vec<&str>) {
        let wb = d.workbooks.iter().map(|f| f.rel.as_str()).collect();
        let sk = d.skipped.iter().map(|(f, _)| f.rel.as_str()).collect();
        (wb, sk)
    }

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
        let (wb, sk) = rels(&d);
        assert_eq!(wb, ["2022/06/b.xlsx", "a.XLS", "c.ods"]);
        assert_eq!(sk, ["notes.txt"]);
        assert!(d.problems.is_empty());
    }

    #[test]
    fn links_are_followed_once_and_loops_reported_once() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        std::fs::create_dir_all(p.join("real/sub")).unwrap();
        std::fs::write(p.join("real/sub/r.xlsx"), b"x").unwrap();
        symlink(p.join("real"), p.join("a_link")).unwrap();
        symlink("..", p.join("real/sub/up")).unwrap();
        symlink("/dev/zero", p.join("x.xlsx")).unwrap();
        symlink(p.join("gone"), p.join("broken.xlsx")).unwrap();
        let d = discover(p).unwrap();
        let (wb, sk) = rels(&d);
        assert_eq!(wb, ["real/sub/r.xlsx"], "the real path wins; read once");
        assert_eq!(sk, ["broken.xlsx", "x.xlsx"]);
        assert!(d.skipped[1].1.as_deref().unwrap().contains("字符设备"));
        let probs: Vec<&str> = d.problems.iter().map(|i| i.file.as_str()).collect();
        assert_eq!(probs, ["a_link", "real/sub/up"], "{:?}", d.problems);
    }
}
