//! 合计 cells as formulas: each is a SUM over its column (or, in a row's 合计 column,
//! over its row) with the computed value written as the formula's cached result, so a
//! figure stays right when someone edits a cell and every program shows it without
//! recalculating.

use rust_xlsxwriter::{Format, Formula, Worksheet, XlsxError};

use crate::normalize::column_letters;
use crate::report::table::{put, total_format, Columns, Placed, Table, V};

/// The cached value of a formula, as Excel writes it (the shortest text that reads back
/// as the same number).
pub(super) fn result_text(n: f64) -> String {
    format!("{n}")
}

impl Placed {
    /// An autofilter over the column titles and the data rows (not the 合计 row).
    ///
    /// # Errors
    /// rust_xlsxwriter's range checks.
    pub fn filter(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        let last = self.end_row.saturating_sub(1).max(self.first_row);
        ws.autofilter(self.head_row, self.first_col, last, self.last_col)?;
        Ok(())
    }

    /// Writes the 合计 of sheet column `c` as a SUM over the data rows whose cached
    /// value is `value` (a figure computed elsewhere that equals the column's sum).
    ///
    /// # Errors
    /// rust_xlsxwriter's range checks.
    pub fn total(
        &self,
        ws: &mut Worksheet,
        c: u16,
        value: f64,
        f: &Format,
    ) -> Result<(), XlsxError> {
        let Some(r) = self.total_row else {
            return Ok(());
        };
        match self.sum_formula(c, value) {
            Some(formula) => ws.write_formula_with_format(r, c, formula, f)?,
            None => ws.write_number_with_format(r, c, value, f)?,
        };
        Ok(())
    }

    /// `=SUM(C5:C24)` over the data rows of sheet column `c`, if there are any.
    fn sum_formula(&self, c: u16, value: f64) -> Option<Formula> {
        let last = self.last_row()?;
        let l = column_letters(u32::from(c));
        let text = format!("=SUM({l}{}:{l}{})", self.first_row + 1, last + 1);
        Some(Formula::new(text).set_result(result_text(value)))
    }
}

impl Table<'_> {
    /// The 合计 row: the word in the first column, a SUM formula with its value under
    /// each summed column.
    pub(super) fn total_row(
        &self,
        ws: &mut Worksheet,
        r: u32,
        (first_row, end_row): (u32, u32),
        at: &Columns,
    ) -> Result<(), XlsxError> {
        let f = self.formats;
        let sum_cols = self.total.as_deref().unwrap_or(&[]);
        let rows = Placed {
            head_row: first_row.saturating_sub(1),
            first_row,
            end_row,
            total_row: Some(r),
            next_row: r + 1,
            first_col: 0,
            last_col: 0,
            height: 0.0,
        };
        for i in 0..self.cols.len() {
            let (c, span) = (at.pos[i], at.spans[i]);
            if i > 0 && sum_cols.contains(&i) {
                let v = self.column_total(i);
                let format = total_format(&v, f);
                if span > 1 {
                    ws.merge_range(r, c, r, c + span - 1, "", format)?;
                }
                let (V::N(n) | V::W(n) | V::F(n)) = v else {
                    continue;
                };
                rows.total(ws, c, n, format)?;
            } else {
                let v = if i == 0 {
                    V::S("合计".into())
                } else {
                    V::Blank
                };
                put(ws, r, (c, span), &v, f, Some(total_format(&v, f)))?;
            }
        }
        Ok(())
    }
}
