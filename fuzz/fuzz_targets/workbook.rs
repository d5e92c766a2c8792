//! A whole return read from bytes, in this process, through the same limits and
//! parsers a reader worker uses (`xtic::ingest::read::read_bytes`: guard, Book::open,
//! identify, tables), then sent through the worker pipe's encoding (postcard) and back.
//!
//! The contract (src/ingest/workbook.rs): a panic inside a workbook reader (calamine)
//! is caught and the file is rejected with a reason; that is not a finding. A panic
//! anywhere else in reading (xtic's own code) is. libfuzzer-sys installs a panic hook
//! that aborts on every panic, even one that is caught, so this target replaces it with
//! a hook that only records the message, and aborts itself when a panic escapes
//! `read_bytes`. Allocation failures (-malloc_limit_mb, -rss_limit_mb) and timeouts are
//! libFuzzer's own and stay findings. See docs/fuzzing.md.
#![no_main]

use std::sync::{Mutex, OnceLock};

use libfuzzer_sys::fuzz_target;
use xtic::ingest::read::read_bytes;
use xtic::model::FileOutcome;
use xtic::plan::Plan;

static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

fn record_panics() {
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = info.to_string();
        }
    }));
}

/// The extension a clerk's file of these bytes would most likely carry; the reader
/// tries the others when it is wrong, as it does for a mislabelled return.
fn extension(data: &[u8]) -> &'static str {
    match data {
        [0xD0, 0xCF, 0x11, 0xE0, ..] => "xls",
        [b'P', b'K', ..] if data.windows(8).any(|w| w == b"mimetype") => "ods",
        _ => "xlsx",
    }
}

/// Every outcome names its file, and a rejection says why.
fn check(outcome: &FileOutcome, rel: &str) {
    match outcome {
        FileOutcome::Return(r) => {
            assert_eq!(r.file, rel);
            if let Err(issues) = &r.body {
                assert!(!issues.is_empty(), "a body rejected without a reason");
            }
        }
        FileOutcome::Rejected { file, issues, .. } => {
            assert_eq!(file, rel);
            assert!(!issues.is_empty(), "a file rejected without a reason");
        }
    }
}

fuzz_target!(init: record_panics(), |data: &[u8]| {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    let plan = PLAN.get_or_init(Plan::builtin);
    let ext = extension(data);
    let rel = format!("2022/清河县_2022-06.{ext}");
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_bytes(data, ext, &rel, plan)
    }));
    let Ok(outcome) = read else {
        let message = LAST_PANIC.lock().map(|m| m.clone()).unwrap_or_default();
        eprintln!("panic escaped read_bytes (a finding): {message}");
        std::process::abort();
    };
    check(&outcome, &rel);
    // what a worker writes to its pipe, the run must read back
    let sent = postcard::to_allocvec(&outcome).expect("outcome encodes");
    let back: FileOutcome = postcard::from_bytes(&sent).expect("outcome decodes");
    assert_eq!(postcard::to_allocvec(&back).expect("re-encodes"), sent);
});
