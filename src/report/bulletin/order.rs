//! Puts the children of WordprocessingML property elements into schema order.
//!
//! docx-rs writes `<w:pPr><w:rPr/><w:pStyle/>…`, `<w:style><w:name/><w:rPr/><w:pPr/>…`,
//! `<w:sectPr><w:pgSz/>…<w:footerReference/>` and settings in an order of its own.
//! Word and LibreOffice read that, but ECMA-376 declares these children as sequences,
//! and the Open XML SDK validator (and `openxml-audit -f microsoft365`) rejects every
//! one. This pass parses a part, stably sorts the children of each element listed in
//! [`ORDERS`] by their position in the schema, drops the `w:type` attribute docx-rs
//! puts on `w:gridCol` and the empty `w:rPr` it puts in the paragraph properties of
//! styles and numbering levels (neither is in the schema), and writes the part back unchanged
//! otherwise (text, escapes, attributes and namespaces as they were).

use anyhow::{Context, Result};
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer};

#[rustfmt::skip]
/// CT_PPr: the sequence of paragraph properties.
const PPR: &[&str] = &[
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
    "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
];

#[rustfmt::skip]
/// CT_RPr / CT_ParaRPr: run properties (the validator checks them in this order too).
const RPR: &[&str] = &[
    "w:ins", "w:del", "w:moveFrom", "w:moveTo", "w:rStyle", "w:rFonts", "w:b", "w:bCs",
    "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike", "w:outline",
    "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish",
    "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
    "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl",
    "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath", "w:rPrChange",
];

#[rustfmt::skip]
/// CT_SectPr: header and footer references (in any mix) come first.
const SECTPR: &[&str] = &[
    "w:headerReference|w:footerReference", "w:footnotePr", "w:endnotePr", "w:type",
    "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType",
    "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
    "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
];

#[rustfmt::skip]
/// CT_Style.
const STYLE: &[&str] = &[
    "w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine", "w:hidden",
    "w:uiPriority", "w:semiHidden", "w:unhideWhenUsed", "w:qFormat", "w:locked",
    "w:personal", "w:personalCompose", "w:personalReply", "w:rsid", "w:pPr", "w:rPr",
    "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr",
];

#[rustfmt::skip]
/// CT_Settings, the elements docx-rs can write, in schema order.
const SETTINGS: &[&str] = &[
    "w:writeProtection", "w:view", "w:zoom", "w:defaultTabStop", "w:evenAndOddHeaders",
    "w:characterSpacingControl", "w:compat", "w:docVars", "w:rsids", "w14:docId",
    "w15:docId",
];

#[rustfmt::skip]
/// CT_TblPr.
const TBLPR: &[&str] = &[
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
    "w:tblDescription", "w:tblPrChange",
];

#[rustfmt::skip]
/// CT_TcPr.
const TCPR: &[&str] = &[
    "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
    "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
    "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
];

/// The elements whose children are sorted, with their schema sequence.
const ORDERS: &[(&str, &[&str])] = &[
    ("w:pPr", PPR),
    ("w:rPr", RPR),
    ("w:sectPr", SECTPR),
    ("w:style", STYLE),
    ("w:settings", SETTINGS),
    ("w:tblPr", TBLPR),
    ("w:tcPr", TCPR),
];

