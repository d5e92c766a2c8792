//! summary.json (docs/报表格式.md §十二): Figures' summary, serialized.

use crate::figures::Summary;

/// Pretty JSON with a final newline.
pub fn to_json(summary: &Summary) -> String {
    let mut s = serde_json::to_string_pretty(summary).expect("summary serializes");
    s.push('\n');
    s
}
