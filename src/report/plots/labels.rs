//! The words and numbers on the charts: the period in titles, month labels
//! and thousands-separated numbers with as many decimals as they need.

use super::axes::clean;

/// `2022-12` → `2022年12月`; anything else unchanged.
pub(super) fn period_label(period: &str) -> String {
    match split_month(period) {
        (y, Some(m)) => format!("{y}年{m}月"),
        _ => period.to_string(),
    }
}

/// `YYYY-MM` → (year, Some(month)); otherwise (the text, None).
pub(super) fn split_month(s: &str) -> (String, Option<u32>) {
    match s.split_once('-') {
        Some((y, m)) if y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()) => {
            match m.parse::<u32>() {
                Ok(m) if (1..=12).contains(&m) => (y.to_string(), Some(m)),
                _ => (String::new(), None),
            }
        }
        _ => (String::new(), None),
    }
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
