//! Reading returns in worker processes, so that no file can end the run.
//!
//! A reader that fails to allocate aborts its process (an allocation failure is not a
//! panic, and `catch_unwind` cannot catch it); one that loops never returns. So the
//! binary reads each return in a worker: itself, started again with [`WORKER_ARG`],
//! one per core, under a memory cap ([`MEMORY_CAP`]). The run sends each worker the
//! plan, then files over a pipe, up to [`IN_FLIGHT`] ahead of its answers; the worker
//! reads them in order and answers each with the file's [`FileOutcome`] in postcard,
//! sent in small batches ([`BATCH`], [`BATCH_WAIT`]), and writes the number of each
//! file it starts to a progress file of its own. A worker that dies (abort, signal,
//! memory) or takes longer than [`FILE_SECONDS`] over one file makes the file its
//! progress file names one rejected file, with the reason in Chinese, and is replaced;
//! the other files it held (those it had not begun, and those whose answers it had not
//! sent yet) go to the replacement. Outcomes are put back in the files' order, so the
//! decisions that follow are the same as reading them one by one.
//!
//! Frames on both pipes: a little-endian `u32` length, then that many bytes.

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::ingest::discover::FoundFile;
use crate::ingest::read::rejected;
use crate::issue::{Issue, Rule};
use crate::model::FileOutcome;
use crate::plan::Plan;

/// The hidden first argument that makes the binary a reader worker.
pub const WORKER_ARG: &str = "__read-worker";
/// Address space of one worker (the program itself takes about 100 MB of it).
pub const MEMORY_CAP: u64 = 768 * 1024 * 1024;
/// Wall-clock seconds a worker may take over one file.
pub const FILE_SECONDS: u64 = 20;
/// Files sent to one worker ahead of its answers, so that it never waits for the run.
const IN_FLIGHT: usize = 16;
/// A worker sends its answers in batches, so that the run wakes once per batch and
/// not once per file (measured at 4,080 returns: 8,200 context switches became 1,170,
/// and the read 8 % faster): at most this many answers wait…
const BATCH: usize = 8;
/// …and none longer than this.
const BATCH_WAIT: Duration = Duration::from_millis(20);
/// Largest answer a worker may send (a real return's is a few hundred KB).
const MAX_FRAME: usize = 256 * 1024 * 1024;

static WORKER_EXE: OnceLock<PathBuf> = OnceLock::new();

/// Makes the pipeline read in workers started from `exe` (the binary calls this; a
/// library user who does not reads in-process, with panics still caught).
pub fn enable(exe: PathBuf) {
    let _ = WORKER_EXE.set(exe);
}

/// The worker program, when reading in workers is enabled and not switched off with
/// `XTIC_READ_IN_PROCESS=1` (for measuring the workers' cost).
pub fn worker_exe() -> Option<&'static Path> {
    if std::env::var_os("XTIC_READ_IN_PROCESS").is_some_and(|v| v == "1") {
        return None;
    }
    WORKER_EXE.get().map(PathBuf::as_path)
}

/// One file to read, as sent to a worker.
#[derive(Debug, Serialize, Deserialize)]
struct Request {
    path: Vec<u8>,
    rel: String,
    ext: String,
}

fn path_bytes(p: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    p.as_os_str().as_bytes().to_vec()
}

fn path_of(bytes: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(bytes))
}

/// Writes one frame in one `write` (a pipe takes up to 64 KB at once) to an unbuffered
/// writer: the length and the payload apart were two system calls.
fn write_frame(w: &mut impl Write, payload: &[u8]) -> std::io::Result<()> {
    let mut frame = Vec::with_capacity(4 + payload.len());
    frame.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    frame.extend_from_slice(payload);
    w.write_all(&frame)
}

/// `value` in postcard as a whole frame, encoded behind room for its length (no second
/// copy of the bytes to put the length in front).
fn frame_of<T: Serialize>(value: &T) -> postcard::Result<Vec<u8>> {
    let mut frame = postcard::to_extend(value, vec![0u8; 4])?;
    let len = (frame.len() - 4) as u32;
    frame[..4].copy_from_slice(&len.to_le_bytes());
    Ok(frame)
}

