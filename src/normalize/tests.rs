//! Tests of the cell parsers: the forms clerks type, and property tests (arbitrary
//! input never panics; a value formatted as a clerk would reads back as itself).

use super::*;
use proptest::prelude::*;

fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}
fn ym(y: i32, m: u32) -> YearMonth {
    YearMonth::new(y, m).unwrap()
}

#[test]
fn fold_removes_spaces_and_full_width() {
    assert_eq!(fold(" 计划总投资\n（万元） "), "计划总投资(万元)");
    assert_eq!(fold("１２０"), "120");
    assert_eq!(fold("合　计"), "合计");
}

#[test]
fn numbers_in_every_form() {
    assert_eq!(parse_number(&Cell::Number(3.5)), Parsed::Value(3.5));
    assert_eq!(parse_number(&t("1,200.5")), Parsed::Value(1200.5));
    assert_eq!(parse_number(&t("１２０")), Parsed::Value(120.0));
    assert_eq!(parse_number(&t("120万元")), Parsed::Value(120.0));
    assert_eq!(parse_number(&t(" 35 ")), Parsed::Value(35.0));
    assert_eq!(parse_number(&t("-12")), Parsed::Value(-12.0));
    for null in ["—", "-", "/", "无", "", "  ", "——"] {
        assert_eq!(parse_number(&t(null)), Parsed::Null, "{null}");
    }
    assert_eq!(parse_number(&Cell::Empty), Parsed::Null);
    assert_eq!(parse_number(&t("120万")), Parsed::Value(120.0));
    assert_eq!(parse_number(&t("1200元")), Parsed::Bad("1200元".into()));
    assert_eq!(parse_number(&t("约100")), Parsed::Bad("约100".into()));
    assert_eq!(parse_number(&t("1.2.3")), Parsed::Bad("1.2.3".into()));
    assert_eq!(
        parse_number(&Cell::Error("#REF!".into())),
        Parsed::Bad("#REF!".into())
    );
}

#[test]
fn yes_no_in_every_form() {
    for yes in ["是", "√", "✓", "有", "Y", "y", "1"] {
        assert_eq!(parse_yes_no(&t(yes)), Parsed::Value(true), "{yes}");
    }
    for no in ["否", "×", "✗", "无", "N", "0", ""] {
        assert_eq!(parse_yes_no(&t(no)), Parsed::Value(false), "{no}");
    }
    assert_eq!(parse_yes_no(&Cell::Number(1.0)), Parsed::Value(true));
    assert_eq!(parse_yes_no(&Cell::Bool(false)), Parsed::Value(false));
    assert_eq!(parse_yes_no(&Cell::Empty), Parsed::Value(false));
    assert_eq!(parse_yes_no(&t("部分")), Parsed::Bad("部分".into()));
}

#[test]
fn months_as_text() {
    for s in [
        "2021年5月",
        "2021年05月",
        "2021-05",
        "2021.5",
        "2021/5/18",
        "202105",
        "2021-05-18",
        "2021年5月18日",
        "2021年5月份",
        "２０２１年５月",
    ] {
        assert_eq!(
            parse_month(&t(s)).value().unwrap().month,
            ym(2021, 5),
            "{s}"
        );
    }
    assert_eq!(
        parse_month(&t("2021年13月")),
        Parsed::Bad("2021年13月".into())
    );
    assert_eq!(parse_month(&t("五月")), Parsed::Bad("五月".into()));
    assert_eq!(
        parse_month(&t("2022年1-6月")),
        Parsed::Bad("2022年1-6月".into())
    );
    assert_eq!(parse_month(&t("—")), Parsed::Null);
}

#[test]
fn months_as_numbers() {
    let m = |n: f64| parse_month(&Cell::Number(n)).value();
    assert_eq!(m(202105.0).unwrap().month, ym(2021, 5));
    assert_eq!(m(2021.5).unwrap().month, ym(2021, 5));
    assert_eq!(m(2021.11).unwrap().month, ym(2021, 11));
    assert_eq!(m(2021.12).unwrap().month, ym(2021, 12));
    let oct = m(2021.1).unwrap();
    assert_eq!(oct.month, ym(2021, 1));
    assert!(oct.maybe_october);
    assert!(!m(2021.5).unwrap().maybe_october);
    assert!(m(202113.0).is_none());
    assert!(m(44300.0).is_none());
    assert!(m(2021.13).is_none());
    assert!(m(2021.123).is_none());
    let d = NaiveDate::from_ymd_opt(2021, 5, 18).unwrap();
    assert_eq!(
        parse_month(&Cell::Date(d)).value().unwrap().month,
        ym(2021, 5)
    );
}

