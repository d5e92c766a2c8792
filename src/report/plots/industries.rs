//! Chart 3, 分产业情况: complexes by lead industry as horizontal stacked bars (built,
//! building, planned), the industries grouped in bands by the plan's categories.

use anyhow::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;
use plotters::style::RGBColor;

use super::axes::{Plot, Scale};
use super::labels::with_thousands;
use super::paint::{Mark, Painter};
use super::{AMBER, AXIS, BLUE, GRID, INK, LABEL, MARGIN, MUTED, PALE, RIGHT, TICK, WHITE_INK};
use crate::figures::{Figures, IndustryFigures};
use crate::plan::{Plan, UNCLASSIFIED};

/// Space between two categories, in rows.
const GAP: f64 = 0.5;

/// Where the bars go: the plot, its scale and the height of one industry's row.
struct Layout {
    plot: Plot,
    s: Scale,
    row: f64,
    /// Size of industry names and of the numbers on the bars.
    name_size: f64,
    /// Half the thickness of a bar.
    half: i32,
}

/// Complexes by lead industry, stacked (built, building, planned), grouped by category.
pub(super) fn draw<DB: DrawingBackend>(p: &Painter<DB>, fig: &Figures, plan: &Plan) -> Result<()> {
    let list = &fig.summary.industries;
    header(p, list)?;
    let plot = Plot {
        l: 420,
        t: 170,
        r: RIGHT - 70,
        b: 815,
    };
    let blocks = blocks(plan, list);
    let rows: usize = blocks.iter().map(|(_, r)| r.len()).sum();
    if rows == 0 {
        return p.no_data(&plot);
    }
    let row = (plot.b - plot.t) as f64 / (rows as f64 + GAP * (blocks.len() as f64 - 1.0));
    let top = list.iter().map(|i| i.progress.counted()).max().unwrap_or(0);
    let s = Scale::fit(top as f64);
    let spans: Vec<(f64, f64)> = blocks
        .iter()
        .scan(plot.t as f64, |y, (_, items)| {
            let span = (*y, *y + row * items.len() as f64);
            *y = span.1 + row * GAP;
            Some(span)
        })
        .collect();
    for (y0, y1) in spans.iter().step_by(2) {
        p.rect(
            (MARGIN - 20, *y0 as i32),
            (plot.r + 60, *y1 as i32),
            RGBColor(244, 246, 249),
        )?;
    }
    x_axis(p, &plot, s)?;
    let (thick, name_size) = ((row * 0.64).max(2.0), (row * 0.68).min(TICK));
    let layout = Layout {
        plot,
        s,
        row,
        name_size,
        half: (thick / 2.0).round() as i32,
    };
    for ((category, items), span) in blocks.iter().zip(&spans) {
        block(p, &layout, category, items, *span)?;
    }
    Ok(())
}

/// The period's totals and the legend.
fn header<DB: DrawingBackend>(p: &Painter<DB>, list: &[IndustryFigures]) -> Result<()> {
    let (planned, building, built) = list.iter().fold((0, 0, 0), |(a, b, c), i| {
        (
            a + i.progress.planned,
            b + i.progress.under_construction,
            c + i.progress.built,
        )
    });
    let sub = format!("计划年度内建成{built}家，在建{building}家，谋划{planned}家");
    p.header(
        &sub,
        &[
            (Mark::Box(BLUE), "建成"),
            (Mark::Box(AMBER), "在建"),
            (Mark::Box(PALE), "谋划"),
        ],
    )
}

/// Industries by category: categories in plan order, then any other (未分类) in the
/// order met; categories without an industry are left out.
fn blocks<'a>(
    plan: &'a Plan,
    list: &'a [IndustryFigures],
) -> Vec<(&'a str, Vec<&'a IndustryFigures>)> {
    let mut categories: Vec<&str> = plan.categories.iter().map(String::as_str).collect();
    for i in list {
        if !categories.contains(&i.category.as_str()) {
            categories.push(i.category.as_str());
        }
    }
    categories
        .iter()
        .map(|c| {
            (
                *c,
                list.iter().filter(|i| i.category == *c).collect::<Vec<_>>(),
            )
        })
        .filter(|(_, rows)| !rows.is_empty())
        .collect()
}

/// Vertical grid lines with their counts under the plot.
fn x_axis<DB: DrawingBackend>(p: &Painter<DB>, plot: &Plot, s: Scale) -> Result<()> {
    for v in s.values() {
        let x = plot.x(v, s);
        let (colour, width) = if v == 0.0 { (AXIS, 2) } else { (GRID, 1) };
        p.line(vec![(x, plot.t), (x, plot.b)], colour, width)?;
        p.text(
            &with_thousands(v, 0),
            (x, plot.b + 24),
            TICK,
            MUTED,
            HPos::Center,
        )?;
    }
    p.text("单位：家", (MARGIN, plot.b + 24), TICK, MUTED, HPos::Left)
}

/// One category: its name and bracket on the left, then a bar per industry.
fn block<DB: DrawingBackend>(
    p: &Painter<DB>,
    layout: &Layout,
    category: &str,
    items: &[&IndustryFigures],
    (y0, y1): (f64, f64),
) -> Result<()> {
    let label = if category == UNCLASSIFIED {
        "未分类"
    } else {
        category
    };
    let csize = if items.len() == 1 {
        layout.name_size
    } else {
        LABEL
    };
    p.text(
        label,
        (115, ((y0 + y1) / 2.0) as i32),
        csize,
        INK,
        HPos::Center,
    )?;
    p.line(vec![(205, y0 as i32 + 6), (205, y1 as i32 - 6)], AXIS, 2)?;
    for (j, ind) in items.iter().enumerate() {
        let cy = (y0 + layout.row * (j as f64 + 0.5)).round() as i32;
        bar(p, layout, ind, cy)?;
    }
    Ok(())
}

/// An industry's name, its stacked bar centred on `cy` with the counts that fit
/// inside, and the total at the end.
fn bar<DB: DrawingBackend>(
    p: &Painter<DB>,
    layout: &Layout,
    ind: &IndustryFigures,
    cy: i32,
) -> Result<()> {
    let (plot, name_size, h) = (&layout.plot, layout.name_size, layout.half);
    p.text(
        &ind.industry,
        (plot.l - 14, cy),
        name_size,
        INK,
        HPos::Right,
    )?;
    let mut x = plot.l;
    let mut acc = 0.0;
    let parts = [
        (ind.progress.built, BLUE, WHITE_INK),
        (ind.progress.under_construction, AMBER, INK),
        (ind.progress.planned, PALE, INK),
    ];
    for (v, colour, ink) in parts {
        acc += v as f64;
        let x1 = plot.x(acc, layout.s);
        if v > 0 {
            p.rect((x, cy - h), (x1, cy + h), colour)?;
            let t = v.to_string();
            if p.text_width(&t, name_size) + 8 <= x1 - x {
                p.text(&t, ((x + x1) / 2, cy), name_size, ink, HPos::Center)?;
            }
        }
        x = x1;
    }
    let total = ind.progress.counted();
    p.text(&total.to_string(), (x + 10, cy), name_size, INK, HPos::Left)
}
