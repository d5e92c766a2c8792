//! criterion benches for the hot pieces of reading a return (issue 11):
//! cell value parsing, header location on a real return, one return end to end.
//!
//!     cargo bench --bench hot
//!
//! The return is one of the shipped sample (inputs/), read from disk once.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use xtic::ingest::locate::{find_titles, HeaderLines, DATE_LABELS, MONTH_LABELS, UNIT_LABELS};
use xtic::ingest::read::read_bytes;
use xtic::ingest::workbook::Book;
use xtic::normalize::{fold, parse_month, parse_number, parse_yes_no, Cell};
use xtic::plan::Plan;
use xtic::schema::{Field, Table1Titles};

const RETURN: &str = "inputs/2022/06/2022年6月清河县科技创新综合体月报表.xlsx";

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn cells(c: &mut Criterion) {
    let numbers = [
        Cell::Number(1200.5),
        text("1,200.5"),
        text("１２０"),
        text("120万元"),
        text(" 35 "),
        text("—"),
        Cell::Empty,
    ];
    c.bench_function("parse_number (7 cells)", |b| {
        b.iter(|| {
            for cell in &numbers {
                black_box(parse_number(black_box(cell)));
            }
        })
    });
    let months = [
        text("2021年5月"),
        text("2021-05"),
        Cell::Number(2021.05),
        Cell::Number(202105.0),
        text("2021/5/18"),
    ];
    c.bench_function("parse_month (5 cells)", |b| {
        b.iter(|| {
            for cell in &months {
                black_box(parse_month(black_box(cell)));
            }
        })
    });
    let yes_no = [text("是"), text("否"), text("√"), text("yes"), Cell::Empty];
    c.bench_function("parse_yes_no (5 cells)", |b| {
        b.iter(|| {
            for cell in &yes_no {
                black_box(parse_yes_no(black_box(cell)));
            }
        })
    });
    let names = [
        "清河羊绒科技创新综合体",
        "ＡＢＣ １２３",
        "计划总投资\n（万元）",
    ];
    c.bench_function("fold (3 texts)", |b| {
        b.iter(|| {
            for t in names {
                black_box(fold(black_box(t)));
            }
        })
    });
}

fn header(c: &mut Criterion) {
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(RETURN)).unwrap();
    let mut book = Book::open(&bytes, "xlsx").unwrap();
    let names = book.sheet_names();
    let sheet = xtic::ingest::locate::table1_candidates(&names)[0].clone();
    let grid = book.grid(&sheet).unwrap();
    let plan = Plan::builtin();
    c.bench_function("header location (表1 of a real return)", |b| {
        b.iter(|| {
            let titles = Table1Titles::for_plan(&plan.functions);
            let map = find_titles(&grid, &|s| titles.field(s), Field::Name, 3).unwrap();
            let lines = HeaderLines::of(&grid);
            let rows = 0..map.first_title_row;
            black_box(lines.find(UNIT_LABELS, rows.clone()));
            black_box(lines.find(MONTH_LABELS, rows));
            black_box(lines.find(DATE_LABELS, 0..grid.end_row()));
            black_box(map)
        })
    });
}

fn whole(c: &mut Criterion) {
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(RETURN)).unwrap();
    let plan = Plan::builtin();
    c.bench_function("one return end to end (bytes to outcome)", |b| {
        b.iter(|| black_box(read_bytes(black_box(&bytes), "xlsx", RETURN, &plan)))
    });
}

criterion_group!(benches, cells, header, whole);
criterion_main!(benches);
