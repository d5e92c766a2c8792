//! Row checks: a table row's cells become a typed record plus the problems found on
//! it (docs/报表格式.md §三, §五). Nothing here aborts: a bad cell is a flagged null, a bad row
//! is a rejected row, and both are listed.
//!
//! Data flows one way: `ingest` finds the tables and hands their rows here as
//! [`Row`]s with a [`TitleMap`] (which field is in which column); nothing here knows
//! about files, workbooks or sheets beyond their names in messages.
//!
//! `complex` types 表1 rows and finds duplicates, `services` types 表2 rows and matches
//! them to 表1, `totals` checks 合计 rows.

mod complex;
mod services;
#[cfg(test)]
mod tests;
mod totals;

pub use complex::{check_duplicates, complex_row};
pub use services::{match_services, service_row};
pub use totals::{check_total, column_sums, table1_numeric, table2_numeric};

use crate::issue::{Issue, Rule};
use crate::normalize::{Cell, YearMonth};
use crate::plan::Plan;
pub use crate::schema::TitleMap;

/// Where a row stands: the file, sheet, unit and month it belongs to.
pub struct Ctx<'a> {
    pub plan: &'a Plan,
    pub file: &'a str,
    pub sheet: &'a str,
    pub unit: &'a str,
    pub month: YearMonth,
}

impl Ctx<'_> {
    pub fn issue(&self, rule: Rule, row: u32, col: Option<u32>, message: String) -> Issue {
        Issue::new(rule, self.file, message)
            .unit(Some(self.unit))
            .sheet(self.sheet)
            .at(row, col)
    }
}

static EMPTY: Cell = Cell::Empty;

/// One row of a table: its zero-based row number and the cells that hold something,
/// ascending by column.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    pub index: u32,
    pub cells: &'a [(u32, Cell)],
}

impl<'a> Row<'a> {
    /// The cell in column `col` (zero-based), empty when nothing is there.
    pub fn get(&self, col: u32) -> &'a Cell {
        match self.cells.binary_search_by_key(&col, |(c, _)| *c) {
            Ok(i) => &self.cells[i].1,
            Err(_) => &EMPTY,
        }
    }

    /// The cell of `field`, empty when the table has no such column.
    pub fn field<F: Copy + Eq + std::hash::Hash>(&self, map: &TitleMap<F>, field: F) -> &'a Cell {
        match map.col(field) {
            Some(c) => self.get(c),
            None => &EMPTY,
        }
    }
}
