//! Header text (src/ingest/locate.rs): labelled values such as `填报单位（盖章）：清河县`,
//! title rows and sheet names, on a small grid built from the input. Lines are rows,
//! tabs separate cells; a cell that reads as a number is a number cell.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xtic::ingest::locate::{
    find_labelled, find_titles, table1_candidates, table2_sheet, DATE_LABELS, MONTH_LABELS,
    UNIT_LABELS,
};
use xtic::ingest::workbook::Grid;
use xtic::normalize::{parse_date, parse_month, Cell};
use xtic::plan::Plan;
use xtic::schema::{table2_field, Field, ServiceField, Table1Titles};

fn grid_of(text: &str) -> Grid {
    let cells = text.split('\n').take(20).enumerate().flat_map(|(r, line)| {
        line.split('\t').take(12).enumerate().map(move |(c, v)| {
            let cell = match v.parse::<f64>() {
                _ if v.is_empty() => Cell::Empty,
                Ok(n) => Cell::Number(n),
                Err(_) => Cell::Text(v.to_string()),
            };
            (r as u32, c as u32, cell)
        })
    });
    Grid::from_cells(cells).expect("at most 240 cells")
}

fuzz_target!(|data: &[u8]| {
    // the plan once, and its 表1 titles as the reader has them for every sheet (built
    // once per thread, each title's field remembered)
    static PLAN: std::sync::OnceLock<Plan> = std::sync::OnceLock::new();
    let plan = PLAN.get_or_init(Plan::builtin);
    let titles = Table1Titles::for_plan(&plan.functions);
    let text = String::from_utf8_lossy(data);
    let grid = grid_of(&text);
    let rows = 0..grid.end_row();
    for labels in [UNIT_LABELS, MONTH_LABELS, DATE_LABELS] {
        let Some(found) = find_labelled(&grid, labels, rows.clone()) else {
            continue;
        };
        assert!(rows.contains(&found.row) && found.col < grid.end_col());
        assert!(!found.value.is_empty(), "{found:?}");
        let _ = (parse_month(&found.value), parse_date(&found.value));
        if let Some(t) = found.value.text() {
            let _ = (plan.find_unit_in_text(&t), plan.find_dissolved_in_text(&t));
        }
    }
    let t1 = |s: &str| titles.field(s);
    if let Some(map) = find_titles(&grid, &t1, Field::Name, 3) {
        assert!(map.first_title_row <= map.last_title_row);
        assert!(map.columns.values().all(|&c| c < grid.end_col()));
    }
    let _ = find_titles(&grid, &table2_field, ServiceField::Id, 3);
    let names: Vec<String> = text.split('\n').map(str::to_string).collect();
    let _ = (table1_candidates(&names), table2_sheet(&names));
});
