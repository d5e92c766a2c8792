//! Row checks: a table row's cells become a typed record plus the problems found on
//! it (docs/报表格式.md §五, §七). Nothing here aborts: a bad cell is a flagged null, a bad row
//! is a rejected row, and both are listed.

use std::collections::HashMap;

use crate::ingest::locate::TitleMap;
use crate::ingest::workbook::Grid;
use crate::issue::{Issue, Rule};
use crate::model::{Assessment, Complex, ComplexRow, ServiceRow, Status};
use crate::normalize::{
    fold, format_number, parse_month, parse_number, parse_yes_no, Cell, Parsed, YearMonth,
};
use crate::plan::{Plan, UNCLASSIFIED};
use crate::schema::{self, Field, Kind, ServiceField, MEASURES};

/// Where a row stands: the file, sheet, unit and month it belongs to.
pub struct Ctx<'a> {
    pub plan: &'a Plan,
    pub file: &'a str,
    pub sheet: &'a str,
    pub unit: &'a str,
    pub month: YearMonth,
}

impl Ctx<'_> {
    pub fn issue(&self, rule: Rule, row: u32, col: Option<u32>, message: String) -> Issue {
        Issue::new(rule, self.file, message)
            .unit(Some(self.unit))
            .sheet(self.sheet)
            .at(row, col)
    }
}

/// Typed reading of a 表1 row (zero-based `row`).
pub fn complex_row(grid: &Grid, map: &TitleMap<Field>, row: u32, ctx: &Ctx) -> ComplexRow {
    let mut r = RowReader {
        grid,
        map,
        row,
        ctx,
        issues: Vec::new(),
    };
    let name = r.text(Field::Name);
    let mut c = Complex {
        unit: ctx.unit.to_string(),
        id: r.text(Field::Id),
        name: name.clone().unwrap_or_default(),
        host: r.required_text(Field::Host),
        ..Complex::default()
    };
    if name.is_none() {
        r.flag(
            Rule::NameMissing,
            Field::Name,
            "综合体名称为空。每一行综合体都须填写名称；如该行不是综合体，请删除该行。".into(),
        );
    }
    r.check_unit();
    c.industry = r.industry(&mut c.industry_raw);
    c.build_mode = r.choice(Field::BuildMode, schema::BUILD_MODES);
    c.funding = r.choice(Field::Funding, schema::FUNDINGS);
    c.operating_model = r.choice(Field::OperatingModel, schema::OPERATING_MODELS);
    c.status = r.status();
    c.started = r.month(Field::Started);
    c.built = r.built_month(c.status);
    c.area_m2 = r.number(Field::Area, false);
    c.invest_planned = r.number(Field::InvestPlanned, false);
    c.invest_done = r.number(Field::InvestDone, false);
    c.invest_gov = r.number(Field::InvestGov, false);
    c.invest_private = r.number(Field::InvestPrivate, false);
    r.check_investment(&c);
    c.functions = (0..ctx.plan.functions.len())
        .map(|i| r.yes_no(Field::Function(i)))
        .collect();
    c.resident_orgs = r.number(Field::ResidentOrgs, true);
    c.assessment = r.assessment(c.status);
    c.note = r.text(Field::Note);
    ComplexRow {
        complex: c,
        row: row + 1,
        id_col: map.col(Field::Id),
        name_col: map.col(Field::Name),
        issues: r.issues,
    }
}

struct RowReader<'a> {
    grid: &'a Grid,
    map: &'a TitleMap<Field>,
    row: u32,
    ctx: &'a Ctx<'a>,
    issues: Vec<Issue>,
}

