//! The typed records a return yields: complexes (表1 rows) and service rows (表2 rows),
//! each with the problems found on it and its place in the file. They serialize so that
//! a worker process can send what it read back to the run (see `ingest::pool`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::issue::Issue;
use crate::normalize::YearMonth;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Status {
    Planned,
    Building,
    Built,
}

impl Status {
    pub fn chinese(self) -> &'static str {
        match self {
            Status::Planned => "谋划",
            Status::Building => "在建",
            Status::Built => "建成运营",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Assessment {
    #[default]
    NotAssessed,
    Passed,
    Failed,
}

impl Assessment {
    pub fn chinese(self) -> &'static str {
        match self {
            Assessment::NotAssessed => "未考核",
            Assessment::Passed => "通过",
            Assessment::Failed => "未通过",
        }
    }
}

/// One 表1 row, typed. Fields that did not parse are None (with a warning).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Complex {
    pub unit: String,
    pub id: Option<String>,
    pub name: String,
    pub host: Option<String>,
    /// Plan industry, or 未分类.
    pub industry: String,
    /// The text the return gave.
    pub industry_raw: Option<String>,
    pub build_mode: Option<String>,
    pub funding: Option<String>,
    pub operating_model: Option<String>,
    pub status: Option<Status>,
    pub started: Option<YearMonth>,
    pub built: Option<YearMonth>,
    pub area_m2: Option<f64>,
    pub invest_planned: Option<f64>,
    pub invest_done: Option<f64>,
    pub invest_gov: Option<f64>,
    pub invest_private: Option<f64>,
    pub functions: Vec<bool>,
    pub resident_orgs: Option<f64>,
    pub assessment: Assessment,
    pub note: Option<String>,
}

impl Complex {
    /// The key a complex is followed by across months: its 编号, else its name.
    pub fn key(&self) -> String {
        match &self.id {
            Some(id) => format!("#{}", crate::normalize::fold(id)),
            None => crate::normalize::fold(&self.name),
        }
    }
}

/// A 表1 row with its place and problems.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ComplexRow {
    pub complex: Complex,
    /// 1-based row in the sheet.
    pub row: u32,
    /// Zero-based columns of the 编号 and name cells, for problems that point at them.
    pub id_col: Option<u32>,
    pub name_col: Option<u32>,
    pub issues: Vec<Issue>,
}

impl ComplexRow {
    pub fn rejected(&self) -> bool {
        self.issues.iter().any(Issue::is_error)
    }
}

/// A 表2 row.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServiceRow {
    pub id: Option<String>,
    pub name: Option<String>,
    pub values: [Option<f64>; 10],
    pub row: u32,
    /// Index of the matching 表1 complex in the same return.
    pub matched: Option<usize>,
    pub issues: Vec<Issue>,
}

impl ServiceRow {
    pub fn rejected(&self) -> bool {
        self.issues.iter().any(Issue::is_error)
    }
}

/// A return whose unit and month are known.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Return {
    pub file: String,
    pub sha256: String,
    pub unit: String,
    pub month: YearMonth,
    #[serde(with = "days")]
    pub reported: Option<NaiveDate>,
    /// Zero-based (row, column) of the 报出日期 value on 表1, when found.
    pub reported_cell: Option<(u32, u32)>,
    /// The table, or the file errors that reject it.
    pub body: Result<Body, Vec<Issue>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Body {
    pub sheet1: String,
    pub complexes: Vec<ComplexRow>,
    /// None when the return has no usable 表2.
    pub sheet2: Option<String>,
    pub services: Vec<ServiceRow>,
    /// Problems of the file as a whole, or of its 合计 rows (warnings only).
    pub issues: Vec<Issue>,
}

/// What reading one file gave.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum FileOutcome {
    /// Unit and month known; the body may still be rejected.
    Return(Box<Return>),
    /// Could not be opened, or its unit or month is unknown or in conflict.
    Rejected {
        file: String,
        sha256: String,
        unit: Option<String>,
        issues: Vec<Issue>,
    },
}

/// A date as its day number (from 1 January of year 1), for the worker pipe; keeps
/// chrono's own serde feature (and a rebuild of everything using chrono) out of it.
mod days {
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        d.map(|d| d.num_days_from_ce()).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        Ok(Option::<i32>::deserialize(d)?.and_then(NaiveDate::from_num_days_from_ce_opt))
    }
}
