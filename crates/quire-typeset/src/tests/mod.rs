//! The typographic rules, checked on fixed inputs: no line past the measure, no heading
//! alone at a page foot, no widow or orphan line, images never split and scaled to fit,
//! code blocks split only between lines.

use quire_core::{read_post, NoResources, ReadOptions};

use crate::layout::{Chunk, Layout};
use crate::page::{Element, Pages};
use crate::{typeset_post, FontBook, TypesetOptions};

fn book() -> &'static FontBook {
    static BOOK: std::sync::OnceLock<FontBook> = std::sync::OnceLock::new();
    BOOK.get_or_init(FontBook::builtin)
}

fn doc(md: &str) -> quire_core::Document {
    doc_named(md, "t.md")
}

fn doc_named(md: &str, name: &str) -> quire_core::Document {
    read_post(md.as_bytes(), Some(name), &ReadOptions::default())
        .expect("reads")
        .document
}

fn set(md: &str) -> Pages {
    typeset_post(&doc(md), book(), &TypesetOptions::default(), &NoResources)
}

fn chunks(md: &str) -> Vec<Chunk> {
    let options = TypesetOptions::default();
    let h = crate::hyphen::Hyphenate::new("en");
    let mut layout = Layout::new(book(), &h, &options, None);
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
fn soft_breaks_set_as_spaces_and_hard_breaks_end_lines() {
    let pages = set("one\ntwo\nthree  \nfour\n");
    let lines: Vec<(f32, String)> = pages.pages[0]
        .elements
        .iter()
        .filter_map(|e| match e {
            Element::Text(r) => Some((r.y, r.glyphs.iter().map(|g| &*g.text).collect())),
            _ => None,
        })
        .fold(
            Vec::new(),
            |mut acc: Vec<(f32, String)>, (y, t): (f32, String)| {
                match acc.last_mut() {
                    Some((ly, lt)) if *ly == y => lt.push_str(&t),
                    _ => acc.push((y, t)),
                }
                acc
            },
        );
    let words: Vec<String> = lines
        .iter()
        .map(|(_, t)| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    // The title and the page number are lines of their own too.
    assert!(
        words.windows(2).any(|w| w == ["one two three", "four"]),
        "{lines:?}"
    );
}

#[test]
fn page_breaks_respect_keeps_where_they_can() {
    let cs = chunks(&long_post());
    let flow = crate::layout::Flow {
        chunks: cs.clone(),
        ..Default::default()
    };
    let starts: Vec<usize> = crate::paginate::plan(&flow, 690.0, &crate::Theme::default())
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
        let pages = typeset_post(
            &doc("![wide](a.png)\n"),
            book(),
            &o,
            &quire_testkit::Memory::new().with("a.png", png(w, h)),
        );
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

fn page_texts(pages: &Pages) -> Vec<String> {
    pages
        .pages
        .iter()
        .map(|p| {
            p.elements
                .iter()
                .filter_map(|e| match e {
                    Element::Text(r) => Some(r.glyphs.iter().map(|g| &*g.text).collect::<String>()),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn a_long_table_repeats_its_header_on_every_page() {
    let mut md = String::from("| Key | Value | Note |\n|---|---|---|\n");
    for i in 0..200 {
        md.push_str(&format!("| row{i} | {i} | some words in the note |\n"));
    }
    let pages = set(&md);
    let texts = page_texts(&pages);
    assert!(texts.len() >= 3);
    for (n, t) in texts.iter().enumerate() {
        if t.contains("row") {
            assert!(
                t.contains("Key") && t.contains("Value"),
                "page {} lacks the header",
                n + 1
            );
        }
    }
}

#[test]
fn a_table_too_wide_shrinks_then_stays_inside_the_margins() {
    let head: Vec<String> = (0..14).map(|i| format!("column{i}")).collect();
    let mut md = format!("| {} |\n|{}\n", head.join(" | "), "---|".repeat(14));
    md.push_str(&format!(
        "| {} |\n",
        (0..14)
            .map(|i| format!("value_number_{i}_long"))
            .collect::<Vec<_>>()
            .join(" | ")
    ));
    let pages = set(&md);
    let o = TypesetOptions::default();
    let right = o.paper.size().0 - o.margins().right;
    let sizes: Vec<f32> = pages.pages[0]
        .elements
        .iter()
        .filter_map(|e| match e {
            Element::Text(r) if r.glyphs.len() > 3 => Some(r.size),
            _ => None,
        })
        .collect();
    assert!(
        sizes.iter().any(|s| *s < 9.0),
        "type did not shrink: {sizes:?}"
    );
    for (_, x0, x1, t) in texts(&pages) {
        assert!(
            x0 >= o.margins().left - 0.01 && x1 <= right + 0.01,
            "{t:?} at {x0}..{x1}"
        );
    }
}

#[test]
fn every_footnote_sits_on_the_page_of_its_reference() {
    let mut md = String::new();
    for i in 1..=30 {
        md.push_str(&format!(
            "Claim {i} is made here.[^n{i}] {}\n\n",
            "Filler words to fill the page. ".repeat(6)
        ));
    }
    for i in 1..=30 {
        md.push_str(&format!(
            "[^n{i}]: Source {i}: where the claim comes from.\n"
        ));
    }
    let texts = page_texts(&set(&md));
    for i in 1..=30 {
        let claim = texts
            .iter()
            .position(|t| t.contains(&format!("Claim {i} ")));
        let note = texts
            .iter()
            .position(|t| t.contains(&format!("Source {i}:")));
        assert_eq!(claim, note, "note {i}");
    }
}

#[test]
fn contents_numbers_are_the_pages_the_headings_land_on() {
    let options = TypesetOptions {
        toc: true,
        ..TypesetOptions::default()
    };
    let pages = typeset_post(&doc(&long_post()), book(), &options, &NoResources);
    let texts = page_texts(&pages);
    for entry in pages.outline.iter().filter(|e| e.level == 2) {
        let printed = (entry.page + 1).to_string();
        // The contents line: the title, leaders, then the number.
        let line = texts
            .iter()
            .take(3)
            .flat_map(|t| t.split(&*entry.title).nth(1))
            .next()
            .unwrap_or_else(|| panic!("{} not in the contents", entry.title));
        let number = line
            .split_whitespace()
            .find(|w| w.chars().all(|c| c.is_ascii_digit()))
            .unwrap();
        assert_eq!(number, printed, "{}", entry.title);
    }
    // They settled: no warning that they may be off.
    assert!(pages.warnings.is_empty(), "{:?}", pages.warnings);
}

#[test]
fn passes_settle_when_one_changes_nothing_within_the_limit() {
    // Changes on passes 1 to 3, none on the 4th: settled, after 4 passes.
    let mut runs = 0;
    assert!(crate::settle(4, || {
        runs += 1;
        runs < 4
    }));
    assert_eq!(runs, 4);
    // Still changing on the last allowed pass: not settled, and no 5th pass.
    let mut runs = 0;
    assert!(!crate::settle(4, || {
        runs += 1;
        true
    }));
    assert_eq!(runs, 4);
}

#[test]
fn a_book_scopes_ids_per_post_and_links_posts() {
    let a = doc_named("---\ntitle: First\n---\n## Same\n\nText.\n", "a.md");
    let b = doc_named(
        "---\ntitle: Second\n---\n## Same\n\nSee [first](a.md#same) and [mine](#same).\n",
        "b.md",
    );
    let posts = [
        quire_core::resolve::PostInput {
            doc: &a,
            resources: &NoResources,
        },
        quire_core::resolve::PostInput {
            doc: &b,
            resources: &NoResources,
        },
    ];
    let resolution = quire_core::resolve_book(&posts, &crate::resolve_options(true));
    let pages = crate::typeset_book(
        &[&a, &b],
        &resolution,
        book(),
        &TypesetOptions::default(),
        &crate::BookOptions::default(),
    );
    // Titles are top-level outline entries, headings under them.
    let levels: Vec<(u8, &str)> = pages
        .outline
        .iter()
        .map(|e| (e.level, e.title.as_str()))
        .collect();
    assert_eq!(
        levels,
        vec![(0, "First"), (2, "Same"), (0, "Second"), (2, "Same")]
    );
    let first_same = pages.outline[1].page;
    let second_same = pages.outline[3].page;
    assert_ne!(first_same, second_same);
    let links: Vec<usize> = pages.pages[second_same]
        .elements
        .iter()
        .filter_map(|e| match e {
            Element::Link {
                target: crate::page::LinkTarget::Internal { page, .. },
                ..
            } => Some(*page),
            _ => None,
        })
        .collect();
    assert_eq!(links, vec![first_same, second_same]);
    assert!(matches!(
        pages.labels.first(),
        Some(crate::page::PageLabel::Named { .. })
    ));
}

/// Issue 17: the measure was 97-99 characters on A4 and Letter; the default margins now
/// leave about 66 characters at the chosen size on every paper.
#[test]
fn measure_is_about_66_characters_on_every_paper() {
    for paper in [crate::Paper::A4, crate::Paper::Letter, crate::Paper::A5] {
        for size in [9.0, 10.5, 12.0] {
            let options = TypesetOptions {
                paper,
                font_size: size,
                ..TypesetOptions::default()
            };
            let theme = &options.theme;
            let chars = options.measure() / (theme.average_char_width * size);
            assert!((60.0..=75.0).contains(&chars), "{paper:?} {size}: {chars}");
            let m = options.margins();
            assert!((m.left - m.right).abs() < 0.01);
        }
    }
}

mod later;