impl RowReader<'_> {
    fn cell(&self, field: Field) -> &Cell {
        match self.map.col(field) {
            Some(c) => self.grid.get(self.row, c),
            None => &Cell::Empty,
        }
    }

    fn title(&self, field: Field) -> String {
        schema::table1_title(field, &self.ctx.plan.functions)
    }

    fn flag(&mut self, rule: Rule, field: Field, message: String) {
        let value = self.cell(field).display();
        let col = self.map.col(field);
        let issue = self.ctx.issue(rule, self.row, col, message).value(value);
        self.issues.push(issue);
    }

    fn text(&self, field: Field) -> Option<String> {
        self.cell(field).text()
    }

    fn required_text(&mut self, field: Field) -> Option<String> {
        let v = self.text(field);
        if v.is_none() {
            let t = self.title(field);
            self.flag(
                Rule::RequiredMissing,
                field,
                format!("“{t}”为必填项，此处为空。请补填。"),
            );
        }
        v
    }

    fn check_unit(&mut self) {
        let Some(text) = self.text(Field::Unit) else {
            return;
        };
        let plan = self.ctx.plan;
        let unit = plan
            .match_unit_exact(&text)
            .or_else(|| plan.find_unit_in_text(&text));
        if unit != Some(self.ctx.unit) {
            let msg = format!(
                "所在县（市、区）填的是“{text}”，与本报表的填报单位“{}”不一致。各单位只报本地的综合体；如属笔误请改为“{}”。",
                self.ctx.unit, self.ctx.unit
            );
            self.flag(Rule::UnitMismatch, Field::Unit, msg);
        }
    }

    fn industry(&mut self, raw_out: &mut Option<String>) -> String {
        let Some(raw) = self.text(Field::Industry) else {
            self.flag(
                Rule::RequiredMissing,
                Field::Industry,
                "“主导产业”为必填项，此处为空，暂计入“未分类”。请按计划中的产业名称补填。".into(),
            );
            return UNCLASSIFIED.to_string();
        };
        *raw_out = Some(raw.clone());
        match self.ctx.plan.match_industry(&raw) {
            Some(i) => i.name.clone(),
            None => {
                let names: Vec<&str> = self
                    .ctx
                    .plan
                    .industries
                    .iter()
                    .map(|i| i.name.as_str())
                    .collect();
                self.flag(
                    Rule::IndustryUnknown,
                    Field::Industry,
                    format!(
                        "主导产业“{raw}”不在计划的产业目录中，暂计入“未分类”。请改填其中之一：{}。",
                        names.join("、")
                    ),
                );
                UNCLASSIFIED.to_string()
            }
        }
    }

    fn choice(&mut self, field: Field, options: &[&str]) -> Option<String> {
        let required = schema::table1_def(field).is_some_and(|d| d.required);
        let Some(raw) = self.text(field) else {
            if required {
                let t = self.title(field);
                self.flag(
                    Rule::RequiredMissing,
                    field,
                    format!(
                        "“{t}”为必填项，此处为空。请填写{}之一。",
                        options.join("、")
                    ),
                );
            }
            return None;
        };
        let f = fold(&raw);
        if let Some(o) = options.iter().find(|o| fold(o) == f) {
            return Some(o.to_string());
        }
        let t = self.title(field);
        self.flag(
            Rule::ValueUnparsed,
            field,
            format!("“{t}”填的“{raw}”无法识别，应为{}之一。", options.join("、")),
        );
        None
    }

    fn status(&mut self) -> Option<Status> {
        let Some(raw) = self.text(Field::Status) else {
            self.flag(
                Rule::StatusMissing,
                Field::Status,
                "建设状态为空。请填写 谋划、在建 或 建成运营。".into(),
            );
            return None;
        };
        match fold(&raw).as_str() {
            "谋划" => Some(Status::Planned),
            "在建" => Some(Status::Building),
            "建成运营" | "建成" | "已建成" | "运营" | "已建成运营" => {
                Some(Status::Built)
            }
            _ => {
                self.flag(
                    Rule::StatusUnknown,
                    Field::Status,
                    format!("建设状态“{raw}”无法识别。请填写 谋划、在建 或 建成运营。"),
                );
                None
            }
        }
    }

    fn month(&mut self, field: Field) -> Option<YearMonth> {
        let cell = self.cell(field).clone();
        match parse_month(&cell) {
            Parsed::Null => None,
            Parsed::Value(v) => {
                if v.maybe_october {
                    let t = self.title(field);
                    let y = v.month.year;
                    self.flag(
                        Rule::MonthMaybeOctober,
                        field,
                        format!("“{t}”填的是数字 {y}.1，按 {y}年1月 读取；如本意是 {y}年10月，Excel 会把 {y}.10 存成 {y}.1，请改为文本“{y}年10月”。"),
                    );
                }
                Some(v.month)
            }
            Parsed::Bad(seen) => {
                let t = self.title(field);
                self.flag(Rule::ValueUnparsed, field, format!("“{t}”填的“{seen}”不是可识别的月份，应写成如“2021年5月”或“2021-05”。已按未填处理。"));
                None
            }
        }
    }

    fn built_month(&mut self, status: Option<Status>) -> Option<YearMonth> {
        if status != Some(Status::Built) {
            return self.month(Field::Built);
        }
        let cell = self.cell(Field::Built).clone();
        let m = match parse_month(&cell) {
            Parsed::Value(v) => {
                if v.maybe_october {
                    let y = v.month.year;
                    self.flag(
                        Rule::MonthMaybeOctober,
                        Field::Built,
                        format!("建成时间填的是数字 {y}.1，按 {y}年1月 读取；如本意是 {y}年10月，请改为文本“{y}年10月”。"),
                    );
                }
                v.month
            }
            _ => {
                self.flag(
                    Rule::BuiltMonthMissing,
                    Field::Built,
                    "建设状态为“建成运营”，但建成时间为空或无法识别。请填写建成的年月，如“2021年5月”。".into(),
                );
                return None;
            }
        };
        if m > self.ctx.month {
            let month = self.ctx.month.chinese_short();
            self.flag(
                Rule::BuiltAfterReturn,
                Field::Built,
                format!("建成时间 {} 晚于本报表的报告期 {month}，尚未建成的综合体不能填“建成运营”。请核实建成时间或建设状态。", m.chinese_short()),
            );
        }
        Some(m)
    }

    fn number(&mut self, field: Field, integer: bool) -> Option<f64> {
        let cell = self.cell(field).clone();
        let t = self.title(field);
        match parse_number(&cell) {
            Parsed::Null => None,
            Parsed::Value(v) if v < 0.0 => {
                self.flag(
                    Rule::ValueNegative,
                    field,
                    format!(
                        "“{t}”为负数 {}，应为不小于 0 的数。已按未填处理。",
                        format_number(v)
                    ),
                );
                None
            }
            Parsed::Value(v) if integer && v.fract() != 0.0 => {
                self.flag(
                    Rule::ValueUnparsed,
                    field,
                    format!("“{t}”应为整数，此处为 {}。已按未填处理。", format_number(v)),
                );
                None
            }
            Parsed::Value(v) => Some(v),
            Parsed::Bad(seen) => {
                self.flag(
                    Rule::ValueUnparsed,
                    field,
                    format!("“{t}”填的“{seen}”不是数字，应填写数值（如 1200.5）。已按未填处理。"),
                );
                None
            }
        }
    }

    fn yes_no(&mut self, field: Field) -> bool {
        let cell = self.cell(field).clone();
        match parse_yes_no(&cell) {
            Parsed::Value(b) => b,
            Parsed::Null => false,
            Parsed::Bad(seen) => {
                let t = self.title(field);
                self.flag(Rule::ValueUnparsed, field, format!("功能“{t}”填的“{seen}”无法识别，应填“是”或“否”（或 √/空白）。已按“否”处理。"));
                false
            }
        }
    }

    fn assessment(&mut self, status: Option<Status>) -> Assessment {
        let Some(raw) = self.text(Field::Assessment) else {
            return Assessment::NotAssessed;
        };
        let a = match fold(&raw).as_str() {
            "未考核" | "未开展" | "暂未考核" => Assessment::NotAssessed,
            "通过" | "考核通过" | "已通过" | "合格" => Assessment::Passed,
            "未通过" | "不通过" | "考核未通过" | "不合格" => Assessment::Failed,
            _ => {
                self.flag(
                    Rule::ValueUnparsed,
                    Field::Assessment,
                    format!(
                        "考核结果“{raw}”无法识别，应为{}之一。已按未考核处理。",
                        schema::ASSESSMENTS.join("、")
                    ),
                );
                return Assessment::NotAssessed;
            }
        };
        if a != Assessment::NotAssessed && status.is_some() && status != Some(Status::Built) {
            self.flag(
                Rule::AssessmentNotBuilt,
                Field::Assessment,
                format!("综合体尚未建成运营，考核结果却填“{raw}”。考核在建成运营后进行，请核实建设状态或清空考核结果。"),
            );
        }
        a
    }

    fn check_investment(&mut self, c: &Complex) {
        if let (Some(done), Some(gov), Some(private)) =
            (c.invest_done, c.invest_gov, c.invest_private)
        {
            if (gov + private - done).abs() > 0.01 {
                self.flag(
                    Rule::InvestSplitMismatch,
                    Field::InvestDone,
                    format!(
                        "财政资金 {} + 社会资本 {} = {}，与累计完成投资 {} 不符。两项之和应等于累计完成投资，请核实。",
                        format_number(gov), format_number(private), format_number(gov + private), format_number(done)
                    ),
                );
            }
        }
        if let (Some(done), Some(planned)) = (c.invest_done, c.invest_planned) {
            if planned > 0.0 && done > 1.5 * planned {
                self.flag(
                    Rule::InvestOverPlan,
                    Field::InvestDone,
                    format!("累计完成投资 {} 万元超过计划总投资 {} 万元的 1.5 倍，请核实是否多填了位数或单位（应以万元计）。", format_number(done), format_number(planned)),
                );
            }
        }
    }
}

