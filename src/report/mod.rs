//! Renderers: each reads Figures and the selection and writes one kind of output.

pub mod bulletin;
pub mod charts;
pub mod feedback;
pub mod heading;
pub mod narrative;
pub mod print;
pub mod summary;
pub mod table;
pub mod totals;
pub mod xlsx;
