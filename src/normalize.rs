//! Cell values as clerks type them, turned into typed values.
//!
//! Every parser here takes one cell and answers with a value, "not reported" (null), or
//! "does not parse" carrying what was seen. None of them panics, whatever the input
//! (the property tests below feed them arbitrary strings).

use std::borrow::Cow;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

mod memo;
pub use memo::{remembered, Memo};

/// Unicode NFKC folding with every kind of whitespace removed: the form in which names,
/// titles and markers are compared.
pub fn fold(text: &str) -> String {
    fold_cow(text).into_owned()
}

/// A character NFKC leaves as it is, whatever stands around it: ASCII and the CJK
/// Unified Ideographs (no decomposition, combining class 0, never composed).
fn is_plain(c: char) -> bool {
    c.is_ascii() || ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Whether every character of `text` is [plain](is_plain), read from its bytes; if so,
/// whether any is whitespace (in such text only ASCII whitespace can stand). None when
/// some character is not plain.
fn plain_scan(text: &str) -> Option<bool> {
    let bytes = text.as_bytes();
    let (mut i, mut space) = (0, false);
    while let Some(&b) = bytes.get(i) {
        match b {
            // U+0009..=U+000D and U+0020: the ASCII characters `char::is_whitespace` takes
            b'\t'..=b'\r' | b' ' => {
                space = true;
                i += 1;
            }
            0..=0x7F => i += 1,
            // the lead bytes of U+5000..=U+9FFF, then E4 B8..=BF: U+4E00..=U+4FFF (the
            // text is UTF-8, so two continuation bytes follow a lead byte)
            0xE5..=0xE9 => i += 3,
            0xE4 if bytes.get(i + 1).is_some_and(|&c| c >= 0xB8) => i += 3,
            _ => return None,
        }
    }
    Some(space)
}

/// Whether `text` is already in NFKC, answered cheaply: ASCII and Chinese characters
/// always are, the rest by the quick check. False means "maybe not", never "is".
fn is_nfkc_already(text: &str) -> bool {
    plain_scan(text).is_some() || is_nfkc_quick(text.chars()) == IsNormalized::Yes
}

/// How [`fold`]`(text)` starts, when that can be told without folding: `Some(None)`
/// when it is empty, `Some(Some(c))` when it starts with `c`, the first non-blank
/// character, which is ASCII or a CJK ideograph (an ASCII letter may come out composed
/// with a combining mark after it, as a Latin letter); None when it cannot be told.
pub fn folded_first(text: &str) -> Option<Option<char>> {
    match text.chars().find(|c| !c.is_whitespace()) {
        None if is_nfkc_already(text) => Some(None),
        Some(c) if is_plain(c) => Some(Some(c)),
        _ => None,
    }
}

/// [`fold`] without a new string when none is needed: text already in NFKC and free
/// of whitespace (most cells) comes back borrowed.
pub fn fold_cow(text: &str) -> Cow<'_, str> {
    let spaced = match plain_scan(text) {
        Some(spaced) => spaced,
        None if is_nfkc_quick(text.chars()) == IsNormalized::Yes => {
            text.chars().any(char::is_whitespace)
        }
        None => return Cow::Owned(nfkc_folded(text)),
    };
    if spaced {
        Cow::Owned(text.chars().filter(|c| !c.is_whitespace()).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// NFKC without whitespace, remembered.
fn nfkc_folded(text: &str) -> String {
    thread_local! {
        static FOLDED: Memo = Memo::default();
    }
    remembered(&FOLDED, text, |t| {
        t.nfkc().filter(|c| !c.is_whitespace()).collect()
    })
}

/// Whether [`fold`] would give the empty string, without building it.
pub fn folds_to_empty(text: &str) -> bool {
    if let Some(first) = folded_first(text) {
        return first.is_none();
    }
    if is_nfkc_already(text) {
        text.chars().all(char::is_whitespace)
    } else {
        fold(text).is_empty()
    }
}

/// One cell as read from a workbook, independent of the reader that produced it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Number(f64),
    Text(String),
    Bool(bool),
    /// A date-formatted cell.
    Date(NaiveDate),
    /// A formula error such as `#REF!`.
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => folds_to_empty(t),
            _ => false,
        }
    }

    /// The cell as text, for messages and text fields.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Number(n) => format_number(*n),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Error(e) => e.clone(),
        }
    }

    /// Text for a text field: trimmed, None when blank.
    pub fn text(&self) -> Option<String> {
        if let Cell::Text(t) = self {
            let s = t.trim();
            return (!s.is_empty()).then(|| s.to_string());
        }
        let s = self.display();
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_string())
    }
}

