//! Renderers: each reads Figures and the selection and writes one kind of output.
//! `plots` draws the PNG/SVG chart images (plotters); `xlsx::charts` writes the
//! workbook's native Excel charts.

pub mod bulletin;
pub mod feedback;
pub mod heading;
pub mod narrative;
pub mod plots;
pub mod print;
pub mod summary;
pub mod table;
pub mod totals;
pub mod xlsx;
