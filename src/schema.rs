//! The return's columns: titles, aliases, units and value kinds (docs/报表格式.md §三, §四).
//!
//! One table of column definitions serves the reader (titles → fields), the sample
//! generator and the blank templates, so that what xtic writes is what it reads.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::LazyLock;

use crate::normalize::{fold_cow, Memo};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Integer,
    Text,
    Unit,
    Industry,
    Choice(&'static [&'static str]),
    Status,
    Month,
    Number,
    Assessment,
}

/// A field of 表1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Seq,
    Id,
    Name,
    Unit,
    Host,
    Industry,
    BuildMode,
    Funding,
    OperatingModel,
    Status,
    Started,
    Built,
    Area,
    InvestPlanned,
    InvestDone,
    InvestGov,
    InvestPrivate,
    /// One of the plan's functions, by position.
    Function(usize),
    ResidentOrgs,
    Assessment,
    Note,
}

pub struct ColumnDef {
    pub field: Field,
    /// The title as the template writes it (with the unit, if any).
    pub title: &'static str,
    /// Other titles accepted, without units.
    pub aliases: &'static [&'static str],
    pub kind: Kind,
    pub required: bool,
    /// Group title over this column in a two-row heading, if any.
    pub group: Option<&'static str>,
}

pub const BUILD_MODES: &[&str] = &["新建", "改建", "扩建"];
pub const FUNDINGS: &[&str] = &["政府投资", "民间投资", "混合投资"];
pub const OPERATING_MODELS: &[&str] = &["股份制", "理事会制", "会员制", "专业公司运营", "其他"];
pub const STATUSES: &[&str] = &["谋划", "在建", "建成运营"];
pub const ASSESSMENTS: &[&str] = &["未考核", "通过", "未通过"];
pub const INVEST_GROUP: &str = "投资情况（万元）";
pub const FUNCTION_GROUP: &str = "具备功能（是/否）";
pub const SERVICE_GROUP: &str = "本月服务情况";

const fn col(
    field: Field,
    title: &'static str,
    aliases: &'static [&'static str],
    kind: Kind,
    required: bool,
) -> ColumnDef {
    ColumnDef {
        field,
        title,
        aliases,
        kind,
        required,
        group: None,
    }
}

const fn grouped(
    field: Field,
    title: &'static str,
    aliases: &'static [&'static str],
    group: &'static str,
) -> ColumnDef {
    ColumnDef {
        field,
        title,
        aliases,
        kind: Kind::Number,
        required: false,
        group: Some(group),
    }
}

/// 表1 columns before the nine functions, in template order.
pub const TABLE1_HEAD: &[ColumnDef] = &[
    col(Field::Seq, "序号", &[], Kind::Integer, false),
    col(Field::Id, "综合体编号", &["编号"], Kind::Text, false),
    col(
        Field::Name,
        "综合体名称",
        &["名称", "科技创新综合体名称"],
        Kind::Text,
        true,
    ),
    col(
        Field::Unit,
        "所在县（市、区）",
        &["所属县区", "县区", "所在县市区", "县(市、区)", "所在县区"],
        Kind::Unit,
        false,
    ),
    col(
        Field::Host,
        "依托单位",
        &["建设单位", "运营单位", "依托单位名称"],
        Kind::Text,
        true,
    ),
    col(
        Field::Industry,
        "主导产业",
        &["产业领域", "所属产业"],
        Kind::Industry,
        true,
    ),
    col(
        Field::BuildMode,
        "建设方式",
        &[],
        Kind::Choice(BUILD_MODES),
        true,
    ),
    col(
        Field::Funding,
        "投资方式",
        &["投资主体"],
        Kind::Choice(FUNDINGS),
        true,
    ),
    col(
        Field::OperatingModel,
        "运营模式",
        &[],
        Kind::Choice(OPERATING_MODELS),
        false,
    ),
    col(Field::Status, "建设状态", &["进展情况"], Kind::Status, true),
    col(Field::Started, "开工时间", &[], Kind::Month, false),
    col(
        Field::Built,
        "建成时间",
        &["建成运营时间"],
        Kind::Month,
        false,
    ),
    col(
        Field::Area,
        "核心场所面积（平方米）",
        &["核心场所面积"],
        Kind::Number,
        false,
    ),
    grouped(
        Field::InvestPlanned,
        "计划总投资（万元）",
        &["计划总投资"],
        INVEST_GROUP,
    ),
    grouped(
        Field::InvestDone,
        "累计完成投资（万元）",
        &["累计完成投资"],
        INVEST_GROUP,
    ),
    grouped(
        Field::InvestGov,
        "其中：财政资金（万元）",
        &["财政资金"],
        INVEST_GROUP,
    ),
    grouped(
        Field::InvestPrivate,
        "其中：社会资本（万元）",
        &["社会资本"],
        INVEST_GROUP,
    ),
];

