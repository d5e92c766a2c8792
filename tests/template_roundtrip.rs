//! The template round trip as a clerk does it: open the blank return xtic wrote, type
//! valid values into its cells (the file itself is edited: every sheet, drop-down,
//! format and protection stays as it was), save, and send it back. xtic must read it
//! with zero problems and count what was typed.

mod common;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::*;
use serde_json::Value;

/// A value typed into a cell.
enum Typed {
    Text(String),
    Number(f64),
}

fn letters(mut col: u32) -> String {
    let mut s = Vec::new();
    col += 1;
    while col > 0 {
        s.push(b'A' + ((col - 1) % 26) as u8);
        col = (col - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

/// Puts a value into an existing blank cell `<c r="X9" s="5"/>` of a sheet's XML.
fn type_into(xml: &mut String, cell: &str, value: &Typed) {
    let open = format!("<c r=\"{cell}\" ");
    let start = xml
        .find(&open)
        .unwrap_or_else(|| panic!("no cell {cell} in the template"));
    let end = start + xml[start..].find('>').unwrap() + 1;
    let tag = &xml[start..end];
    assert!(
        tag.ends_with("/>"),
        "{cell} is not blank in the template: {tag}"
    );
    let attrs = tag[..tag.len() - 2].trim_end().to_string();
    let filled = match value {
        Typed::Text(t) => format!("{attrs} t=\"inlineStr\"><is><t>{t}</t></is></c>"),
        Typed::Number(n) => format!("{attrs}><v>{n}</v></c>"),
    };
    xml.replace_range(start..end, &filled);
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.replace('\n', ""),
        _ => String::new(),
    }
}

/// Where each title stands on a sheet, the first row to fill (序号 1), and the cell
/// after the 报出日期 label.
struct Layout {
    cols: HashMap<String, u32>,
    first_row: u32,
    date_cell: Option<String>,
}

fn layout(book: &Path, sheet: &str) -> Layout {
    let mut wb: Xlsx<_> = open_workbook(book).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    let (r0, c0) = range.start().unwrap();
    let mut cols = HashMap::new();
    let mut first_row = None;
    let mut date_cell = None;
    for (r, c, v) in range.cells() {
        let (r, c) = (r as u32 + r0, c as u32 + c0);
        let t = text(v);
        if r < 8 && !t.is_empty() {
            cols.entry(t.clone()).or_insert(c);
        }
        if c == 0 && first_row.is_none() && matches!(v, Data::Float(f) if *f == 1.0) {
            first_row = Some(r);
        }
        if c == 0 && matches!(v, Data::Int(1)) && first_row.is_none() {
            first_row = Some(r);
        }
        if t.starts_with("报出日期") {
            date_cell = Some(format!("{}{}", letters(c + 1), r + 1));
        }
    }
    Layout {
        cols,
        first_row: first_row.expect("序号 1 prefilled"),
        date_cell,
    }
}

fn at(l: &Layout, title: &str, row: u32) -> String {
    let c = *l
        .cols
        .get(title)
        .unwrap_or_else(|| panic!("no column titled {title}: {:?}", l.cols.keys()));
    format!("{}{}", letters(c), l.first_row + row + 1)
}

/// What a clerk of unit number `i` types: one complex built in 2021 and assessed, one
/// being built; their services; the date the return is sent.
fn table1_values(unit: &str, i: usize) -> Vec<Vec<(&'static str, Typed)>> {
    use Typed::*;
    let functions = [
        "创意设计",
        "研究开发",
        "检验检测",
        "标准信息",
        "成果推广",
        "创业孵化",
        "国际合作",
        "展览展示",
        "教育培训",
    ];
    let mut built = vec![
        ("综合体编号", Text(format!("XT-T{i:02}-001"))),
        ("综合体名称", Text(format!("{unit}测试综合体一"))),
        ("所在县（市、区）", Text(unit.to_string())),
        ("依托单位", Text("某某科技有限公司".into())),
        ("主导产业", Text("高端装备制造".into())),
        ("建设方式", Text("新建".into())),
        ("投资方式", Text("混合投资".into())),
        ("运营模式", Text("专业公司运营".into())),
        ("建设状态", Text("建成运营".into())),
        ("开工时间", Text("2020年3月".into())),
        ("建成时间", Text("2021年5月".into())),
        ("核心场所面积（平方米）", Number(5200.0)),
        ("计划总投资", Number(3000.0)),
        ("累计完成投资", Number(2800.5)),
        ("其中：财政资金", Number(800.5)),
        ("其中：社会资本", Number(2000.0)),
        ("入驻服务机构（家）", Number(12.0)),
        ("考核结果", Text("通过".into())),
    ];
    for (k, f) in functions.iter().enumerate() {
        built.push((f, Text(if k % 3 == 2 { "否" } else { "是" }.into())));
    }
    let building = vec![
        ("综合体编号", Text(format!("XT-T{i:02}-002"))),
        ("综合体名称", Text(format!("{unit}测试综合体二"))),
        ("依托单位", Text("某某研究院".into())),
        ("主导产业", Text("新材料".into())),
        ("建设方式", Text("改建".into())),
        ("投资方式", Text("政府投资".into())),
        ("建设状态", Text("在建".into())),
        ("开工时间", Text("2022年9月".into())),
        ("计划总投资", Number(1500.0)),
        ("累计完成投资", Number(400.0)),
    ];
    vec![built, building]
}

fn table2_values(unit: &str, i: usize) -> Vec<Vec<(&'static str, Typed)>> {
    use Typed::*;
    vec![vec![
        ("综合体编号", Text(format!("XT-T{i:02}-001"))),
        ("综合体名称", Text(format!("{unit}测试综合体一"))),
        ("服务企业（家次）", Number(30.0)),
        ("检验检测服务（次）", Number(12.0)),
        ("技术合同成交额（万元）", Number(85.5)),
        ("创新券兑付（万元）", Number(6.0)),
        ("新增孵化企业（家）", Number(1.0)),
        ("引进高层次人才（人）", Number(2.0)),
        ("引进创新团队（个）", Number(0.0)),
        ("培训（人次）", Number(120.0)),
        ("专利申请（件）", Number(3.0)),
        ("研发投入（万元）", Number(40.25)),
    ]]
}

/// Rewrites the workbook with the two sheets' XML edited and every other part copied.
fn save_edited(book: &Path, edits: &HashMap<String, String>) {
    let bytes = std::fs::read(book).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for k in 0..archive.len() {
        let name = archive.by_index(k).unwrap().name().unwrap().to_string();
        match edits.get(&name) {
            Some(xml) => {
                out.start_file(name, zip::write::SimpleFileOptions::default())
                    .unwrap();
                out.write_all(xml.as_bytes()).unwrap();
            }
            None => out.raw_copy_file(archive.by_index_raw(k).unwrap()).unwrap(),
        }
    }
    std::fs::write(book, out.finish().unwrap().into_inner()).unwrap();
}

fn sheet_xml(book: &Path, part: &str) -> String {
    let bytes = std::fs::read(book).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    archive
        .by_name(part)
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

#[test]
fn templates_filled_in_as_a_clerk_would_read_back_with_zero_problems() {
    let dir = tempfile::tempdir().unwrap();
    let out = xtic()
        .args(["template", "--all", "--period", "2023-01", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut books: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    books.sort();
    assert_eq!(books.len(), 20);
    for (i, book) in books.iter().enumerate() {
        let name = book.file_name().unwrap().to_string_lossy().into_owned();
        let unit = name.split('_').next().unwrap().to_string();
        let (l1, l2) = (
            layout(book, "表1 综合体基本情况"),
            layout(book, "表2 服务情况"),
        );
        let mut s1 = sheet_xml(book, "xl/worksheets/sheet1.xml");
        for (row, values) in table1_values(&unit, i).iter().enumerate() {
            for (title, v) in values {
                type_into(&mut s1, &at(&l1, title, row as u32), v);
            }
        }
        type_into(
            &mut s1,
            l1.date_cell.as_deref().expect("报出日期 in the footer"),
            &Typed::Text("2023年2月6日".into()),
        );
        let mut s2 = sheet_xml(book, "xl/worksheets/sheet2.xml");
        for (row, values) in table2_values(&unit, i).iter().enumerate() {
            for (title, v) in values {
                type_into(&mut s2, &at(&l2, title, row as u32), v);
            }
        }
        let edits = HashMap::from([
            ("xl/worksheets/sheet1.xml".to_string(), s1),
            ("xl/worksheets/sheet2.xml".to_string(), s2),
        ]);
        save_edited(book, &edits);
    }

    let check = xtic()
        .args(["check", "--json", "--period", "2023-01", "--inputs"])
        .arg(dir.path())
        .output()
        .unwrap();
    let problems: Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(problems.as_array().unwrap().len(), 0, "{problems:#}");
    assert_eq!(check.status.code(), Some(0));

    let outputs = tempfile::tempdir().unwrap();
    let run = xtic()
        .args(["report", "--json", "--period", "2023-01", "--inputs"])
        .arg(dir.path())
        .arg("--outputs")
        .arg(outputs.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    let s: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_balanced(&s);
    assert_eq!(s["inputs"]["files_read"], 20);
    assert_eq!(
        s["inputs"]["rows_read"], 60,
        "two complexes and one service row per unit"
    );
    assert_eq!(s["city"]["built"], 20);
    assert_eq!(s["city"]["under_construction"], 20);
    assert_eq!(s["city"]["units_covered"], 20);
    assert_eq!(s["assessment"]["passed"], 20);
    for u in s["units"].as_array().unwrap() {
        assert_eq!(u["built_by_year"]["2021"], 1, "{u}");
        assert_eq!(u["submission"], "received");
    }
    let industry = s["industries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["industry"] == "高端装备制造")
        .unwrap();
    assert_eq!(industry["built"], 20);
    assert!((industry["invest_done_wan"].as_f64().unwrap() - 20.0 * 2800.5).abs() < 1e-6);
}
