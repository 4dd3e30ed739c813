//! The PDF as a reader sees it: a post typeset, written by quire-pdf, and parsed back
//! with lopdf.

use lopdf::Object;
use quire_core::{read_post, NoResources, ReadOptions};
use quire_typeset::FontBook;

use quire_pdf::{write_pages, PdfOptions};

fn book() -> &'static FontBook {
    static BOOK: std::sync::OnceLock<FontBook> = std::sync::OnceLock::new();
    BOOK.get_or_init(FontBook::builtin)
}

const POST: &str = "---\ntitle: \"Tom & Jerry <live>\"\nauthor: Ana\ndate: 2020-02-03\ndescription: A recap\ntags: [talks, rust]\nlang: en-GB\n---\n\
# One\n\nSome *text* with [a link](https://example.org) and [inside](#two).\n\n## Two\n\nMore.\n\n### Three\n\nEnd.\n\n# Four\n\nLast.\n";

fn pdf() -> Vec<u8> {
    let doc = read_post(POST.as_bytes(), Some("p.md"), &ReadOptions::default())
        .unwrap()
        .document;
    let pages = quire_typeset::typeset_post(
        &doc,
        book(),
        &quire_typeset::TypesetOptions::default(),
        &NoResources,
    );
    write_pages(pages, book(), &PdfOptions::default()).unwrap()
}

#[test]
fn same_input_same_bytes_even_in_one_process() {
    assert_eq!(pdf(), pdf());
}

#[test]
fn fonts_are_subset_and_tagged() {
    let doc = lopdf::Document::load_mem(&pdf()).unwrap();
    let mut fonts = 0;
    for object in doc.objects.values() {
        if let Ok(dict) = object.as_dict() {
            if dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"Font".as_slice())
                && dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0".as_slice())
            {
                let name =
                    String::from_utf8(dict.get(b"BaseFont").unwrap().as_name().unwrap().to_vec())
                        .unwrap();
                let (tag, rest) = name.split_once('+').expect("subset tag");
                assert!(
                    tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
                    "{name}"
                );
                assert!(rest.starts_with("LibertinusSerif"), "{name}");
                fonts += 1;
            }
        }
    }
    assert!(fonts >= 2);
}

fn text_string(o: &Object) -> String {
    let bytes = o.as_str().unwrap();
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    } else {
        String::from_utf8(bytes.to_vec()).unwrap()
    }
}

#[test]
fn metadata_and_nested_outline() {
    let doc = lopdf::Document::load_mem(&pdf()).unwrap();
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_object(info).unwrap().as_dict().unwrap();
    assert_eq!(
        text_string(info.get(b"Title").unwrap()),
        "Tom & Jerry <live>"
    );
    assert_eq!(text_string(info.get(b"Author").unwrap()), "Ana");
    assert_eq!(text_string(info.get(b"Subject").unwrap()), "A recap");
    assert_eq!(text_string(info.get(b"Keywords").unwrap()), "talks, rust");
    assert!(text_string(info.get(b"CreationDate").unwrap()).starts_with("D:20200203"));
    assert!(info.get(b"GTS_PDFXVersion").is_err());

    let catalog = doc.catalog().unwrap();
    assert_eq!(text_string(catalog.get(b"Lang").unwrap()), "en-GB");
    let xmp = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
    let xmp = doc.get_object(xmp).unwrap().as_stream().unwrap();
    let xml = String::from_utf8(xmp.content.clone()).unwrap();
    assert!(xml.contains("Tom &amp; Jerry &lt;live&gt;"));

    let outlines = catalog.get(b"Outlines").unwrap().as_reference().unwrap();
    let outlines = doc.get_object(outlines).unwrap().as_dict().unwrap();
    assert_eq!(outlines.get(b"Count").unwrap().as_i64().unwrap(), 4);
    let first = outlines.get(b"First").unwrap().as_reference().unwrap();
    let first = doc.get_object(first).unwrap().as_dict().unwrap();
    assert_eq!(text_string(first.get(b"Title").unwrap()), "One");
    // "Two" is under "One", and "Three" under "Two".
    let two = doc
        .get_object(first.get(b"First").unwrap().as_reference().unwrap())
        .unwrap()
        .as_dict()
        .unwrap();
    assert_eq!(text_string(two.get(b"Title").unwrap()), "Two");
    let three = doc
        .get_object(two.get(b"First").unwrap().as_reference().unwrap())
        .unwrap()
        .as_dict()
        .unwrap();
    assert_eq!(text_string(three.get(b"Title").unwrap()), "Three");
}