/// A number written without a spurious `.0`.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// The outcome of parsing one cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed<T> {
    /// Blank or a null marker: not reported.
    Null,
    Value(T),
    /// Present but not understood; the text seen.
    Bad(String),
}

impl<T> Parsed<T> {
    pub fn value(self) -> Option<T> {
        match self {
            Parsed::Value(v) => Some(v),
            _ => None,
        }
    }
}

const NULL_MARKERS: &[&str] = &[
    "—", "-", "/", "无", "--", "——", "－", "／", "\\", "N/A", "n/a", "NA",
];

fn is_null_marker(folded: &str) -> bool {
    folded.is_empty()
        || NULL_MARKERS.contains(&folded)
        || folded
            .chars()
            .all(|c| matches!(c, '-' | '—' | '－' | '–' | '―'))
}

/// Reads a number: numeric cells, and text such as `1,200.5`, `１２０`, `120万元`, ` 35 `.
/// `—`, `-`, `/`, `无` and blank are null, which is not zero.
pub fn parse_number(cell: &Cell) -> Parsed<f64> {
    match cell {
        Cell::Empty => Parsed::Null,
        Cell::Number(n) if n.is_finite() => Parsed::Value(*n),
        Cell::Number(n) => Parsed::Bad(n.to_string()),
        Cell::Text(t) => parse_number_text(t),
        other => Parsed::Bad(other.display()),
    }
}

const UNIT_SUFFIXES: &[&str] = &[
    "万元",
    // "120万" in a 万元 column; a bare "元" is not stripped: yuan are not 万元
    "万",
    "平方米",
    "平米",
    "㎡",
    "m2",
    "家次",
    "人次",
    "家",
    "次",
    "人",
    "个",
    "件",
    "项",
];

fn parse_number_text(text: &str) -> Parsed<f64> {
    let folded = fold_cow(text);
    if is_null_marker(&folded) {
        return Parsed::Null;
    }
    let mut s: &str = &folded;
    for suffix in UNIT_SUFFIXES {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest;
            break;
        }
    }
    let cleaned: Cow<str> = if s.contains([',', '，']) {
        Cow::Owned(s.chars().filter(|&c| c != ',' && c != '，').collect())
    } else {
        Cow::Borrowed(s)
    };
    let valid = !cleaned.is_empty()
        && cleaned
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+')
        && cleaned.chars().filter(|&c| c == '.').count() <= 1;
    match cleaned.parse::<f64>() {
        Ok(v) if valid && v.is_finite() => Parsed::Value(v),
        _ => Parsed::Bad(text.trim().to_string()),
    }
}

/// Reads a yes/no cell: 是/否, √/×, ✓/✗, 有/无, Y/N, 1/0 and booleans. Blank is no.
pub fn parse_yes_no(cell: &Cell) -> Parsed<bool> {
    match cell {
        Cell::Empty => Parsed::Value(false),
        Cell::Bool(b) => Parsed::Value(*b),
        Cell::Number(n) if *n == 1.0 => Parsed::Value(true),
        Cell::Number(n) if *n == 0.0 => Parsed::Value(false),
        Cell::Text(t) => {
            let f = fold_cow(t);
            // the marks and Chinese words are their own upper case: most cells match
            // as they are, and only the rest are upper-cased
            let word = yes_no_word(&f).or_else(|| {
                if f.is_ascii() {
                    yes_no_word(&f.to_ascii_uppercase())
                } else {
                    yes_no_word(&f.to_uppercase())
                }
            });
            match word {
                Some(b) => Parsed::Value(b),
                None => Parsed::Bad(t.trim().to_string()),
            }
        }
        other => Parsed::Bad(other.display()),
    }
}

/// A folded, upper-case yes/no word.
fn yes_no_word(f: &str) -> Option<bool> {
    match f {
        "" => Some(false),
        "是" | "√" | "✓" | "✔" | "有" | "Y" | "YES" | "1" | "TRUE" | "具备" | "●" => {
            Some(true)
        }
        "否" | "×" | "✗" | "✘" | "X" | "无" | "N" | "NO" | "0" | "FALSE" | "不具备" => {
            Some(false)
        }
        _ => None,
    }
}

