//! How a plan file that cannot be parsed is explained: in Chinese, naming the line,
//! or saying that the file is not a plan file at all (binary, not UTF-8, huge).

use std::ops::Range;

use super::PlanError;

/// A plan file is a few KB of text; anything much larger is not one.
pub const MAX_PLAN_BYTES: usize = 1024 * 1024;

fn line_of(text: &str, span: &Range<usize>) -> usize {
    text[..span.start.min(text.len())].matches('\n').count() + 1
}

/// The text of a plan file, or why these bytes are not one (a clause to follow
/// "这不是计划文件").
///
/// # Errors
/// Larger than [`MAX_PLAN_BYTES`], not UTF-8, or holding control bytes (binary).
pub fn plan_text(bytes: &[u8]) -> Result<&str, String> {
    if bytes.len() > MAX_PLAN_BYTES {
        return Err("文件超过 1 MB，而计划文件只有几 KB".into());
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "内容不是 UTF-8 编码的文本，可能是二进制文件或用了 GBK 编码".to_string())?;
    let binary = text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'));
    if binary {
        return Err("含有二进制内容".into());
    }
    Ok(text)
}

/// What a TOML type or Rust type name in a serde message is, in words.
fn kind_word(expected: &str) -> &'static str {
    let e = expected.trim().trim_matches('`');
    match e {
        "u32" | "u64" | "usize" => "不小于 0 的整数",
        "i32" | "i64" => "整数",
        "f64" | "f32" => "数字",
        "a boolean" | "bool" => "true 或 false",
        "a string" | "string" => "加英文双引号的文字",
        "a sequence" | "an array" | "array" => "列表，如 [2020, 2021]",
        _ if e.starts_with("struct") || e.contains("table") || e.contains("map") => {
            "表（[名称] 或 [[名称]] 开头的一段）"
        }
        _ => "其他类型的值",
    }
}

/// The text between the first pair of backticks after `after`.
fn quoted<'a>(msg: &'a str, after: &str) -> Option<&'a str> {
    let rest = &msg[msg.find(after)? + after.len()..];
    let start = rest.find('`')? + 1;
    let len = rest[start..].find('`')?;
    Some(&rest[start..start + len])
}

/// A serde or TOML message in Chinese.
fn chinese(msg: &str) -> String {
    if let Some(field) = quoted(msg, "missing field") {
        return format!("缺少必填项 {field}");
    }
    if let Some(field) = quoted(msg, "unknown field") {
        return format!("不认识的项 {field}（名称写错了，或放错了表；可对照 xtic plan 的输出）");
    }
    if let Some(field) = quoted(msg, "duplicate field").or_else(|| quoted(msg, "duplicate key")) {
        return format!("{field} 重复出现");
    }
    if msg.starts_with("invalid value") || msg.starts_with("invalid type") {
        let expected = msg.rsplit("expected").next().unwrap_or("");
        let seen = msg
            .split(':')
            .nth(1)
            .and_then(|s| s.split(", expected").next())
            .unwrap_or("")
            .replace("integer", "")
            .replace("string", "")
            .replace("floating point", "")
            .replace('`', "");
        return format!("值 {} 不对：此处应为{}", seen.trim(), kind_word(expected));
    }
    let syntax: &[(&str, &str)] = &[
        (
            "must be quoted",
            "文字须加英文双引号，如 title = \"邢台市……\"",
        ),
        ("unclosed", "引号或括号没有闭合"),
        ("unterminated", "引号或括号没有闭合"),
        ("duplicate", "同一项或同一个表重复出现"),
        ("invalid number", "数字写法不对"),
        (
            "invalid escape",
            "文字中的反斜杠 \\ 用法不对（请写成 \\\\）",
        ),
        ("expected newline", "一行只能写一项，名称 = 值"),
        ("extra", "多了字符（如多了一个 =），应为 名称 = 值"),
        ("expected `=`", "缺少 =，应为 名称 = 值"),
        ("invalid key", "名称写法不对，应为 名称 = 值"),
        ("unquoted key", "名称写法不对，应为 名称 = 值"),
    ];
    for (needle, words) in syntax {
        if msg.contains(needle) {
            return format!("格式有误：{words}");
        }
    }
    "格式有误：不符合计划文件（TOML）的写法。请对照 xtic plan 打印的内置计划，检查引号、等号和括号"
        .into()
}

