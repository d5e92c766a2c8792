//! Tests of the charts as a whole (files written, legible, identical across runs, font
//! errors) and of the font, axis and label helpers; `figures` is a fixture other
//! modules' tests may borrow.

use std::collections::BTreeMap;

use super::axes::Scale;
use super::font::{font_family_name, has_chinese_glyphs, EMBEDDED_FONT, EMBEDDED_NAME};
use super::labels::{decimals_for, with_thousands};
use super::*;
use crate::figures::{
    AssessmentFigures, CityFigures, FunctionBase, IndustryFigures, InputCounts, IssueCounts,
    Measure, MonthPoint, Progress, ServiceMonth, Services, Submission, Summary, TargetStatus,
    TargetSums, UnitFigures,
};
use crate::normalize::YearMonth;
use crate::plan::UNCLASSIFIED;

/// Plausible figures for `months` plan months from 2020-01; all zero when `empty`.
pub(crate) fn figures(plan: &Plan, months: usize, empty: bool) -> Figures {
    let k: u32 = if empty { 0 } else { 1 };
    let units = unit_figures(plan, months, empty);
    let built: u32 = units.iter().map(|u| u.built).sum();
    let industries = industry_figures(plan, empty);
    let monthly = (0..months)
        .map(|i| MonthPoint {
            month: month(plan, i),
            built_cumulative: k * ((i as u32 + 1) * built / 36),
            expected: 30.0 * (i + 1) as f64 / 36.0,
        })
        .collect();
    let services_by_month = service_months(plan, months, empty);
    let period = month(plan, months.saturating_sub(1));
    Figures {
        summary: Summary {
            schema: 1,
            period,
            inputs: InputCounts::default(),
            issues: IssueCounts::default(),
            city: CityFigures {
                built,
                target: 30,
                expected_by_now: 30.0 * months as f64 / 36.0,
                behind: built < 30,
                status: TargetStatus::InProgress,
                pre_plan: 0,
                under_construction: 5,
                planned: 4,
                units_covered: units.iter().filter(|u| u.covered).count() as u32,
                units_total: units.len() as u32,
                completion: crate::figures::completion(built, 30),
            },
            units,
            industries,
            services_by_year: BTreeMap::new(),
            assessment: AssessmentFigures {
                passed: 0,
                failed: 0,
                reward_wan: 0.0,
            },
        },
        state: vec![],
        unit_returns: vec![],
        monthly,
        services_by_month,
        services_by_unit: vec![],
        function_counts: plan
            .functions
            .iter()
            .enumerate()
            .map(|(i, f)| (f.clone(), k * (31 - i as u32 * 3) % 32))
            .collect(),
        unit_industry_built: vec![],
        changes: vec![],
        behind_units: vec![],
        categories: vec![],
        groups: vec![],
        unit_counts: vec![],
        assessed: vec![],
        pre_plan_assessment: AssessmentFigures {
            passed: 0,
            failed: 0,
            reward_wan: 0.0,
        },
        coverage_status: Some(TargetStatus::InProgress),
        unit_targets: TargetSums::default(),
        function_base: FunctionBase::default(),
    }
}

/// Plan month `i` (0 = the first month of the plan).
fn month(plan: &Plan, i: usize) -> YearMonth {
    YearMonth {
        year: plan.first_year() + (i / 12) as i32,
        month: (i % 12 + 1) as u32,
    }
}

/// Every unit of the plan, a few built, each returned for the last month.
fn unit_figures(plan: &Plan, months: usize, empty: bool) -> Vec<UnitFigures> {
    let k: u32 = if empty { 0 } else { 1 };
    plan.units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let priority = u.group == "priority";
            let (built, target) = (k * (i as u32 * 7 % 5), if priority { 3 } else { 1 });
            UnitFigures {
                unit: u.name.clone(),
                group: u.group.clone(),
                return_period: Some(month(plan, months.saturating_sub(1))),
                submission: Submission::Received,
                months_missing: vec![],
                built_by_year: BTreeMap::new(),
                target_by_year: BTreeMap::new(),
                status_by_year: BTreeMap::new(),
                built,
                target,
                expected_by_now: 1.0,
                behind: false,
                status: TargetStatus::InProgress,
                covered: !empty && i % 4 != 0,
                reward_wan: 0.0,
                completion: crate::figures::completion(built, target),
            }
        })
        .collect()
}

