//! What changed between the state at P−1 and the state at P: complexes new to the
//! returns, newly built, changed in status, or no longer reported.

use super::state_at;
use crate::figures::{Change, ChangeKind, StateComplex};
use crate::model::{Complex, Status};
use crate::normalize::{fold, YearMonth};
use crate::plan::Plan;
use crate::select::Selection;

/// The same complex of the same unit: by key (编号, else name) or by folded name.
fn same(a: &Complex, b: &Complex) -> bool {
    a.unit == b.unit && (a.key() == b.key() || fold(&a.name) == fold(&b.name))
}

fn status_text(c: &Complex) -> &'static str {
    c.status.map(Status::chinese).unwrap_or("")
}

/// The state at P compared with the state at P−1, in state order, then the complexes
/// no longer reported.
pub(super) fn since(sel: &Selection, plan: &Plan, p: YearMonth) -> Vec<Change> {
    let before = state_at(sel, plan, p.prev());
    let now = state_at(sel, plan, p);
    let find = |c: &Complex| before.iter().find(|b| same(&b.complex, c));
    let change = |c: &Complex, kind: ChangeKind, detail: String| Change {
        unit: c.unit.clone(),
        complex: c.name.clone(),
        kind,
        detail,
    };
    let mut out = Vec::new();
    for StateComplex { complex: c, .. } in &now {
        match find(c) {
            None => out.push(change(
                c,
                ChangeKind::Added,
                format!("新报送，状态：{}", status_text(c)),
            )),
            Some(b) if b.complex.status != c.status => {
                let kind = if c.status == Some(Status::Built) {
                    ChangeKind::Built
                } else {
                    ChangeKind::StatusChanged
                };
                let detail = format!("{} → {}", status_text(&b.complex), status_text(c));
                out.push(change(c, kind, detail));
            }
            _ => {}
        }
    }
    for StateComplex { complex: c, .. } in &before {
        if !now.iter().any(|s| same(&s.complex, c)) {
            let detail = "上月在报，本月报表中没有".to_string();
            out.push(change(c, ChangeKind::Dropped, detail));
        }
    }
    out
}
