//! Properties that must hold for any input (proptest): the reader never panics, XHTML is
//! always well-formed XML, and text lines fit the measure except code and long words.

use proptest::prelude::*;
use quire_core::{read_post, read_text, Block, NoResources, ReadOptions};
use quire_html::{convert, HtmlOptions};
use quire_text::TextOptions;
use unicode_width::UnicodeWidthStr;

/// Markdown-ish text: the characters that make structure, words, and some wide ones.
fn markdownish() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("# ".to_owned()),
        Just("- ".to_owned()),
        Just("1. ".to_owned()),
        Just("> ".to_owned()),
        Just("```\n".to_owned()),
        Just("    ".to_owned()),
        Just("*".to_owned()),
        Just("_".to_owned()),
        Just("`".to_owned()),
        Just("[".to_owned()),
        Just("](".to_owned()),
        Just(")".to_owned()),
        Just("![".to_owned()),
        Just("|".to_owned()),
        Just("<div>".to_owned()),
        Just("</div>".to_owned()),
        Just("<b>".to_owned()),
        Just("&amp;".to_owned()),
        Just("&nbsp;".to_owned()),
        Just("[^1]".to_owned()),
        Just("[^1]: ".to_owned()),
        Just("---".to_owned()),
        Just("https://example.com/a_b".to_owned()),
        Just("漢字かな".to_owned()),
        Just("\u{a0}".to_owned()),
        "[a-zA-Z]{1,12}",
        " {1,3}",
    ];
    prop::collection::vec(pieces, 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn the_reader_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = read_post(&bytes, Some("p.md"), &ReadOptions::default());
    }

    #[test]
    fn the_reader_never_panics_on_front_matter(prefix in prop_oneof![Just("---\n"), Just("+++\n"), Just("@{\n"), Just("{\""), Just("")], body in markdownish()) {
        let _ = read_text(&format!("{prefix}{body}"), Some("p.md"), &ReadOptions::default());
    }

    #[test]
    fn xhtml_always_parses_as_xml(src in markdownish()) {
        // Malformed front matter is a read error, not a case of this property.
        let Ok(read) = read_text(&src, Some("p.md"), &ReadOptions::default()) else { return Ok(()) };
        let doc = read.document;
        let mut o = HtmlOptions::default();
        o.xhtml = true;
        let xhtml = convert(&doc, &o, &NoResources).html;
        let opts = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
        let parsed = roxmltree::Document::parse_with_options(&xhtml, opts);
        prop_assert!(parsed.is_ok(), "{:?}\n{}", parsed.err(), xhtml);
    }

    #[test]
    fn text_lines_fit_the_measure_except_code_and_long_words(src in markdownish(), columns in 16usize..100) {
        // Malformed front matter is a read error, not a case of this property.
        let Ok(read) = read_text(&src, Some("p.md"), &ReadOptions::default()) else { return Ok(()) };
        let doc = read.document;
        let has_code = has_code_or_table(&doc.blocks) || doc.footnotes.iter().any(|n| has_code_or_table(&n.blocks));
        let mut o = TextOptions::default().with_columns(columns);
        o.title_block = false;
        let text = quire_text::to_text(&doc, &o).text;
        if !has_code {
            for line in text.lines() {
                // A line may overflow only when it holds a single word longer than the
                // measure (with its list or quote prefix).
                let words = line.split(' ').filter(|w| !w.is_empty()).count();
                let longest = line.split(' ').map(UnicodeWidthStr::width).max().unwrap_or(0);
                prop_assert!(
                    line.width() <= columns || longest + 12 > columns || words <= 2,
                    "line of {} > {columns} columns: {line:?}\n{text}", line.width()
                );
            }
        }
    }
}

fn has_code_or_table(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| match b {
        Block::CodeBlock(_) | Block::Table(_) => true,
        Block::BlockQuote { blocks } => has_code_or_table(blocks),
        Block::List(l) => l.items.iter().any(|i| has_code_or_table(&i.blocks)),
        _ => false,
    })
}

/// Regression: a footnote holding a list, at 16 columns, overflowed because nested text had
/// a 16-column floor (found by the property above).
#[test]
fn regression_nested_text_respected_narrow_columns() {
    let doc = read_text(
        "x[^1]\n\n[^1]: 1. *&amp;# # \u{a0}# # [[^1]__\n",
        Some("p.md"),
        &ReadOptions::default(),
    )
    .unwrap()
    .document;
    let mut o = TextOptions::default().with_columns(16);
    o.title_block = false;
    let text = quire_text::to_text(&doc, &o).text;
    assert!(text.lines().all(|l| l.width() <= 16), "{text}");
}

/// Text full of site syntax: shortcodes, Liquid tags, IALs, escapes, code around them.
fn site_syntax() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("{{< ".to_owned()),
        Just(" >}}".to_owned()),
        Just("{{% ".to_owned()),
        Just(" %}}".to_owned()),
        Just("{{</* ".to_owned()),
        Just(" */>}}".to_owned()),
        Just("{% ".to_owned()),
        Just(" %}".to_owned()),
        Just("{{ ".to_owned()),
        Just(" }}".to_owned()),
        Just("{: .x #y}".to_owned()),
        Just("/".to_owned()),
        Just("\"".to_owned()),
        Just("`".to_owned()),
        Just("```\n".to_owned()),
        Just("    ".to_owned()),
        Just("> ".to_owned()),
        Just("- ".to_owned()),
        Just("highlight go".to_owned()),
        Just("/highlight".to_owned()),
        Just("endhighlight".to_owned()),
        Just("notice warning".to_owned()),
        Just("/notice".to_owned()),
        Just("figure src=\"a.png\" caption=\"c\"".to_owned()),
        Just("raw".to_owned()),
        Just("endraw".to_owned()),
        Just("blockquote A, B".to_owned()),
        Just("endblockquote".to_owned()),
        Just("details summary=\"s\"".to_owned()),
        Just("/details".to_owned()),
        Just("x.inline".to_owned()),
        Just("/x.inline".to_owned()),
        Just("site.baseurl".to_owned()),
        Just("youtube(id=\"a\")".to_owned()),
        "[a-z]{1,6}",
    ];
    proptest::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The dialect pass keeps every line where it was, for every engine, and never panics.
    #[test]
    fn dialect_pass_keeps_lines(body in site_syntax()) {
        use quire_core::dialect::{rewrite, Site};
        for site in [None, Some(Site::Hugo), Some(Site::Jekyll), Some(Site::Zola), Some(Site::Hexo)] {
            let r = rewrite(&body, 1, Some("p.md"), site);
            if let Some(out) = &r.body {
                prop_assert_eq!(out.matches('\n').count(), body.matches('\n').count(), "{:?}", site);
            }
            let mut options = ReadOptions::default();
            options.site = site;
            let read = read_text(&body, Some("p.md"), &options).unwrap();
            let lines = body.matches('\n').count() as u32 + 1;
            for w in &read.warnings {
                prop_assert!(w.line <= lines, "{} past the end ({lines})", w);
            }
        }
    }
}
