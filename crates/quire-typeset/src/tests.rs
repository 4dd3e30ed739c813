//! The typographic rules, checked on fixed inputs: no line past the measure, no heading
//! alone at a page foot, no widow or orphan line, images never split and scaled to fit,
//! code blocks split only between lines.

use quire_core::{read_post, NoResources, ReadOptions, Resource, ResourceError, Resources};

use crate::layout::{Chunk, Layout};
use crate::page::{Element, Pages};
use crate::{typeset, FontBook, TypesetOptions};

fn book() -> &'static FontBook {
    static BOOK: std::sync::OnceLock<FontBook> = std::sync::OnceLock::new();
    BOOK.get_or_init(FontBook::builtin)
}

fn doc(md: &str) -> quire_core::Document {
    read_post(md.as_bytes(), Some("t.md"), &ReadOptions::default())
        .expect("reads")
        .document
}

fn set(md: &str) -> Pages {
    typeset(&doc(md), book(), &TypesetOptions::default(), &NoResources)
}

fn chunks(md: &str) -> Vec<Chunk> {
    let options = TypesetOptions::default();
    let h = crate::hyphen::Hyphenate::new("en");
    let mut layout = Layout::new(book(), &h, &options, &NoResources, None, 690.0);
    let d = doc(md);
    layout.title_block(&d);
    layout.document(&d);
    layout.chunks
}

fn texts(pages: &Pages) -> Vec<(usize, f32, f32, String)> {
    let mut out = Vec::new();
    for (n, p) in pages.pages.iter().enumerate() {
        for e in &p.elements {
            if let Element::Text(r) = e {
                out.push((n, r.x, r.end(), r.glyphs.iter().map(|g| &*g.text).collect()));
            }
        }
    }
    out
}

fn long_post() -> String {
    let mut md = String::from("---\ntitle: Long\n---\n");
    for i in 0..40 {
        md.push_str(&format!("## Section {i}\n\n"));
        for _ in 0..(i % 4 + 1) {
            md.push_str(
                "Typesetting engines consider the whole paragraph when they choose where \
                 lines end, which is why their pages look even and calm compared with \
                 the first-fit wrapping of browsers and word processors of old times.\n\n",
            );
        }
    }
    md
}

#[test]
fn no_line_runs_past_the_measure() {
    let md = "A link to https://example.org/a/very/long/path/that/never/ends/and/keeps/going/on/and/on/index.html \
              and `an_identifier_that_is_far_too_long_to_fit_on_any_line_of_a_page_at_all_really` in text.\n\n\
              ```\nlet x = \"a code line that is much longer than the measure of the page and must wrap somewhere sensible\";\n```\n\n\
              | a | b | c |\n|---|---|---|\n| supercalifragilisticexpialidocious_and_more_and_more | two | three |\n";
    let pages = set(md);
    let o = TypesetOptions::default();
    let right = o.paper.size().0 - o.margins().right;
    for (_, x0, x1, t) in texts(&pages) {
        assert!(x0 >= o.margins().left - 0.01, "{t:?} starts at {x0}");
        assert!(x1 <= right + 0.01, "{t:?} ends at {x1} past {right}");
    }
    let all: String = texts(&pages).into_iter().map(|t| t.3).collect();
    assert!(all
        .replace(['-', '↪', ' '], "")
        .contains("identifier_that_is_far_too_long"));
}

#[test]
fn page_breaks_respect_keeps_where_they_can() {
    let cs = chunks(&long_post());
    let flow = crate::layout::Flow {
        chunks: cs.clone(),
        ..Default::default()
    };
    let starts: Vec<usize> = crate::paginate::plan(&flow, 690.0)
        .iter()
        .map(|p| p.body.start)
        .collect();
    assert!(starts.len() > 3, "{starts:?}");
    for &s in &starts[1..] {
        assert!(
            !cs[s].keep_with_prev,
            "page starting at chunk {s} breaks a keep"
        );
    }
}