/// Marks complexes listed twice in one return (same 编号, or same name): both rows rejected.
pub fn check_duplicates(rows: &mut [ComplexRow], ctx: &Ctx) {
    // the key is the 编号, or unit + name where the 编号 is blank (docs/报表格式.md §三); rows are
    // grouped by key in one pass, so a long return costs linear time
    let mut groups: HashMap<(bool, String), Vec<usize>> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        let c = &row.complex;
        let key = match &c.id {
            Some(id) => (true, fold(id)),
            None if !c.name.is_empty() => (false, fold(&c.name)),
            None => continue,
        };
        groups.entry(key).or_default().push(i);
    }
    let mut dup = vec![false; rows.len()];
    for members in groups.values().filter(|m| m.len() > 1) {
        for &i in members {
            dup[i] = true;
        }
    }
    for (i, row) in rows.iter_mut().enumerate() {
        if dup[i] {
            let col = if row.complex.id.is_some() {
                row.id_col
            } else {
                row.name_col
            };
            let value = row
                .complex
                .id
                .clone()
                .unwrap_or_else(|| row.complex.name.clone());
            let issue = ctx
                .issue(
                    Rule::DuplicateComplex,
                    row.row - 1,
                    col,
                    format!("综合体“{}”在本报表中出现不止一次，重复的各行均不计入。每个综合体只应填一行，请删除重复行。", row.complex.name),
                )
                .value(value);
            row.issues.push(issue);
        }
    }
}

