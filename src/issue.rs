//! Issue: one type for every problem found in the returns (docs/报表格式.md §七).
//!
//! Stages append Issues and never print or abort on data; the command layer turns the
//! list into console output, the 数据问题 sheet, the 退回 workbooks and exit codes.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    #[serde(rename = "错误")]
    Error,
    #[serde(rename = "警告")]
    Warning,
}

impl Severity {
    pub fn chinese(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        }
    }
}

/// What kind of problem an Issue is; the code is stable and appears in outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    // file errors: the file is rejected
    FileUnreadable,
    FileEncrypted,
    /// Beyond a size limit xtic sets (bytes on disk, inflated bytes, cells).
    FileTooLarge,
    /// The reader died or ran out of time or memory on this file (an isolated worker).
    ReaderFailed,
    /// A sub-folder of the inputs folder could not be listed.
    FolderUnreadable,
    NoTitleRow,
    UnitUnknown,
    UnitDissolved,
    UnitConflict,
    MonthUnknown,
    MonthConflict,
    DuplicateReturn,
    // row errors: the row is rejected
    NameMissing,
    UnitMismatch,
    StatusMissing,
    StatusUnknown,
    BuiltMonthMissing,
    BuiltAfterReturn,
    DuplicateComplex,
    DuplicateIdCitywide,
    AssessmentNotBuilt,
    ServiceRowUnnamed,
    // warnings: the row counts, the field is flagged
    RequiredMissing,
    IndustryUnknown,
    ValueUnparsed,
    ValueNegative,
    InvestSplitMismatch,
    InvestOverPlan,
    TotalMismatch,
    ComplexVanished,
    ServiceUnmatched,
    Table2Missing,
    ReturnLate,
    ReturnUndated,
    MonthMaybeOctober,
    ColumnUnknown,
    /// Cells far below a table (a stray keystroke), not read as rows.
    StrayCells,
    /// A folder link that loops or leads to a folder already read.
    LinkRepeated,
}

impl Rule {
    /// Short Chinese name of the rule, for the 数据问题 sheet's filter column.
    pub fn chinese(self) -> &'static str {
        use Rule::*;
        match self {
            FileUnreadable => "文件无法打开",
            FileEncrypted => "文件加密",
            FileTooLarge => "文件超出上限",
            ReaderFailed => "读取中止",
            FolderUnreadable => "文件夹无法读取",
            NoTitleRow => "找不到表头",
            UnitUnknown => "单位无法识别",
            UnitDissolved => "单位已撤销",
            UnitConflict => "单位不一致",
            MonthUnknown => "报告期无法识别",
            MonthConflict => "报告期不一致",
            DuplicateReturn => "重复报送",
            NameMissing => "缺少名称",
            UnitMismatch => "所在县区不符",
            StatusMissing => "缺少建设状态",
            StatusUnknown => "建设状态无法识别",
            BuiltMonthMissing => "缺少建成时间",
            BuiltAfterReturn => "建成时间晚于报告期",
            DuplicateComplex => "综合体重复",
            DuplicateIdCitywide => "编号全市重复",
            AssessmentNotBuilt => "未建成却有考核结果",
            ServiceRowUnnamed => "服务情况缺编号和名称",
            RequiredMissing => "必填项为空",
            IndustryUnknown => "产业无法识别",
            ValueUnparsed => "数值无法识别",
            ValueNegative => "数值为负",
            InvestSplitMismatch => "投资构成不符",
            InvestOverPlan => "完成投资超计划",
            TotalMismatch => "合计不符",
            ComplexVanished => "综合体消失",
            ServiceUnmatched => "服务情况无对应综合体",
            Table2Missing => "缺少表2",
            ReturnLate => "逾期报送",
            ReturnUndated => "缺少报出日期",
            MonthMaybeOctober => "月份可能有误",
            ColumnUnknown => "栏目无法识别",
            StrayCells => "表格下方有零散内容",
            LinkRepeated => "文件夹链接重复或循环",
        }
    }

    pub fn severity(self) -> Severity {
        use Rule::*;
        match self {
            FileUnreadable | FileEncrypted | FileTooLarge | ReaderFailed | FolderUnreadable
            | NoTitleRow | UnitUnknown | UnitDissolved | UnitConflict | MonthUnknown
            | MonthConflict | DuplicateReturn | NameMissing | UnitMismatch | StatusMissing
            | StatusUnknown | BuiltMonthMissing | BuiltAfterReturn | DuplicateComplex
            | DuplicateIdCitywide | AssessmentNotBuilt | ServiceRowUnnamed => Severity::Error,
            _ => Severity::Warning,
        }
    }
}

/// One problem, with its place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Issue {
    pub severity: Severity,
    pub rule: Rule,
    /// The unit the file belongs to, when known.
    pub unit: Option<String>,
    /// Path relative to the inputs folder, `/`-separated.
    pub file: String,
    pub sheet: Option<String>,
    /// `F12` for a cell, or None.
    pub cell: Option<String>,
    /// 1-based row in the sheet, when the problem is a row's.
    pub row: Option<u32>,
    /// The value seen, as text.
    pub value: Option<String>,
    /// What is wrong and what would be right, in Chinese.
    pub message: String,
}

impl Issue {
    pub fn new(rule: Rule, file: &str, message: impl Into<String>) -> Issue {
        Issue {
            severity: rule.severity(),
            rule,
            unit: None,
            file: file.to_string(),
            sheet: None,
            cell: None,
            row: None,
            value: None,
            message: message.into(),
        }
    }

    pub fn unit(mut self, unit: Option<&str>) -> Issue {
        self.unit = unit.map(str::to_string);
        self
    }

    pub fn sheet(mut self, sheet: &str) -> Issue {
        self.sheet = Some(sheet.to_string());
        self
    }

    pub fn at(mut self, row: u32, col: Option<u32>) -> Issue {
        self.row = Some(row + 1);
        self.cell = col.map(|c| crate::normalize::cell_ref(row, c));
        self
    }

    pub fn value(mut self, value: impl Into<String>) -> Issue {
        let v = value.into();
        self.value = (!v.is_empty()).then_some(v);
        self
    }

    /// Where, in words: `表1 综合体基本情况!F12` or `表1…第12行`.
    pub fn place(&self) -> String {
        let sheet = self.sheet.as_deref().unwrap_or("");
        match (&self.cell, self.row) {
            (Some(c), _) => format!("{sheet}!{c}"),
            (None, Some(r)) => format!("{sheet} 第{r}行"),
            _ => sheet.to_string(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