#[test]
fn a_heading_never_ends_a_page() {
    let pages = set(&long_post());
    for entry in &pages.outline {
        let page = &pages.pages[entry.page];
        let below = page.elements.iter().any(|e| match e {
            Element::Text(r) => r.y > entry.y + 30.0 && r.size < 11.0 && r.y < page.height - 80.0,
            _ => false,
        });
        assert!(
            below,
            "heading {:?} on page {} has no text under it",
            entry.title,
            entry.page + 1
        );
    }
}

#[test]
fn paragraph_lines_keep_two_together_at_breaks() {
    let cs = chunks(&long_post());
    // Every multi-line paragraph's second and last line are kept with the line before.
    let lines: Vec<&Chunk> = cs
        .iter()
        .filter(|c| {
            c.elements
                .iter()
                .any(|e| matches!(e, Element::Text(r) if r.size < 11.0))
        })
        .collect();
    assert!(lines.iter().filter(|c| c.keep_with_prev).count() > 10);
}

#[test]
fn code_splits_only_between_lines() {
    let mut md = String::from("```\n");
    for i in 0..150 {
        md.push_str(&format!("line {i}\n"));
    }
    md.push_str("```\n");
    let pages = set(&md);
    assert!(pages.pages.len() >= 3);
    let lines: Vec<String> = texts(&pages)
        .into_iter()
        .map(|t| t.3)
        .filter(|t| t.starts_with("line "))
        .collect();
    let expected: Vec<String> = (0..150).map(|i| format!("line {i}")).collect();
    assert_eq!(lines, expected);
}

struct OneImage(Vec<u8>);

impl Resources for OneImage {
    fn locate(&self, url: &str) -> Result<String, ResourceError> {
        Ok(url.to_owned())
    }
    fn load(&self, url: &str) -> Result<Resource, ResourceError> {
        Ok(Resource::new(url, self.0.clone()))
    }
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb([200, 30, 30]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[test]
fn images_scale_to_the_measure_and_the_page_keeping_their_ratio() {
    let o = TypesetOptions::default();
    for (w, h) in [(4000, 1000), (300, 5000)] {
        let pages = typeset(&doc("![wide](a.png)\n"), book(), &o, &OneImage(png(w, h)));
        let (iw, ih) = pages
            .pages
            .iter()
            .flat_map(|p| &p.elements)
            .find_map(|e| match e {
                Element::Image { w, h, .. } => Some((*w, *h)),
                _ => None,
            })
            .expect("placed");
        assert!(iw <= o.measure() + 0.01);
        assert!(ih <= o.paper.size().1 - o.margins().top - o.margins().bottom);
        assert!((iw / ih - w as f32 / h as f32).abs() < 0.01);
    }
}

#[test]
fn a_missing_image_is_a_framed_placeholder_and_a_warning() {
    let pages = set("Intro.\n\n![the chart](missing.png)\n");
    assert_eq!(pages.warnings.len(), 1);
    assert_eq!(pages.warnings[0].line, 3);
    let framed = pages.pages[0].elements.iter().any(|e| {
        matches!(
            e,
            Element::Rect {
                stroke: Some(_),
                ..
            }
        )
    });
    assert!(framed);
    assert!(texts(&pages).iter().any(|t| t.3.contains("the chart")));
}

#[test]
fn a_character_no_font_has_warns_once_with_its_code_point() {
    let pages = set("語 and 語 again\n\nand 語\n");
    let w: Vec<_> = pages
        .warnings
        .iter()
        .filter(|w| w.message.contains("U+8A9E"))
        .collect();
    assert_eq!(w.len(), 1, "{:?}", pages.warnings);
    assert_eq!(w[0].line, 1);
}

#[test]
fn internal_links_point_at_their_headings() {
    let pages = set("See [below](#target).\n\n## Target\n\nText.\n");
    let link = pages.pages[0].elements.iter().find_map(|e| match e {
        Element::Link { target, .. } => Some(target.clone()),
        _ => None,
    });
    assert!(
        matches!(
            link,
            Some(crate::page::LinkTarget::Internal { page: 0, .. })
        ),
        "{link:?}"
    );
}