/// The length the frame at the start of `buf` declares, once its 4 bytes are there.
fn frame_len(buf: &[u8]) -> Option<usize> {
    let len: [u8; 4] = buf.get(..4)?.try_into().ok()?;
    Some(u32::from_le_bytes(len) as usize)
}

fn read_frame(r: &mut impl Read) -> std::io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u32::from_le_bytes(len) as usize;
    if len > MAX_FRAME {
        return Err(std::io::Error::other("frame too large"));
    }
    let mut buf = vec![0u8; len];
    r.read_exact(&mut buf)?;
    Ok(Some(buf))
}

/// The worker's main loop: caps its own memory, reads the plan, then answers one file
/// at a time until its input closes. Returns the process exit code.
///
/// `progress` (the file named after [`WORKER_ARG`]) gets the number of each file as
/// the worker starts it: when the worker dies or hangs with answers still unsent, the
/// run reads there which file did it. Without one, every answer goes out at once.
pub fn serve() -> i32 {
    use rustix::process::{setrlimit, Resource, Rlimit};
    use std::os::unix::fs::FileExt;
    let cap = Rlimit {
        current: Some(MEMORY_CAP),
        maximum: Some(MEMORY_CAP),
    };
    if setrlimit(Resource::As, cap).is_err() {
        return 3;
    }
    // a run that is killed takes its workers with it (even one stuck in a file)
    let _ = rustix::process::set_parent_process_death_signal(Some(rustix::process::Signal::KILL));
    // opened, then unlinked at once: the run reads it through its own handle, and
    // nothing is left behind even if the run is killed
    let progress = std::env::args_os().nth(2).and_then(|p| {
        let f = std::fs::OpenOptions::new().write(true).open(&p).ok();
        let _ = std::fs::remove_file(&p);
        f
    });
    // the pipes as plain files, buffered here: standard output's line buffering split
    // each frame where its bytes happened to hold a newline
    let fd_file =
        |fd: std::os::fd::BorrowedFd<'_>| fd.try_clone_to_owned().map(std::fs::File::from);
    let (Ok(input), Ok(output)) = (
        fd_file(std::io::stdin().lock().as_fd()),
        fd_file(std::io::stdout().lock().as_fd()),
    ) else {
        return 3;
    };
    let mut input = std::io::BufReader::with_capacity(64 * 1024, input);
    let mut output = std::io::BufWriter::with_capacity(256 * 1024, output);
    let Ok(Some(plan_text)) = read_frame(&mut input) else {
        return 3;
    };
    let Ok(plan) = Plan::parse(&String::from_utf8_lossy(&plan_text)) else {
        return 3;
    };
    let (mut number, mut unsent, mut last_sent) = (0u64, 0, Instant::now());
    while let Ok(Some(frame)) = read_frame(&mut input) {
        let Ok(req) = postcard::from_bytes::<Request>(&frame) else {
            return 3;
        };
        number += 1;
        let told = progress
            .as_ref()
            .is_some_and(|f| f.write_all_at(&number.to_le_bytes(), 0).is_ok());
        // untold, this file must be the oldest unanswered one if it ends the worker
        if !told && output.flush().is_err() {
            return 3;
        }
        let found = FoundFile {
            path: path_of(req.path),
            rel: req.rel,
            ext: req.ext,
        };
        let outcome = super::read_caught(&found, &plan);
        let Ok(frame) = frame_of(&outcome) else {
            return 3;
        };
        if output.write_all(&frame).is_err() {
            return 3;
        }
        unsent += 1;
        // send now unless another file is already here to read, and the batch is
        // neither full nor old
        let next_here = whole_frame(input.buffer());
        if !told || !next_here || unsent >= BATCH || last_sent.elapsed() >= BATCH_WAIT {
            if output.flush().is_err() {
                return 3;
            }
            (unsent, last_sent) = (0, Instant::now());
        }
    }
    i32::from(output.flush().is_err()) * 3
}

/// Whether `buf` starts with a whole frame.
fn whole_frame(buf: &[u8]) -> bool {
    frame_len(buf).is_some_and(|len| buf.len() - 4 >= len)
}

fn garbled(e: postcard::Error) -> Failure {
    tracing::debug!("worker pipe: {e}");
    Failure::Died("返回了无法识别的结果".into())
}