/// A calendar month.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

impl YearMonth {
    pub fn new(year: i32, month: u32) -> Option<YearMonth> {
        ((1..=12).contains(&month) && (1900..=2100).contains(&year))
            .then_some(YearMonth { year, month })
    }

    /// Months since year 0, for arithmetic.
    pub fn index(self) -> i64 {
        self.year as i64 * 12 + self.month as i64 - 1
    }

    pub fn from_index(i: i64) -> YearMonth {
        YearMonth {
            year: i.div_euclid(12) as i32,
            month: i.rem_euclid(12) as u32 + 1,
        }
    }

    pub fn next(self) -> YearMonth {
        YearMonth::from_index(self.index() + 1)
    }

    pub fn prev(self) -> YearMonth {
        YearMonth::from_index(self.index() - 1)
    }

    /// Parses `YYYY-MM` (the command line's form).
    pub fn parse_iso(text: &str) -> Option<YearMonth> {
        let (y, m) = text.trim().split_once('-')?;
        if m.len() != 2 || y.len() != 4 {
            return None;
        }
        YearMonth::new(y.parse().ok()?, m.parse().ok()?)
    }

    /// `2022年06月`, as in file names and titles.
    pub fn chinese(self) -> String {
        format!("{}年{:02}月", self.year, self.month)
    }

