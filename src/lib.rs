//! xtic: the Xingtai innovation-complex reporting pipeline, as a library.
//!
//! The stages, in the order data flows through them (DESIGN.md): [`plan`] (the targets
//! as data), [`ingest`] (find, open and read returns), [`validate`] (row checks),
//! [`select`] (which data counts), [`aggregate`] (polars figures), [`report`]
//! (workbook, charts, summary, narrative, feedback) and [`publish`] (lock and atomic
//! swap). [`cmd`] wires them into the subcommands the binary offers.

pub mod aggregate;
pub mod cli;
pub mod cmd;
pub mod exit;
pub mod figures;
pub mod ingest;
pub mod issue;
pub mod logging;
pub mod model;
pub mod normalize;
pub mod pipeline;
pub mod plan;
pub mod publish;
pub mod report;
pub mod schema;
pub mod select;
pub mod validate;
pub mod wording;
