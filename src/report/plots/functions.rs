//! Chart 4, 功能配置: how many complexes have each of the plan's functions, one column
//! per function.

use anyhow::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::axes::{unit_label, y_grid, Plot, Scale};
use super::paint::{Mark, Painter};
use super::{BLUE, INK, LABEL, RIGHT, TICK};
use crate::figures::Figures;
use crate::plan::Plan;

/// How many complexes have each of the plan's functions.
pub(super) fn draw<DB: DrawingBackend>(p: &Painter<DB>, fig: &Figures, plan: &Plan) -> Result<()> {
    let counts = &fig.function_counts;
    let sub = subtitle(counts, &plan.wording().function_base(fig));
    p.header(&sub, &[(Mark::Box(BLUE), "具备该功能的综合体")])?;
    let plot = Plot {
        l: 110,
        t: 190,
        r: RIGHT,
        b: 740,
    };
    let s = Scale::nice(counts.iter().map(|(_, c)| *c).max().unwrap_or(0) as f64);
    unit_label(p, &plot, "家", 36)?;
    y_grid(p, &plot, s, false, true)?;
    let n = counts.len();
    if n == 0 {
        return p.no_data(&plot);
    }
    let slot = plot.slot(n);
    let longest = counts
        .iter()
        .map(|(f, _)| p.text_width(f, LABEL))
        .max()
        .unwrap_or(0);
    let horizontal = (longest as f64) < slot - 8.0;
    let w = (slot * 0.5).min(90.0).round() as i32;
    for (i, (name, c)) in counts.iter().enumerate() {
        let cx = plot.slot_x(i, n);
        let y = plot.y(*c as f64, s);
        p.rect((cx - w / 2, y), (cx + w / 2, plot.b), BLUE)?;
        p.text(&format!("{c}家"), (cx, y - 20), LABEL, INK, HPos::Center)?;
        if horizontal {
            p.text(name, (cx, plot.b + 30), LABEL, INK, HPos::Center)?;
        } else {
            let size = (slot * 0.8).clamp(10.0, TICK);
            p.vertical_text(name, (cx, plot.b + 22), size, size * 1.05, INK)?;
        }
    }
    Ok(())
}

/// The subtitle: what the counts are out of, and the function most complexes have (up
/// to three tied).
fn subtitle(counts: &[(String, u32)], base: &str) -> String {
    let most = counts.iter().map(|(_, c)| *c).max().unwrap_or(0);
    let leaders: Vec<&str> = counts
        .iter()
        .filter(|(_, c)| *c == most)
        .map(|(f, _)| f.as_str())
        .collect();
    match (most, leaders.len()) {
        (0, _) => base.to_string(),
        (_, 1) => format!("{base}；最多的是{}（{most}家）", leaders[0]),
        (_, 2..=3) => format!("{base}；最多的是{}（各{most}家）", leaders.join("、")),
        _ => format!("{base}；最多{most}家"),
    }
}
