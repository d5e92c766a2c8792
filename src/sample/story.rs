//! The hand-made story of the shipped sample: every complex of the twenty real units,
//! who hosts it, what it works on and when it was planned, started and built. The
//! figures it adds up to are listed in the module docs of `sample`.

use crate::normalize::YearMonth;

const fn ym_const(year: i32, month: u32) -> YearMonth {
    YearMonth { year, month }
}

/// When a hand-made complex moves along.
#[derive(Debug, Clone, Copy)]
pub(super) enum Timing {
    /// Built in this month; start and first listing drawn from the seed.
    Built(i32, u32),
    /// Started, planned for `planned`, actually built later.
    Delayed {
        start: YearMonth,
        planned: YearMonth,
        built: YearMonth,
    },
    /// Listed from `appear`, building from `start`, planned to be built in `planned`.
    Building {
        appear: YearMonth,
        start: YearMonth,
        planned: YearMonth,
    },
    /// Listed from `appear`, still 谋划; planned start and build months.
    Planning {
        appear: YearMonth,
        start: YearMonth,
        planned: YearMonth,
    },
}

pub(super) struct Entry {
    pub unit: &'static str,
    pub name: &'static str,
    pub host: &'static str,
    pub industry: &'static str,
    pub mode: &'static str,
    pub funding: &'static str,
    pub model: &'static str,
    pub timing: Timing,
    pub fails: bool,
}

#[allow(clippy::too_many_arguments)]
const fn e(
    unit: &'static str,
    name: &'static str,
    host: &'static str,
    industry: &'static str,
    mode: &'static str,
    funding: &'static str,
    model: &'static str,
    timing: Timing,
) -> Entry {
    Entry {
        unit,
        name,
        host,
        industry,
        mode,
        funding,
        model,
        timing,
        fails: false,
    }
}

impl Entry {
    const fn failing(mut self) -> Entry {
        self.fails = true;
        self
    }
}

const fn delayed(start: (i32, u32), planned: (i32, u32), built: (i32, u32)) -> Timing {
    Timing::Delayed {
        start: ym_const(start.0, start.1),
        planned: ym_const(planned.0, planned.1),
        built: ym_const(built.0, built.1),
    }
}

const fn built(year: i32, month: u32) -> Timing {
    Timing::Built(year, month)
}

const fn building(appear: (i32, u32), start: (i32, u32), planned: (i32, u32)) -> Timing {
    Timing::Building {
        appear: ym_const(appear.0, appear.1),
        start: ym_const(start.0, start.1),
        planned: ym_const(planned.0, planned.1),
    }
}

const fn planning(appear: (i32, u32), start: (i32, u32), planned: (i32, u32)) -> Timing {
    Timing::Planning {
        appear: ym_const(appear.0, appear.1),
        start: ym_const(start.0, start.1),
        planned: ym_const(planned.0, planned.1),
    }
}

/// The 表号 on the forms the shipped sample's clerks filled in (their bureau's forms of
/// 2020–2022); returns made for any other plan carry the plan's wording instead.
pub(super) const FORM_NUMBERS: [&str; 2] = ["XT-KJ-01", "XT-KJ-02"];

pub(super) const MIX: &str = "混合投资";
pub(super) const GOV: &str = "政府投资";
pub(super) const PRIV: &str = "民间投资";

/// Short code of a real unit for 综合体编号, and the industries it writes.
#[rustfmt::skip]
pub(super) const UNITS: &[(&str, &str, &[&str])] = &[
    ("襄都区", "XD", &["电子信息", "大数据", "新一代信息技术"]),
    ("信都区", "XI", &["装备制造", "机械制造", "医药"]),
    ("任泽区", "RZ", &["电线电缆", "装备制造"]),
    ("南和区", "NH", &["宠物食品", "食品及农产品加工", "食品"]),
    ("邢台经济开发区", "KF", &["新能源车", "装备制造", "新能源汽车"]),
    ("邢东新区", "XDX", &["数字创意", "新一代信息技术", "创意设计产业"]),
    ("临城县", "LC", &["泵阀"]),
    ("内丘县", "NQ", &["精细化工新材料", "食品"]),
    ("柏乡县", "BX", &["食品及农产品加工", "食品"]),
    ("隆尧县", "LY", &["方便食品", "食品"]),
    ("宁晋县", "NJ", &["光伏新能源", "休闲服装", "电线电缆"]),
    ("巨鹿县", "JL", &["生物医药健康", "医药"]),
    ("新河县", "XH", &["汽摩配"]),
    ("广宗县", "GZ", &["自行车童车"]),
    ("平乡县", "PX", &["自行车及童车", "自行车童车"]),
    ("威县", "WX", &["汽车零部件", "新型电池"]),
    ("清河县", "QH", &["羊绒", "密封件"]),
    ("临西县", "LX", &["轴承及配件"]),
    ("南宫市", "NG", &["羊剪绒", "毛毡"]),
    ("沙河市", "SH", &["玻璃及深加工", "平板玻璃"]),
];