/// Why a worker gave no answer for a file.
#[derive(Debug)]
enum Failure {
    TimedOut,
    Died(String),
}

/// One running worker.
struct Worker {
    child: Child,
    /// None once closed (which tells the worker to finish).
    stdin: Option<ChildStdin>,
    stdout: ChildStdout,
    /// Bytes read from `stdout` and not yet taken as an answer.
    unread: Vec<u8>,
    /// What one read of `stdout` fills (as much as a pipe holds).
    chunk: Box<[u8]>,
    /// Where the worker writes the number of the file it is reading (see [`serve`]),
    /// read through this handle (the worker unlinks the file once it has it open);
    /// None when no such file could be made (then it answers each file at once).
    progress: Option<tempfile::NamedTempFile>,
    /// Files sent so far (the worker numbers them the same way, from 1).
    sent: u64,
    /// The last few KB the worker wrote to its standard error.
    stderr_tail: Arc<Mutex<Vec<u8>>>,
    stderr_thread: Option<std::thread::JoinHandle<()>>,
    /// Disconnected when the standard-error reader has seen the end (its sender dropped).
    stderr_done: std::sync::mpsc::Receiver<()>,
}

impl Worker {
    fn spawn(cmd: &mut Command, plan: &str) -> std::io::Result<Worker> {
        let progress = tempfile::Builder::new()
            .prefix("xtic-worker-")
            .tempfile()
            .ok();
        if let Some(p) = &progress {
            cmd.arg(p.path());
        }
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let (Some(mut stdin), Some(stdout), Some(mut stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            return Err(std::io::Error::other("worker pipes"));
        };
        let stderr_tail = Arc::new(Mutex::new(Vec::new()));
        let tail = Arc::clone(&stderr_tail);
        let (done, stderr_done) = std::sync::mpsc::channel::<()>();
        let stderr_thread = std::thread::spawn(move || {
            let _done = done;
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut t = tail.lock().unwrap_or_else(|p| p.into_inner());
                t.extend_from_slice(&buf[..n]);
                let excess = t.len().saturating_sub(8192);
                t.drain(..excess);
            }
        });
        // a worker that dies before reading the plan shows when its answer is read
        let _ = write_frame(&mut stdin, plan.as_bytes());
        Ok(Worker {
            child,
            stdin: Some(stdin),
            stdout,
            unread: Vec::new(),
            progress,
            sent: 0,
            chunk: vec![0; 64 * 1024].into_boxed_slice(),
            stderr_tail,
            stderr_thread: Some(stderr_thread),
            stderr_done,
        })
    }

    /// Sends one file to read, and gives its number; its outcome comes back through
    /// [`Worker::answer`].
    fn send(&mut self, found: &FoundFile) -> Result<u64, Failure> {
        let req = Request {
            path: path_bytes(&found.path),
            rel: found.rel.clone(),
            ext: found.ext.clone(),
        };
        let frame = frame_of(&req).map_err(garbled)?;
        let sent = match self.stdin.as_mut() {
            Some(stdin) => stdin.write_all(&frame),
            None => Err(std::io::ErrorKind::BrokenPipe.into()),
        };
        match sent {
            Ok(()) => {
                self.sent += 1;
                Ok(self.sent)
            }
            Err(_) => Err(self.death()),
        }
    }

    /// The number of the file the worker was reading when it stopped answering, if it
    /// said (see [`serve`]).
    fn reading(&self) -> Option<u64> {
        use std::os::unix::fs::FileExt;
        let mut number = [0u8; 8];
        let file = self.progress.as_ref()?.as_file();
        file.read_exact_at(&mut number, 0).ok()?;
        Some(u64::from_le_bytes(number))
    }

    /// Waits for the outcome of the oldest file sent and not yet answered, until
    /// `deadline`.
    fn answer(&mut self, deadline: Instant) -> Result<FileOutcome, Failure> {
        self.read_by(4, deadline)?;
        let Some(len) = frame_len(&self.unread).filter(|len| *len <= MAX_FRAME) else {
            return Err(Failure::Died("返回的结果过大".into()));
        };
        self.read_by(4 + len, deadline)?;
        let outcome = postcard::from_bytes(&self.unread[4..4 + len]).map_err(garbled);
        self.unread.drain(..4 + len);
        outcome
    }

