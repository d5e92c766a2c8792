//! The 通报's wording: one template file per part under `templates/通报/`, read at run
//! time like `templates/briefing.txt` (the shipped text is built in, for a missing file).
//!
//! Each non-blank line of a template is a paragraph, after its `{placeholders}` are
//! replaced. A line that is exactly `{table}` or `{chart}` places the section's table or
//! chart there; a line starting with `注：` is a note, set smaller and flush left.

use std::collections::BTreeMap;
use std::path::Path;

use crate::report::narrative;

/// The templates shipped with the tool, by file name.
const SHIPPED: [(&str, &str); 7] = [
    (
        "00_导语.txt",
        include_str!("../../../templates/通报/00_导语.txt"),
    ),
    (
        "01_总体进展.txt",
        include_str!("../../../templates/通报/01_总体进展.txt"),
    ),
    (
        "02_分县区情况.txt",
        include_str!("../../../templates/通报/02_分县区情况.txt"),
    ),
    (
        "03_分产业情况.txt",
        include_str!("../../../templates/通报/03_分产业情况.txt"),
    ),
    (
        "04_服务成效.txt",
        include_str!("../../../templates/通报/04_服务成效.txt"),
    ),
    (
        "05_报送情况.txt",
        include_str!("../../../templates/通报/05_报送情况.txt"),
    ),
    (
        "06_结束语.txt",
        include_str!("../../../templates/通报/06_结束语.txt"),
    ),
];

/// A piece of a section, in template order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(String),
    Note(String),
    Table,
    Chart,
}

/// The template `name` from `dir`, else the shipped one.
pub fn load(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|_| shipped(name).to_string())
}

/// The shipped text of template `name` (empty for an unknown name).
pub fn shipped(name: &str) -> &'static str {
    SHIPPED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .unwrap_or("")
}

/// The blocks of a template, placeholders replaced.
pub fn render(template: &str, values: &BTreeMap<&'static str, String>) -> Vec<Block> {
    template
        .lines()
        .map(|l| l.trim_start_matches('\u{feff}').trim())
        .filter(|l| !l.is_empty())
        .filter_map(|line| match line {
            "{table}" => Some(Block::Table),
            "{chart}" => Some(Block::Chart),
            _ => {
                let text = narrative::render(line, values);
                let text = text.trim();
                if text.is_empty() {
                    None
                } else if text.starts_with("注：") {
                    Some(Block::Note(text.to_string()))
                } else {
                    Some(Block::Para(text.to_string()))
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_blocks() {
        let mut v = BTreeMap::new();
        v.insert("built", "33".to_string());
        v.insert("empty", String::new());
        let t = "\u{feff}建成{built}家。\n\n{table}\n{empty}\n注：{built}\n  {chart}  \n";
        assert_eq!(
            render(t, &v),
            vec![
                Block::Para("建成33家。".into()),
                Block::Table,
                Block::Note("注：33".into()),
                Block::Chart,
            ]
        );
    }

    #[test]
    fn a_missing_file_falls_back_to_the_shipped_text() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path(), "06_结束语.txt").trim(), "特此通报。");
        std::fs::write(dir.path().join("06_结束语.txt"), "此复。\n").unwrap();
        assert_eq!(load(dir.path(), "06_结束语.txt"), "此复。\n");
        for (name, _) in SHIPPED {
            assert!(!shipped(name).trim().is_empty(), "{name}");
        }
    }
}
