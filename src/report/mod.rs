//! Renderers: each reads Figures and the selection and writes one kind of output.

pub mod bulletin;
pub mod charts;
pub mod feedback;
pub mod narrative;
pub mod summary;
pub mod table;
pub mod xlsx;
