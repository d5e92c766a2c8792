//! A whole return read from bytes, in this process, through the same limits and
//! parsers a reader worker uses (`xtic::ingest::read::read_bytes`: guard, Book::open,
//! identify, tables), then sent through the worker pipe's encoding (postcard) and back.
//!
//! The contract (src/ingest/workbook.rs): a panic inside a workbook reader (calamine)
//! is caught and the file is rejected with a reason; that is not a finding. A panic
//! anywhere else in reading (xtic's own code) is. libfuzzer-sys installs a panic hook
//! that aborts on every panic, even one that is caught, so this target replaces it with
//! a hook that only records the message, and aborts itself when a panic escapes
//! `read_bytes`.
//!
//! Memory: in the binary a reader worker runs under a 768 MB address-space cap, so a
//! workbook whose reader asks for more (calamine's .xls reader makes a damaged sheet
//! dense, up to 137 GB) fails that one file. This target stands in for the cap: no single
//! allocation may exceed `ALLOCATION_CAP`, and a refused allocation panics (the nightly
//! `alloc_error_hook`) instead of aborting, so it is caught like any reader panic and
//! the run goes on in process. RSS over -rss_limit_mb and timeouts stay findings.
//! See docs/fuzzing.md.
#![no_main]
#![feature(alloc_error_hook)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::{Mutex, OnceLock};

use libfuzzer_sys::fuzz_target;
use xtic::ingest::read::read_bytes;
use xtic::model::FileOutcome;
use xtic::plan::Plan;

static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

/// The largest single allocation the target grants. A return needs well under a
/// megabyte at a time (the largest real one is under 300 KB on disk, its densest sheet
/// ~2 MB in calamine's `Range`). Far lower than the worker's cap on purpose: a damaged
/// .xls makes calamine grow a buffer until it is refused (a directory chain that loops, a
/// sheet made dense), and at a higher cap most of the run went into filling those buffers.
const ALLOCATION_CAP: usize = 16 << 20;

/// The system allocator, refusing any one allocation over `ALLOCATION_CAP`.
struct Capped;

// SAFETY: every call is forwarded to `System` unchanged, or refused with a null pointer,
// which `GlobalAlloc` allows.
unsafe impl GlobalAlloc for Capped {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.size() > ALLOCATION_CAP {
            return std::ptr::null_mut();
        }
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.size() > ALLOCATION_CAP {
            return std::ptr::null_mut();
        }
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > ALLOCATION_CAP {
            return std::ptr::null_mut();
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Capped = Capped;

fn record_panics() {
    // a refused allocation unwinds (and is caught with the reader's other panics)
    std::alloc::set_alloc_error_hook(|layout| {
        panic!("memory allocation of {} bytes refused", layout.size())
    });
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