    /// Reads from the worker's output until `unread` holds `want` bytes, before
    /// `deadline`. Each read takes whatever the pipe holds (a whole answer, mostly).
    fn read_by(&mut self, want: usize, deadline: Instant) -> Result<(), Failure> {
        use rustix::event::{poll, PollFd, PollFlags, Timespec};
        while self.unread.len() < want {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Failure::TimedOut);
            }
            let timeout = Timespec {
                tv_sec: left.as_secs() as _,
                tv_nsec: left.subsec_nanos() as _,
            };
            let mut fds = [PollFd::new(&self.stdout, PollFlags::IN)];
            match poll(&mut fds, Some(&timeout)) {
                Ok(0) => return Err(Failure::TimedOut),
                Ok(_) => {}
                Err(rustix::io::Errno::INTR) => continue,
                Err(_) => return Err(self.death()),
            }
            match self.stdout.read(&mut self.chunk) {
                Ok(0) | Err(_) => return Err(self.death()),
                Ok(n) => self.unread.extend_from_slice(&self.chunk[..n]),
            }
        }
        Ok(())
    }

    /// Waits for a worker that stopped answering and says how it ended.
    fn death(&mut self) -> Failure {
        // closed its output but still running: it is not answering either way
        let _ = self.child.kill();
        let status = self.child.wait();
        self.join_stderr();
        let tail = self
            .stderr_tail
            .lock()
            .map(|t| t.clone())
            .unwrap_or_default();
        let tail = String::from_utf8_lossy(&tail);
        if tail.contains("memory allocation of") {
            return Failure::Died(format!(
                "所需内存超过上限 {} MB",
                MEMORY_CAP / (1024 * 1024)
            ));
        }
        let how = match status {
            Ok(s) => {
                use std::os::unix::process::ExitStatusExt;
                match (s.signal(), s.code()) {
                    (Some(6), _) => "异常终止".to_string(),
                    (Some(11), _) | (Some(7), _) => "访问了无效内存".to_string(),
                    (Some(sig), _) => format!("被信号 {sig} 终止"),
                    (None, Some(code)) => format!("意外退出（退出码 {code}）"),
                    (None, None) => "意外退出".to_string(),
                }
            }
            Err(_) => "意外退出".to_string(),
        };
        Failure::Died(how)
    }

    /// Waits a moment for the standard-error reader to see the end (a process the
    /// worker started may hold the pipe open; then the thread is left to finish alone).
    fn join_stderr(&mut self) {
        let Some(t) = self.stderr_thread.take() else {
            return;
        };
        // woken the moment the reader ends (it had been polled every 10 ms: a run waited
        // up to that long after its last worker had exited)
        match self.stderr_done.recv_timeout(Duration::from_millis(500)) {
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Ok(()) | Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                let _ = t.join();
            }
        }
    }

    fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.join_stderr();
    }

    fn finish(mut self) {
        self.stdin = None;
        let _ = self.child.wait();
        self.join_stderr();
    }
}

/// How workers are started and how long a file may take.
pub struct Pool {
    /// Builds the command that starts one worker.
    pub command: Box<dyn Fn() -> Command + Sync>,
    pub workers: usize,
    pub per_file: Duration,
}

impl Pool {
    /// Workers started from `exe`, one per core.
    pub fn new(exe: &Path) -> Pool {
        let exe = exe.to_path_buf();
        Pool {
            command: Box::new(move || {
                let mut c = Command::new(&exe);
                c.arg(WORKER_ARG);
                c
            }),
            // one per core: each is sent its next file before it answers the last
            // (`IN_FLIGHT`), so no core waits on a pipe; a worker more than the cores
            // only made them take turns (measured: 10 % slower at 20,400 returns)
            workers: std::thread::available_parallelism().map_or(2, |n| n.get()),
            per_file: Duration::from_secs(FILE_SECONDS),
        }
    }

