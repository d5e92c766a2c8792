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
    /// Rows holding anything, ascending, each with where its cells start in `cells`.
    rows: Vec<(u32, u32)>,
    /// The rows' cells one row after another, each row's ascending by column, with
    /// trailing blank cells trimmed (a row of blanks is no row). One vector for the
    /// sheet, not one per row: a return's rows are short and many.
    cells: Vec<(u32, Cell)>,
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
            Ok(i) => {
                let start = self.rows[i].1 as usize;
                &self.cells[start..self.row_end(i)]
            }
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
    /// Cells in reading order (row by row, each row by column: how a sheet is stored)
    /// go straight into place; the first out of order sends them all to be sorted.
    ///
    /// # Errors
    /// More than [`MAX_CELLS`] non-empty cells.
    pub fn from_cells(
        cells: impl IntoIterator<Item = (u32, u32, Cell)>,
    ) -> Result<Grid, TooManyCells> {
        let mut grid = Grid::default();
        let mut held = 0usize;
        let mut cells = cells.into_iter();
        for (r, c, v) in cells.by_ref() {
            if v == Cell::Empty {
                continue;
            }
            if held == MAX_CELLS {
                return Err(TooManyCells);
            }
            held += 1;
            if let Err(late) = grid.place(r, c, v) {
                // out of reading order: everything so far and the rest, sorted
                let mut all = grid.into_triples();
                all.push(late);
                for (r, c, v) in cells {
                    if v == Cell::Empty {
                        continue;
                    }
                    if all.len() == MAX_CELLS {
                        return Err(TooManyCells);
                    }
                    all.push((r, c, v));
                }
                return Ok(Grid::assemble(all));
            }
        }
        grid.trim();
        Ok(grid)
    }

    /// Puts a cell after the last one placed: in the last row after its last cell, over
    /// it (the same cell again: the later value wins), or first in a row below. A cell
    /// out of that order comes back.
    fn place(&mut self, r: u32, c: u32, v: Cell) -> Result<(), (u32, u32, Cell)> {
        let last_row = self.rows.last().map(|&(lr, _)| lr);
        match (last_row, self.cells.last_mut()) {
            (Some(lr), Some((lc, lv))) if lr == r && *lc == c => *lv = v,
            (Some(lr), Some((lc, _))) if lr == r && *lc < c => self.cells.push((c, v)),
            (Some(lr), _) if lr >= r => return Err((r, c, v)),
            _ => {
                self.rows.push((r, self.cells.len() as u32));
                self.cells.push((c, v));
            }
        }
        Ok(())
    }

    /// Where row `i`'s cells end in `cells`.
    fn row_end(&self, i: usize) -> usize {
        self.rows
            .get(i + 1)
            .map_or(self.cells.len(), |r| r.1 as usize)
    }

    /// Trims each row's trailing blank cells, drops the rows left with none, and notes
    /// the last column. Every row holds a cell before (rows are made with one).
    fn trim(&mut self) {
        let blank_end = |g: &Grid, i: usize| g.cells[g.row_end(i) - 1].1.is_empty();
        if (0..self.rows.len()).any(|i| blank_end(self, i)) {
            let rows = std::mem::take(&mut self.rows);
            let total = self.cells.len();
            let mut cells = std::mem::take(&mut self.cells).into_iter();
            for (i, &(r, start)) in rows.iter().enumerate() {
                let stop = rows.get(i + 1).map_or(total, |x| x.1 as usize);
                let begin = self.cells.len();
                self.cells
                    .extend(cells.by_ref().take(stop - start as usize));
                while self.cells.len() > begin
                    && self.cells.last().is_some_and(|(_, v)| v.is_empty())
                {
                    self.cells.pop();
                }
                if self.cells.len() > begin {
                    self.rows.push((r, begin as u32));
                }
            }
        }
        self.end_col = self.end_col_of();
    }

    fn end_col_of(&self) -> u32 {
        let ends = (0..self.rows.len()).map(|i| self.cells[self.row_end(i) - 1].0 + 1);
        ends.max().unwrap_or(0)
    }

    /// The cells placed so far, as (row, column, value) in reading order.
    fn into_triples(self) -> Vec<(u32, u32, Cell)> {
        let ends: Vec<usize> = (0..self.rows.len()).map(|i| self.row_end(i)).collect();
        let mut all = Vec::with_capacity(self.cells.len() + 1);
        let mut cells = self.cells.into_iter();
        for (&(r, start), end) in self.rows.iter().zip(ends) {
            all.extend(
                cells
                    .by_ref()
                    .take(end - start as usize)
                    .map(|(c, v)| (r, c, v)),
            );
        }
        all
    }

    fn assemble(mut all: Vec<(u32, u32, Cell)>) -> Grid {
        // stable: of two values for one position the later stays last, and wins
        all.sort_by_key(|(r, c, _)| (*r, *c));
        let mut grid = Grid::default();
        for (r, c, v) in all {
            // sorted, every cell is in reading order
            let placed = grid.place(r, c, v);
            debug_assert!(placed.is_ok(), "a sorted cell out of order");
        }
        grid.trim();
        grid
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

    /// What a grid should hold, computed the plain way: every cell in a map (the later
    /// value wins), then each row's trailing blanks trimmed.
    fn model(cells: &[(u32, u32, Cell)]) -> std::collections::BTreeMap<u32, Vec<(u32, Cell)>> {
        let mut at = std::collections::BTreeMap::new();
        for (r, c, v) in cells {
            if *v != Cell::Empty {
                at.insert((*r, *c), v.clone());
            }
        }
        let mut rows: std::collections::BTreeMap<u32, Vec<(u32, Cell)>> = Default::default();
        for ((r, c), v) in at {
            rows.entry(r).or_default().push((c, v));
        }
        for cells in rows.values_mut() {
            while cells.last().is_some_and(|(_, v)| v.is_empty()) {
                cells.pop();
            }
        }
        rows.retain(|_, cells| !cells.is_empty());
        rows
    }

    fn value() -> impl proptest::strategy::Strategy<Value = Cell> {
        use proptest::prelude::*;
        prop_oneof![
            Just(Cell::Empty),
            Just(t(" ")),
            Just(t("\u{3000}")),
            Just(t("a")),
            (1..4).prop_map(|n| Cell::Number(f64::from(n))),
        ]
    }

    proptest::proptest! {
        #[test]
        fn a_grid_holds_what_the_plain_model_holds(
            cells in proptest::collection::vec((0u32..5, 0u32..5, value()), 0..30),
            in_order in proptest::bool::ANY,
        ) {
            // in reading order (as a sheet is stored), or in any order at all
            let mut cells = cells;
            if in_order {
                cells.sort_by_key(|(r, c, _)| (*r, *c));
            }
            let want = model(&cells);
            let grid = Grid::from_cells(cells.clone()).unwrap();
            let rows: Vec<u32> = grid.rows_from(0).collect();
            proptest::prop_assert_eq!(&rows, &want.keys().copied().collect::<Vec<_>>());
            for r in 0..6 {
                let empty = Vec::new();
                let row = want.get(&r).unwrap_or(&empty);
                proptest::prop_assert_eq!(grid.row(r), row.as_slice(), "row {}", r);
                for c in 0..6 {
                    let v = row.iter().find(|(rc, _)| *rc == c).map_or(&Cell::Empty, |(_, v)| v);
                    proptest::prop_assert_eq!(grid.get(r, c), v);
                }
            }
            proptest::prop_assert_eq!(grid.end_row(), want.keys().last().map_or(0, |r| r + 1));
            let end_col = want.values().filter_map(|c| c.last().map(|(c, _)| c + 1)).max();
            proptest::prop_assert_eq!(grid.end_col(), end_col.unwrap_or(0));
        }
    }

    #[test]
    fn too_many_cells_is_refused() {
        let many = (0..=MAX_CELLS as u32).map(|i| (i, 0, Cell::Number(1.0)));
        assert_eq!(Grid::from_cells(many).unwrap_err(), TooManyCells);
    }
}
