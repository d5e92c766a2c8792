//! Chart 1, 分县区进展: target against built for every county, city and district,
//! as paired columns grouped and coloured by the plan's unit groups.

use anyhow::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::axes::{unit_label, y_grid, Plot, Scale};
use super::paint::{Mark, Painter};
use super::{GROUP_COLOURS, GROUP_SHADES, INK, LABEL, RED, RIGHT, TARGET, TICK};
use crate::figures::{Figures, UnitFigures};
use crate::plan::Plan;
use crate::wording::glossary::{PACE, PACE_BEHIND, UNIT_KIND};

/// Target vs built by unit, clustered columns, one colour per group.
pub(super) fn draw<DB: DrawingBackend>(p: &Painter<DB>, fig: &Figures, plan: &Plan) -> Result<()> {
    let mut units: Vec<_> = fig.summary.units.iter().collect();
    units.sort_by_key(|u| group_index(plan, &u.group));
    let groups = groups_present(plan, &units);
    header(p, fig, plan, &groups)?;

    let plot = Plot {
        l: 110,
        t: 215,
        r: RIGHT,
        b: 660,
    };
    if units.is_empty() {
        return p.no_data(&plot);
    }
    let top = units
        .iter()
        .map(|u| u.target.max(u.built))
        .max()
        .unwrap_or(0);
    let s = Scale::nice(top as f64);
    shade_groups(p, &plot, plan, &units, &groups)?;
    unit_label(p, &plot, "家", 38)?;
    y_grid(p, &plot, s, false, true)?;
    columns(p, &plot, s, plan, &units)
}

/// Position of group `id` in the plan; unknown groups sort last.
fn group_index(plan: &Plan, id: &str) -> usize {
    plan.groups
        .iter()
        .position(|g| g.id == id)
        .unwrap_or(plan.groups.len())
}

/// The plan's groups that have a unit among `units`, as (index, label).
fn groups_present(plan: &Plan, units: &[&UnitFigures]) -> Vec<(usize, String)> {
    plan.groups
        .iter()
        .enumerate()
        .filter(|(i, _)| units.iter().any(|u| group_index(plan, &u.group) == *i))
        .map(|(i, g)| (i, g.label.clone()))
        .collect()
}

/// The city's totals, the units behind schedule, and a legend entry per group.
fn header<DB: DrawingBackend>(
    p: &Painter<DB>,
    fig: &Figures,
    plan: &Plan,
    groups: &[(usize, String)],
) -> Result<()> {
    let city = &fig.summary.city;
    let mut sub = format!(
        "全市累计建成{}家，全市目标{}家；{}/{}个{UNIT_KIND}有{}建成的综合体",
        city.built,
        city.target,
        city.units_covered,
        city.units_total,
        plan.wording().years()
    );
    match fig.behind_units.len() {
        0 => {}
        1..=3 => sub.push_str(&format!(
            "；{PACE}{PACE_BEHIND}：{}",
            fig.behind_units.join("、")
        )),
        n => sub.push_str(&format!("；{n}个{PACE}{PACE_BEHIND}（红色数字）")),
    }
    let built_label: Vec<String> = groups.iter().map(|(_, l)| format!("建成（{l}）")).collect();
    let mut legend = vec![(Mark::Box(TARGET), "目标")];
    for ((i, _), label) in groups.iter().zip(&built_label) {
        legend.push((
            Mark::Box(GROUP_COLOURS[i % GROUP_COLOURS.len()]),
            label.as_str(),
        ));
    }
    p.header(&sub, &legend)
}

/// Shades each group's run of columns and labels it above the plot with a bracket.
fn shade_groups<DB: DrawingBackend>(
    p: &Painter<DB>,
    plot: &Plot,
    plan: &Plan,
    units: &[&UnitFigures],
    groups: &[(usize, String)],
) -> Result<()> {
    let slot = plot.slot(units.len());
    let mut start = 0;
    for (k, (gi, label)) in groups.iter().enumerate() {
        let count = units[start..]
            .iter()
            .take_while(|u| group_index(plan, &u.group) == *gi)
            .count();
        let x0 = plot.l + (start as f64 * slot).round() as i32;
        let x1 = plot.l + ((start + count) as f64 * slot).round() as i32;
        p.rect((x0, plot.t), (x1, plot.b), GROUP_SHADES[k % 2])?;
        p.line(vec![(x0 + 6, plot.t - 14), (x1 - 6, plot.t - 14)], INK, 2)?;
        p.line(vec![(x0 + 6, plot.t - 14), (x0 + 6, plot.t - 4)], INK, 2)?;
        p.line(vec![(x1 - 6, plot.t - 14), (x1 - 6, plot.t - 4)], INK, 2)?;
        let fits = p.text_width(label, LABEL) < x1 - x0;
        let size = if fits { LABEL } else { TICK };
        p.text(label, ((x0 + x1) / 2, plot.t - 38), size, INK, HPos::Center)?;
        start += count;
    }
    Ok(())
}

/// A grey target column and a coloured built column per unit, the built count above
/// it (red when behind schedule) and the unit's name set vertically below.
fn columns<DB: DrawingBackend>(
    p: &Painter<DB>,
    plot: &Plot,
    s: Scale,
    plan: &Plan,
    units: &[&UnitFigures],
) -> Result<()> {
    let n = units.len();
    let slot = plot.slot(n);
    let bar = (slot * 0.34).clamp(2.0, 34.0);
    let name_size = (slot * 0.8).clamp(10.0, LABEL);
    let longest = units
        .iter()
        .map(|u| u.unit.chars().count())
        .max()
        .unwrap_or(1) as f64;
    let line = (name_size * 1.08).min(190.0 / longest);
    let name_size = name_size.min(line / 1.02);
    let value_size = (slot * 0.6).clamp(10.0, TICK);
    for (i, u) in units.iter().enumerate() {
        let cx = plot.slot_x(i, n);
        let colour = GROUP_COLOURS[group_index(plan, &u.group) % GROUP_COLOURS.len()];
        let (tx0, bx0) = (
            cx - (bar * 1.05).round() as i32,
            cx + (bar * 0.05).round() as i32,
        );
        let w = bar.round() as i32;
        p.rect((tx0, plot.y(u.target as f64, s)), (tx0 + w, plot.b), TARGET)?;
        let yb = plot.y(u.built as f64, s);
        p.rect((bx0, yb), (bx0 + w, plot.b), colour)?;
        let ink = if u.behind { RED } else { INK };
        p.text(
            &u.built.to_string(),
            (bx0 + w / 2, yb - 16),
            value_size,
            ink,
            HPos::Center,
        )?;
        p.vertical_text(
            &u.unit,
            (cx, plot.b + 14 + (line / 2.0) as i32),
            name_size,
            line,
            INK,
        )?;
    }
    Ok(())
}
