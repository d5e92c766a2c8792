//! A sheet's cells, held sparsely: only the cells that hold something, row by row.
//!
//! A return is a few hundred cells; a stray keystroke at row 1,048,576 must not turn it
//! into a billion. Every walk over a sheet goes over the rows and cells that exist, so
//! time and memory grow with the cells written, never with the sheet's extent.

use crate::normalize::Cell;
use crate::validate::Row;

/// Non-empty cells per sheet that xtic reads; a sheet with more is refused (a real
/// return has a few thousand).
pub const MAX_CELLS: usize = 1_000_000;

/// A sheet holds more cells than [`MAX_CELLS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyCells;

/// A sheet's cells, addressed by absolute (zero-based) row and column.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// Rows holding anything, ascending; each row's cells ascending by column, with
    /// trailing blank cells trimmed (a row of blanks is no row).
    rows: Vec<(u32, Vec<(u32, Cell)>)>,
    end_col: u32,
}

static EMPTY: Cell = Cell::Empty;

impl Grid {
    pub fn get(&self, row: u32, col: u32) -> &Cell {
        let cells = self.row(row);
        match cells.binary_search_by_key(&col, |(c, _)| *c) {
            Ok(i) => &cells[i].1,
            Err(_) => &EMPTY,
        }
    }

    /// The cells of one row that hold something, by column.
    pub fn row(&self, row: u32) -> &[(u32, Cell)] {
        match self.rows.binary_search_by_key(&row, |(r, _)| *r) {
            Ok(i) => &self.rows[i].1,
            Err(_) => &[],
        }
    }

    /// One row, for the row checks.
    pub fn at(&self, row: u32) -> Row<'_> {
        Row {
            index: row,
            cells: self.row(row),
        }
    }

    /// The rows from `first` on that hold something, ascending.
    pub fn rows_from(&self, first: u32) -> impl Iterator<Item = u32> + '_ {
        let start = self.rows.partition_point(|(r, _)| *r < first);
        self.rows[start..].iter().map(|(r, _)| *r)
    }

    /// One past the last row holding anything.
    pub fn end_row(&self) -> u32 {
        self.rows.last().map_or(0, |(r, _)| r + 1)
    }

    /// One past the last column holding anything, in any row.
    pub fn end_col(&self) -> u32 {
        self.end_col
    }

    /// Builds a grid from cells given as (row, column, value), in any order; of two
    /// values for one cell the later wins. Empty values are dropped.
    ///
    /// # Errors
    /// More than [`MAX_CELLS`] non-empty cells.
    pub fn from_cells(
        cells: impl IntoIterator<Item = (u32, u32, Cell)>,
    ) -> Result<Grid, TooManyCells> {
        let mut all = Vec::new();
        for (r, c, v) in cells {
            if v == Cell::Empty {
                continue;
            }
            if all.len() == MAX_CELLS {
                return Err(TooManyCells);
            }
            all.push((r, c, v));
        }
        Ok(Grid::assemble(all))
    }

    fn assemble(mut all: Vec<(u32, u32, Cell)>) -> Grid {
        // stable: of two values for one position the later stays last, and wins
        all.sort_by_key(|(r, c, _)| (*r, *c));
        let mut rows: Vec<(u32, Vec<(u32, Cell)>)> = Vec::new();
        for (r, c, v) in all {
            match rows.last_mut() {
                Some((lr, cells)) if *lr == r => match cells.last_mut() {
                    Some((lc, lv)) if *lc == c => *lv = v,
                    _ => cells.push((c, v)),
                },
                _ => rows.push((r, vec![(c, v)])),
            }
        }
        for (_, cells) in &mut rows {
            while cells.last().is_some_and(|(_, v)| v.is_empty()) {
                cells.pop();
            }
        }
        rows.retain(|(_, cells)| !cells.is_empty());
        let end_col = rows
            .iter()
            .filter_map(|(_, cells)| cells.last().map(|(c, _)| c + 1))
            .max()
            .unwrap_or(0);
        Grid { rows, end_col }
    }

    /// Builds a grid from rows of cells starting at A1 (for tests).
    #[cfg(test)]
    pub fn from_rows(_name: &str, rows: Vec<Vec<Cell>>) -> Grid {
        let cells = rows.into_iter().enumerate().flat_map(|(r, row)| {
            row.into_iter()
                .enumerate()
                .map(move |(c, v)| (r as u32, c as u32, v))
        });
        Grid::from_cells(cells).expect("a small test grid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn sparse_cells_read_back_and_blanks_trim() {
        let g = Grid::from_cells([
            (1_048_575, 1, t("x")),
            (2, 0, t("a")),
            (2, 3, t("  ")),
            (4, 0, t(" ")),
            (2, 1, Cell::Number(1.0)),
            (2, 1, Cell::Number(2.0)),
        ])
        .unwrap();
        assert_eq!(g.get(2, 1), &Cell::Number(2.0), "the later value wins");
        assert_eq!(g.get(2, 3), &Cell::Empty, "trailing blanks are trimmed");
        assert_eq!(g.row(4), &[], "a row of blanks is no row");
        assert_eq!(g.end_row(), 1_048_576);
        assert_eq!(g.end_col(), 2);
        assert_eq!(g.rows_from(3).collect::<Vec<_>>(), [1_048_575]);
        assert_eq!(g.get(1_048_575, 1), &t("x"));
        assert_eq!(g.get(7, 7), &Cell::Empty);
    }

    #[test]
    fn too_many_cells_is_refused() {
        let many = (0..=MAX_CELLS as u32).map(|i| (i, 0, Cell::Number(1.0)));
        assert_eq!(Grid::from_cells(many).unwrap_err(), TooManyCells);
    }
}
