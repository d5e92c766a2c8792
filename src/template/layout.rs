//! The template's columns and looks: formats, the code lists behind the drop-downs,
//! and for each column its title, width and the check and hint its cells get.
//!
//! Built from `crate::schema` and the plan, so the template carries exactly the titles
//! the reader matches.

use rust_xlsxwriter::{
    Format, FormatAlign, FormatBorder, Formula, ProtectionOptions, Worksheet, XlsxError,
};

use super::CODES;
use crate::plan::Plan;
use crate::schema::{
    Field, Kind, ServiceField, ASSESSMENTS, BUILD_MODES, FUNCTION_GROUP, FUNDINGS, MEASURES,
    OPERATING_MODELS, SERVICE_GROUP, STATUSES, TABLE1_HEAD, TABLE1_TAIL,
};

/// Cell formats: 宋体 10 pt, thin borders; input cells unlocked, the rest locked.
pub(super) struct Formats {
    pub(super) title: Format,
    pub(super) info: Format,
    pub(super) head: Format,
    /// A column title in vertical characters (the narrow function columns).
    pub(super) head_stacked: Format,
    pub(super) seq: Format,
    pub(super) text: Format,
    /// 编号 and 名称 of a complex carried over from an earlier return: locked.
    pub(super) fixed: Format,
    pub(super) choice: Format,
    pub(super) month: Format,
    pub(super) decimal: Format,
    pub(super) whole: Format,
    pub(super) label: Format,
    pub(super) sign: Format,
    pub(super) sign_date: Format,
    pub(super) day: Format,
    pub(super) bold: Format,
    pub(super) wrap: Format,
}

impl Formats {
    pub(super) fn new() -> Formats {
        let (base, cell, title) = crate::report::table::base_formats(10.0);
        let input = cell.clone().set_unlocked();
        let sign = base
            .clone()
            .set_unlocked()
            .set_border_bottom(FormatBorder::Thin)
            .set_align(FormatAlign::Center);
        let head = cell
            .clone()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_background_color(0xF2F2F2);
        Formats {
            title,
            info: base.clone().set_align(FormatAlign::Left),
            head_stacked: head.clone().set_rotation(270),
            head,
            fixed: cell.clone().set_text_wrap().set_background_color(0xF2F2F2),
            seq: cell
                .set_align(FormatAlign::Center)
                .set_background_color(0xF2F2F2),
            text: input.clone().set_text_wrap(),
            choice: input.clone().set_align(FormatAlign::Center),
            month: input
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("@"),
            decimal: input.clone().set_num_format("#,##0.00"),
            whole: input.clone().set_num_format("#,##0"),
            day: input
                .set_align(FormatAlign::Center)
                .set_num_format("yyyy\"年\"m\"月\"d\"日\""),
            label: base.clone().set_align(FormatAlign::Right),
            sign: sign.clone(),
            sign_date: sign.set_num_format("yyyy\"年\"m\"月\"d\"日\""),
            bold: base.clone().set_bold().set_font_size(12),
            wrap: base
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_border(FormatBorder::Thin),
        }
    }
}

/// A drop-down list's values, kept on the hidden 代码表 sheet.
pub(super) struct CodeList {
    pub(super) title: &'static str,
    pub(super) values: Vec<String>,
}

/// The lists, in 代码表 column order; see [`list_index`].
pub(super) fn code_lists(plan: &Plan, unit: &str) -> Vec<CodeList> {
    let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
    vec![
        // Any other unit is a row error (docs/报表格式.md §七), so the list offers only this one.
        CodeList {
            title: "所在县（市、区）",
            values: vec![unit.to_string()],
        },
        CodeList {
            title: "主导产业",
            values: plan.industries.iter().map(|i| i.name.clone()).collect(),
        },
        CodeList {
            title: "建设方式",
            values: owned(BUILD_MODES),
        },
        CodeList {
            title: "投资方式",
            values: owned(FUNDINGS),
        },
        CodeList {
            title: "运营模式",
            values: owned(OPERATING_MODELS),
        },
        CodeList {
            title: "建设状态",
            values: owned(STATUSES),
        },
        CodeList {
            title: "考核结果",
            values: owned(ASSESSMENTS),
        },
        CodeList {
            title: "是否",
            values: owned(&["是", "否"]),
        },
    ]
}