/// The shipped scenario, one entry a complex, in each unit's order of listing:
/// unit, name, host (依托单位), industry as written, 建设方式, 投资方式, 运营模式, timing.
#[rustfmt::skip]
pub(super) const HAND_MADE: &[Entry] = &[
    e("襄都区", "襄都区电子信息科技创新综合体", "邢台市襄都区电子信息产业园运营有限公司", "电子信息", "改建", MIX, "专业公司运营", built(2020, 10)),
    e("襄都区", "襄都区大数据科技创新综合体", "邢台市大数据产业协会", "大数据", "新建", GOV, "理事会制", built(2021, 9)),
    e("襄都区", "襄都区新一代信息技术科技创新综合体", "邢台学院", "新一代信息技术", "扩建", MIX, "理事会制", built(2022, 8)),
    e("襄都区", "襄都区数字经济科技创新综合体", "襄都区数字经济产业园管理中心", "信息技术", "新建", GOV, "其他", planning((2022, 7), (2023, 3), (2024, 6))),
    e("信都区", "信都区装备制造科技创新综合体", "邢台职业技术学院", "装备制造", "改建", MIX, "理事会制", built(2020, 12)),
    e("信都区", "信都区机械制造科技创新综合体", "邢台市机械工业协会", "机械制造", "扩建", PRIV, "会员制", built(2021, 6)),
    e("信都区", "信都区智能装备科技创新综合体", "河北信都智能装备产业园管理有限公司", "高端装备制造", "新建", PRIV, "专业公司运营", built(2022, 10)),
    e("信都区", "信都区生物医药科技创新综合体", "信都区医药行业协会", "医药", "新建", MIX, "会员制", planning((2022, 10), (2023, 4), (2024, 3))),
    e("任泽区", "任泽区电线电缆科技创新综合体", "任泽区电线电缆行业协会", "电线电缆", "改建", MIX, "会员制", built(2020, 11)).failing(),
    e("任泽区", "任泽区装备制造科技创新综合体", "邢台任泽经济开发区投资有限公司", "装备制造", "新建", GOV, "专业公司运营", delayed((2021, 1), (2021, 10), (2022, 3))),
    e("任泽区", "任泽区检验检测科技创新综合体", "任泽区装备制造产业技术研究院", "装备制造", "扩建", GOV, "其他", built(2022, 11)),
    e("南和区", "南和区宠物食品科技创新综合体", "南和区宠物产业协会", "宠物食品", "新建", MIX, "会员制", built(2020, 9)),
    e("南和区", "南和区农产品加工科技创新综合体", "河北南和农业科技发展有限公司", "食品及农产品加工", "改建", PRIV, "股份制", built(2021, 11)),
    e("南和区", "南和区食品检验检测科技创新综合体", "南和区食品产业技术研究院", "食品", "扩建", GOV, "理事会制", built(2022, 6)),
    e("邢台经济开发区", "邢台经济开发区装备制造科技创新综合体", "邢台经济开发区科技企业孵化器有限公司", "装备制造", "新建", MIX, "专业公司运营", built(2019, 6)),
    e("邢台经济开发区", "邢台经济开发区新能源汽车科技创新综合体", "邢台经济开发区新能源汽车产业联盟", "新能源车", "新建", PRIV, "股份制", built(2020, 7)),
    e("邢台经济开发区", "邢台经济开发区智能制造科技创新综合体", "邢台经济开发区智能制造产业园运营有限公司", "高端装备制造", "改建", MIX, "专业公司运营", built(2021, 5)),
    e("邢台经济开发区", "邢台经济开发区新能源汽车零部件科技创新综合体", "邢台新能源汽车零部件研究院", "新能源汽车", "新建", MIX, "理事会制", built(2022, 9)),
    e("邢台经济开发区", "邢台经济开发区精密制造科技创新综合体", "邢台经济开发区精密制造产业协会", "机械制造", "新建", PRIV, "会员制", building((2021, 12), (2022, 6), (2023, 5))),
    e("邢东新区", "邢东新区数字创意科技创新综合体", "邢东新区文化创意产业园运营有限公司", "数字创意", "新建", GOV, "专业公司运营", built(2020, 12)),
    e("邢东新区", "邢东新区新一代信息技术科技创新综合体", "邢台市软件和信息服务业协会", "新一代信息技术", "新建", MIX, "理事会制", built(2021, 10)),
    e("邢东新区", "邢东新区创意设计科技创新综合体", "邢东新区双创服务中心", "创意设计产业", "改建", GOV, "其他", built(2022, 12)),
    e("临城县", "临城县泵阀科技创新综合体", "临城县泵阀行业协会", "泵阀", "改建", MIX, "会员制", built(2021, 8)),
    e("内丘县", "内丘县新材料科技创新综合体", "内丘县新材料产业技术研究院", "精细化工新材料", "新建", MIX, "理事会制", built(2022, 5)),
    e("内丘县", "内丘县苹果精深加工科技创新综合体", "内丘县苹果产业协会", "食品", "改建", PRIV, "会员制", planning((2022, 8), (2023, 5), (2024, 5))),
    e("柏乡县", "柏乡县粮食精深加工科技创新综合体", "柏乡县粮食产业协会", "食品及农产品加工", "新建", MIX, "会员制", building((2020, 1), (2022, 4), (2023, 6))),
    e("隆尧县", "隆尧县方便食品科技创新综合体", "隆尧县食品工业协会", "方便食品", "扩建", PRIV, "会员制", built(2021, 4)).failing(),
    e("宁晋县", "宁晋县光伏新能源科技创新综合体", "宁晋县光伏产业技术研究院", "光伏新能源", "新建", MIX, "专业公司运营", built(2020, 8)),
    e("宁晋县", "宁晋县休闲服装科技创新综合体", "宁晋县服装行业协会", "休闲服装", "改建", PRIV, "会员制", built(2022, 7)),
    e("巨鹿县", "巨鹿县金银花生物医药科技创新综合体", "巨鹿县金银花产业技术研究院", "生物医药健康", "新建", GOV, "理事会制", built(2021, 12)),
    e("新河县", "新河县汽摩配件科技创新综合体", "新河县汽摩配件商会", "汽摩配", "改建", PRIV, "会员制", built(2022, 9)),
    e("广宗县", "广宗县自行车童车科技创新综合体", "广宗县自行车童车行业协会", "自行车童车", "新建", MIX, "会员制", built(2021, 10)),
    e("平乡县", "平乡县自行车及童车科技创新综合体", "平乡县自行车童车产业技术研究院", "自行车及童车", "改建", MIX, "理事会制", built(2021, 3)),
    e("威县", "威县汽车零部件科技创新综合体", "威县汽车零部件产业园运营有限公司", "汽车零部件", "新建", PRIV, "专业公司运营", built(2022, 4)),
    e("威县", "威县新能源科技创新综合体", "威县新能源产业技术研究院", "新型电池", "新建", MIX, "理事会制", building((2021, 11), (2022, 5), (2023, 4))),
    e("清河县", "清河县羊绒检验检测科技创新综合体", "清河县羊绒制品质量检验中心", "羊绒", "扩建", GOV, "其他", built(2019, 9)),
    e("清河县", "清河县羊绒产业科技创新综合体", "清河县羊绒产业技术研究院", "羊绒及纺织服装", "新建", MIX, "理事会制", built(2020, 6)),
    e("清河县", "清河县汽车密封件科技创新综合体", "清河县汽车零部件行业协会", "密封件", "改建", PRIV, "会员制", built(2022, 2)),
    e("临西县", "临西县轴承科技创新综合体", "临西县轴承行业协会", "轴承及配件", "改建", MIX, "会员制", built(2021, 6)),
    e("南宫市", "南宫市羊剪绒毛毡科技创新综合体", "南宫市毛毡羊剪绒商会", "羊剪绒", "新建", PRIV, "会员制", built(2021, 7)),
    e("沙河市", "沙河市玻璃产业科技创新综合体", "沙河市玻璃产业技术研究院", "平板玻璃", "改建", MIX, "理事会制", built(2018, 11)),
    e("沙河市", "沙河市玻璃深加工科技创新综合体", "沙河市玻璃深加工行业协会", "玻璃及深加工", "扩建", PRIV, "会员制", built(2022, 6)),
];