enum Node {
    Elem {
        start: BytesStart<'static>,
        children: Vec<Node>,
        empty: bool,
    },
    Other(Event<'static>),
}

impl Node {
    fn name(&self) -> Option<String> {
        match self {
            Node::Elem { start, .. } => Some(String::from_utf8_lossy(start.name().as_ref()).into()),
            Node::Other(_) => None,
        }
    }
}

/// `xml` with the children of property elements in schema order.
pub fn normalize(xml: &[u8]) -> Result<Vec<u8>> {
    let mut nodes = parse(xml)?;
    for n in &mut nodes {
        fix(n, "");
    }
    let mut w = Writer::new(Vec::with_capacity(xml.len()));
    for n in &nodes {
        write(&mut w, n)?;
    }
    Ok(w.into_inner())
}

fn parse(xml: &[u8]) -> Result<Vec<Node>> {
    let mut reader = Reader::from_reader(xml);
    let mut stack: Vec<(BytesStart<'static>, Vec<Node>)> = Vec::new();
    let mut top = Vec::new();
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .context("docx-rs 输出的 XML 无法解析")?
            .into_owned();
        let node = match event {
            Event::Eof => break,
            Event::Start(s) => {
                stack.push((s, Vec::new()));
                buf.clear();
                continue;
            }
            Event::End(_) => {
                let (start, children) = stack.pop().context("XML 结束标记多余")?;
                Node::Elem {
                    start,
                    children,
                    empty: false,
                }
            }
            Event::Empty(start) => Node::Elem {
                start,
                children: Vec::new(),
                empty: true,
            },
            other => Node::Other(other),
        };
        match stack.last_mut() {
            Some((_, children)) => children.push(node),
            None => top.push(node),
        }
        buf.clear();
    }
    Ok(top)
}

fn rank(order: &[&str], child: &Node) -> usize {
    let Some(name) = child.name() else {
        return usize::MAX;
    };
    order
        .iter()
        .position(|o| o.split('|').any(|n| n == name))
        .unwrap_or(usize::MAX)
}

/// Whether `node` is an element `name` with no children.
fn is_empty_elem(node: &Node, name: &str) -> bool {
    matches!(node, Node::Elem { children, .. } if children.is_empty())
        && node.name().as_deref() == Some(name)
}

fn fix(node: &mut Node, parent: &str) {
    let Node::Elem {
        start, children, ..
    } = node
    else {
        return;
    };
    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
    if name == "w:gridCol" {
        let kept: Vec<(String, String)> = start
            .attributes()
            .flatten()
            .filter(|a| a.key.as_ref() != b"w:type")
            .map(|a| {
                (
                    String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                    String::from_utf8_lossy(&a.value).into_owned(),
                )
            })
            .collect();
        let mut fresh = BytesStart::new(name.clone());
        for (k, v) in &kept {
            fresh.push_attribute((k.as_bytes(), v.as_bytes()));
        }
        *start = fresh;
    }
    if name == "w:pPr" && ["w:style", "w:lvl", "w:pPrDefault"].contains(&parent) {
        // CT_PPrGeneral has no rPr; docx-rs writes an empty one.
        children.retain(|c| !is_empty_elem(c, "w:rPr"));
    }
    if let Some((_, order)) = ORDERS.iter().find(|(n, _)| *n == name) {
        children.sort_by_key(|c| rank(order, c));
    }
    for c in children {
        fix(c, &name);
    }
}

fn write(w: &mut Writer<Vec<u8>>, node: &Node) -> Result<()> {
    match node {
        Node::Other(e) => w.write_event(e.borrow())?,
        Node::Elem {
            start,
            children,
            empty: true,
        } if children.is_empty() => w.write_event(Event::Empty(start.borrow()))?,
        Node::Elem {
            start, children, ..
        } => {
            w.write_event(Event::Start(start.borrow()))?;
            for c in children {
                write(w, c)?;
            }
            w.write_event(Event::End(start.to_end()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(xml: &str) -> String {
        String::from_utf8(normalize(xml.as_bytes()).unwrap()).unwrap()
    }

    #[test]
    fn paragraph_properties_follow_the_schema() {
        let xml = r#"<w:p><w:pPr><w:rPr /><w:pStyle w:val="A" /><w:jc w:val="both" /><w:ind w:left="0" /></w:pPr><w:r><w:rPr><w:sz w:val="32" /><w:rFonts w:ascii="x" /></w:rPr><w:t xml:space="preserve">甲 &amp; 乙</w:t></w:r></w:p>"#;
        assert_eq!(
            norm(xml),
            r#"<w:p><w:pPr><w:pStyle w:val="A" /><w:ind w:left="0" /><w:jc w:val="both" /><w:rPr /></w:pPr><w:r><w:rPr><w:rFonts w:ascii="x" /><w:sz w:val="32" /></w:rPr><w:t xml:space="preserve">甲 &amp; 乙</w:t></w:r></w:p>"#
        );
    }

    #[test]
    fn run_content_keeps_its_order_and_grid_columns_lose_their_type() {
        let xml = r#"<?xml version="1.0"?><w:r><w:t>b</w:t><w:fldChar /><w:t>a</w:t></w:r><w:gridCol w:w="100" w:type="dxa" />"#;
        assert_eq!(
            norm(xml),
            r#"<?xml version="1.0"?><w:r><w:t>b</w:t><w:fldChar /><w:t>a</w:t></w:r><w:gridCol w:w="100"/>"#
        );
    }

    #[test]
    fn section_references_come_first() {
        let xml = r#"<w:sectPr><w:pgSz /><w:docGrid /><w:footerReference r:id="1" /><w:headerReference r:id="2" /><w:footerReference r:id="3" /></w:sectPr>"#;
        assert_eq!(
            norm(xml),
            r#"<w:sectPr><w:footerReference r:id="1" /><w:headerReference r:id="2" /><w:footerReference r:id="3" /><w:pgSz /><w:docGrid /></w:sectPr>"#
        );
    }
}