/// Typed reading of a 表2 row.
pub fn service_row(grid: &Grid, map: &TitleMap<ServiceField>, row: u32, ctx: &Ctx) -> ServiceRow {
    let get = |f: ServiceField| map.col(f).map(|c| grid.get(row, c)).unwrap_or(&Cell::Empty);
    let mut out = ServiceRow {
        id: get(ServiceField::Id).text(),
        name: get(ServiceField::Name).text(),
        values: [None; 10],
        row: row + 1,
        matched: None,
        issues: Vec::new(),
    };
    let mut any_value = false;
    for (i, m) in MEASURES.iter().enumerate() {
        let Some(col) = map.col(ServiceField::Measure(i)) else {
            continue;
        };
        let cell = grid.get(row, col);
        let title = format!("{}（{}）", m.title, m.unit);
        let bad = |rule, msg: String| ctx.issue(rule, row, Some(col), msg).value(cell.display());
        match parse_number(cell) {
            Parsed::Null => {}
            Parsed::Value(v) if v < 0.0 => {
                any_value = true;
                out.issues.push(bad(
                    Rule::ValueNegative,
                    format!(
                        "“{title}”为负数 {}，应不小于 0。已按未填处理。",
                        format_number(v)
                    ),
                ));
            }
            Parsed::Value(v) if m.integer && v.fract() != 0.0 => {
                any_value = true;
                out.issues.push(bad(
                    Rule::ValueUnparsed,
                    format!(
                        "“{title}”应为整数，此处为 {}。已按未填处理。",
                        format_number(v)
                    ),
                ));
            }
            Parsed::Value(v) => {
                any_value = true;
                out.values[i] = Some(v);
            }
            Parsed::Bad(seen) => {
                any_value = true;
                out.issues.push(bad(
                    Rule::ValueUnparsed,
                    format!("“{title}”填的“{seen}”不是数字，应填写数值。已按未填处理。"),
                ));
            }
        }
    }
    if out.id.is_none() && out.name.is_none() && any_value {
        let col = map.col(ServiceField::Name).or(map.col(ServiceField::Id));
        out.issues.push(ctx.issue(
            Rule::ServiceRowUnnamed,
            row,
            col,
            "表2 此行填了服务数据，但综合体编号和名称都为空，无法对应到综合体，不计入。请补填编号或名称。".into(),
        ));
    }
    out
}

