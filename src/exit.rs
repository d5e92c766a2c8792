//! Exit codes, named in one place (SPEC §7).

/// Outputs written (or check done) and no data errors.
pub const CLEAN: i32 = 0;
/// Outputs written (or check done) but the returns hold data errors.
pub const DATA_ERRORS: i32 = 1;
/// Usage, plan or I/O failure: no outputs.
pub const FAILURE: i32 = 2;
