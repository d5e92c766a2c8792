//! The data rows of 表1 and 表2 (blank, or prefilled with locked keys), their checks and
//! drop-downs, and the footer a clerk signs.

use super::*;

/// The check and hint on one data column, over all its rows.
pub(super) fn validation(ctx: &Ctx, col: &Column) -> Result<Option<DataValidation>, XlsxError> {
    let short: String = col
        .title
        .split(['（', '\n'])
        .next()
        .unwrap_or_default()
        .chars()
        .take(30)
        .collect();
    let dv = match col.input {
        Input::Seq => return Ok(None),
        Input::Text("") => return Ok(None),
        Input::Text(hint) | Input::Month(hint) => DataValidation::new()
            .allow_any_value()
            .set_input_message(hint)?,
        Input::List(n, hint) => DataValidation::new()
            .allow_list_formula(list_formula(ctx.codes, n))
            .set_input_message(hint)?
            .set_error_title("请从下拉列表中选择")?
            .set_error_message(choices_message(&short, &ctx.codes[n].values))?,
        Input::Linked(src, hint) => {
            let letters = crate::normalize::column_letters(u32::from(src));
            let formula = format!(
                "='{SHEET1}'!${letters}${}:${letters}${}",
                FIRST + 1,
                FIRST + ctx.rows
            );
            DataValidation::new()
                .allow_list_formula(Formula::new(formula))
                .set_input_message(hint)?
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_error_title("表1中没有这个综合体")?
                .set_error_message("表2的综合体应与表1一致。确定要填写吗？")?
        }
        Input::Decimal(hint) => DataValidation::new()
            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
            .set_input_message(hint)?
            .set_error_title("请填不小于0的数字")?
            .set_error_message(format!("“{short}”只填数字，不带单位和文字，不能为负数。"))?,
        Input::Whole(hint) => DataValidation::new()
            .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
            .set_input_message(hint)?
            .set_error_title("请填不小于0的整数")?
            .set_error_message(format!("“{short}”只填整数，不带单位和文字，不能为负数。"))?,
    };
    Ok(Some(dv.set_input_title(short)?))
}

/// `“建设方式”只能填：新建、改建、扩建。`, or without the values when they would pass
/// Excel's 255-character limit on a message (a plan with many industries).
pub(super) fn choices_message(title: &str, values: &[String]) -> String {
    let full = format!("“{title}”只能填：{}。", values.join("、"));
    if full.encode_utf16().count() <= 255 {
        full
    } else {
        format!("“{title}”只能从下拉列表中选择。")
    }
}

/// Writes the data rows: 序号, the inputs (blank or filled), their checks.
/// `keys` are the columns (编号, 名称) locked on the prefilled rows.
pub(super) fn data_rows(
    ws: &mut Worksheet,
    ctx: &Ctx,
    cols: &[Column],
    filled: &[Vec<(usize, &Entry)>],
    keys: &[usize],
) -> Result<(), XlsxError> {
    let f = ctx.f;
    let last = FIRST + ctx.rows - 1;
    for (c, col) in cols.iter().enumerate() {
        let c16 = c as u16;
        let open = match col.input {
            Input::Seq => &f.seq,
            Input::Text(_) | Input::Linked(..) => &f.text,
            Input::List(..) => &f.choice,
            Input::Month(_) => &f.month,
            Input::Decimal(_) => &f.decimal,
            Input::Whole(_) => &f.whole,
        };
        for r in 0..ctx.rows {
            let row = FIRST + r;
            let format = match r < ctx.prefilled && keys.contains(&c) {
                true => &f.fixed,
                false => open,
            };
            let entry = filled
                .get(r as usize)
                .and_then(|cells| cells.iter().find(|(i, _)| *i == c).map(|(_, e)| *e));
            match (col.input, entry) {
                (Input::Seq, _) => {
                    ws.write_number_with_format(row, c16, f64::from(r + 1), format)?;
                }
                (_, None) => {
                    ws.write_blank(row, c16, format)?;
                }
                (_, Some(Entry::Text(s))) => {
                    ws.write_string_with_format(row, c16, s, format)?;
                }
                (_, Some(Entry::Number(n))) => {
                    ws.write_number_with_format(row, c16, *n, format)?;
                }
                (_, Some(Entry::Date(d))) => {
                    ws.write_datetime_with_format(row, c16, &excel_date(*d)?, &f.day)?;
                }
            }
        }
        if let Some(dv) = validation(ctx, col)? {
            ws.add_data_validation(FIRST, c16, last, c16, &dv)?;
        }
    }
    fit_prefilled_rows(ws, ctx, cols, filled)
}