#[test]
fn dates() {
    let d = NaiveDate::from_ymd_opt(2022, 7, 5).unwrap();
    for s in [
        "2022年7月5日",
        "2022-07-05",
        "2022/7/5",
        "2022.7.5",
        "20220705",
    ] {
        assert_eq!(parse_date(&t(s)), Parsed::Value(d), "{s}");
    }
    assert_eq!(parse_date(&Cell::Number(20220705.0)), Parsed::Value(d));
    assert_eq!(
        parse_date(&t("2022年2月30日")),
        Parsed::Bad("2022年2月30日".into())
    );
}

#[test]
fn months_in_file_names() {
    assert_eq!(find_month_in_text("清河县_2022-06.xlsx"), Some(ym(2022, 6)));
    assert_eq!(find_month_in_text("2022年6月清河县.xls"), Some(ym(2022, 6)));
    assert_eq!(find_month_in_text("清河县202206.xlsx"), Some(ym(2022, 6)));
    assert_eq!(
        find_month_in_text("sub/2021.11 威县.xlsx"),
        Some(ym(2021, 11))
    );
    assert_eq!(find_month_in_text("清河县.xlsx"), None);
}

#[test]
fn cell_refs() {
    assert_eq!(cell_ref(11, 5), "F12");
    assert_eq!(cell_ref(0, 26), "AA1");
    assert_eq!(column_letters(701), "ZZ");
}

proptest! {
    #[test]
    fn parsers_never_panic(s in "\\PC*") {
        let c = Cell::Text(s.clone());
        let _ = parse_number(&c);
        let _ = parse_yes_no(&c);
        let _ = parse_month(&c);
        let _ = parse_date(&c);
        let _ = find_month_in_text(&s);
        let _ = fold(&s);
    }

    #[test]
    fn numeric_parsers_never_panic(n in proptest::num::f64::ANY) {
        let c = Cell::Number(n);
        let _ = parse_number(&c);
        let _ = parse_month(&c);
        let _ = parse_date(&c);
        let _ = parse_yes_no(&c);
    }

    #[test]
    fn digit_strings_with_separators(y in 1800i32..2200, m in 0u32..14, sep in "[年./-]") {
        let s = format!("{y}{sep}{m}");
        let _ = parse_month(&Cell::Text(s));
    }
}

/// The ways a clerk writes month `m` of year `y` (with day `d` where a day is written).
fn month_forms(y: i32, m: u32, d: u32) -> [String; 11] {
    [
        format!("{y}年{m}月"),
        format!("{y}年{m:02}月"),
        format!("{y}年{m}月份"),
        format!("{y}-{m:02}"),
        format!("{y}.{m}"),
        format!("{y}/{m}"),
        format!("{y}/{m}/{d}"),
        format!("{y}-{m:02}-{d:02}"),
        format!("{y}年{m}月{d}日"),
        format!("{y}{m:02}"),
        format!("{y}{m:02}{d:02}"),
    ]
}

/// ASCII typed full-width, as a Chinese input method does (`１２０`, `２０２１．５`).
fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap(),
            _ => c,
        })
        .collect()
}

/// `-1234567.5` as `-1,234,567.5`.
fn with_thousands(s: &str) -> String {
    let (sign, rest) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, ""), |(i, f)| (i, f));
    let mut out = sign.to_string();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        "" => out,
        f => format!("{out}.{f}"),
    }
}

