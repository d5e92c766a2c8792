//! The 通报's three tables, each compact enough for a page: units (by group, with the
//! city's row), industries that have a complex, and services by plan year. Every cell
//! holds a name, a status word or one of summary.json's numbers.

use crate::figures::{IndustryFigures, Measure};
use crate::schema::MEASURES;

use super::layout::{Cell, Grid, Merge, TEXT_W};
use super::values::{measure_text, progress_word};
use super::Input;

/// Column widths in parts of the type area, scaled to twips.
fn widths(parts: &[usize]) -> Vec<usize> {
    let total: usize = parts.iter().sum();
    let mut w: Vec<usize> = parts.iter().map(|p| TEXT_W * p / total).collect();
    let rest = TEXT_W - w.iter().sum::<usize>();
    if let Some(first) = w.first_mut() {
        *first += rest;
    }
    w
}

/// 分县区: group | unit | target | built | 目标状态 | 进度, then the city.
pub fn units(input: &Input) -> Grid {
    let s = &input.fig.summary;
    let mut rows = Vec::new();
    for g in &input.plan.groups {
        let members: Vec<_> = s.units.iter().filter(|u| u.group == g.id).collect();
        for (i, u) in members.iter().enumerate() {
            let merge = match (members.len(), i) {
                (1, _) => Merge::No,
                (_, 0) => Merge::Start,
                _ => Merge::Continue,
            };
            let label = if i == 0 {
                g.label.clone()
            } else {
                String::new()
            };
            rows.push(vec![
                Cell::new(label).merge(merge),
                Cell::new(u.unit.clone()),
                Cell::new(u.target.to_string()),
                Cell::new(u.built.to_string()),
                Cell::new(u.status.chinese()),
                Cell::new(progress_word(u.behind)),
            ]);
        }
    }
    let c = &s.city;
    rows.push(vec![
        Cell::new("全市").span(2),
        Cell::new(c.target.to_string()),
        Cell::new(c.built.to_string()),
        Cell::new(c.status.chinese()),
        Cell::new(progress_word(c.behind)),
    ]);
    Grid {
        caption: "各县（市、区）建设进展".into(),
        widths: widths(&[26, 30, 16, 16, 16, 16]),
        header: [
            "类别",
            "单位",
            "目标\n（家）",
            "建成\n（家）",
            "目标状态",
            "进度",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}

/// Whether an industry has any complex, in any status, or any investment.
pub fn has_complexes(i: &IndustryFigures) -> bool {
    let p = &i.progress;
    p.planned + p.under_construction + p.built + p.pre_plan > 0 || p.invest_done_wan != 0.0
}

/// 分产业: the industries that have a complex (plan order, then 未分类).
pub fn industries(input: &Input) -> Grid {
    let rows = input
        .fig
        .summary
        .industries
        .iter()
        .filter(|i| has_complexes(i))
        .map(|i| {
            vec![
                Cell::new(i.industry.clone()),
                Cell::new(i.category.clone()),
                Cell::new(i.progress.built.to_string()),
                Cell::new(i.progress.under_construction.to_string()),
                Cell::new(i.progress.planned.to_string()),
                Cell::new(i.progress.pre_plan.to_string()),
                Cell::new(crate::wording::sentences::money(i.progress.invest_done_wan)),
            ]
        })
        .collect();
    Grid {
        caption: "分产业建设情况".into(),
        widths: widths(&[24, 20, 14, 14, 14, 14, 28]),
        header: [
            "主导产业",
            "类别",
            "建成\n（家）",
            "在建\n（家）",
            "谋划\n（家）",
            "存量\n（家）",
            "累计完成投资\n（万元）",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}

/// 服务成效: the ten measures × the plan years up to P's (summary.json's
/// `services_by_year`).
pub fn services(input: &Input) -> Grid {
    let by_year = &input.fig.summary.services_by_year;
    let years: Vec<&i32> = by_year.keys().collect();
    let rows = MEASURES
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut row = vec![Cell::new(m.title).left(), Cell::new(m.unit)];
            row.extend(
                years
                    .iter()
                    .map(|y| Cell::new(measure_text(by_year[*y][Measure::ALL[i]], m.integer))),
            );
            row
        })
        .collect();
    let mut parts = vec![34, 16];
    parts.extend(years.iter().map(|_| 20));
    let mut header = vec!["指标".to_string(), "计量单位".to_string()];
    header.extend(years.iter().map(|y| format!("{y}年")));
    Grid {
        caption: "计划实施以来各年度服务情况".into(),
        widths: widths(&parts),
        header,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_fill_the_type_area() {
        for parts in [vec![26, 30, 16, 16, 16, 16], vec![1, 1, 1], vec![7]] {
            let w = widths(&parts);
            assert_eq!(w.iter().sum::<usize>(), TEXT_W);
            assert_eq!(w.len(), parts.len());
        }
    }
}
