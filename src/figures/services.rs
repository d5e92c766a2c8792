//! The ten service measures of 表2 as an enum, and their sums keyed by it.

use std::ops::{Index, IndexMut};

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::round2;
use crate::schema::{self, MEASURES};

/// One of the ten service measures of 表2, in `schema::MEASURES` order (its title,
/// unit and summary key are there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    FirmsServed,
    Tests,
    ContractValue,
    Vouchers,
    Incubated,
    Talents,
    Teams,
    Trainees,
    Patents,
    Rnd,
}

impl Measure {
    pub const ALL: [Measure; 10] = [
        Measure::FirmsServed,
        Measure::Tests,
        Measure::ContractValue,
        Measure::Vouchers,
        Measure::Incubated,
        Measure::Talents,
        Measure::Teams,
        Measure::Trainees,
        Measure::Patents,
        Measure::Rnd,
    ];

    /// Its title, unit, aliases and summary key.
    pub fn schema(self) -> &'static schema::Measure {
        &MEASURES[self as usize]
    }
}

/// The ten service measures of 表2 added up, keyed by [`Measure`] (0 where nothing
/// was reported).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Services([f64; 10]);

impl Services {
    /// The sum of 表2 rows' values, blanks counted as 0.
    pub fn of_rows<'r>(rows: impl IntoIterator<Item = &'r [Option<f64>; 10]>) -> Services {
        let mut s = Services::default();
        for row in rows {
            for (a, v) in s.0.iter_mut().zip(row) {
                *a += v.unwrap_or(0.0);
            }
        }
        s
    }

    /// Built measure by measure.
    pub fn from_fn(mut f: impl FnMut(Measure) -> f64) -> Services {
        Services(Measure::ALL.map(&mut f))
    }

    /// Each measure with its value, in `Measure::ALL` order.
    pub fn iter(&self) -> impl Iterator<Item = (Measure, f64)> + '_ {
        Measure::ALL.into_iter().zip(self.0.iter().copied())
    }

    pub fn add(&mut self, other: &Services) {
        for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
            *a += b;
        }
    }
}

impl Index<Measure> for Services {
    type Output = f64;
    fn index(&self, m: Measure) -> &f64 {
        &self.0[m as usize]
    }
}

impl IndexMut<Measure> for Services {
    fn index_mut(&mut self, m: Measure) -> &mut f64 {
        &mut self.0[m as usize]
    }
}

impl Serialize for Services {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(MEASURES.len()))?;
        for (m, v) in self.iter() {
            let m = m.schema();
            if m.integer {
                map.serialize_entry(m.key, &(v.round() as i64))?;
            } else {
                map.serialize_entry(m.key, &round2(v))?;
            }
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_follow_the_schema_order() {
        let keys: Vec<&str> = Measure::ALL.iter().map(|m| m.schema().key).collect();
        assert_eq!(
            keys,
            [
                "firms_served",
                "tests",
                "contract_value",
                "vouchers",
                "incubated",
                "talents",
                "teams",
                "trainees",
                "patents",
                "rnd"
            ]
        );
    }
}