    /// Reads every file, in the files' order; `done` is called after each.
    pub fn read_all(
        &self,
        files: &[FoundFile],
        plan: &Plan,
        done: &(dyn Fn() + Sync),
    ) -> Vec<FileOutcome> {
        let next = AtomicUsize::new(0);
        let results: Mutex<Vec<Option<FileOutcome>>> = Mutex::new(vec![None; files.len()]);
        let workers = self.workers.clamp(1, files.len().max(1));
        std::thread::scope(|s| {
            for _ in 0..workers {
                s.spawn(|| self.run_one_worker(files, plan, &next, &results, done));
            }
        });
        let results = results.into_inner().unwrap_or_else(|p| p.into_inner());
        results
            .into_iter()
            .zip(files)
            .map(|(o, f)| o.unwrap_or_else(|| failed(f, "未能完成读取")))
            .collect()
    }

    /// How many files one worker may hold now: [`IN_FLIGHT`], and towards the end no more
    /// than its share of the files not yet handed out (at least two, so that it still
    /// reads one while the other's answer crosses), so the workers end together instead
    /// of one reading its last sixteen while the other core idles.
    fn share(&self, files: usize, next: &AtomicUsize) -> usize {
        let left = files.saturating_sub(next.load(Ordering::SeqCst));
        left.div_ceil(self.workers.max(1)).clamp(2, IN_FLIGHT)
    }

    /// Feeds one worker [`IN_FLIGHT`] files at a time, so that it starts the next file
    /// while its last answer crosses the pipe, and records each outcome. A worker that
    /// fails makes its oldest unanswered file the failed one (it reads them in order);
    /// the others it held go to its replacement.
    fn run_one_worker(
        &self,
        files: &[FoundFile],
        plan: &Plan,
        next: &AtomicUsize,
        results: &Mutex<Vec<Option<FileOutcome>>>,
        done: &(dyn Fn() + Sync),
    ) {
        let record = |i: usize, outcome: FileOutcome| {
            results.lock().unwrap_or_else(|p| p.into_inner())[i] = Some(outcome);
            done();
        };
        let mut worker: Option<Worker> = None;
        // sent to the worker and not yet answered, oldest first: (number, file)
        let mut in_flight: VecDeque<(u64, usize)> = VecDeque::new();
        // taken from `next` but not sent (the worker that held them failed)
        let mut resend: VecDeque<usize> = VecDeque::new();
        // when the oldest file in flight became the one the worker is reading
        let mut started = Instant::now();
        loop {
            while in_flight.len() < self.share(files.len(), next) {
                let Some(i) = resend
                    .pop_front()
                    .or_else(|| Some(next.fetch_add(1, Ordering::SeqCst)))
                    .filter(|i| *i < files.len())
                else {
                    break;
                };
                if worker.is_none() {
                    worker = Worker::spawn(&mut (self.command)(), &plan.source).ok();
                }
                let Some(w) = worker.as_mut() else {
                    // no worker could be started: read here, panics still caught
                    record(i, super::read_caught(&files[i], plan));
                    continue;
                };
                match w.send(&files[i]) {
                    Ok(number) => {
                        if in_flight.is_empty() {
                            started = Instant::now();
                        }
                        in_flight.push_back((number, i));
                    }
                    // it died over an earlier file: that file's answer tells how
                    Err(_) if !in_flight.is_empty() => {
                        resend.push_back(i);
                        break;
                    }
                    Err(f) => {
                        if let Some(w) = worker.take() {
                            w.kill();
                        }
                        record(i, self.failure(&files[i], f));
                    }
                }
            }
            let (Some(&(_, i)), Some(w)) = (in_flight.front(), worker.as_mut()) else {
                break;
            };
            match w.answer(started + self.per_file) {
                Ok(outcome) => {
                    in_flight.pop_front();
                    started = Instant::now();
                    record(i, outcome);
                }
                Err(f) => {
                    // the file it was reading failed; the others it held (read, with
                    // their answers unsent, or not begun) go to its replacement
                    let reading = w.reading();
                    let at = in_flight
                        .iter()
                        .position(|(n, _)| Some(*n) == reading)
                        .unwrap_or(0);
                    if let Some(w) = worker.take() {
                        w.kill();
                    }
                    let (_, culprit) = in_flight.remove(at).unwrap_or((0, i));
                    resend.extend(in_flight.drain(..).map(|(_, j)| j));
                    record(culprit, self.failure(&files[culprit], f));
                }
            }
        }
        if let Some(w) = worker {
            w.finish();
        }
    }