/// Every industry of the plan with some of each stage, plus an unclassified one.
fn industry_figures(plan: &Plan, empty: bool) -> Vec<IndustryFigures> {
    let k: u32 = if empty { 0 } else { 1 };
    let mut industries: Vec<IndustryFigures> = plan
        .industries
        .iter()
        .enumerate()
        .map(|(i, ind)| IndustryFigures {
            industry: ind.name.clone(),
            category: ind.category.clone(),
            progress: Progress {
                planned: k * (i as u32 % 3),
                under_construction: k * (i as u32 * 5 % 4),
                built: k * (i as u32 * 3 % 7),
                pre_plan: 0,
                invest_done_wan: 0.0,
            },
            services: Services::default(),
        })
        .collect();
    if !empty {
        let (cat, name) = (UNCLASSIFIED.to_string(), UNCLASSIFIED.to_string());
        industries.push(IndustryFigures {
            industry: name,
            category: cat,
            progress: Progress {
                planned: 1,
                built: 2,
                ..Progress::default()
            },
            services: Services::default(),
        });
    }
    industries
}

/// Services for every month (none when `empty`), month 8 without returns.
fn service_months(plan: &Plan, months: usize, empty: bool) -> Vec<ServiceMonth> {
    (0..months)
        .filter(|_| !empty)
        .map(|i| {
            let mut s = Services::default();
            s[Measure::FirmsServed] = (40 + i * 9 + i * i % 17) as f64;
            s[Measure::ContractValue] = 150.0 + (i * 37 % 90) as f64 * 12.5;
            ServiceMonth {
                month: month(plan, i),
                services: s,
                units_reporting: if i == 7 { 0 } else { 20 },
                units_no_return: if i == 7 { 20 } else { 0 },
                units_no_table2: 0,
            }
        })
        .collect()
}

fn decode(path: &Path) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

#[test]
fn writes_ten_legible_files_identical_across_runs() {
    let plan = Plan::builtin();
    let fig = figures(&plan, 36, false);
    let dir = tempfile::TempDir::new().unwrap();
    let out = dir.path().join("charts");
    let files = write_charts(&fig, &plan, &out, None).unwrap();
    assert_eq!(files.len(), 10);
    let again = write_charts(&fig, &plan, &dir.path().join("again"), None).unwrap();
    for (x, y) in files.iter().zip(&again) {
        assert!(
            fs::read(x).unwrap() == fs::read(y).unwrap(),
            "{} differs",
            x.display()
        );
    }
    for chart in CHARTS {
        let title = chart.title(&plan, "2022年12月");
        let png = out.join(format!("{}.png", chart.file_stem()));
        let (w, h, pixels) = decode(&png);
        assert_eq!((w, h), (1600, 900), "{}", png.display());
        let ink = pixels
            .chunks(3)
            .filter(|p| p.iter().any(|&v| v < 200))
            .count();
        let colours: std::collections::BTreeSet<&[u8]> = pixels.chunks(3).collect();
        assert!(
            ink > 20_000 && colours.len() > 50,
            "{} looks blank",
            png.display()
        );
        let svg = fs::read_to_string(out.join(format!("{}.svg", chart.file_stem()))).unwrap();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
        assert!(svg.contains(&title), "{title} missing from the SVG");
        assert!(svg.contains("font-family=\"WenQuanYi Micro Hei, Microsoft YaHei"));
        assert!(svg.contains("sans-serif\""));
    }
}

#[test]
fn a_chart_drawn_in_memory_is_the_file_byte_for_byte() {
    let plan = Plan::builtin();
    let fig = figures(&plan, 30, false);
    let dir = tempfile::TempDir::new().unwrap();
    let drawn = draw_charts(&fig, &plan, dir.path(), None).unwrap();
    for chart in CHARTS {
        // what the 通报 embeds is the file, and a chart drawn again is the same
        let (kept, size) = drawn.png(chart).unwrap();
        assert_eq!(size, (WIDTH, HEIGHT));
        let file = fs::read(dir.path().join(format!("{}.png", chart.file_stem()))).unwrap();
        assert!(kept == file, "{} differs from its file", chart.file_stem());
        let (again, _) = png_bytes(chart, &fig, &plan, None).unwrap();
        assert!(again == file, "{} drawn again differs", chart.file_stem());
        assert!(file.starts_with(b"\x89PNG\r\n\x1a\n"));
    }
}

