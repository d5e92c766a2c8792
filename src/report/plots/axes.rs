//! Value scales, the plot rectangle and the axes drawn around it: nice round ticks,
//! horizontal grid lines with their labels, and month/year labels under the plot.

use anyhow::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::labels::{decimals_for, with_thousands};
use super::paint::Painter;
use super::{AXIS, GRID, INK, LABEL, MARGIN, MUTED, TICK};
use crate::normalize::YearMonth;

/// The `单位：…` line above the left value axis, `above` pixels over the plot.
pub(super) fn unit_label<DB: DrawingBackend>(
    p: &Painter<DB>,
    plot: &Plot,
    unit: &str,
    above: i32,
) -> Result<()> {
    p.text(
        &format!("单位：{unit}"),
        (MARGIN - 20, plot.t - above),
        TICK,
        MUTED,
        HPos::Left,
    )
}

/// A value axis: 0 to `max` in ticks of `step`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Scale {
    pub(super) max: f64,
    pub(super) step: f64,
}

impl Scale {
    /// Ticks that hold `value` with room for a label above it, about five of them.
    pub(super) fn nice(value: f64) -> Scale {
        Scale::fit(value * 1.12)
    }

    /// Ticks that just hold `value`, about five of them.
    pub(super) fn fit(value: f64) -> Scale {
        let v = if value.is_finite() && value > 0.0 {
            value
        } else {
            5.0
        };
        let step = nice_step(v / 5.0).max(1.0).floor();
        Scale {
            max: (v / step).ceil().max(1.0) * step,
            step,
        }
    }

    /// A second axis with as many ticks as `self`, so both share the grid lines.
    pub(super) fn aligned(&self, value: f64) -> Scale {
        let n = self.ticks();
        let v = if value.is_finite() && value > 0.0 {
            value * 1.12
        } else {
            n as f64
        };
        let step = nice_step(v / n as f64);
        Scale {
            max: step * n as f64,
            step,
        }
    }

    pub(super) fn ticks(&self) -> usize {
        (self.max / self.step).round() as usize
    }

    pub(super) fn values(&self) -> impl Iterator<Item = f64> + '_ {
        (0..=self.ticks()).map(|i| i as f64 * self.step)
    }
}

fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw * 0.999_999)
        .unwrap_or(10.0 * mag)
}

/// The plot rectangle in pixels.
#[derive(Debug, Clone, Copy)]
pub(super) struct Plot {
    pub(super) l: i32,
    pub(super) t: i32,
    pub(super) r: i32,
    pub(super) b: i32,
}

impl Plot {
    pub(super) fn y(&self, v: f64, s: Scale) -> i32 {
        self.b - ((clean(v) / s.max).min(1.05) * (self.b - self.t) as f64).round() as i32
    }

    pub(super) fn x(&self, v: f64, s: Scale) -> i32 {
        self.l + ((clean(v) / s.max).min(1.05) * (self.r - self.l) as f64).round() as i32
    }

    /// Centre of slot `i` of `n` across the width.
    pub(super) fn slot_x(&self, i: usize, n: usize) -> i32 {
        self.l + ((i as f64 + 0.5) * self.slot(n)).round() as i32
    }

    pub(super) fn slot(&self, n: usize) -> f64 {
        (self.r - self.l) as f64 / n.max(1) as f64
    }
}

/// A drawable value: finite and not negative.
pub(super) fn clean(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        0.0
    }
}

/// Horizontal grid lines with tick labels on the left (or right) of the plot.
pub(super) fn y_grid<DB: DrawingBackend>(
    p: &Painter<DB>,
    plot: &Plot,
    s: Scale,
    right: bool,
    lines: bool,
) -> Result<()> {
    for v in s.values() {
        let y = plot.y(v, s);
        if lines && v > 0.0 {
            p.line(vec![(plot.l, y), (plot.r, y)], GRID, 1)?;
        }
        let label = with_thousands(v, decimals_for(s.step));
        match right {
            false => p.text(&label, (plot.l - 12, y), TICK, MUTED, HPos::Right)?,
            true => p.text(&label, (plot.r + 12, y), TICK, MUTED, HPos::Left)?,
        }
    }
    p.line(vec![(plot.l, plot.b), (plot.r, plot.b)], AXIS, 2)
}

/// Month ticks and labels under the plot: `1月 4月 7月 10月` and a year row below.
pub(super) fn month_axis<DB: DrawingBackend>(
    p: &Painter<DB>,
    plot: &Plot,
    months: &[YearMonth],
) -> Result<()> {
    let n = months.len();
    let slot = plot.slot(n);
    let every = [1, 3, 6, 12]
        .into_iter()
        .find(|k| slot * *k as f64 >= 62.0)
        .unwrap_or(12);
    let mut year_start: Option<(usize, i32)> = None;
    for (i, m) in months.iter().enumerate() {
        let x = plot.slot_x(i, n);
        p.line(vec![(x, plot.b), (x, plot.b + 6)], AXIS, 1)?;
        if (m.month - 1) % every == 0 || n == 1 {
            let label = format!("{}月", m.month);
            p.text(&label, (x, plot.b + 24), TICK, MUTED, HPos::Center)?;
        }
        let new_year = year_start.is_none_or(|(_, y)| y != m.year);
        if new_year {
            if let Some((start, y)) = year_start.take() {
                year_label(p, plot, start, i, n, y)?;
            }
            year_start = Some((i, m.year));
        }
    }
    if let Some((start, y)) = year_start {
        year_label(p, plot, start, n, n, y)?;
    }
    Ok(())
}

fn year_label<DB: DrawingBackend>(
    p: &Painter<DB>,
    plot: &Plot,
    from: usize,
    to: usize,
    n: usize,
    year: i32,
) -> Result<()> {
    let slot = plot.slot(n);
    let x0 = plot.l + (from as f64 * slot).round() as i32;
    let x1 = plot.l + (to as f64 * slot).round() as i32;
    if from > 0 {
        p.line(vec![(x0, plot.b), (x0, plot.b + 76)], AXIS, 1)?;
    }
    p.text(
        &format!("{year}年"),
        ((x0 + x1) / 2, plot.b + 62),
        LABEL,
        INK,
        HPos::Center,
    )?;
    Ok(())
}
