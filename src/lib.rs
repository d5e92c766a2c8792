//! xtic: the Xingtai innovation-complex reporting pipeline, as a library.
//!
//! The stages, in the order data flows through them (DESIGN.md): [`plan`] (the targets
//! as data), [`ingest`] (find, open and read returns), [`validate`] (row checks),
//! [`select`] (which data counts), [`aggregate`] (polars figures), [`report`]
//! (workbook, charts, summary, narrative, feedback) and [`publish`] (lock and atomic
//! swap). Beside them, the workbooks xtic hands out: [`template`] (blank and prefilled
//! returns) and [`sample`] (synthetic returns). [`cmd`] wires them into the subcommands
//! the binary offers and holds no logic of its own.
//!
//! `aggregate`, `report`, `template`, `sample` and `cmd` need the default feature
//! `report`; without it the crate is the readers, checks and plan alone, which is what
//! fuzz/ builds (no polars, plotters or writers under coverage instrumentation).

#[cfg(feature = "report")]
pub mod aggregate;
pub mod cli;
#[cfg(feature = "report")]
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
#[cfg(feature = "report")]
pub mod report;
#[cfg(feature = "report")]
pub mod sample;
pub mod schema;
pub mod select;
#[cfg(feature = "report")]
pub mod template;
pub mod validate;
pub mod wording;
