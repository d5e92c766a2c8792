//! The words and numbers on the charts: the period in titles and thousands-separated
//! numbers with as many decimals as they need.

use super::axes::clean;

use crate::normalize::YearMonth;

/// 2022-06 → `2022年6月`.
pub(super) fn period_label(period: YearMonth) -> String {
    format!("{}年{}月", period.year, period.month)
}

/// Decimals that tick labels in steps of `step` need (0.25 → 2).
pub(super) fn decimals_for(step: f64) -> usize {
    (0..4)
        .find(|&d| {
            let scaled = step * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(4)
}

/// `12345.6` → `12,345.6`.
pub(super) fn with_thousands(v: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, clean(v));
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}
