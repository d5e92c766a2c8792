//! The cell parsers of src/normalize.rs: number, yes/no, month, date, a month inside a
//! file name. The first byte picks the kind of cell, the rest is its content. Beyond
//! "never panics", every value a parser accepts must be one the rest of xtic can use.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use xtic::normalize::{
    find_month_in_text, fold, format_number, parse_date, parse_month, parse_number, parse_yes_no,
    Cell, Parsed, YearMonth,
};

fn cell_of(data: &[u8]) -> Cell {
    let (kind, rest) = data.split_first().unwrap_or((&0, &[]));
    let text = String::from_utf8_lossy(rest).into_owned();
    let mut eight = [0u8; 8];
    let n = rest.len().min(8);
    eight[..n].copy_from_slice(&rest[..n]);
    match kind % 8 {
        0 => Cell::Number(f64::from_le_bytes(eight)),
        // a decimal number a clerk could type, such as 2021.1 or 202105
        1 => Cell::Number(i64::from_le_bytes(eight) as f64 / 100.0),
        2 => Cell::Date(
            NaiveDate::from_num_days_from_ce_opt(i32::from_le_bytes([
                eight[0], eight[1], eight[2], eight[3],
            ]))
            .unwrap_or_default(),
        ),
        3 => Cell::Bool(rest.first().is_some_and(|b| b & 1 == 1)),
        4 => Cell::Error(text),
        5 => Cell::Empty,
        _ => Cell::Text(text),
    }
}

/// A month a parser returned must be one YearMonth::new accepts (1900–2100).
fn check_month(m: YearMonth) {
    assert_eq!(YearMonth::new(m.year, m.month), Some(m), "{m:?}");
    let _ = m.first_day();
}

fuzz_target!(|data: &[u8]| {
    let cell = cell_of(data);
    let _ = (cell.is_empty(), cell.display(), cell.text());
    if let Parsed::Value(v) = parse_number(&cell) {
        assert!(v.is_finite(), "{v}");
        // what the report prints reads back as the same number
        let again = parse_number(&Cell::Text(format_number(v)));
        assert_eq!(again, Parsed::Value(v), "{v}");
    }
    let _ = parse_yes_no(&cell);
    if let (Parsed::Value(m), false) = (parse_month(&cell), matches!(cell, Cell::Date(_))) {
        check_month(m.month);
    }
    let _ = parse_date(&cell);
    if let Cell::Text(t) | Cell::Error(t) = &cell {
        if let Some(m) = find_month_in_text(t) {
            check_month(m);
        }
        let _ = YearMonth::parse_iso(t);
        let _ = fold(t);
    }
});
