//! Remembering the folds, keys and fields of the texts a reader sees again and again.

/// The results of a pure function of short texts, remembered (see [`Memo::get`]). A
/// reader sees the same titles, labels, unit and complex names in return after return,
/// and folding or matching them costs far more than looking them up; the result is the
/// same either way.
pub struct Memo<V = Box<str>> {
    seen: std::cell::RefCell<std::collections::HashMap<Box<str>, V, foldhash::fast::FixedState>>,
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo {
            seen: std::cell::RefCell::new(std::collections::HashMap::with_hasher(
                foldhash::fast::FixedState::default(),
            )),
        }
    }
}

impl<V: Clone> Memo<V> {
    /// `f(text)`, remembered for texts of up to 200 bytes (at most 16,384 of them: a
    /// bound, not a policy; a text dropped is computed again).
    pub fn get(&self, text: &str, f: impl FnOnce(&str) -> V) -> V {
        const LONGEST: usize = 200;
        const MOST: usize = 16_384;
        if text.len() > LONGEST {
            return f(text);
        }
        if let Some(v) = self.seen.borrow().get(text) {
            return v.clone();
        }
        let v = f(text);
        let mut seen = self.seen.borrow_mut();
        if seen.len() >= MOST {
            seen.clear();
        }
        seen.insert(text.into(), v.clone());
        v
    }
}

/// `f(text)` for a pure `f`, remembered per thread in `seen` (see [`Memo::get`]).
pub fn remembered(
    seen: &'static std::thread::LocalKey<Memo>,
    text: &str,
    f: impl FnOnce(&str) -> String,
) -> String {
    seen.with(|seen| seen.get(text, |t| f(t).into_boxed_str()).into())
}