/// 表1 columns after the nine functions.
pub const TABLE1_TAIL: &[ColumnDef] = &[
    col(
        Field::ResidentOrgs,
        "入驻服务机构（家）",
        &["入驻服务机构", "入驻机构"],
        Kind::Integer,
        false,
    ),
    col(Field::Assessment, "考核结果", &[], Kind::Assessment, false),
    col(Field::Note, "备注", &[], Kind::Text, false),
];

/// The ten service measures of 表2, in summary order.
pub struct Measure {
    pub key: &'static str,
    pub title: &'static str,
    pub unit: &'static str,
    pub aliases: &'static [&'static str],
    /// Counted in whole units (家次, 次 …) rather than 万元.
    pub integer: bool,
}

pub const MEASURES: [Measure; 10] = [
    Measure {
        key: "firms_served",
        title: "服务企业",
        unit: "家次",
        aliases: &["服务企业数", "服务企业数量"],
        integer: true,
    },
    Measure {
        key: "tests",
        title: "检验检测服务",
        unit: "次",
        aliases: &["检验检测", "检验检测服务次数"],
        integer: true,
    },
    Measure {
        key: "contract_value",
        title: "技术合同成交额",
        unit: "万元",
        aliases: &["技术合同交易额"],
        integer: false,
    },
    Measure {
        key: "vouchers",
        title: "创新券兑付",
        unit: "万元",
        aliases: &["创新券兑付金额", "兑付创新券"],
        integer: false,
    },
    Measure {
        key: "incubated",
        title: "新增孵化企业",
        unit: "家",
        aliases: &["孵化企业", "新增孵化企业数"],
        integer: true,
    },
    Measure {
        key: "talents",
        title: "引进高层次人才",
        unit: "人",
        aliases: &["高层次人才", "引进人才"],
        integer: true,
    },
    Measure {
        key: "teams",
        title: "引进创新团队",
        unit: "个",
        aliases: &["创新团队"],
        integer: true,
    },
    Measure {
        key: "trainees",
        title: "培训",
        unit: "人次",
        aliases: &["开展培训", "培训人次", "教育培训"],
        integer: true,
    },
    Measure {
        key: "patents",
        title: "专利申请",
        unit: "件",
        aliases: &["申请专利", "专利申请量"],
        integer: true,
    },
    Measure {
        key: "rnd",
        title: "研发投入",
        unit: "万元",
        aliases: &["研发经费投入", "研发投入金额"],
        integer: false,
    },
];

/// A field of 表2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServiceField {
    Seq,
    Id,
    Name,
    Measure(usize),
}

/// Field → zero-based column (looked up for every cell a row check reads; foldhash, as
/// the readers' memos).
pub type Columns<F> = HashMap<F, u32, foldhash::fast::FixedState>;

/// The column-title rows of a table as found in a sheet, and the column each known
/// field is in.
#[derive(Debug, Clone)]
pub struct TitleMap<F> {
    /// Zero-based row of the (last) title row.
    pub last_title_row: u32,
    pub first_title_row: u32,
    /// Field → zero-based column.
    pub columns: Columns<F>,
}

impl<F: Copy + Eq + std::hash::Hash> TitleMap<F> {
    pub fn col(&self, field: F) -> Option<u32> {
        self.columns.get(&field).copied()
    }
}

/// The folded key a title is compared by: NFKC, no spaces, no unit in brackets, no
/// leading `其中：` or `本月`, no trailing `功能`.
pub fn title_key(text: &str) -> String {
    thread_local! {
        static KEYS: Memo = Memo::default();
    }
    crate::normalize::remembered(&KEYS, text, key_of_title)
}