    /// `2022年6月`, as in running text.
    pub fn chinese_short(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("valid month")
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A month read from a cell, with the `YYYY.1` doubt flagged.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonthValue {
    pub month: YearMonth,
    /// Typed as the number `YYYY.1`, which may have been `YYYY.10`.
    pub maybe_october: bool,
}

/// Reads a month: a date cell, `2021年5月`, `2021年05月`, `2021-05`, `2021.5`,
/// `2021/5/18`, `202105`; a number YYYYMM (190001–210012) or YYYY.M.
pub fn parse_month(cell: &Cell) -> Parsed<MonthValue> {
    let plain = |m: YearMonth| {
        Parsed::Value(MonthValue {
            month: m,
            maybe_october: false,
        })
    };
    match cell {
        Cell::Empty => Parsed::Null,
        Cell::Date(d) => plain(YearMonth {
            year: d.year(),
            month: d.month(),
        }),
        Cell::Number(n) => match month_from_number(*n) {
            Some(v) => Parsed::Value(v),
            None => Parsed::Bad(format_number(*n)),
        },
        Cell::Text(t) => {
            let f = fold_cow(t);
            if is_null_marker(&f) {
                return Parsed::Null;
            }
            match month_from_text(&f) {
                Some(m) => plain(m),
                None => Parsed::Bad(t.trim().to_string()),
            }
        }
        other => Parsed::Bad(other.display()),
    }
}

fn month_from_number(n: f64) -> Option<MonthValue> {
    if !n.is_finite() {
        return None;
    }
    if n.fract() == 0.0 {
        if (190001.0..=210012.0).contains(&n) {
            let v = n as i64;
            let m = YearMonth::new((v / 100) as i32, (v % 100) as u32)?;
            return Some(MonthValue {
                month: m,
                maybe_october: false,
            });
        }
        return None;
    }
    if !(1900.0..2101.0).contains(&n) {
        return None;
    }
    let year = n.trunc() as i32;
    let hundredths = ((n - n.trunc()) * 100.0).round() as u32;
    if (n * 100.0 - (n * 100.0).round()).abs() > 1e-6 {
        return None; // more than two decimals: not a YYYY.M month
    }
    let (month, maybe_october) = if hundredths.is_multiple_of(10) {
        (hundredths / 10, hundredths == 10)
    } else {
        (hundredths, false)
    };
    Some(MonthValue {
        month: YearMonth::new(year, month)?,
        maybe_october,
    })
}

/// Splits text into its runs of digits, and checks that what separates them is one of
/// the date separators.
fn digit_groups(f: &str) -> Option<Vec<u32>> {
    let mut groups = Vec::new();
    let mut current = String::new();
    for c in f.chars() {
        if c.is_ascii_digit() {
            current.push(c);
        } else {
            if !matches!(c, '年' | '月' | '日' | '号' | '份' | '-' | '.' | '/' | '_') {
                return None;
            }
            if !current.is_empty() {
                groups.push(current.parse().ok()?);
                current.clear();
            }
        }
        if current.len() > 8 {
            return None;
        }
    }
    if !current.is_empty() {
        groups.push(current.parse().ok()?);
    }
    Some(groups)
}

fn month_from_text(f: &str) -> Option<YearMonth> {
    let groups = digit_groups(f)?;
    match groups.as_slice() {
        [ym] if (190001..=210012).contains(ym) => YearMonth::new((ym / 100) as i32, ym % 100),
        [ymd] if (19000101..=21001231).contains(ymd) => {
            YearMonth::new((ymd / 10000) as i32, ymd / 100 % 100)
        }
        [y, m] => YearMonth::new(*y as i32, *m),
        // `2022年1-6月` is a range of months, not a day: not one month
        [y, m, d] if (1..=31).contains(d) && !f.ends_with('月') && !f.ends_with("月份") => {
            YearMonth::new(*y as i32, *m)
        }
        _ => None,
    }
}

/// Reads a day (报出日期): a date cell, `2022年7月5日`, `2022-07-05`, `2022/7/5`,
/// `2022.7.5`, `20220705` as text or number.
pub fn parse_date(cell: &Cell) -> Parsed<NaiveDate> {
    match cell {
        Cell::Empty => Parsed::Null,
        Cell::Date(d) => Parsed::Value(*d),
        Cell::Number(n) => {
            let v = *n as i64;
            if n.fract() == 0.0 && (19000101..=21001231).contains(&v) {
                match NaiveDate::from_ymd_opt(
                    (v / 10000) as i32,
                    (v / 100 % 100) as u32,
                    (v % 100) as u32,
                ) {
                    Some(d) => Parsed::Value(d),
                    None => Parsed::Bad(format_number(*n)),
                }
            } else {
                Parsed::Bad(format_number(*n))
            }
        }
        Cell::Text(t) => {
            let f = fold_cow(t);
            if is_null_marker(&f) {
                return Parsed::Null;
            }
            match date_from_text(&f) {
                Some(d) => Parsed::Value(d),
                None => Parsed::Bad(t.trim().to_string()),
            }
        }
        other => Parsed::Bad(other.display()),
    }
}

fn date_from_text(f: &str) -> Option<NaiveDate> {
    match digit_groups(f)?.as_slice() {
        [ymd] if (19000101..=21001231).contains(ymd) => {
            NaiveDate::from_ymd_opt((ymd / 10000) as i32, ymd / 100 % 100, ymd % 100)
        }
        [y, m, d] => NaiveDate::from_ymd_opt(*y as i32, *m, *d),
        _ => None,
    }
}

/// Finds a month inside free text, such as a file name (`清河县_2022-06.xlsx`,
/// `2022年6月清河县.xls`, `清河县202206.xlsx`).
pub fn find_month_in_text(text: &str) -> Option<YearMonth> {
    let f = fold_cow(text);
    let chars: Vec<char> = f.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit()) {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let year_digits: String = chars[start..i].iter().collect();
            if let Some(m) = month_after_year(&year_digits, &chars[i..]) {
                return Some(m);
            }
        } else {
            i += 1;
        }
    }
    None
}

fn month_after_year(digits: &str, rest: &[char]) -> Option<YearMonth> {
    if digits.len() == 6 || digits.len() == 8 {
        let v: u32 = digits[..6].parse().ok()?;
        return YearMonth::new((v / 100) as i32, v % 100);
    }
    if digits.len() != 4 {
        return None;
    }
    let year: i32 = digits.parse().ok()?;
    let sep = *rest.first()?;
    if !matches!(sep, '年' | '-' | '.' | '/' | '_') {
        return None;
    }
    let month: String = rest[1..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    if month.is_empty() || month.len() > 2 {
        return None;
    }
    YearMonth::new(year, month.parse().ok()?)
}

/// A1-style address of a zero-based cell.
pub fn cell_ref(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

pub fn column_letters(col: u32) -> String {
    let mut n = col + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        s.push((b'A' + r) as char);
        n = (n - 1) / 26;
    }
    s.iter().rev().collect()
}

#[cfg(test)]
mod tests;
