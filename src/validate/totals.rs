//! 合计 rows: each checked against the sum of the data rows above it.

use super::{Ctx, Row, TitleMap};
use crate::issue::{Issue, Rule};
use crate::normalize::{format_number, parse_number, Parsed};
use crate::plan::Plan;
use crate::schema::{self, Field, Kind, ServiceField, MEASURES};

/// Checks a 合计 row against the sum of the data rows, column by column.
/// `sums` are the data rows' sums of `numeric_cols` ([`column_sums`]), computed once
/// for all the 合计 rows of a table.
pub fn check_total(
    total: Row,
    sums: &[f64],
    numeric_cols: &[(u32, String)],
    ctx: &Ctx,
) -> Vec<Issue> {
    let mut out = Vec::new();
    for ((col, title), &sum) in numeric_cols.iter().zip(sums) {
        let Parsed::Value(stated) = parse_number(total.get(*col)) else {
            continue;
        };
        if (stated - sum).abs() > 0.01 + 1e-9 * sum.abs() {
            out.push(
                ctx.issue(
                    Rule::TotalMismatch,
                    total.index,
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
pub fn column_sums(data_rows: &[Row], numeric_cols: &[(u32, String)]) -> Vec<f64> {
    numeric_cols
        .iter()
        .map(|(col, _)| {
            data_rows
                .iter()
                .filter_map(|r| parse_number(r.get(*col)).value())
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