fn key_of_title(text: &str) -> String {
    let mut f = fold_cow(text);
    // drop every bracketed part: (万元), (家次), (是/否), 〔万元〕 …
    const OPEN: [char; 9] = ['(', '[', '【', '〔', '〖', '<', '《', '「', '‹'];
    const CLOSE: [char; 9] = [')', ']', '】', '〕', '〗', '>', '》', '」', '›'];
    while let (Some(open), Some(close)) = (f.find(OPEN), f.rfind(CLOSE)) {
        if close < open {
            break;
        }
        let mut s = f.into_owned();
        s.replace_range(open..close + close_len(&s[close..]), "");
        f = Cow::Owned(s);
    }
    let mut s: &str = &f;
    for prefix in ["其中:", "其中", "本月"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest;
        }
    }
    // a unit written without brackets: `累计完成投资 万元`, `财政资金/万元`
    for unit in [
        "单位:万元",
        "万元",
        "平方米",
        "家次",
        "人次",
        "(是/否)",
        "是/否",
    ] {
        if let Some(rest) = s.strip_suffix(unit) {
            if !rest.is_empty() {
                s = rest;
                break;
            }
        }
    }
    s.trim_matches(['/', '-', '－', '—', ':', '、', ','])
        .to_string()
}

fn close_len(s: &str) -> usize {
    s.chars().next().map(char::len_utf8).unwrap_or(1)
}

/// Title key → what it stands for.
type Keys<V> = HashMap<String, V, foldhash::fast::FixedState>;

/// Folded title keys of the fixed 表1 columns, computed once; of two columns with one
/// key the first wins.
static TABLE1_KEYS: LazyLock<Keys<Field>> = LazyLock::new(|| {
    let mut keys = Keys::default();
    for c in TABLE1_HEAD.iter().chain(TABLE1_TAIL) {
        for t in std::iter::once(c.title).chain(c.aliases.iter().copied()) {
            keys.entry(title_key(t)).or_insert(c.field);
        }
    }
    keys
});

/// Folded title keys of the 表2 columns, computed once; of two with one key the first
/// wins.
static TABLE2_KEYS: LazyLock<Keys<ServiceField>> = LazyLock::new(|| {
    let mut keys = Keys::default();
    for (t, f) in [
        ("序号", ServiceField::Seq),
        ("综合体编号", ServiceField::Id),
        ("编号", ServiceField::Id),
        ("综合体名称", ServiceField::Name),
        ("名称", ServiceField::Name),
        ("科技创新综合体名称", ServiceField::Name),
    ] {
        keys.insert(t.to_string(), f);
    }
    for (i, m) in MEASURES.iter().enumerate() {
        for t in std::iter::once(m.title).chain(m.aliases.iter().copied()) {
            keys.entry(title_key(t)).or_insert(ServiceField::Measure(i));
        }
    }
    keys
});

/// The title keys of 表1 for one plan's functions, and the field each title text
/// stood for, remembered: a reader sees the same titles in return after return.
pub struct Table1Titles {
    /// The plan's functions these keys are for.
    of: Vec<String>,
    functions: Keys<usize>,
    seen: Memo<Option<Field>>,
}

impl Table1Titles {
    pub fn new(functions: &[String]) -> Table1Titles {
        let mut keys = Keys::default();
        for (i, f) in functions.iter().enumerate() {
            keys.entry(title_key(f)).or_insert(i);
        }
        Table1Titles {
            of: functions.to_vec(),
            functions: keys,
            seen: Memo::default(),
        }
    }

    /// The titles of `functions`, built once per thread while the plan stays the same.
    pub fn for_plan(functions: &[String]) -> Rc<Table1Titles> {
        thread_local! {
            static LAST: RefCell<Option<Rc<Table1Titles>>> = const { RefCell::new(None) };
        }
        LAST.with(|last| {
            let mut last = last.borrow_mut();
            match last.as_ref() {
                Some(t) if t.of == functions => Rc::clone(t),
                _ => Rc::clone(last.insert(Rc::new(Table1Titles::new(functions)))),
            }
        })
    }