proptest! {
    #[test]
    fn months_read_back_as_typed(
        (y, m, d) in (1900i32..=2100, 1u32..=12, 1u32..=28),
        form in 0usize..11,
        wide: bool,
        pad in "[ \u{3000}\t]{0,2}",
    ) {
        let text = &month_forms(y, m, d)[form];
        let text = if wide { full_width(text) } else { text.clone() };
        let cell = Cell::Text(format!("{pad}{text}{pad}"));
        let got = parse_month(&cell).value().map(|v| (v.month, v.maybe_october));
        prop_assert_eq!(got, Some((ym(y, m), false)), "{:?}", cell);
    }

    #[test]
    fn months_read_back_from_numbers_and_dates(y in 1900i32..=2100, m in 1u32..=12, d in 1u32..=28) {
        let month = |c: Cell| parse_month(&c).value().map(|v| (v.month, v.maybe_october));
        let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
        prop_assert_eq!(month(Cell::Date(date)), Some((ym(y, m), false)));
        prop_assert_eq!(month(Cell::Number(f64::from(y) * 100.0 + f64::from(m))), Some((ym(y, m), false)));
        // YYYY.M typed into a number cell; 2021.10 arrives as 2021.1, January with a doubt
        let typed: f64 = format!("{y}.{m}").parse().unwrap();
        let expected = if m == 10 { (ym(y, 1), true) } else { (ym(y, m), m == 1) };
        prop_assert_eq!(month(Cell::Number(typed)), Some(expected));
    }

    #[test]
    fn numbers_read_back_as_typed(
        units in -1_000_000_000_000i64..1_000_000_000_000,
        places in 0i32..4,
        (commas, wide) in (any::<bool>(), any::<bool>()),
        suffix in prop::sample::select(vec!["", "万元", "万", "人次", "家", "平方米"]),
        pad in "[ \u{3000}\t]{0,2}",
    ) {
        let v = units as f64 / 10f64.powi(places);
        let mut text = v.to_string();
        if commas {
            text = with_thousands(&text);
        }
        if wide {
            text = full_width(&text);
        }
        let cell = Cell::Text(format!("{pad}{text}{suffix}{pad}"));
        prop_assert_eq!(parse_number(&cell), Parsed::Value(v), "{:?}", cell);
        prop_assert_eq!(parse_number(&Cell::Number(v)), Parsed::Value(v));
        // what the report prints reads back too
        prop_assert_eq!(parse_number(&Cell::Text(format_number(v))), Parsed::Value(v));
    }
}

/// The fold as it was first written: every fast path must agree with it.
fn fold_slow(s: &str) -> String {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn fast_folds_agree_with_the_full_fold_on_awkward_text() {
    for s in [
        "",
        " \u{3000}\t",
        "\u{3000}",
        "清河 县",
        "（万元）",
        "ｅ\u{301}",
        "e\u{301}x",
        "\u{301}",
        "\u{FFA0}",
        "㎡",
        "Ⅻ",
        "\u{A0}1",
        // either side of the CJK Unified Ideographs, and every ASCII whitespace
        "\u{4DFF}\u{4E00}\u{9FFF}\u{A000}",
        "\u{3400}县",
        "\u{4E00} \u{9FFF}\t\u{B}\u{C}\r\n\u{1C}x",
        "\u{85}\u{2028}县",
    ] {
        assert_eq!(fold_cow(s), fold_slow(s), "{s:?}");
        assert_eq!(folds_to_empty(s), fold_slow(s).is_empty(), "{s:?}");
    }
}

proptest! {
    #[test]
    fn fast_folds_agree_with_the_full_fold(s in "\\PC{0,12}|[ \t\u{B}a-zA-Z0-9清河县（）：\u{3000}\u{301}\u{4DFF}-\u{4E01}\u{9FFE}-\u{A001}\u{FF10}-\u{FF19}]{0,12}") {
        let slow = fold_slow(&s);
        prop_assert_eq!(fold_cow(&s).into_owned(), slow.clone());
        prop_assert_eq!(folds_to_empty(&s), slow.is_empty());
        match folded_first(&s) {
            Some(None) => prop_assert!(slow.is_empty()),
            Some(Some(c)) if !c.is_ascii() => prop_assert_eq!(slow.chars().next(), Some(c)),
            Some(Some(_)) => {
                let cjk = ('\u{4E00}'..='\u{9FFF}').contains(&slow.chars().next().unwrap_or('一'));
                prop_assert!(!cjk, "{:?} folds to {:?}", s, slow);
            }
            None => {}
        }
    }
}

#[test]
fn the_byte_scan_knows_every_character() {
    // every scalar value, alone and between plain neighbours: the scan of the bytes
    // agrees with `is_plain` and `char::is_whitespace` on the characters
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        let want = is_plain(c).then(|| c.is_whitespace());
        assert_eq!(plain_scan(c.encode_utf8(&mut [0; 4])), want, "{c:?}");
        let between = format!("a{c}县");
        assert_eq!(plain_scan(&between), want, "{between:?}");
    }
}