    /// The outcome of a file its worker failed over, and a line in the log.
    fn failure(&self, found: &FoundFile, f: Failure) -> FileOutcome {
        let why = match f {
            Failure::TimedOut => {
                format!("超过 {} 秒仍未读完，已中止", self.per_file.as_secs())
            }
            Failure::Died(how) => how,
        };
        tracing::warn!(file = %found.rel, reason = %why, "reader worker failed");
        failed(found, &why)
    }
}

/// The outcome for a file whose reader failed: one rejected file, with the reason.
fn failed(found: &FoundFile, why: &str) -> FileOutcome {
    let msg = format!("读取此文件时读取程序{why}，文件未能读取（其余文件照常读取）。文件可能已损坏或远超月报表的规模：请用 Excel 或 WPS 打开确认后另存为 .xlsx 重新报送；如仍如此，请把文件转交技术人员。");
    let sha = super::sha256_of_file(&found.path).unwrap_or_default();
    rejected(
        &found.rel,
        sha,
        None,
        vec![Issue::new(Rule::ReaderFailed, &found.rel, msg)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool_of(script: &'static str) -> Pool {
        Pool {
            command: Box::new(move || {
                let mut c = Command::new("sh");
                c.args(["-c", script]);
                c
            }),
            workers: 2,
            per_file: Duration::from_secs(1),
        }
    }

    #[test]
    fn towards_the_end_a_worker_holds_only_its_share_of_what_is_left() {
        let pool = pool_of("true");
        let at = |n: usize| AtomicUsize::new(n);
        assert_eq!(pool.share(1000, &at(0)), IN_FLIGHT);
        assert_eq!(pool.share(1000, &at(1000 - 2 * IN_FLIGHT)), IN_FLIGHT);
        assert_eq!(pool.share(1000, &at(990)), 5);
        assert_eq!(pool.share(1000, &at(999)), 2);
        // taken past the end (the last fetch_add of each worker) is nothing left
        assert_eq!(pool.share(1000, &at(1002)), 2);
    }

    fn files(n: usize) -> (tempfile::TempDir, Vec<FoundFile>) {
        let dir = tempfile::tempdir().unwrap();
        let files = (0..n)
            .map(|i| {
                let path = dir.path().join(format!("{i}.xlsx"));
                std::fs::write(&path, b"x").unwrap();
                FoundFile {
                    path,
                    rel: format!("{i}.xlsx"),
                    ext: "xlsx".into(),
                }
            })
            .collect();
        (dir, files)
    }

    fn reasons(pool: &Pool, n: usize) -> Vec<String> {
        let (_dir, files) = files(n);
        let outcomes = pool.read_all(&files, &Plan::builtin(), &|| {});
        outcomes
            .into_iter()
            .zip(&files)
            .map(|(o, f)| match o {
                FileOutcome::Rejected {
                    file,
                    issues,
                    sha256,
                    ..
                } => {
                    assert_eq!(file, f.rel, "outcomes stay in the files' order");
                    assert_eq!(issues[0].rule, Rule::ReaderFailed);
                    assert_eq!(sha256.len(), 64, "the file is still listed with its hash");
                    issues[0].message.clone()
                }
                FileOutcome::Return(_) => panic!("a fake worker read a file"),
            })
            .collect()
    }

    #[test]
    fn a_worker_that_hangs_costs_each_file_its_time_limit_and_is_replaced() {
        let why = reasons(&pool_of("sleep 30"), 3);
        assert!(
            why.iter().all(|m| m.contains("超过 1 秒仍未读完")),
            "{why:?}"
        );
    }

    #[test]
    fn a_worker_that_aborts_or_runs_out_of_memory_costs_one_file() {
        let why = reasons(&pool_of("head -c 1 >/dev/null; kill -ABRT $$"), 3);
        assert!(why.iter().all(|m| m.contains("异常终止")), "{why:?}");
        let oom =
            "head -c 1 >/dev/null; echo 'memory allocation of 9 bytes failed' >&2; kill -ABRT $$";
        let why = reasons(&pool_of(oom), 2);
        assert!(
            why.iter().all(|m| m.contains("所需内存超过上限 768 MB")),
            "{why:?}"
        );
    }
}