    /// The 表1 field a column title stands for, if any.
    pub fn field(&self, title: &str) -> Option<Field> {
        self.seen.get(title, |t| self.field_of_key(&title_key(t)))
    }

    fn field_of_key(&self, key: &str) -> Option<Field> {
        if key.is_empty() {
            return None;
        }
        if let Some(f) = TABLE1_KEYS.get(key) {
            return Some(*f);
        }
        let bare = key.strip_suffix("功能").unwrap_or(key);
        self.functions.get(bare).copied().map(Field::Function)
    }
}

/// The 表1 field a column title stands for, if any (for one title; a reader matching
/// many uses [`Table1Titles::for_plan`]).
pub fn table1_field(title: &str, functions: &[String]) -> Option<Field> {
    Table1Titles::new(functions).field(title)
}

/// The 表2 field a column title stands for, if any (remembered per thread).
pub fn table2_field(title: &str) -> Option<ServiceField> {
    thread_local! {
        static SEEN: Memo<Option<ServiceField>> = Memo::default();
    }
    SEEN.with(|seen| {
        seen.get(title, |t| {
            let key = title_key(t);
            if key.is_empty() {
                return None;
            }
            TABLE2_KEYS.get(&key).copied()
        })
    })
}

/// The column definition of a 表1 field (None for functions, which come from the plan).
pub fn table1_def(field: Field) -> Option<&'static ColumnDef> {
    TABLE1_HEAD
        .iter()
        .chain(TABLE1_TAIL)
        .find(|c| c.field == field)
}

/// The Chinese title of a 表1 field, for messages.
pub fn table1_title(field: Field, functions: &[String]) -> String {
    match field {
        Field::Function(i) => functions.get(i).cloned().unwrap_or_default(),
        other => table1_def(other)
            .map(|c| c.title.to_string())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn functions() -> Vec<String> {
        crate::plan::Plan::builtin().functions
    }

    #[test]
    fn titles_with_units_breaks_and_brackets() {
        let f = functions();
        assert_eq!(
            table1_field("计划总投资\n（万元）", &f),
            Some(Field::InvestPlanned)
        );
        assert_eq!(
            table1_field("其中：财政资金(万元)", &f),
            Some(Field::InvestGov)
        );
        assert_eq!(table1_field(" 编 号 ", &f), Some(Field::Id));
        assert_eq!(table1_field("所属县区", &f), Some(Field::Unit));
        assert_eq!(table1_field("建成运营时间", &f), Some(Field::Built));
        assert_eq!(table1_field("检验检测", &f), Some(Field::Function(2)));
        assert_eq!(table1_field("教育培训功能", &f), Some(Field::Function(8)));
        assert_eq!(table1_field("投资情况（万元）", &f), None);
        assert_eq!(
            table1_field("累计完成投资〔万元〕", &f),
            Some(Field::InvestDone)
        );
        assert_eq!(
            table1_field("累计完成投资 万元", &f),
            Some(Field::InvestDone)
        );
        assert_eq!(
            table1_field("其中：财政资金/万元", &f),
            Some(Field::InvestGov)
        );
        assert_eq!(
            table1_field("其中-社会资本", &f),
            Some(Field::InvestPrivate)
        );
        assert_eq!(
            table1_field("累计完成投资〖万元〗", &f),
            Some(Field::InvestDone)
        );
        assert_eq!(table1_field("", &f), None);
    }

    #[test]
    fn service_titles() {
        assert_eq!(
            table2_field("服务企业（家次）"),
            Some(ServiceField::Measure(0))
        );
        assert_eq!(
            table2_field("本月培训\n(人次)"),
            Some(ServiceField::Measure(7))
        );
        assert_eq!(
            table2_field("研发投入【万元】"),
            Some(ServiceField::Measure(9))
        );
        assert_eq!(table2_field("综合体名称"), Some(ServiceField::Name));
        assert_eq!(
            table2_field("引进创新团队〔个〕"),
            Some(ServiceField::Measure(6))
        );
        assert_eq!(
            table2_field("服务企业 家次"),
            Some(ServiceField::Measure(0))
        );
    }
}