/// The first 表1 row of each 编号 and each name, among the rows `eligible` admits
/// (built once per return, so matching 表2 rows costs linear time).
struct ComplexIndex {
    by_id: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
}

impl ComplexIndex {
    fn new(complexes: &[ComplexRow], eligible: impl Fn(&ComplexRow) -> bool) -> ComplexIndex {
        let mut by_id = HashMap::new();
        let mut by_name = HashMap::new();
        for (i, c) in complexes.iter().enumerate().filter(|(_, c)| eligible(c)) {
            if let Some(id) = &c.complex.id {
                by_id.entry(fold(id)).or_insert(i);
            }
            by_name.entry(fold(&c.complex.name)).or_insert(i);
        }
        ComplexIndex { by_id, by_name }
    }

    /// The 表1 row a 表2 row stands for: by 编号, else by name.
    fn find(&self, s: &ServiceRow) -> Option<usize> {
        let by_id = s.id.as_deref().and_then(|id| self.by_id.get(&fold(id)));
        by_id
            .or_else(|| s.name.as_deref().and_then(|n| self.by_name.get(&fold(n))))
            .copied()
    }
}

/// Matches 表2 rows to 表1 complexes: by 编号 when it is in 表1, else by name.
pub fn match_services(
    services: &mut [ServiceRow],
    complexes: &[ComplexRow],
    cols: (Option<u32>, Option<u32>),
    ctx: &Ctx,
) {
    let (id_col, name_col) = cols;
    let counted = ComplexIndex::new(complexes, |c| !c.rejected());
    let rejected = ComplexIndex::new(complexes, ComplexRow::rejected);
    for s in services.iter_mut() {
        if s.rejected() {
            continue;
        }
        s.matched = counted.find(s);
        if s.matched.is_some() {
            continue;
        }
        let what = s.name.clone().or(s.id.clone()).unwrap_or_default();
        let message = if rejected.find(s).is_some() {
            format!("表2 的“{what}”对应的表1 行有错误、未计入，其服务数据计入本单位和全市合计，不计入任何产业。请改正表1 中该综合体的错误。")
        } else {
            format!("表2 的“{what}”在表1 中找不到对应的综合体（按编号和名称都未找到）。其服务数据计入本单位和全市合计，不计入任何产业。请核对编号或名称。")
        };
        let col = if s.name.is_some() { name_col } else { id_col };
        s.issues.push(
            ctx.issue(Rule::ServiceUnmatched, s.row - 1, col, message)
                .value(what),
        );
    }
}

/// Checks a 合计 row against the sum of the data rows, column by column.
/// `sums` are the data rows' sums of `numeric_cols` ([`column_sums`]), computed once
/// for all the 合计 rows of a table.
pub fn check_total(
    grid: &Grid,
    total_row: u32,
    sums: &[f64],
    numeric_cols: &[(u32, String)],
    ctx: &Ctx,
) -> Vec<Issue> {
    let mut out = Vec::new();
    for ((col, title), &sum) in numeric_cols.iter().zip(sums) {
        let Parsed::Value(stated) = parse_number(grid.get(total_row, *col)) else {
            continue;
        };
        if (stated - sum).abs() > 0.01 + 1e-9 * sum.abs() {
            out.push(
                ctx.issue(
                    Rule::TotalMismatch,
                    total_row,
                    Some(*col),
                    format!(
                        "合计行“{title}”为 {}，但各行之和为 {}。请核对合计或各行数据。",
                        format_number(stated),
                        format_number((sum * 100.0).round() / 100.0)
                    ),
                )
                .value(format_number(stated)),
            );
        }
    }
    out
}

/// The sum of each of `numeric_cols` over the data rows (nulls skipped).
pub fn column_sums(grid: &Grid, data_rows: &[u32], numeric_cols: &[(u32, String)]) -> Vec<f64> {
    numeric_cols
        .iter()
        .map(|(col, _)| {
            data_rows
                .iter()
                .filter_map(|r| parse_number(grid.get(*r, *col)).value())
                .sum()
        })
        .collect()
}