#[test]
fn links_are_uri_and_goto_annotations() {
    let doc = lopdf::Document::load_mem(&pdf()).unwrap();
    let mut uri = 0;
    let mut goto = 0;
    fn walk(o: &Object, uri: &mut i32, goto: &mut i32) {
        match o {
            Object::Dictionary(d) => {
                match d.get(b"S").and_then(Object::as_name).ok() {
                    Some(b"URI") => *uri += 1,
                    Some(b"GoTo") => *goto += 1,
                    _ => {}
                }
                for (_, v) in d.iter() {
                    walk(v, uri, goto);
                }
            }
            Object::Array(a) => a.iter().for_each(|v| walk(v, uri, goto)),
            _ => {}
        }
    }
    for object in doc.objects.values() {
        walk(object, &mut uri, &mut goto);
    }
    assert_eq!((uri, goto), (1, 1));
}

/// Regression (issue 17, item 10): a hyphen added at a line break was text like any
/// other, so copying or searching found "confer-" and "ence". Each half of a hyphenated
/// word is a marked-content span: `/ActualText` the whole word on the first (hyphen
/// included), empty on the second, nested inside one text object.
#[test]
fn hyphenated_words_are_marked_with_actual_text() {
    let words = "Internationalisation responsibilities notwithstanding, \
                 incomprehensibilities accumulate; characteristically, \
                 telecommunications infrastructure reconfiguration demands \
                 extraordinary interdisciplinary understanding ";
    let post = format!("---\ntitle: T\n---\n\n{}\n", words.repeat(6));
    let doc = read_post(post.as_bytes(), Some("h.md"), &ReadOptions::default())
        .unwrap()
        .document;
    let pages = quire_typeset::typeset_post(
        &doc,
        book(),
        &quire_typeset::TypesetOptions::default(),
        &NoResources,
    );
    let bytes = write_pages(pages, book(), &PdfOptions::default()).unwrap();
    let pdf = lopdf::Document::load_mem(&bytes).unwrap();
    let (mut whole, mut empty) = (Vec::new(), 0);
    for (_, page) in pdf.get_pages() {
        let content = pdf.get_and_decode_page_content(page).unwrap();
        let mut depth = 0;
        let mut in_text = false;
        for op in &content.operations {
            match op.operator.as_str() {
                "BT" => in_text = true,
                "ET" => in_text = false,
                "BDC" => {
                    assert!(in_text, "a span inside its text object");
                    depth += 1;
                    assert_eq!(op.operands[0].as_name().unwrap(), b"Span");
                    let props = op.operands[1].as_dict().unwrap();
                    let actual = text_string(props.get(b"ActualText").unwrap());
                    if actual.is_empty() {
                        empty += 1;
                    } else {
                        whole.push(actual);
                    }
                }
                "EMC" => depth -= 1,
                _ => assert!(depth <= 1),
            }
        }
        assert_eq!(depth, 0, "every span ends");
    }
    assert!(whole.len() >= 3, "{whole:?}");
    assert_eq!(whole.len(), empty, "a second half for every first");
    for word in &whole {
        let word = word.trim_end_matches([',', ';']);
        assert!(
            words.split_whitespace().any(|w| w.starts_with(word)),
            "{word}"
        );
    }
}