/// A TOML or serde error while reading the plan, in Chinese: at its line, except a
/// required item missing from the top of the file, which has no line to name.
pub fn from_toml(text: &str, e: &toml::de::Error) -> PlanError {
    let message = chinese(e.message());
    match e.span() {
        Some(span) if span.start == 0 && e.message().contains("missing field") => {
            PlanError::General(format!("{message}（整个文件中都没有）"))
        }
        Some(span) => PlanError::AtLine {
            line: line_of(text, &span),
            message,
        },
        None => PlanError::General(message),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Plan, BUILTIN_PLAN};
    use super::*;

    fn err(text: &str) -> String {
        Plan::parse(text).unwrap_err().to_string()
    }

    fn line_of_text(text: &str, needle: &str) -> usize {
        text.lines().position(|l| l.contains(needle)).unwrap() + 1
    }

    fn has_latin(s: &str, text: &str) -> bool {
        // field names are the only Latin words a message may hold
        let names = [
            "city_target",
            "title",
            "units",
            "label",
            "foo",
            "true",
            "false",
            "TOML",
            "xtic",
            "plan",
            "abc",
        ];
        let mut rest = s.to_string();
        for n in names {
            rest = rest.replace(n, "");
        }
        let _ = text;
        rest.chars().filter(|c| c.is_ascii_alphabetic()).count() > 0
    }

    #[test]
    fn every_message_is_chinese_and_names_its_line() {
        let cases = [
            ("city_target = 30", "city_target = = 30", "city_target"),
            ("city_target = 30", "city_target = -5", "city_target"),
            ("city_target = 30", "city_target = \"abc\"", "city_target"),
            ("label = \"重点区\"\n", "", "[[groups]]"),
        ];
        for (from, to, at) in cases {
            let text = BUILTIN_PLAN.replacen(from, to, 1);
            let e = err(&text);
            let line = line_of_text(&text, at);
            assert!(e.contains(&format!("第 {line} 行")), "{to}: {e}");
            assert!(!has_latin(&e, &text), "{to}: {e}");
        }
        // an unknown field is a warning with its line, not an error (a later plan still loads)
        let text = BUILTIN_PLAN.replacen("city_target = 30", "city_target = 30\nfoo = 1", 1);
        let plan = Plan::parse(&text).unwrap();
        let line = line_of_text(&text, "foo");
        assert!(
            plan.warnings
                .iter()
                .any(|w| w.contains(&format!("第 {line} 行"))),
            "{:?}",
            plan.warnings
        );
    }

    #[test]
    fn a_missing_table_is_missing_not_line_one() {
        let text: String = BUILTIN_PLAN
            .split("\n\n")
            .filter(|b| !b.trim_start().starts_with("[[units]]"))
            .collect::<Vec<_>>()
            .join("\n\n");
        let e = err(&text);
        assert!(
            e.contains("缺少必填项 units") && !e.contains("第 1 行"),
            "{e}"
        );
    }

    #[test]
    fn junk_is_not_a_plan_file() {
        let junk: Vec<u8> = (0..=255u8).cycle().take(50_000).collect();
        let e = plan_text(&junk).unwrap_err();
        assert!(e.contains("UTF-8"), "{e}");
        let e = plan_text(b"title = \"x\"\0\0").unwrap_err();
        assert!(e.contains("二进制"), "{e}");
        let e = plan_text(&vec![b'#'; MAX_PLAN_BYTES + 1]).unwrap_err();
        assert!(e.contains("超过 1 MB"), "{e}");
        assert!(plan_text(BUILTIN_PLAN.as_bytes()).is_ok());
    }
}
