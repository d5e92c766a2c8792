//! Ingest: from the inputs folder to parsed returns, one file at a time.
//!
//! `discover` lists the files; `guard` checks the limits before a reader sees a byte;
//! `workbook` opens one (any format, panics caught) into a sparse `grid`; `locate`
//! finds the sheets, the header block and the title rows, `identify` the unit and
//! month; `rows` and `tables` cut the tables into data rows, total rows and footer.
//! [`read_all`] reads the files in worker processes (`pool`) when the binary enabled
//! them, else on a thread per core; every file ends as a [`FileOutcome`].

pub mod discover;
pub mod grid;
pub mod guard;
pub mod identify;
pub mod locate;
#[cfg(target_os = "linux")]
pub mod pool;
pub mod read;
pub mod rows;
pub mod tables;
pub mod workbook;

use std::io::Read;
use std::path::Path;

use rayon::prelude::*;

use crate::ingest::discover::FoundFile;
use crate::issue::{Issue, Rule};
use crate::model::FileOutcome;
use crate::plan::Plan;

/// Reads every file, in the files' order: in worker processes when enabled (see
/// `pool`), else in this process on a thread per core. `done` is called after each.
pub fn read_all(files: &[FoundFile], plan: &Plan, done: &(dyn Fn() + Sync)) -> Vec<FileOutcome> {
    let clock = std::time::Instant::now();
    let outcomes = read_each(files, plan, done);
    let ms = clock.elapsed().as_millis() as u64;
    tracing::info!(ms, files = files.len(), "returns read");
    outcomes
}

fn read_each(files: &[FoundFile], plan: &Plan, done: &(dyn Fn() + Sync)) -> Vec<FileOutcome> {
    #[cfg(target_os = "linux")]
    if let Some(exe) = pool::worker_exe() {
        return pool::Pool::new(exe).read_all(files, plan, done);
    }
    files
        .par_iter()
        .map(|f| {
            let o = read_caught(f, plan);
            done();
            o
        })
        .collect()
}

/// Reads one file in this process; a panic anywhere in reading it (a reader's or ours)
/// rejects that file with the reason instead of ending the run.
pub fn read_caught(found: &FoundFile, plan: &Plan) -> FileOutcome {
    let read = std::panic::AssertUnwindSafe(|| read::read_file(found, plan));
    match std::panic::catch_unwind(read) {
        Ok(outcome) => outcome,
        Err(_) => read::rejected(
            &found.rel,
            String::new(),
            None,
            vec![Issue::new(
                Rule::FileUnreadable,
                &found.rel,
                "读取此文件时程序内部出错，文件未能读取。请另存为 .xlsx 后重新报送，并将原文件转交技术人员。",
            )],
        ),
    }
}

/// SHA-256 of a regular file, read in chunks; empty for anything else (a device or
/// a pipe is never opened) and for a file over the size limit (never read whole).
pub fn sha256_of_file(path: &Path) -> std::io::Result<String> {
    use sha2::{Digest, Sha256};
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() || meta.len() > guard::MAX_FILE_BYTES {
        return Ok(String::new());
    }
    let mut hasher = Sha256::new();
    let file = open_regular(path)?;
    std::io::copy(&mut file.take(guard::MAX_FILE_BYTES), &mut hasher)?;
    Ok(format!("{:x}", hasher.finalize()))
}

/// Opens a file for reading only if it is a regular file, never blocking: a file that
/// became a pipe after it was listed is refused, not waited on.
///
/// # Errors
/// It cannot be opened, or it is not a regular file (`InvalidInput`).
pub fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let (file, meta) = open_nonblocking(path)?;
    if !meta.is_file() {
        return Err(std::io::ErrorKind::InvalidInput.into());
    }
    Ok(file)
}

/// Opens a file for reading without blocking (a pipe with no writer opens at once),
/// and gives what its handle says it is: the caller refuses anything but a regular
/// file before reading a byte.
///
/// # Errors
/// It cannot be opened, or its handle cannot be looked at.
pub fn open_nonblocking(path: &Path) -> std::io::Result<(std::fs::File, std::fs::Metadata)> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = opts.open(path)?;
    let meta = file.metadata()?;
    Ok((file, meta))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pipe_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("y.xlsx");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        let err = open_regular(&fifo).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
        assert_eq!(sha256_of_file(&fifo).unwrap(), "");
        let found = FoundFile {
            path: fifo,
            rel: "y.xlsx".into(),
            ext: "xlsx".into(),
        };
        let FileOutcome::Rejected { issues, .. } = read_caught(&found, &Plan::builtin()) else {
            panic!("a pipe read as a return");
        };
        assert!(
            issues[0].message.contains("不是普通文件"),
            "{:?}",
            issues[0]
        );
    }
}
