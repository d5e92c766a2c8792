//! Exit codes, named in one place (docs/报表格式.md §十二).

/// Outputs written (or check done) and no data errors.
pub const CLEAN: i32 = 0;
/// Outputs written (or check done) but the returns hold data errors.
pub const DATA_ERRORS: i32 = 1;
/// Usage, plan or I/O failure: no outputs.
pub const FAILURE: i32 = 2;

/// An I/O error in words a user reads: the reason in Chinese, with the system's error
/// number for a technician (never Rust's debug text).
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    let what = match e.kind() {
        NotFound => "文件或文件夹不存在",
        PermissionDenied => "没有权限",
        StorageFull => "磁盘空间已满",
        QuotaExceeded => "磁盘配额已用完",
        ReadOnlyFilesystem => "磁盘只读",
        FileTooLarge => "文件过大",
        AlreadyExists => "已存在同名文件",
        NotADirectory => "路径中有一项不是文件夹",
        IsADirectory => "这是一个文件夹",
        DirectoryNotEmpty => "文件夹不为空",
        InvalidFilename => "文件名无效",
        TimedOut => "操作超时",
        Interrupted => "操作被中断",
        UnexpectedEof => "文件意外结束",
        OutOfMemory => "内存不足",
        StaleNetworkFileHandle | NetworkDown | NetworkUnreachable => "网络文件系统不可用",
        ResourceBusy => "文件正被占用",
        CrossesDevices => "不能跨磁盘移动",
        TooManyLinks => "链接过多",
        InvalidData | InvalidInput => "数据无效",
        _ => "系统错误",
    };
    match e.raw_os_error() {
        Some(code) => format!("{what}（系统错误号 {code}）"),
        None => what.to_string(),
    }
}

/// The message for a failure that ends a run: each cause in the chain, with I/O
/// errors translated by [`io_reason`], joined by "：".
pub fn describe(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        let text = match cause.downcast_ref::<std::io::Error>() {
            Some(io) => io_reason(io),
            None => cause.to_string(),
        };
        if !parts.iter().any(|p| p == &text) {
            parts.push(text);
        }
    }
    parts.join("：")
}