/// A prefilled row whose text wraps in its column (a long name on 表2) is made tall
/// enough for its lines; blank forms keep their heights.
fn fit_prefilled_rows(
    ws: &mut Worksheet,
    ctx: &Ctx,
    cols: &[Column],
    filled: &[Vec<(usize, &Entry)>],
) -> Result<(), XlsxError> {
    for (r, height) in tall_rows(ctx, cols, filled) {
        ws.set_row_height(FIRST + r, height)?;
    }
    Ok(())
}

/// The prefilled rows whose text wraps, with the height each needs in points.
pub(super) fn tall_rows(
    ctx: &Ctx,
    cols: &[Column],
    filled: &[Vec<(usize, &Entry)>],
) -> Vec<(u32, f64)> {
    let mut tall = Vec::new();
    for (r, cells) in filled.iter().enumerate().take(ctx.prefilled as usize) {
        let lines = cells
            .iter()
            .filter_map(|(c, e)| match (e, cols[*c].input) {
                (Entry::Text(t), Input::Text(_) | Input::Linked(..)) => {
                    let w: f64 = t
                        .chars()
                        .map(|ch| if ch.is_ascii() { 1.0 } else { 1.6 })
                        .sum();
                    Some((w / (cols[*c].width - 1.0)).ceil() as u32)
                }
                _ => None,
            })
            .max()
            .unwrap_or(1);
        if lines > 1 {
            tall.push((r as u32, 14.0 * f64::from(lines) + 4.0));
        }
    }
    tall
}

pub(super) fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// Labels with a signature line after each; 报出日期 last, with a date cell. A slot is
/// (label, footer line, label column, first and last column of the line).
pub(super) fn footer(
    ws: &mut Worksheet,
    ctx: &Ctx,
    slots: &[(&str, u32, u16, u16, u16)],
    sign: Option<Vec<Entry>>,
) -> Result<(), XlsxError> {
    let f = ctx.f;
    for (i, (label, line, at, from, to)) in slots.iter().enumerate() {
        let row = FIRST + ctx.rows + 1 + line;
        ws.set_row_height(row, 22)?;
        if from - at > 1 {
            ws.merge_range(row, *at, row, from - 1, label, &f.label)?;
        } else {
            ws.write_string_with_format(row, *at, *label, &f.label)?;
        }
        let dated = label.starts_with("报出日期");
        let format = if dated { &f.sign_date } else { &f.sign };
        if to > from {
            ws.merge_range(row, *from, row, *to, "", format)?;
        }
        match sign.as_ref().and_then(|s| s.get(i)) {
            None => ws.write_blank(row, *from, format)?,
            Some(Entry::Text(s)) => ws.write_string_with_format(row, *from, s, format)?,
            Some(Entry::Number(n)) => ws.write_number_with_format(row, *from, *n, format)?,
            Some(Entry::Date(d)) => {
                ws.write_datetime_with_format(row, *from, &excel_date(*d)?, format)?
            }
        };
        if dated {
            let due = crate::select::deadline(ctx.period, ctx.plan);
            let hint = format!(
                "填报送日期，如 {}年{}月{}日。截止日期为 {}年{}月{}日。",
                due.year(),
                due.month(),
                due.day().min(5),
                due.year(),
                due.month(),
                due.day()
            );
            let dv = DataValidation::new()
                .allow_any_value()
                .set_input_title("报出日期")?
                .set_input_message(hint)?;
            ws.add_data_validation(row, *from, row, *from, &dv)?;
        }
    }
    Ok(())
}
