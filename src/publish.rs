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
        file.lock()?;
    }
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    write!(file, "{}", std::process::id())?;
    file.flush()?;
    Ok(OutputLock { _file: file })
}

/// A folder being filled beside its final place.
pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
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
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("无法创建临时文件夹 {}", dir.display()))?;
        Ok(Staging {
            dir,
            target: outputs.join(name),
        })
    }

    /// Writes a file into the staging folder (creating sub-folders).
    ///
    /// # Errors
    /// I/O errors.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<PathBuf> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut f = File::create(&path).with_context(|| format!("无法写入 {}", path.display()))?;
        f.write_all(bytes)?;
        f.sync_all()?;
        Ok(path)
    }

    /// Swaps the staging folder into place: on Linux in one atomic exchange; elsewhere
    /// the old folder is renamed aside, the new one renamed in, the old one removed
    /// (and a run killed between the two renames is repaired by the next run's sweep).
    ///
    /// # Errors
    /// A rename fails (the previous outputs are then still in place or beside it).
    pub fn commit(self) -> Result<PathBuf> {
        if self.target.exists() && exchange(&self.dir, &self.target) {
            // the old outputs are now in the staging folder's place
            let _ = std::fs::remove_dir_all(&self.dir);
            return Ok(self.target);
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
        std::fs::rename(&self.dir, &self.target)
            .with_context(|| format!("无法写入 {}", self.target.display()))?;
        if old.exists() {
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(self.target)
    }
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
