//! Post-processing with lopdf: what printpdf cannot write correctly.
//!
//! printpdf's bookmarks are flat and sorted by page, its XMP is unescaped and carries a
//! random instance id, its Info claims PDF/X, and its trailer `/ID` is random. We replace
//! all four: a nested outline with positions, a fresh Info dictionary, an escaped XMP
//! packet, and an `/ID` hashed from the file's own content.

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use quire_typeset::page::{DocInfo, OutlineEntry, PageLabel, Pages, Timestamp};

/// Finishes printpdf's output.
pub(crate) fn finish(mut doc: lopdf::Document, pages: &Pages) -> Result<Vec<u8>, String> {
    let meta = &pages.info;
    let page_ids: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    let info = info_dict(meta);
    let info_id = doc.add_object(Object::Dictionary(info));
    let xmp = Stream::new(
        Dictionary::from_iter([
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        xmp(meta).into_bytes(),
    );
    let xmp_id = doc.add_object(Object::Stream(xmp));
    let outline_id = outline(&mut doc, &pages.outline, &page_ids, pages);
    {
        let catalog = doc.catalog_mut().map_err(|e| e.to_string())?;
        catalog.set("Metadata", Object::Reference(xmp_id));
        catalog.remove(b"Outlines");
        if let Some(id) = outline_id {
            catalog.set("Outlines", Object::Reference(id));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        if let Some(lang) = &meta.lang {
            catalog.set("Lang", text(lang));
        }
        if let Some(labels) = page_labels(&pages.labels) {
            catalog.set("PageLabels", labels);
        }
        catalog.set(
            "ViewerPreferences",
            Object::Dictionary(Dictionary::from_iter([(
                "DisplayDocTitle",
                Object::Boolean(true),
            )])),
        );
    }
    doc.trailer.set("Info", Object::Reference(info_id));
    doc.prune_objects();
    doc.renumber_objects();
    let xmp = xmp_id_after_renumber(&doc);
    compress(&mut doc, xmp);
    // The ID is a hash of the file written with a zero ID: same content, same ID. The
    // zeros are then overwritten in place (same length), saving a second write.
    doc.trailer.set("ID", id_array([0; 16]));
    let mut out = Vec::with_capacity(1 << 16);
    doc.save_to(&mut out).map_err(|e| e.to_string())?;
    let id = hash128(&out);
    let hex: String = id.iter().map(|b| format!("{b:02X}")).collect();
    let zeros = "0".repeat(32);
    let tail_start = out.len().saturating_sub(4096);
    let mut patched = 0;
    let mut at = tail_start;
    while patched < 2 {
        let Some(i) = find(&out[at..], zeros.as_bytes()) else {
            break;
        };
        let start = at + i;
        out[start..start + 32].copy_from_slice(hex.as_bytes());
        at = start + 32;
        patched += 1;
    }
    if patched != 2 {
        return Err("could not place the document ID".into());
    }
    Ok(out)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The XMP stream's id (it stays uncompressed, so tools that scan for it find it).
fn xmp_id_after_renumber(doc: &lopdf::Document) -> Option<ObjectId> {
    let catalog = doc.catalog().ok()?;
    catalog.get(b"Metadata").ok()?.as_reference().ok()
}

/// Flate-compresses every stream that has no filter yet, at level 5 (of 9):
/// lopdf's own `compress` uses the best level, which cost most of a conversion's time.
fn compress(doc: &mut lopdf::Document, keep: Option<ObjectId>) {
    use rayon::prelude::*;
    use std::io::Write;
    doc.objects.par_iter_mut().for_each(|(id, object)| {
        if Some(*id) == keep {
            return;
        }
        if let Object::Stream(stream) = object {
            if stream.dict.get(b"Filter").is_ok() || stream.content.len() < 64 {
                return;
            }
            let mut enc = flate2::write::ZlibEncoder::new(
                Vec::with_capacity(stream.content.len() / 3),
                flate2::Compression::new(5),
            );
            if enc.write_all(&stream.content).is_ok() {
                if let Ok(packed) = enc.finish() {
                    if packed.len() + 20 < stream.content.len() {
                        stream
                            .dict
                            .set("Filter", Object::Name(b"FlateDecode".to_vec()));
                        stream.set_content(packed);
                    }
                }
            }
        }
    });
}

/// `/PageLabels`: viewers show the numbers printed on the pages (none on the cover,
/// roman in the front matter, arabic from 1 in the body).
fn page_labels(labels: &[PageLabel]) -> Option<Object> {
    if labels.is_empty() {
        return None;
    }
    let mut nums = Vec::new();
    for label in labels {
        let (page, dict) = match label {
            PageLabel::Named { page, prefix } => {
                (*page, Dictionary::from_iter([("P", text(prefix))]))
            }
            PageLabel::Roman { page } => (
                *page,
                Dictionary::from_iter([("S", Object::Name(b"r".to_vec()))]),
            ),
            PageLabel::Arabic { page } => (
                *page,
                Dictionary::from_iter([("S", Object::Name(b"D".to_vec()))]),
            ),
            _ => continue,
        };
        nums.push(Object::Integer(page as i64));
        nums.push(Object::Dictionary(dict));
    }
    Some(Object::Dictionary(Dictionary::from_iter([(
        "Nums",
        Object::Array(nums),
    )])))
}

fn id_array(id: [u8; 16]) -> Object {
    let s = Object::String(id.to_vec(), StringFormat::Hexadecimal);
    Object::Array(vec![s.clone(), s])
}

/// Two FNV-1a passes with different offsets: not cryptographic, just stable and spread.
fn hash128(bytes: &[u8]) -> [u8; 16] {
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x6c62_272e_07bb_0142;
    for &x in bytes {
        a = (a ^ u64::from(x)).wrapping_mul(0x0100_0000_01b3);
        b = (b ^ u64::from(x)).wrapping_mul(0x0000_0100_0000_01b3 ^ 0x2b);
    }
    let mut out = [0; 16];
    out[..8].copy_from_slice(&a.to_be_bytes());
    out[8..].copy_from_slice(&b.to_be_bytes());
    out
}

/// A PDF text string: literal when ASCII, else UTF-16BE with a byte-order mark.
fn text(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            bytes.extend_from_slice(&u.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

fn pdf_date(t: Timestamp) -> String {
    let Timestamp {
        year: y,
        month: mo,
        day: d,
        hour: h,
        minute: mi,
        second: s,
    } = t;
    format!("D:{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}Z")
}

fn iso_date(t: Timestamp) -> String {
    let Timestamp {
        year: y,
        month: mo,
        day: d,
        hour: h,
        minute: mi,
        second: s,
    } = t;
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

const PRODUCER: &str = concat!("quire ", env!("CARGO_PKG_VERSION"), " (printpdf)");

fn info_dict(meta: &DocInfo) -> Dictionary {
    let mut info = Dictionary::new();
    if !meta.title.is_empty() {
        info.set("Title", text(&meta.title));
    }
    if !meta.authors.is_empty() {
        info.set("Author", text(&meta.authors.join(", ")));
    }
    if !meta.subject.is_empty() {
        info.set("Subject", text(&meta.subject));
    }
    if !meta.keywords.is_empty() {
        info.set("Keywords", text(&meta.keywords.join(", ")));
    }
    info.set("Creator", text("quire"));
    info.set("Producer", text(PRODUCER));
    if let Some(t) = meta.created {
        info.set("CreationDate", text(&pdf_date(t)));
    }
    if let Some(t) = meta.modified {
        info.set("ModDate", text(&pdf_date(t)));
    }
    info
}

/// XML-escaped text for the XMP packet: the one escaper every writer of markup uses.
fn esc(s: &str) -> String {
    quire_typeset::escape::xml(s, true)
}

fn xmp(meta: &DocInfo) -> String {
    let mut body = String::new();
    let lang = meta.lang.as_deref().unwrap_or("x-default");
    if !meta.title.is_empty() {
        body.push_str(&format!(
            "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n",
            esc(&meta.title)
        ));
    }
    if !meta.authors.is_empty() {
        body.push_str("<dc:creator><rdf:Seq>");
        for a in &meta.authors {
            body.push_str(&format!("<rdf:li>{}</rdf:li>", esc(a)));
        }
        body.push_str("</rdf:Seq></dc:creator>\n");
    }
    if !meta.subject.is_empty() {
        body.push_str(&format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
            esc(&meta.subject)
        ));
    }
    if !meta.keywords.is_empty() {
        body.push_str("<dc:subject><rdf:Bag>");
        for k in &meta.keywords {
            body.push_str(&format!("<rdf:li>{}</rdf:li>", esc(k)));
        }
        body.push_str("</rdf:Bag></dc:subject>\n");
        body.push_str(&format!(
            "<pdf:Keywords>{}</pdf:Keywords>\n",
            esc(&meta.keywords.join(", "))
        ));
    }
    body.push_str(&format!(
        "<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\n",
        esc(lang)
    ));
    body.push_str("<dc:format>application/pdf</dc:format>\n");
    if let Some(t) = meta.created {
        body.push_str(&format!(
            "<xmp:CreateDate>{}</xmp:CreateDate>\n",
            iso_date(t)
        ));
    }
    if let Some(t) = meta.modified {
        body.push_str(&format!(
            "<xmp:ModifyDate>{0}</xmp:ModifyDate>\n<xmp:MetadataDate>{0}</xmp:MetadataDate>\n",
            iso_date(t)
        ));
    }
    body.push_str(&format!(
        "<xmp:CreatorTool>quire</xmp:CreatorTool>\n<pdf:Producer>{PRODUCER}</pdf:Producer>\n"
    ));
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n\
{body}</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>"
    )
}

struct Node {
    entry: usize,
    children: Vec<Node>,
}

/// Nests entries by level: an entry holds the entries after it of a greater level (a
/// post's title, level 0, holds its headings; skipped levels are tolerated).
fn nest(entries: &[OutlineEntry]) -> Vec<Node> {
    fn build(entries: &[OutlineEntry], i: &mut usize, parent: i16) -> Vec<Node> {
        let mut out = Vec::new();
        while *i < entries.len() && i16::from(entries[*i].level) > parent {
            let this = *i;
            *i += 1;
            let children = build(entries, i, i16::from(entries[this].level));
            out.push(Node {
                entry: this,
                children,
            });
        }
        out
    }
    let mut i = 0;
    build(entries, &mut i, -1)
}

fn count(nodes: &[Node]) -> i64 {
    nodes.iter().map(|n| 1 + count(&n.children)).sum()
}

fn outline(
    doc: &mut lopdf::Document,
    entries: &[OutlineEntry],
    page_ids: &[ObjectId],
    pages: &Pages,
) -> Option<ObjectId> {
    if entries.is_empty() {
        return None;
    }
    let roots = nest(entries);
    let root_id = doc.new_object_id();
    let (first, last) = write_level(doc, &roots, root_id, entries, page_ids, pages);
    let root = Dictionary::from_iter([
        ("Type", Object::Name(b"Outlines".to_vec())),
        ("First", Object::Reference(first)),
        ("Last", Object::Reference(last)),
        ("Count", Object::Integer(count(&roots))),
    ]);
    doc.objects.insert(root_id, Object::Dictionary(root));
    Some(root_id)
}

fn write_level(
    doc: &mut lopdf::Document,
    nodes: &[Node],
    parent: ObjectId,
    entries: &[OutlineEntry],
    page_ids: &[ObjectId],
    pages: &Pages,
) -> (ObjectId, ObjectId) {
    let ids: Vec<ObjectId> = nodes.iter().map(|_| doc.new_object_id()).collect();
    for (k, node) in nodes.iter().enumerate() {
        let e = &entries[node.entry];
        let mut dict = Dictionary::new();
        dict.set("Title", text(&e.title));
        dict.set("Parent", Object::Reference(parent));
        if k > 0 {
            dict.set("Prev", Object::Reference(ids[k - 1]));
        }
        if k + 1 < ids.len() {
            dict.set("Next", Object::Reference(ids[k + 1]));
        }
        if let Some(&page) = page_ids.get(e.page) {
            let top = pages
                .pages
                .get(e.page)
                .map(|p| p.height - e.y + 4.0)
                .unwrap_or(0.0);
            dict.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(page),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real((top * 100.0).round() / 100.0),
                    Object::Null,
                ]),
            );
        }
        if !node.children.is_empty() {
            let (first, last) = write_level(doc, &node.children, ids[k], entries, page_ids, pages);
            dict.set("First", Object::Reference(first));
            dict.set("Last", Object::Reference(last));
            dict.set("Count", Object::Integer(count(&node.children)));
        }
        doc.objects.insert(ids[k], Object::Dictionary(dict));
    }
    (ids[0], ids[ids.len() - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(level: u8) -> OutlineEntry {
        OutlineEntry {
            level,
            title: String::new(),
            page: 0,
            y: 0.0,
        }
    }

    #[test]
    fn nests_by_level_and_tolerates_skips() {
        let entries = [e(2), e(3), e(3), e(2), e(4), e(1)];
        let roots = nest(&entries);
        assert_eq!(roots.len(), 3);
        assert_eq!(roots[0].children.len(), 2);
        assert_eq!(roots[1].children.len(), 1);
        assert_eq!(count(&roots), 6);
    }

    #[test]
    fn xmp_escapes_markup() {
        let mut meta = DocInfo::default();
        meta.title = "A & <B>".into();
        let x = xmp(&meta);
        assert!(x.contains("A &amp; &lt;B&gt;"));
        roxmltree_free_check(&x);
    }

    fn roxmltree_free_check(x: &str) {
        // Balanced description element, and no raw ampersand left.
        assert_eq!(
            x.matches("<rdf:Description").count(),
            x.matches("</rdf:Description>").count()
        );
        assert!(!x
            .replace("&amp;", "")
            .replace("&lt;", "")
            .replace("&gt;", "")
            .contains('&'));
    }
}
