//! Chart 5, 服务情况: firms served each month as columns on the left axis and the
//! technology contract value as a line on the right axis, months without any return
//! marked 无报表.

use anyhow::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::axes::{clean, month_axis, unit_label, y_grid, Plot, Scale};
use super::labels::with_thousands;
use super::paint::{Mark, Painter};
use super::{AXIS, BLUE, MUTED, ORANGE, RIGHT, TICK, WHITE_INK};
use crate::figures::{Figures, Measure, ServiceMonth};

/// Firms served in a month.
fn firms(m: &ServiceMonth) -> f64 {
    clean(m.services[Measure::FirmsServed])
}

/// Technology contract value of a month in 万元.
fn value(m: &ServiceMonth) -> f64 {
    clean(m.services[Measure::ContractValue])
}

fn reported(m: &ServiceMonth) -> bool {
    m.units_reporting > 0
}

/// The months drawn, the plot and its two scales: firms on the left, value on the right.
struct Panel<'a> {
    months: &'a [ServiceMonth],
    plot: Plot,
    left: Scale,
    right: Scale,
}

impl Panel<'_> {
    /// Top centre of month `i`'s column.
    fn bar_top(&self, i: usize) -> (i32, i32) {
        let n = self.months.len();
        (
            self.plot.slot_x(i, n),
            self.plot.y(firms(&self.months[i]), self.left),
        )
    }

    /// Month `i`'s point on the value line.
    fn point(&self, i: usize) -> (i32, i32) {
        let n = self.months.len();
        (
            self.plot.slot_x(i, n),
            self.plot.y(value(&self.months[i]), self.right),
        )
    }

    /// Months with at least one return.
    fn reported(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.months.len()).filter(|&i| reported(&self.months[i]))
    }
}

/// Firms served by month (columns) and technology contract value (line, right axis).
pub(super) fn draw<DB: DrawingBackend>(p: &Painter<DB>, fig: &Figures) -> Result<()> {
    let months = &fig.services_by_month;
    let n = months.len();
    let missing = months.iter().filter(|m| !reported(m)).count();
    header(p, months, missing)?;
    let plot = Plot {
        l: 120,
        t: 200,
        r: RIGHT - 110,
        b: 760,
    };
    let left = Scale::nice(months.iter().map(firms).fold(0.0, f64::max));
    let right = left.aligned(months.iter().map(value).fold(0.0, f64::max));
    unit_label(p, &plot, "家次", 36)?;
    p.text("单位：万元", (RIGHT, plot.t - 36), TICK, MUTED, HPos::Right)?;
    y_grid(p, &plot, left, false, true)?;
    y_grid(p, &plot, right, true, false)?;
    if missing == n {
        return p.no_data(&plot);
    }
    month_axis(
        p,
        &plot,
        &months.iter().map(|m| m.month).collect::<Vec<_>>(),
    )?;
    let panel = Panel {
        months,
        plot,
        left,
        right,
    };
    columns(p, &panel)?;
    value_line(p, &panel)?;
    // With a year or less, label every month.
    if n <= 12 {
        labels(p, &panel)?;
    }
    Ok(())
}

/// The period's totals and the legend.
fn header<DB: DrawingBackend>(
    p: &Painter<DB>,
    months: &[ServiceMonth],
    missing: usize,
) -> Result<()> {
    let sub = if missing == months.len() {
        "尚无服务情况数据".to_string()
    } else {
        let (total_firms, total_value) = months
            .iter()
            .fold((0.0, 0.0), |(f, v), m| (f + firms(m), v + value(m)));
        let mut sub = format!(
            "累计服务企业{}家次，技术合同成交额{}万元",
            with_thousands(total_firms, 0),
            with_thousands(total_value, 2)
        );
        if missing > 0 {
            sub.push_str(&format!("（{missing}个月无报表）"));
        }
        sub
    };
    p.header(
        &sub,
        &[
            (Mark::Box(BLUE), "服务企业（家次）"),
            (Mark::Line(ORANGE), "技术合同成交额（万元）"),
        ],
    )
}

/// A column per month with returns; 无报表 set vertically in the others.
fn columns<DB: DrawingBackend>(p: &Painter<DB>, panel: &Panel) -> Result<()> {
    let (plot, n) = (&panel.plot, panel.months.len());
    let w = (plot.slot(n) * 0.56).clamp(2.0, 80.0).round() as i32;
    for i in panel.reported() {
        let (cx, y) = panel.bar_top(i);
        p.rect((cx - w / 2, y), (cx + w / 2, plot.b), BLUE)?;
    }
    let note = (plot.slot(n) * 0.5).clamp(10.0, 18.0);
    for i in (0..n).filter(|&i| !reported(&panel.months[i])) {
        let x = plot.slot_x(i, n);
        p.vertical_text(
            "无报表",
            (x, plot.b - (3.5 * note * 1.05) as i32),
            note,
            note * 1.05,
            AXIS,
        )?;
    }
    Ok(())
}

/// The contract value line, broken across months without returns, with a dot a month.
fn value_line<DB: DrawingBackend>(p: &Painter<DB>, panel: &Panel) -> Result<()> {
    let months = panel.months;
    for i in 1..months.len() {
        if reported(&months[i - 1]) && reported(&months[i]) {
            p.line(vec![panel.point(i - 1), panel.point(i)], ORANGE, 4)?;
        }
    }
    for i in panel.reported() {
        p.dot(panel.point(i), 6, ORANGE)?;
    }
    Ok(())
}

/// The column's count above it, and the contract value on a white tag above its
/// point, or below when the two would meet.
fn labels<DB: DrawingBackend>(p: &Painter<DB>, panel: &Panel) -> Result<()> {
    for i in panel.reported() {
        let m = &panel.months[i];
        let (cx, y) = panel.bar_top(i);
        p.text(
            &with_thousands(firms(m), 0),
            (cx, y - 18),
            TICK,
            BLUE,
            HPos::Center,
        )?;
        let (x, y) = panel.point(i);
        let clash = ((y - 28) - (panel.bar_top(i).1 - 18)).abs() < 30;
        let ly = if clash { y + 28 } else { y - 28 };
        let text = with_thousands(value(m), 2);
        let half = p.text_width(&text, TICK) / 2 + 6;
        p.rect((x - half, ly - 14), (x + half, ly + 14), WHITE_INK)?;
        p.text(&text, (x, ly), TICK, ORANGE, HPos::Center)?;
    }
    Ok(())
}