/// Which code list a 表1 field draws from.
pub(super) fn list_index(field: Field) -> Option<usize> {
    Some(match field {
        Field::Unit => 0,
        Field::Industry => 1,
        Field::BuildMode => 2,
        Field::Funding => 3,
        Field::OperatingModel => 4,
        Field::Status => 5,
        Field::Assessment => 6,
        Field::Function(_) => 7,
        _ => return None,
    })
}

/// `='代码表'!$B$2:$B$16`.
pub(super) fn list_formula(codes: &[CodeList], index: usize) -> Formula {
    let col = crate::normalize::column_letters(index as u32);
    let last = codes[index].values.len().max(1) + 1;
    Formula::new(format!("='{CODES}'!${col}$2:${col}${last}"))
}

pub(super) fn codes_sheet(codes: &[CodeList], f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(CODES)?;
    for (c, list) in codes.iter().enumerate() {
        let c = c as u16;
        ws.set_column_width(c, 16)?;
        ws.write_string_with_format(0, c, list.title, &f.head)?;
        for (r, v) in list.values.iter().enumerate() {
            ws.write_string(r as u32 + 1, c, v)?;
        }
    }
    ws.set_hidden(true);
    ws.protect();
    Ok(ws)
}

/// What a data column takes, and how the template checks it.
#[derive(Clone, Copy)]
pub(super) enum Input {
    /// Prefilled, locked.
    Seq,
    Text(&'static str),
    /// From code list `n`.
    List(usize, &'static str),
    /// From another sheet's column (表2's names from 表1), warning only.
    Linked(u16, &'static str),
    Month(&'static str),
    Decimal(&'static str),
    Whole(&'static str),
}

/// A data column of 表1 or 表2: title (sub-title under a group), width, input.
pub(super) struct Column {
    pub(super) title: String,
    pub(super) group: Option<&'static str>,
    pub(super) width: f64,
    pub(super) input: Input,
    /// The title in vertical characters (a narrow 是/否 column).
    pub(super) stacked: bool,
}

/// 表1's columns: the schema's titles, the plan's functions, two-row groups.
pub(super) fn table1_columns(plan: &Plan) -> Vec<(Option<Field>, Column)> {
    let mut cols = Vec::new();
    for def in TABLE1_HEAD {
        let title = match def.group {
            Some(_) => def.title.trim_end_matches("（万元）").to_string(),
            None => def.title.replacen('（', "\n（", 1),
        };
        let col = Column {
            title,
            group: def.group,
            width: width_of(def.field),
            input: input_of(def.field, def.kind),
            stacked: false,
        };
        cols.push((Some(def.field), col));
    }
    for (i, name) in plan.functions.iter().enumerate() {
        // 是/否 under a vertical title: nine narrow columns
        let col = Column {
            title: name.clone(),
            group: Some(FUNCTION_GROUP),
            width: 4.0,
            input: Input::List(7, "填“是”或“否”；不填按“否”。"),
            stacked: true,
        };
        cols.push((Some(Field::Function(i)), col));
    }
    for def in TABLE1_TAIL {
        let col = Column {
            title: def.title.replacen('（', "\n（", 1),
            group: None,
            width: width_of(def.field),
            input: input_of(def.field, def.kind),
            stacked: false,
        };
        cols.push((Some(def.field), col));
    }
    cols
}

pub(super) fn width_of(field: Field) -> f64 {
    match field {
        Field::Seq => 5.0,
        Field::Id => 11.0,
        Field::Name | Field::Host => 24.0,
        Field::Unit | Field::Industry | Field::OperatingModel => 12.0,
        Field::Started | Field::Built | Field::Area => 11.0,
        Field::Note => 20.0,
        _ => 10.0,
    }
}

/// The hint shown when a clerk enters a cell of this column.
pub(super) fn input_of(field: Field, kind: Kind) -> Input {
    if let Some(n) = list_index(field) {
        let hint = match field {
            Field::Unit => "可不填，不填即为本单位；填写时只能填本单位。",
            Field::Industry => "必填。从下拉列表选择最接近的产业，并可在备注中写明具体产业。",
            Field::BuildMode => "必填。新建、改建或扩建。",
            Field::Funding => "必填。政府投资、民间投资或混合投资。",
            Field::OperatingModel => "可不填。股份制、理事会制、会员制、专业公司运营或其他。",
            Field::Status => "必填。谋划、在建或建成运营。填“建成运营”的必须填建成时间。",
            _ => "不填按未考核。只有建成运营的综合体才能填“通过”或“未通过”。",
        };
        return Input::List(n, hint);
    }
    match (field, kind) {
        (Field::Seq, _) => Input::Seq,
        (Field::Id, _) => Input::Text("填市科技局统一编发的编号（全市唯一）；尚无编号的可不填。"),
        (Field::Name, _) => Input::Text("必填。填综合体全称，一个综合体一行，每月名称保持一致。"),
        (Field::Host, _) => Input::Text("必填。填依托单位（建设或运营单位）全称。"),
        (Field::Started, _) => Input::Month("填年月，如 2021年5月。未开工的可不填。"),
        (Field::Built, _) => Input::Month(
            "填年月，如 2021年5月。建成运营的必填，且不得晚于报告期；未建成的可填计划建成时间。",
        ),
        (Field::Area, _) => Input::Decimal("单位：平方米。只填数字；不清楚的留空（留空不等于0）。"),
        (Field::InvestDone, _) => Input::Decimal(
            "单位：万元。自开工累计完成的投资，应等于财政资金与社会资本之和，一般不超过计划总投资的1.5倍。",
        ),
        (Field::InvestGov | Field::InvestPrivate | Field::InvestPlanned, _) => {
            Input::Decimal("单位：万元。只填数字；不清楚的留空（留空不等于0）。")
        }
        (Field::ResidentOrgs, _) => Input::Whole("单位：家。填整数。"),
        (_, Kind::Integer) => Input::Whole("填整数。"),
        (_, Kind::Number) => Input::Decimal("只填数字。"),
        _ => Input::Text(""),
    }
}

/// A sheet centred on the page; its paper and scale are set by
/// [`crate::report::print::Print`] once its columns are known.
pub(super) fn new_sheet(name: &str) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    ws.set_print_center_horizontally(true);
    Ok(ws)
}

/// Locked layout, unlocked inputs; rows may be inserted for more complexes, and with
/// `filters` the sheet's autofilter may be used.
pub(super) fn protect(ws: &mut Worksheet, filters: bool) {
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        insert_rows: true,
        delete_rows: true,
        use_autofilter: filters,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
}

impl Column {
    pub(super) fn clone_shape(&self) -> Column {
        Column {
            title: self.title.clone(),
            group: self.group,
            width: self.width,
            input: self.input,
            stacked: self.stacked,
        }
    }
}

pub(super) fn table2_columns() -> Vec<(Option<ServiceField>, Column)> {
    let col = |title: &str, width, input| Column {
        title: title.to_string(),
        group: None,
        width,
        input,
        stacked: false,
    };
    let mut cols = vec![
        (Some(ServiceField::Seq), col("序号", 5.0, Input::Seq)),
        (
            Some(ServiceField::Id),
            col(
                "综合体编号",
                11.0,
                Input::Linked(1, "与表1的综合体编号一致；没有编号的可不填。"),
            ),
        ),
        (
            Some(ServiceField::Name),
            col(
                "综合体名称",
                18.0,
                Input::Linked(2, "从下拉列表选择表1中的综合体，名称须与表1一致。"),
            ),
        ),
    ];
    for (j, m) in MEASURES.iter().enumerate() {
        let input = if m.integer {
            Input::Whole("本月数。填整数；本月没有的填0，不清楚的留空。")
        } else {
            Input::Decimal("本月数，单位：万元。本月没有的填0，不清楚的留空。")
        };
        let c = Column {
            title: format!("{}\n（{}）", m.title, m.unit),
            group: Some(SERVICE_GROUP),
            // titles break between words: A4 holds the thirteen columns
            width: 9.0,
            input,
            stacked: false,
        };
        cols.push((Some(ServiceField::Measure(j)), c));
    }
    cols
}
