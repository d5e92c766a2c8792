//! 表1 rows: a complex's cells become a [`Complex`], every doubtful cell flagged; and
//! complexes listed twice in one return (docs/报表格式.md §五, §七).

use std::collections::HashMap;

use super::{Ctx, Row, TitleMap};
use crate::issue::{Issue, Rule};
use crate::model::{Assessment, Complex, ComplexRow, Status};
use crate::normalize::YearMonth;
use crate::normalize::{
    fold, format_number, parse_month, parse_number, parse_yes_no, Cell, Parsed,
};
use crate::plan::UNCLASSIFIED;
use crate::schema::{self, Field};

/// Typed reading of a 表1 row (zero-based `row`).
pub fn complex_row(row: Row, map: &TitleMap<Field>, ctx: &Ctx) -> ComplexRow {
    let mut r = RowReader {
        row,
        map,
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
        row: row.index + 1,
        id_col: map.col(Field::Id),
        name_col: map.col(Field::Name),
        issues: r.issues,
    }
}

struct RowReader<'a> {
    row: Row<'a>,
    map: &'a TitleMap<Field>,
    ctx: &'a Ctx<'a>,
    issues: Vec<Issue>,
}

impl<'a> RowReader<'a> {
    fn cell(&self, field: Field) -> &'a Cell {
        self.row.field(self.map, field)
    }

    fn title(&self, field: Field) -> String {
        schema::table1_title(field, &self.ctx.plan.functions)
    }

    fn flag(&mut self, rule: Rule, field: Field, message: String) {
        let value = self.cell(field).display();
        let col = self.map.col(field);
        let issue = self
            .ctx
            .issue(rule, self.row.index, col, message)
            .value(value);
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
        let cell = self.cell(field);
        match parse_month(cell) {
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
        let cell = self.cell(Field::Built);
        let m = match parse_month(cell) {
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
        let ctx = self.ctx;
        let t = || schema::table1_title(field, &ctx.plan.functions);
        match parse_number(self.cell(field)) {
            Parsed::Null => None,
            Parsed::Value(v) if v < 0.0 => {
                self.flag(
                    Rule::ValueNegative,
                    field,
                    format!(
                        "“{}”为负数 {}，应为不小于 0 的数。已按未填处理。",
                        t(),
                        format_number(v)
                    ),
                );
                None
            }
            Parsed::Value(v) if integer && v.fract() != 0.0 => {
                self.flag(
                    Rule::ValueUnparsed,
                    field,
                    format!(
                        "“{}”应为整数，此处为 {}。已按未填处理。",
                        t(),
                        format_number(v)
                    ),
                );
                None
            }
            Parsed::Value(v) => Some(v),
            Parsed::Bad(seen) => {
                self.flag(
                    Rule::ValueUnparsed,
                    field,
                    format!(
                        "“{}”填的“{seen}”不是数字，应填写数值（如 1200.5）。已按未填处理。",
                        t()
                    ),
                );
                None
            }
        }
    }

    fn yes_no(&mut self, field: Field) -> bool {
        let cell = self.cell(field);
        match parse_yes_no(cell) {
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
