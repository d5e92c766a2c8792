//! A clerk's habits in filling in a return. Real returns differ from unit to unit in
//! small ways the reader must take in its stride; the sample spreads these habits over
//! the units so that every one of them occurs in any twenty consecutive units.

use super::scenario::Dice;
use crate::normalize::YearMonth;

/// How months are written in 开工时间 / 建成时间.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MonthForm {
    /// A date cell shown as `2021年5月`.
    Date,
    /// The text `2021年5月`.
    Text,
    /// The text `2021-05`.
    Dash,
}

/// One clerk's habits. Chosen by unit position and seed so that every habit occurs
/// among any twenty consecutive units; some units change clerk in July 2021.
#[derive(Debug, Clone)]
pub(super) struct Style {
    /// 0 before the clerk changed, 1 after.
    pub era: u64,
    pub two_row: bool,
    pub period_date_cell: bool,
    pub text_numbers: bool,
    pub tick_yes_no: bool,
    pub month_form: MonthForm,
    pub unit_column: bool,
    pub short_unit_cell: bool,
    pub total_in_name: bool,
    pub services_group: bool,
    pub wrap_titles: bool,
    pub submitted_date_cell: bool,
    pub built_word: &'static str,
    pub blank_zeros: bool,
    pub notes_row: bool,
    pub explicit_unassessed: bool,
    pub spaced_total: bool,
    pub file_pattern: u8,
}

impl Style {
    pub(super) fn choose(unit_index: usize, seed: u64, month: YearMonth) -> Style {
        let offset = Dice::new(seed, &[0]).range(0, 59) as u64;
        let era = u64::from(
            unit_index % 5 == 4
                && month
                    >= YearMonth {
                        year: 2021,
                        month: 7,
                    },
        );
        let k = offset + unit_index as u64 + era * 7;
        let two_row = k % 4 != 1;
        Style {
            era,
            two_row,
            period_date_cell: k % 5 == 2,
            text_numbers: k % 6 == 3,
            tick_yes_no: !k.is_multiple_of(3),
            month_form: match (k / 2) % 3 {
                0 => MonthForm::Date,
                1 => MonthForm::Text,
                _ => MonthForm::Dash,
            },
            unit_column: k % 7 != 6,
            short_unit_cell: (k / 3) % 3 == 1,
            total_in_name: (k / 2) % 2 == 1,
            services_group: two_row && k % 3 != 2,
            wrap_titles: (k / 4).is_multiple_of(2),
            submitted_date_cell: k % 8 == 5,
            built_word: if k % 9 == 4 {
                "已建成"
            } else {
                "建成运营"
            },
            blank_zeros: (k / 5) % 2 == 1,
            notes_row: k % 6 == 1,
            explicit_unassessed: k % 10 == 7,
            spaced_total: k.is_multiple_of(5),
            file_pattern: ((k / 3) % 4) as u8,
        }
    }
}
