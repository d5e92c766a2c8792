//! Ingest: from the inputs folder to parsed returns, one file at a time.
//!
//! `discover` lists the files; `workbook` opens one (any format, panics caught);
//! `locate` finds the sheets, the header block and the title rows; `rows` cuts the
//! table into data rows, total rows and footer. Reading runs on a worker per core;
//! every worker answers with a [`crate::validate::FileOutcome`].

pub mod discover;
pub mod grid;
pub mod guard;
pub mod identify;
pub mod locate;
pub mod read;
pub mod rows;
pub mod tables;
pub mod workbook;
