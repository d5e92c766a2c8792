//! Workbook tests: read the built workbook back with calamine and check sheets, totals
//! and the native charts' links, and that the same inputs give the same bytes.

use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use super::progress::TARGET_COL;
use super::{build, Ctx, SHEETS};
use crate::normalize::YearMonth;
use crate::plan::Plan;
use crate::report::table::{Formats, FONT};

/// The workbook of the clean_small fixture for June 2021.
fn clean_small() -> Vec<u8> {
    let plan = Plan::builtin();
    let p = YearMonth::parse_iso("2021-06").expect("a month");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean_small");
    let sel = crate::pipeline::read_and_select(&dir, Some(p), &plan).expect("fixture reads");
    let fig = crate::aggregate::figures(&sel, &plan, p).expect("figures");
    let ctx = Ctx {
        fig: &fig,
        sel: &sel,
        plan: &plan,
        p,
        narrative: "测试用说明文字。",
        f: Formats::new(),
    };
    build(&ctx).expect("workbook builds")
}

fn number(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        _ => 0.0,
    }
}

#[test]
fn sheets_totals_and_native_charts() {
    let bytes = clean_small();
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.clone()))
        .expect("calamine opens the workbook");
    assert_eq!(wb.sheet_names(), SHEETS.map(String::from).to_vec());

    // 分县区进展: the 合计 row is the sum of the unit rows, column by column
    let range = wb.worksheet_range("分县区进展").expect("sheet");
    let rows: Vec<&[Data]> = range.rows().collect();
    let head = rows
        .iter()
        .position(|r| {
            r.first()
                .is_some_and(|c| matches!(c, Data::String(s) if s == "序号"))
        })
        .expect("a header row");
    let total = rows
        .iter()
        .position(|r| {
            r.first()
                .is_some_and(|c| matches!(c, Data::String(s) if s == "合计"))
        })
        .expect("a 合计 row");
    let units = &rows[head + 1..total];
    assert_eq!(units.len(), Plan::builtin().units.len());
    let target = TARGET_COL + 2 * Plan::builtin().years.len();
    for c in [target, target + 1, target + 2] {
        let sum: f64 = units.iter().map(|r| number(&r[c])).sum();
        let shown = number(&rows[total][c]);
        assert!(
            (sum - shown).abs() < 1e-9,
            "column {c}: rows sum to {sum}, 合计 shows {shown}"
        );
    }
    let built: f64 = units.iter().map(|r| number(&r[target + 1])).sum();
    assert!(built > 0.0, "clean_small has built complexes");

    // five native charts, linked to the sheets
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("xlsx is a zip");
    let charts: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.to_string()))
        .filter(|n| n.starts_with("xl/charts/chart") && n.ends_with(".xml"))
        .collect();
    assert!(charts.len() >= 5, "charts: {charts:?}");
    for name in &charts {
        let mut xml = String::new();
        zip.by_name(name)
            .expect("chart part")
            .read_to_string(&mut xml)
            .expect("utf-8");
        assert!(xml.contains("<c:f>"), "{name} is not linked to cells");
        assert!(xml.contains(FONT), "{name} does not use {FONT}");
        // every linked number series points at filled cells (a regression: the
        // target line once pointed at the blank half of a merged column); a series on
        // 合计 cells (formulas) has no cache, so the cells themselves are read
        for series in xml.split("<c:numRef><c:f>").skip(1) {
            let range = &series[..series.find("</c:f>").expect("a range")];
            let values = linked_numbers(&mut wb, range);
            assert!(!values.is_empty(), "{name}: an empty series {range}");
            assert!(
                values.iter().all(Option::is_some),
                "{name}: {range} has blank cells: {values:?}"
            );
        }
    }
}

/// The numbers in a chart's range such as `功能配置!$D$47:$L$47` (None for a cell that
/// holds none).
fn linked_numbers<R: std::io::Read + std::io::Seek>(
    wb: &mut Xlsx<R>,
    range: &str,
) -> Vec<Option<f64>> {
    let (sheet, cells) = range.rsplit_once('!').expect("sheet!range");
    let sheet = sheet.trim_matches('\'');
    let cell = |a1: &str| {
        let a1 = a1.replace('$', "");
        let split = a1.find(|c: char| c.is_ascii_digit()).expect("a row");
        let col = a1[..split]
            .bytes()
            .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1))
            - 1;
        (a1[split..].parse::<u32>().expect("a row") - 1, col)
    };
    let (from, to) = cells.split_once(':').unwrap_or((cells, cells));
    let ((r0, c0), (r1, c1)) = (cell(from), cell(to));
    let data = wb.worksheet_range(sheet).expect("the linked sheet");
    let mut out = Vec::new();
    for r in r0..=r1 {
        for c in c0..=c1 {
            out.push(match data.get_value((r, c)) {
                Some(Data::Float(f)) => Some(*f),
                Some(Data::Int(i)) => Some(*i as f64),
                _ => None,
            });
        }
    }
    out
}

#[test]
fn same_inputs_same_bytes() {
    assert_eq!(clean_small(), clean_small());
}
