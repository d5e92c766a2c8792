//! Publishing outputs safely: a lock on the outputs folder, files written into a
//! temporary folder beside `outputs/<P>/`, then swapped in whole, so a reader never
//! sees a half-written report and an interrupted run leaves the previous one intact.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// Holds the outputs folder's lock until dropped (the OS releases it if the process
/// dies, so a killed run leaves no stale lock).
pub struct OutputLock {
    _file: File,
}

/// Takes the lock on `outputs/.xtic.lock`, waiting for another run unless `no_wait`.
///
/// # Errors
/// The folder cannot be created, or (with `no_wait`) another run holds the lock.
pub fn lock(outputs: &Path, no_wait: bool) -> Result<OutputLock> {
    std::fs::create_dir_all(outputs)
        .with_context(|| format!("无法创建输出文件夹 {}", outputs.display()))?;
    let path = outputs.join(".xtic.lock");
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .with_context(|| format!("无法打开锁文件 {}", path.display()))?;
    if let Err(std::fs::TryLockError::WouldBlock) = file.try_lock() {
        let mut holder = String::new();
        let _ = file.read_to_string(&mut holder);
        let holder = holder.trim();
        if no_wait {
            bail!(
                "输出文件夹 {} 正被另一次运行占用（进程号 {}），本次退出。",
                outputs.display(),
                if holder.is_empty() { "未知" } else { holder }
            );
        }
        tracing::warn!(holder, "outputs folder is locked; waiting");
        eprintln!("输出文件夹正被另一次运行（进程号 {holder}）占用，等待其结束……");
        file.lock()
            .with_context(|| format!("无法锁定 {}", path.display()))?;
    }
    let noted = || format!("无法写入锁文件 {}", path.display());
    file.set_len(0).with_context(noted)?;
    file.seek(SeekFrom::Start(0)).with_context(noted)?;
    write!(file, "{}", std::process::id()).with_context(noted)?;
    file.flush().with_context(noted)?;
    Ok(OutputLock { _file: file })
}

/// Writes a whole file so that no reader ever sees part of it: the bytes go to
/// `<name>.part` beside `path`, are flushed to disk, and that file is renamed over
/// `path`. Missing parent folders are created. Every file xtic writes (report outputs
/// in [`Staging`], templates, the sample) is written this way.
///
/// # Errors
/// The folder cannot be created, or the file cannot be written or renamed (the
/// `.part` file is then removed).
pub fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut part = path.as_os_str().to_owned();
    part.push(".part");
    let part = PathBuf::from(part);
    let written = File::create(&part)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&part, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    written
}

/// A folder being filled beside its final place. Dropped without [`Staging::commit`]
/// (a failed write, a full disk, an error anywhere), it removes itself: a failed run
/// leaves no temporary folder behind and the previous outputs as they were.
pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
    /// False once the folder has been swapped in (or moved aside by the swap).
    live: bool,
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.live {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

impl Staging {
    /// Creates `outputs/.<name>.tmp-<pid>` (removing a leftover of a killed run).
    ///
    /// # Errors
    /// The folder cannot be created.
    pub fn new(outputs: &Path, name: &str) -> Result<Staging> {
        let dir = outputs.join(format!(".{name}.tmp-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        let stage = Staging {
            dir,
            target: outputs.join(name),
            live: true,
        };
        std::fs::create_dir_all(&stage.dir)
            .with_context(|| format!("无法创建临时文件夹 {}", stage.dir.display()))?;
        Ok(stage)
    }

    /// Where a file written to the staging folder ends up, for messages.
    fn shown(&self, path: &Path) -> String {
        match path.strip_prefix(&self.dir) {
            Ok(rel) => self.target.join(rel).display().to_string(),
            Err(_) => path.display().to_string(),
        }
    }

    /// Writes a file into the staging folder (creating sub-folders).
    ///
    /// # Errors
    /// I/O errors, naming the file (as it will be named once published).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<PathBuf> {
        let path = self.dir.join(rel);
        write_file(&path, bytes).with_context(|| format!("无法写入 {}", self.shown(&path)))?;
        Ok(path)
    }

    /// The message for a failure while filling the folder: the causes in Chinese, with
    /// staging paths named as their published places, how full the disk is when it is
    /// nearly full, and that nothing was published.
    pub fn failure(&self, e: &anyhow::Error) -> anyhow::Error {
        let mut msg = crate::exit::describe(e).replace(
            &self.dir.display().to_string(),
            &self.target.display().to_string(),
        );
        if let Some(free) = free_bytes(&self.dir) {
            if free < 4 * 1024 * 1024 {
                msg.push_str(&format!(
                    "（输出文件夹所在磁盘只剩 {} KB 可用空间）",
                    free / 1024
                ));
            }
        }
        msg.push_str("。本次未生成新的报告，上一次的报告保持不变。");
        anyhow::anyhow!(msg)
    }

    /// Swaps the staging folder into place: on Linux in one atomic exchange; elsewhere
    /// the old folder is renamed aside, the new one renamed in, the old one removed
    /// (and a run killed between the two renames is repaired by the next run's sweep).
    ///
    /// # Errors
    /// A rename fails (the previous outputs are then still in place).
    pub fn commit(mut self) -> Result<PathBuf> {
        if self.target.exists() && exchange(&self.dir, &self.target) {
            // the old outputs are now in the staging folder's place; Drop removes them
            return Ok(self.target.clone());
        }
        let old = self.target.with_file_name(format!(
            ".{}.old-{}",
            file_name(&self.target),
            std::process::id()
        ));
        if self.target.exists() {
            std::fs::rename(&self.target, &old)
                .with_context(|| format!("无法替换 {}", self.target.display()))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            // put the previous outputs back before reporting
            if old.exists() {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(e).with_context(|| format!("无法写入 {}", self.target.display()));
        }
        self.live = false;
        if old.exists() {
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(self.target.clone())
    }
}

/// Bytes free for this user on the file system holding `path`.
#[cfg(target_os = "linux")]
fn free_bytes(path: &Path) -> Option<u64> {
    let parent = path.parent().unwrap_or(path);
    let st = rustix::fs::statvfs(parent).ok()?;
    Some(st.f_bavail.saturating_mul(st.f_frsize))
}

#[cfg(not(target_os = "linux"))]
fn free_bytes(_path: &Path) -> Option<u64> {
    None
}

/// Swaps two folders in one atomic step where the system allows it (Linux).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> bool {
    false
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Removes staging and old folders that killed runs left behind.
pub fn sweep(outputs: &Path) {
    let Ok(entries) = std::fs::read_dir(outputs) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') || !e.path().is_dir() {
            continue;
        }
        if let Some((target, _)) = name[1..].split_once(".old-") {
            // a run killed between its two renames: put the previous outputs back
            let target = outputs.join(target);
            if !target.exists() && std::fs::rename(e.path(), &target).is_ok() {
                continue;
            }
            let _ = std::fs::remove_dir_all(e.path());
        } else if name.contains(".tmp-") {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_file_replaces_the_file_whole_and_leaves_no_part_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("子文件夹/报表.xlsx");
        write_file(&path, b"first").unwrap();
        write_file(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["报表.xlsx"]);
    }

    #[test]
    fn a_failed_write_leaves_no_part_file() {
        let dir = tempfile::tempdir().unwrap();
        // a folder where the file should go: the rename fails
        let path = dir.path().join("报表.xlsx");
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("内容"), b"x").unwrap();
        assert!(write_file(&path, b"bytes").is_err());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["报表.xlsx"]);
    }
}