#[test]
fn empty_first_month_does_not_panic() {
    let plan = Plan::builtin();
    let fig = figures(&plan, 1, true);
    assert_eq!(fig.summary.period.to_string(), "2020-01");
    let dir = tempfile::TempDir::new().unwrap();
    assert_eq!(
        write_charts(&fig, &plan, dir.path(), None).unwrap().len(),
        10
    );
    let mut none = fig.clone();
    none.monthly.clear();
    none.function_counts.clear();
    none.summary.units.clear();
    none.summary.industries.clear();
    assert_eq!(
        write_charts(&none, &plan, dir.path(), None).unwrap().len(),
        10
    );
}

#[test]
fn bad_font_is_a_chinese_error() {
    let plan = Plan::builtin();
    let fig = figures(&plan, 3, false);
    let dir = tempfile::TempDir::new().unwrap();
    let junk = dir.path().join("坏字体.ttf");
    fs::write(&junk, b"this is not a font").unwrap();
    let err = write_charts(&fig, &plan, dir.path(), Some(&junk)).unwrap_err();
    assert!(format!("{err:#}").contains("不是可用的字体"), "{err:#}");
    let missing = dir.path().join("没有.ttf");
    let err = write_charts(&fig, &plan, dir.path(), Some(&missing)).unwrap_err();
    assert!(format!("{err:#}").contains("无法读取字体文件"), "{err:#}");
}

#[test]
fn font_file_is_used_and_named() {
    let plan = Plan::builtin();
    let fig = figures(&plan, 12, false);
    let dir = tempfile::TempDir::new().unwrap();
    let font = dir.path().join("font.ttc");
    fs::write(&font, EMBEDDED_FONT).unwrap();
    write_charts(&fig, &plan, &dir.path().join("c"), Some(&font)).unwrap();
    let svg = fs::read_to_string(dir.path().join("c/功能配置.svg")).unwrap();
    assert!(svg.contains("font-family=\"&apos;WenQuanYi Micro Hei&apos;, Microsoft YaHei"));
}

#[test]
fn font_without_chinese_is_refused() {
    // DejaVu Sans ships with most Linux systems; skip where it is absent.
    let dejavu = Path::new("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    if !dejavu.exists() {
        return;
    }
    assert_eq!(
        font_family_name(&fs::read(dejavu).unwrap()).as_deref(),
        Some("DejaVu Sans")
    );
    let plan = Plan::builtin();
    let dir = tempfile::TempDir::new().unwrap();
    let err = write_charts(&figures(&plan, 3, false), &plan, dir.path(), Some(dejavu)).unwrap_err();
    assert!(format!("{err:#}").contains("不含中文字形"), "{err:#}");
}

#[test]
fn reads_the_family_name_of_a_collection() {
    assert_eq!(
        font_family_name(EMBEDDED_FONT).as_deref(),
        Some(EMBEDDED_NAME)
    );
    assert_eq!(font_family_name(b"ttcf"), None);
    assert_eq!(font_family_name(&[]), None);
    assert!(has_chinese_glyphs(load_font(None).unwrap().0));
    let m = Metrics::parse(EMBEDDED_FONT).unwrap();
    assert_eq!(m.height, 2401.0);
    assert_ne!(m.glyph('邢'), 0);
    assert_ne!(m.glyph('（'), m.glyph('邢'));
    assert_eq!(m.glyph('\u{10FFFF}'), 0);
    let (advance, bearing) = m.advance_and_bearing('（');
    assert!(
        advance > 0.0 && bearing > advance / 3.0,
        "{advance} {bearing}"
    );
}

/// The embedded collection with its two faces swapped: face 0 is then
/// WenQuanYi Micro Hei Mono, whose Latin letters all have one advance.
fn swapped_collection() -> Vec<u8> {
    let mut ttc = EMBEDDED_FONT.to_vec();
    assert_eq!(&ttc[..12], b"ttcf\0\x01\0\0\0\0\0\x02");
    let (first, second) = (ttc[12..16].to_vec(), ttc[16..20].to_vec());
    ttc[12..16].copy_from_slice(&second);
    ttc[16..20].copy_from_slice(&first);
    ttc
}