/// The numeric columns of 表1 that a 合计 row sums.
pub fn table1_numeric(map: &TitleMap<Field>, plan: &Plan) -> Vec<(u32, String)> {
    let mut out: Vec<(u32, String)> = map
        .columns
        .iter()
        .filter(|(f, _)| {
            matches!(schema::table1_def(**f).map(|d| d.kind), Some(Kind::Number))
                || **f == Field::ResidentOrgs
        })
        .map(|(f, c)| (*c, schema::table1_title(*f, &plan.functions)))
        .collect();
    out.sort();
    out
}

/// The measure columns of 表2.
pub fn table2_numeric(map: &TitleMap<ServiceField>) -> Vec<(u32, String)> {
    let mut out: Vec<(u32, String)> = map
        .columns
        .iter()
        .filter_map(|(f, c)| match f {
            ServiceField::Measure(i) => Some((
                *c,
                format!("{}（{}）", MEASURES[*i].title, MEASURES[*i].unit),
            )),
            _ => None,
        })
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test_ctx<'a>(plan: &'a Plan, sheet: &'a str) -> Ctx<'a> {
        Ctx {
            plan,
            file: "f.xlsx",
            sheet,
            unit: "清河县",
            month: YearMonth::new(2022, 6).unwrap(),
        }
    }

    fn complex(id: Option<&str>, name: &str, rejected: bool) -> ComplexRow {
        let plan = crate::plan::Plan::builtin();
        let ctx = test_ctx(&plan, "表1");
        let issues = if rejected {
            vec![ctx.issue(Rule::StatusMissing, 5, Some(9), String::new())]
        } else {
            vec![]
        };
        ComplexRow {
            complex: Complex {
                id: id.map(str::to_string),
                name: name.into(),
                ..Complex::default()
            },
            row: 6,
            id_col: Some(1),
            name_col: Some(2),
            issues,
        }
    }

    fn service(id: Option<&str>, name: Option<&str>) -> ServiceRow {
        ServiceRow {
            id: id.map(str::to_string),
            name: name.map(str::to_string),
            values: [Some(1.0); 10],
            row: 5,
            matched: None,
            issues: vec![],
        }
    }

    #[test]
    fn services_match_by_id_then_name_and_name_a_rejected_twin() {
        let plan = crate::plan::Plan::builtin();
        let ctx = test_ctx(&plan, "表2");
        let complexes = vec![
            complex(Some("QH-1"), "甲", false),
            complex(Some("QH-2"), "乙", false),
            complex(None, "丙", true),
        ];
        let mut rows = vec![
            service(Some("QH-2"), Some("甲")), // the 编号 wins over the name
            service(None, Some(" 甲 ")),       // by name, spaces folded
            service(None, Some("丙")),         // its 表1 row was rejected
            service(Some("QH-9"), Some("丁")), // nowhere
        ];
        match_services(&mut rows, &complexes, (Some(1), Some(2)), &ctx);
        assert_eq!(
            rows.iter().map(|r| r.matched).collect::<Vec<_>>(),
            [Some(1), Some(0), None, None]
        );
        assert!(rows[0].issues.is_empty() && rows[1].issues.is_empty());
        assert!(
            rows[2].issues[0].message.contains("表1 行有错误"),
            "{}",
            rows[2].issues[0].message
        );
        assert!(rows[3].issues[0].message.contains("找不到对应的综合体"));
        assert_eq!(rows[3].issues[0].cell.as_deref(), Some("C5"));
        assert!(
            rows.iter().all(|r| !r.rejected()),
            "unmatched 表2 rows are warnings, not errors"
        );
    }

    #[test]
    fn duplicates_are_keyed_by_id_when_given() {
        let plan = crate::plan::Plan::builtin();
        let ctx = test_ctx(&plan, "表1");
        let mut rows = vec![
            complex(Some("QH-1"), "甲", false),
            complex(Some("QH-2"), "甲", false),
            complex(None, "乙", false),
            complex(None, "乙", false),
            complex(Some("QH-1"), "丙", false),
        ];
        check_duplicates(&mut rows, &ctx);
        let rejected: Vec<bool> = rows.iter().map(ComplexRow::rejected).collect();
        assert_eq!(rejected, [true, false, true, true, true]);
    }
}
