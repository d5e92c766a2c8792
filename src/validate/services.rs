//! 表2 rows: a row's ten service measures, and which 表1 complex each row is for.

use std::collections::HashMap;

use super::{Ctx, Row, TitleMap};
use crate::issue::Rule;
use crate::model::{ComplexRow, ServiceRow};
use crate::normalize::{fold, format_number, parse_number, Parsed};
use crate::schema::{ServiceField, MEASURES};

/// Typed reading of a 表2 row.
pub fn service_row(cells: Row, map: &TitleMap<ServiceField>, ctx: &Ctx) -> ServiceRow {
    let row = cells.index;
    let get = |f: ServiceField| cells.field(map, f);
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
        let cell = cells.get(col);
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