#[test]
fn a_collection_is_read_at_the_face_plotters_draws() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("mono-first.ttc");
    fs::write(&path, swapped_collection()).unwrap();
    let (family, metrics) = load_font(Some(&path)).unwrap();
    assert!(family.starts_with("'WenQuanYi Micro Hei Mono', WenQuanYi Micro Hei,"));
    let advance = |m: &Metrics, c| m.advance_and_bearing(c).0;
    let mono = metrics.unwrap();
    assert_eq!(advance(&mono, 'W'), advance(&mono, 'i'));
    let proportional = Metrics::parse(EMBEDDED_FONT).unwrap();
    assert_ne!(advance(&proportional, 'W'), advance(&proportional, 'i'));
    // the same face with its glyf record pointing past the end: a font with no glyphs
    // (in this test, not beside it: plotters' font registry is global)
    let mut ttc = swapped_collection();
    let glyf = (0..20)
        .map(|i| 352 + 12 + 16 * i)
        .find(|&r| &ttc[r..r + 4] == b"glyf");
    ttc[glyf.unwrap() + 12..][..4].copy_from_slice(&u32::MAX.to_be_bytes());
    fs::write(&path, ttc).unwrap();
    let err = format!("{:#}", load_font(Some(&path)).map(|_| ()).unwrap_err());
    assert!(err.contains("不含中文字形"), "{err}");
}

#[test]
fn truncated_or_garbage_font_is_a_chinese_error_not_a_panic() {
    let dir = tempfile::TempDir::new().unwrap();
    let ttc = swapped_collection();
    let mut no_faces = ttc[..12].to_vec();
    no_faces[11] = 0;
    let mut far_face = ttc[..20].to_vec();
    far_face[12..16].copy_from_slice(&u32::MAX.to_be_bytes());
    let cases: [(&str, &[u8]); 6] = [
        ("头部.ttc", &ttc[..12]),
        ("目录不全.ttc", &ttc[..200]),
        ("无字体.ttc", &no_faces),
        ("越界.ttc", &far_face),
        (
            "乱码.ttf",
            b"\0\x01\0\0\xff\xff garbage after a TrueType tag",
        ),
        ("截断.ttc", &ttc[..ttc.len() / 2]),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        let err = format!("{:#}", load_font(Some(&path)).map(|_| ()).unwrap_err());
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert!(err.contains("不是可用的字体（"), "{name}: {err}");
    }
}

#[test]
fn axes_and_labels() {
    assert_eq!(
        Scale::nice(0.0),
        Scale {
            max: 5.0,
            step: 1.0
        }
    );
    assert_eq!(
        Scale::nice(30.0),
        Scale {
            max: 40.0,
            step: 10.0
        }
    );
    assert_eq!(
        Scale::nice(3.0),
        Scale {
            max: 4.0,
            step: 1.0
        }
    );
    let left = Scale::nice(520.0);
    assert_eq!(left.aligned(1234.0).ticks(), left.ticks());
    assert_eq!(with_thousands(1234567.6, 1), "1,234,567.6");
    assert_eq!(with_thousands(f64::NAN, 0), "0");
    assert_eq!(
        (decimals_for(0.25), decimals_for(0.5), decimals_for(250.0)),
        (2, 1, 0)
    );
    let june = YearMonth {
        year: 2022,
        month: 6,
    };
    assert_eq!(period_label(june), "2022年6月");
}

#[test]
fn every_chart_is_encoded_as_image_s_png_encoder_would() {
    use image::ImageEncoder;
    let plan = Plan::builtin();
    let fig = figures(&plan, 30, false);
    let dir = tempfile::TempDir::new().unwrap();
    let drawn = draw_charts(&fig, &plan, dir.path(), None).unwrap();
    let (family, metrics) = load_font(None).unwrap();
    let job = Job {
        fig: &fig,
        plan: &plan,
        family,
        metrics: metrics.as_ref(),
    };
    for chart in CHARTS {
        let mut rgb = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
        job.draw_rgb(chart, Path::new("x.png"), &mut rgb).unwrap();
        let mut reference = Vec::new();
        image::codecs::png::PngEncoder::new(&mut reference)
            .write_image(&rgb, WIDTH, HEIGHT, image::ColorType::Rgb8)
            .unwrap();
        let (png, _) = drawn.png(chart).unwrap();
        assert!(png == reference, "{} is not image's PNG", chart.file_stem());
    }
}
