//! Chart 2, 全市累计进展: the city's cumulative built count month by month, against
//! the target line and the pro-rated expectation.

use anyhow::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::axes::{month_axis, unit_label, y_grid, Plot, Scale};
use super::paint::{Mark, Painter};
use super::{AXIS, BLUE, LABEL, RED, RIGHT, TICK};
use crate::figures::{Figures, MonthPoint};
use crate::wording::glossary::EXPECTED;
use crate::wording::sentences::{fraction, pace_words};

/// The city's cumulative built count by month, against the target and the
/// pro-rated expectation.
pub(super) fn draw<DB: DrawingBackend>(p: &Painter<DB>, fig: &Figures) -> Result<()> {
    let city = &fig.summary.city;
    header(p, fig)?;
    let plot = Plot {
        l: 110,
        t: 200,
        r: RIGHT - 20,
        b: 760,
    };
    let months = &fig.monthly;
    let top = months
        .iter()
        .map(|m| (m.built_cumulative as f64).max(m.expected))
        .fold(city.target as f64, f64::max);
    let s = Scale::nice(top);
    unit_label(p, &plot, "家", 36)?;
    y_grid(p, &plot, s, false, true)?;
    if months.is_empty() {
        return p.no_data(&plot);
    }
    month_axis(
        p,
        &plot,
        &months.iter().map(|m| m.month).collect::<Vec<_>>(),
    )?;

    let yt = plot.y(city.target as f64, s);
    p.line(vec![(plot.l, yt), (plot.r, yt)], RED, 3)?;
    p.text(
        &format!("全市目标 {}家", city.target),
        (plot.l + 12, yt - 20),
        TICK,
        RED,
        HPos::Left,
    )?;
    progress(p, &plot, s, months)
}

/// The subtitle (built, target, expected by now) and the legend.
fn header<DB: DrawingBackend>(p: &Painter<DB>, fig: &Figures) -> Result<()> {
    let city = &fig.summary.city;
    let mut sub = format!(
        "全市累计建成{}家，全市目标{}家，{EXPECTED}{}家，{}",
        city.built,
        city.target,
        fraction(city.expected_by_now),
        pace_words(city.built, city.expected_by_now, city.behind)
    );
    if city.behind {
        sub.push_str("（红色）");
    }
    let target_label = format!("全市目标（{}家）", city.target);
    p.header(
        &sub,
        &[
            (Mark::Line(BLUE), "累计建成"),
            (Mark::Dashed(AXIS), EXPECTED),
            (Mark::Rule(RED), &target_label),
        ],
    )
}

/// The dashed expectation and the built line, with the count at each year end and at
/// the last month.
fn progress<DB: DrawingBackend>(
    p: &Painter<DB>,
    plot: &Plot,
    s: Scale,
    months: &[MonthPoint],
) -> Result<()> {
    let n = months.len();
    let expected: Vec<_> = months
        .iter()
        .enumerate()
        .map(|(i, m)| (plot.slot_x(i, n), plot.y(m.expected, s)))
        .collect();
    p.dashed(&expected, AXIS, 3, 10.0)?;
    let built: Vec<_> = months
        .iter()
        .enumerate()
        .map(|(i, m)| (plot.slot_x(i, n), plot.y(m.built_cumulative as f64, s)))
        .collect();
    if n > 1 {
        p.line(built.clone(), BLUE, 5)?;
    }
    for (i, (m, &pt)) in months.iter().zip(&built).enumerate() {
        let year_end = m.month.month == 12;
        p.dot(pt, if year_end || i + 1 == n { 8 } else { 4 }, BLUE)?;
        if year_end || i + 1 == n {
            p.text(
                &m.built_cumulative.to_string(),
                (pt.0, pt.1 - 28),
                LABEL,
                BLUE,
                HPos::Center,
            )?;
        }
    }
    Ok(())
}
