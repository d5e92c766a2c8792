//! Limits checked before any reader sees a file's bytes, so that one hostile file
//! costs little: its size on disk, and for the zip formats (.xlsx, .xlsm, .xlsb, .ods)
//! the sizes its parts claim when inflated (a "zip bomb" of a few KB can claim GBs).
//! Cells per sheet are bounded while reading (see `grid`). Each limit is stated in the
//! message the clerk sees. A limit is far above any real return: the shipped sample's
//! largest is under 50 KB, a return of 1,000 complexes under 300 KB.

use std::io::Cursor;

/// Bytes on disk of one return.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// Bytes of a zip-based workbook's parts once inflated, all parts together.
pub const MAX_INFLATED_BYTES: u64 = 256 * 1024 * 1024;
/// Parts in a zip-based workbook (a real one has a few dozen).
pub const MAX_PARTS: usize = 10_000;
/// Distinct strings a workbook may declare (calamine reserves room for as many as the
/// file claims before reading one: a damaged count aborts the reader).
pub const MAX_STRINGS: u64 = 10_000_000;

fn mb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / (1024.0 * 1024.0))
}

/// # Errors
/// The file is larger than [`MAX_FILE_BYTES`] (the message says so).
pub fn check_size(len: u64) -> Result<(), String> {
    if len > MAX_FILE_BYTES {
        return Err(format!(
            "文件大小为 {} MB，超过 xtic 对一份报表的上限 {} MB，远超月报表的规模，未读取。请检查是否误放了其他文件；如确是报表，请删除多余内容（如图片）后重新报送。",
            mb(len),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    Ok(())
}

/// Checks what a zip's central directory says about its parts. Bytes that are not a
/// zip, or a zip too damaged to list, pass: the reader then says what is wrong.
///
/// # Errors
/// More than [`MAX_PARTS`] parts, or parts that inflate to more than
/// [`MAX_INFLATED_BYTES`] together.
pub fn check_zip(bytes: &[u8]) -> Result<(), String> {
    if !bytes.starts_with(b"PK") {
        return Ok(());
    }
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    if zip.len() > MAX_PARTS {
        return Err(format!(
            "文件由 {} 个压缩部件组成，超过上限 {MAX_PARTS} 个，不像是月报表（可能已损坏），未读取。请用 Excel 或 WPS 打开确认后另存为 .xlsx 重新报送。",
            zip.len()
        ));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        if let Ok(part) = zip.by_index_raw(i) {
            total = total.saturating_add(part.size());
        }
    }
    if let Some(n) = declared_strings(&mut zip, bytes).filter(|n| *n > MAX_STRINGS) {
        return Err(format!(
            "文件的共享字符串表声称有 {n} 个字符串，超过上限 {MAX_STRINGS} 个（文件已损坏），未读取。请用 Excel 或 WPS 打开确认后另存为 .xlsx 重新报送。"
        ));
    }
    if total > MAX_INFLATED_BYTES {
        return Err(format!(
            "文件解压后共 {} MB，超过 xtic 的上限 {} MB（文件本身只有 {} MB，疑为“压缩炸弹”或已损坏），未读取。请用 Excel 或 WPS 打开确认后另存为 .xlsx 重新报送。",
            mb(total),
            MAX_INFLATED_BYTES / (1024 * 1024),
            mb(bytes.len() as u64)
        ));
    }
    Ok(())
}

/// The `uniqueCount` an .xlsx's shared strings declare, read from the first 4 KB.
///
/// The part is inflated a step at a time and no further than the count needs (it
/// stands in the opening `<sst …>` tag, within the first 200 bytes of a real file):
/// inflating all 4 KB cost as much as a tenth of reading a return. The part's bytes
/// are inflated where they lie, by one inflater per thread kept from file to file
/// (setting up a new one, as a zip entry reader does, cost more than the inflating).
fn declared_strings(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, bytes: &[u8]) -> Option<u64> {
    const NAME: &[u8] = b"uniqueCount=";
    const STEP: usize = 256;
    let index = zip.index_for_name("xl/sharedStrings.xml")?;
    let part = zip.by_index_raw(index).ok()?;
    if part.encrypted() {
        return None; // the reader refuses it (a password is needed)
    }
    let start = usize::try_from(part.data_start()?).ok()?;
    let data = bytes.get(start..)?;
    let data = &data[..data
        .len()
        .min(usize::try_from(part.compressed_size()).ok()?)];
    let mut part = match part.compression() {
        zip::CompressionMethod::Stored => Part::Stored(data),
        zip::CompressionMethod::Deflated => Part::Deflated { data, used: 0 },
        _ => return None, // a method the reader does not read either
    };
    INFLATER.with_borrow_mut(|inflater| {
        inflater.reset(false);
        let mut head = [0u8; 4096];
        let (mut filled, mut ended) = (0, false);
        let at = loop {
            if !ended && filled < head.len() {
                let step = (filled + STEP).min(head.len());
                match part.read(inflater, &mut head[filled..step]) {
                    Some(0) => ended = true,
                    Some(n) => filled += n,
                    None => return None,
                }
            }
            // the first mention in the first 4 KB, and the text after it
            let all_read = ended || filled == head.len();
            match memchr::memmem::find(&head[..filled], NAME) {
                Some(i) if all_read || filled >= i + NAME.len() + TAIL => break i + NAME.len(),
                None if all_read => return None,
                _ => {}
            }
        };
        count_after(&head[at..filled])
    })
}

/// What is read after `uniqueCount=`: twenty digits already make a count over a u64.
const TAIL: usize = 64;

thread_local! {
    /// The inflater of [`declared_strings`], reset for each file.
    static INFLATER: std::cell::RefCell<flate2::Decompress> =
        std::cell::RefCell::new(flate2::Decompress::new(false));
}

/// A zip part's bytes as stored, read from the start.
enum Part<'a> {
    Stored(&'a [u8]),
    Deflated { data: &'a [u8], used: usize },
}

impl Part<'_> {
    /// Fills `out` from the part as far as it goes: the bytes given (0 at the end), or
    /// None when the stream is damaged.
    fn read(&mut self, inflater: &mut flate2::Decompress, out: &mut [u8]) -> Option<usize> {
        match self {
            Part::Stored(data) => {
                let n = out.len().min(data.len());
                out[..n].copy_from_slice(&data[..n]);
                *data = &data[n..];
                Some(n)
            }
            Part::Deflated { data, used } => {
                let (was_in, was_out) = (inflater.total_in(), inflater.total_out());
                inflater
                    .decompress(&data[*used..], out, flate2::FlushDecompress::None)
                    .ok()?;
                *used += usize::try_from(inflater.total_in() - was_in).ok()?;
                usize::try_from(inflater.total_out() - was_out).ok()
            }
        }
    }
}

/// The count after `uniqueCount=`: what follows, read as text (as
/// `String::from_utf8_lossy` would, but only as far as needed), the quote, then the
/// digits; None when there are none.
fn count_after(head: &[u8]) -> Option<u64> {
    let tail = &head[..head.len().min(TAIL)];
    let chars = tail.utf8_chunks().flat_map(|c| {
        let bad = (!c.invalid().is_empty()).then_some(char::REPLACEMENT_CHARACTER);
        c.valid().chars().chain(bad)
    });
    let digits: String = chars.skip(1).take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None; // no count the reader would act on
    }
    // more digits than a u64 holds is more than the limit too
    Some(digits.parse().unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_with(parts: &[(&str, usize)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, len) in parts {
            w.start_file(*name, opts).unwrap();
            let chunk = vec![b'a'; 1 << 20];
            let mut left = *len;
            while left > 0 {
                let n = left.min(chunk.len());
                w.write_all(&chunk[..n]).unwrap();
                left -= n;
            }
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn a_zip_bomb_is_refused_by_its_directory() {
        let bomb = zip_with(&[("xl/worksheets/sheet1.xml", 300 << 20)]);
        assert!(bomb.len() < 2 << 20, "{}", bomb.len());
        let err = check_zip(&bomb).unwrap_err();
        assert!(err.contains("上限 256 MB"), "{err}");
        assert!(check_zip(&zip_with(&[("a.xml", 1000)])).is_ok());
        assert!(
            check_zip(b"PK\x03\x04 broken").is_ok(),
            "left to the reader"
        );
    }

    fn strings_declaring(count: &str) -> Vec<u8> {
        strings_declaring_as(count, zip::CompressionMethod::Deflated)
    }

    fn strings_declaring_as(count: &str, method: zip::CompressionMethod) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(method);
        w.start_file("xl/sharedStrings.xml", opts).unwrap();
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"3\" uniqueCount={count}><si><t>清河县</t></si></sst>"
        );
        w.write_all(xml.as_bytes()).unwrap();
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn a_damaged_string_count_is_refused() {
        for count in ["\"10000001\"", "'99999999999999999999999'"] {
            let err = check_zip(&strings_declaring(count)).unwrap_err();
            assert!(
                err.contains("共享字符串表声称有") && err.contains("上限 10000000"),
                "{err}"
            );
        }
        for count in ["\"3\"", "\"10000000\"", "\"\"", "\"x\""] {
            assert!(check_zip(&strings_declaring(count)).is_ok(), "{count}");
        }
        let huge = check_zip(&strings_declaring("\"123456789012\"")).unwrap_err();
        assert!(huge.contains("声称有 123456789012 个"), "{huge}");
        // a part stored as it is (some writers do not compress small parts)
        let stored = zip::CompressionMethod::Stored;
        let err = check_zip(&strings_declaring_as("\"10000001\"", stored)).unwrap_err();
        assert!(err.contains("声称有 10000001 个"), "{err}");
        assert!(check_zip(&strings_declaring_as("\"3\"", stored)).is_ok());
    }

    #[test]
    fn a_part_after_other_bytes_is_read_where_it_lies() {
        // the count of a part that is not the first in the file, and after a damaged
        // stream: one inflater serves them all in turn
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file("xl/workbook.xml", opts).unwrap();
        w.write_all("<workbook>清河县</workbook>".repeat(500).as_bytes())
            .unwrap();
        w.start_file("xl/sharedStrings.xml", opts).unwrap();
        w.write_all(b"<sst uniqueCount=\"99999999\"><si><t>a</t></si></sst>")
            .unwrap();
        let zip = w.finish().unwrap().into_inner();
        let mut damaged = strings_declaring("\"99999999\"");
        let at = memchr::memmem::find(&damaged, b"xl/sharedStrings.xml").unwrap() + 20;
        damaged[at..at + 8].fill(0xFF);
        assert!(check_zip(&zip).is_err());
        assert!(
            check_zip(&damaged).is_ok(),
            "a damaged stream is left to the reader"
        );
        assert!(
            check_zip(&zip).is_err(),
            "the inflater is reset after a damaged stream"
        );
    }

    /// A shared-strings part whose count stands after `pad` bytes of other attributes.
    fn strings_padded(pad: usize, count: &str) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file("xl/sharedStrings.xml", opts).unwrap();
        let xml = format!(
            "<sst x=\"{}\" uniqueCount={count}><si><t>{}</t></si></sst>",
            "a".repeat(pad),
            "清河县".repeat(2000)
        );
        w.write_all(xml.as_bytes()).unwrap();
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn the_count_is_found_wherever_it_stands_in_the_first_4_kb() {
        // the part is read a step at a time: the name or its digits may fall on a
        // step's edge, and a count past the first 4 KB is not looked for
        let digits = "\"123456789012\"";
        let name_at = |pad: usize| "<sst x=\"".len() + pad + "\" ".len();
        for pad in (0..4200).filter(|p| p % 256 < 16 || p % 256 > 240 || p % 97 == 0) {
            // the digits within the first 4 KB (after the name and the quote)
            let first_digit = name_at(pad) + "uniqueCount=".len() + 1;
            let seen = &"123456789012"[..4096usize.saturating_sub(first_digit).min(12)];
            let expected = first_digit <= 4096 && seen.parse().is_ok_and(|n: u64| n > MAX_STRINGS);
            let refused = check_zip(&strings_padded(pad, digits)).is_err();
            assert_eq!(refused, expected, "pad {pad}");
        }
        for pad in [0, 250, 3000] {
            assert!(
                check_zip(&strings_padded(pad, "\"3\"")).is_ok(),
                "pad {pad}"
            );
        }
    }

    #[test]
    fn size_limit_is_stated() {
        assert!(check_size(MAX_FILE_BYTES).is_ok());
        let err = check_size(MAX_FILE_BYTES + 1).unwrap_err();
        assert!(err.contains("上限 20 MB"), "{err}");
    }
}
