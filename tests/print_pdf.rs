//! The workbooks printed: the report, a 退回 workbook and a template, converted to PDF
//! by LibreOffice (as a user would print them) and measured page by page with
//! poppler's pdftotext. Every page's body text is about 8 pt or larger on paper, every
//! page of a table carries its column titles, and 说明's file hashes are not printed.
//!
//! Needs `soffice` (libreoffice-calc), `pdftotext` (poppler-utils) and a Chinese font
//! (fonts-wqy-microhei); .ci/run installs them.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// One word as pdftotext places it, in points.
struct Word {
    text: String,
    width: f64,
    height: f64,
}

struct Page {
    width: f64,
    words: Vec<Word>,
}

impl Page {
    fn has(&self, s: &str) -> bool {
        self.words.iter().any(|w| w.text.contains(s))
    }

    fn text(&self) -> String {
        let words: Vec<&str> = self.words.iter().map(|w| w.text.as_str()).collect();
        words.join(" ")
    }

    /// The printed size of each word of two or more Chinese characters: a CJK character
    /// is one em wide (one em tall in vertical text).
    fn sizes(&self) -> Vec<f64> {
        self.words
            .iter()
            .filter(|w| w.text.chars().count() >= 2 && w.text.chars().all(cjk))
            .map(|w| {
                let along = if w.height > 1.5 * w.width {
                    w.height
                } else {
                    w.width
                };
                along / w.text.chars().count() as f64
            })
            .collect()
    }

    /// The most common size, to a tenth of a point: the body text.
    fn body(&self) -> f64 {
        let mut count: BTreeMap<i64, usize> = BTreeMap::new();
        for s in self.sizes() {
            *count.entry((s * 10.0).round() as i64).or_default() += 1;
        }
        count
            .into_iter()
            .max_by_key(|(size, n)| (*n, *size))
            .map_or(0.0, |(size, _)| size as f64 / 10.0)
    }

    fn smallest(&self) -> f64 {
        self.sizes().into_iter().fold(f64::INFINITY, f64::min)
    }

    fn paper(&self) -> &'static str {
        if (self.width - 841.9).abs() < 3.0 {
            "A4"
        } else if (self.width - 1190.6).abs() < 3.0 {
            "A3"
        } else {
            "?"
        }
    }
}

fn cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF)
}

fn attr(tag: &str, name: &str) -> f64 {
    tag.split(&format!("{name}=\""))
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.0)
}

/// The pages of a PDF, from `pdftotext -bbox`.
fn pages(pdf: &Path) -> Vec<Page> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    let html = String::from_utf8_lossy(&out.stdout);
    html.split("<page ")
        .skip(1)
        .map(|p| {
            let head = p.split('>').next().unwrap_or_default();
            let words = p
                .split("<word ")
                .skip(1)
                .map(|w| {
                    let (tag, rest) = w.split_once('>').unwrap_or((w, ""));
                    let text = rest.split("</word>").next().unwrap_or_default();
                    Word {
                        text: text
                            .replace("&amp;", "&")
                            .replace("&lt;", "<")
                            .replace("&gt;", ">"),
                        width: attr(tag, "xMax") - attr(tag, "xMin"),
                        height: attr(tag, "yMax") - attr(tag, "yMin"),
                    }
                })
                .collect();
            Page {
                width: attr(head, "width"),
                words,
            }
        })
        .collect()
}

/// Converts the workbooks to PDF in `dir` with a LibreOffice profile of their own.
fn print(dir: &Path, books: &[&Path]) -> Vec<PathBuf> {
    let profile = format!("file://{}", dir.join("lo-profile").display());
    let out = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .args(books)
        .output()
        .expect("soffice (libreoffice-calc) is installed");
    assert!(out.status.success(), "soffice: {out:?}");
    books
        .iter()
        .map(|b| {
            let pdf = dir.join(b.with_extension("pdf").file_name().unwrap());
            assert!(pdf.exists(), "{} was not printed: {out:?}", b.display());
            pdf
        })
        .collect()
}

/// Words that head a column of some table on every sheet.
const TITLES: [&str; 6] = ["序号", "县（市、区）", "月份", "主导产业", "指标", "项目"];

#[test]
fn every_printed_page_is_readable_and_headed() {
    let tmp = tempfile::tempdir().unwrap();
    let run = report(&root().join("inputs"), &tmp.path().join("out"), None);
    assert!(matches!(run.status.code(), Some(0) | Some(1)), "{run:?}");
    let dir = tmp.path().join("out/2022-12");
    let book = dir.join("邢台市科技创新综合体建设进展报告_2022年12月.xlsx");
    let feedback = dir.join("退回/平乡县_数据问题_2022年12月.xlsx");
    let tpl_dir = tmp.path().join("tpl");
    let t = xtic()
        .args([
            "template",
            "--unit",
            "清河县",
            "--period",
            "2023-01",
            "--out",
        ])
        .arg(&tpl_dir)
        .output()
        .unwrap();
    assert_eq!(t.status.code(), Some(0), "{t:?}");
    let tpl = tpl_dir.join("清河县_2023年01月_科技创新综合体月报表.xlsx");
    let pdfs = print(tmp.path(), &[&book, &feedback, &tpl]);

    for pdf in &pdfs {
        let pages = pages(pdf);
        assert!(!pages.is_empty(), "{}", pdf.display());
        for (i, p) in pages.iter().enumerate() {
            let what = format!("{} page {} ({})", pdf.display(), i + 1, p.paper());
            assert_ne!(p.paper(), "?", "{what}: paper {}", p.width);
            // body text about 8 pt or more; nothing (notes, chart labels) below 7.5 pt
            assert!(p.body() >= 8.0, "{what}: body text {:.1} pt", p.body());
            assert!(
                p.smallest() >= 7.5,
                "{what}: text at {:.1} pt",
                p.smallest()
            );
        }
    }

    // every page of the report and of the 退回 workbook shows column titles, and no
    // page prints 说明's file hashes
    for pdf in &pdfs[..2] {
        for (i, p) in pages(pdf).iter().enumerate() {
            assert!(
                TITLES.iter().any(|t| p.has(t)),
                "{} page {}: no column titles: {}",
                pdf.display(),
                i + 1,
                p.text()
            );
            assert!(
                !p.words
                    .iter()
                    .any(|w| w.text.len() == 64 && w.text.chars().all(|c| c.is_ascii_hexdigit())),
                "{} page {} prints a SHA-256",
                pdf.display(),
                i + 1
            );
        }
    }
    let report = pages(&pdfs[0]);
    assert_eq!(
        report.iter().filter(|p| p.has("报告说明")).count(),
        1,
        "说明 on one page"
    );
    // the template: 表1 on A3 pages across, each with 序号 and 综合体名称; 表2 headed
    let tpl = pages(&pdfs[2]);
    let a3: Vec<&Page> = tpl.iter().filter(|p| p.paper() == "A3").collect();
    assert!(a3.len() >= 2, "表1 split across A3 pages");
    for p in a3 {
        assert!(p.has("序号") && p.has("综合体名称"), "{}", p.text());
    }
    let t2 = tpl
        .iter()
        .find(|p| p.has("服务情况月报表"))
        .expect("表2 printed");
    assert!(t2.has("序号") && t2.has("综合体名称"));
}
