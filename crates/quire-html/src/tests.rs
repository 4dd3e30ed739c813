//! HTML writer tests on small posts read by the real reader.

use super::*;
use quire_core::{read_post, NoResources, ReadOptions};
use quire_testkit::Memory;

fn doc(src: &str) -> Document {
    read_post(src.as_bytes(), Some("post.md"), &ReadOptions::default())
        .unwrap()
        .document
}

fn page(src: &str) -> HtmlOutput {
    convert(&doc(src), &HtmlOptions::default(), &NoResources)
}

fn fragment(src: &str) -> String {
    convert(&doc(src), &HtmlOptions::fragment(), &NoResources).html
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

#[test]
fn page_has_head_metadata_and_header() {
    let out = page("---\ntitle: A & B\nauthor: [Ann, Bob]\ndate: 2016-03-18T01:38:53\ndescription: Recap\ntags: [x, y]\nlang: fr\n---\n# A & B\n\nBody.\n").html;
    assert!(
        out.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">"),
        "{out}"
    );
    for needle in [
        "<title>A &amp; B</title>",
        "<meta name=\"description\" content=\"Recap\">",
        "<meta name=\"author\" content=\"Ann, Bob\">",
        "<meta property=\"og:title\" content=\"A &amp; B\">",
        "<meta property=\"article:published_time\" content=\"2016-03-18T01:38:53\">",
        "<meta property=\"article:tag\" content=\"y\">",
        // The title keeps the id of the heading it stands for.
        "<h1 class=\"title\" id=\"a--b\">A &amp; B</h1>",
        "By <span class=\"author\">Ann</span> and <span class=\"author\">Bob</span> · <time datetime=\"2016-03-18T01:38:53\">18 March 2016</time>",
        "<ul class=\"tags\"><li>x</li><li>y</li></ul>",
        "<article>",
        "prefers-color-scheme: dark",
        "@media print",
    ] {
        assert!(out.contains(needle), "missing {needle}");
    }
    // The body's first heading repeats the title: printed once.
    assert_eq!(out.matches("A &amp; B</h1>").count(), 1);
}

#[test]
fn invalid_language_falls_back_to_en() {
    assert!(page("---\nlang: \"not a tag!\"\n---\nx\n")
        .html
        .contains("<html lang=\"en\">"));
}

#[test]
fn headings_get_unique_ids_and_a_nested_toc() {
    let src = "## One\n\n### One\n\n### Two\n\n## Three\n\n#### Deep\n";
    let o = HtmlOptions {
        toc: true,
        toc_depth: 3,
        ..HtmlOptions::default()
    };
    let out = convert(&doc(src), &o, &NoResources).html;
    assert!(out.contains("<h2 id=\"one\">One</h2>") && out.contains("<h3 id=\"one-1\">One</h3>"));
    let toc = &out[out.find("<nav").unwrap()..out.find("</nav>").unwrap()];
    assert_eq!(
        toc.replace('\n', ""),
        "<nav class=\"toc\" aria-label=\"Contents\"><h2>Contents</h2><ol><li><a href=\"#one\">One</a><ol><li><a href=\"#one-1\">One</a></li><li><a href=\"#two\">Two</a></li></ol></li><li><a href=\"#three\">Three</a></li></ol>"
    );
    assert!(!toc.contains("Deep"));
}

#[test]
fn footnotes_have_back_links_and_unique_reference_ids() {
    let out = fragment("A[^n] and again[^n].\n\n[^n]: The note.\n");
    assert!(
        out.contains("<a href=\"#fn-1\" id=\"fnref-1\" role=\"doc-noteref\">1</a>"),
        "{out}"
    );
    assert!(out.contains("id=\"fnref-1-2\""), "{out}");
    assert!(
        out.contains(
            "<li id=\"fn-1\">\n<p>The note. <a href=\"#fnref-1\" class=\"footnote-backref\""
        ),
        "{out}"
    );
}

#[test]
fn missing_images_warn_with_their_line_and_stay_img() {
    let d = doc("Text\n\n![Alt](/images/x.png)\n");
    let out = convert(&d, &HtmlOptions::default(), &Memory::new());
    assert_eq!(out.warnings.len(), 1);
    assert_eq!(
        out.warnings[0].to_string(),
        "post.md:3: image /images/x.png not found (looked in memory)"
    );
    assert!(out.html.contains("<img src=\"/images/x.png\" alt=\"Alt\">"));
}

#[test]
fn embedding_makes_data_uris_and_placeholders() {
    let d = doc("![Here](/a.png) ![Gone](/b.png) ![Far](https://x.org/c.png)\n");
    let o = HtmlOptions {
        embed_resources: true,
        ..HtmlOptions::fragment()
    };
    let out = convert(&d, &o, &Memory::new().with("/a.png", PNG));
    assert!(
        out.html
            .contains("<img src=\"data:image/png;base64,iVBORw0KGgo"),
        "{}",
        out.html
    );
    assert!(out.html.contains(
        "<span class=\"missing-image\" role=\"img\" aria-label=\"Gone\">[image: Gone]</span>"
    ));
    assert!(out.html.contains("src=\"https://x.org/c.png\""));
    assert_eq!(out.warnings.len(), 2, "{:?}", out.warnings);
}

#[test]
fn safe_mode_drops_raw_html_and_script_links() {
    let d = doc("<script>alert(1)</script>\n\nHi <b>there</b> [x](javascript:alert(1)) [y](https://ok.example)\n");
    let o = HtmlOptions {
        safe: true,
        ..HtmlOptions::fragment()
    };
    let out = convert(&d, &o, &NoResources);
    assert!(
        !out.html.contains("<script")
            && !out.html.contains("<b>")
            && !out.html.contains("javascript:"),
        "{}",
        out.html
    );
    assert!(out.html.contains("<a href=\"https://ok.example\">y</a>"));
    assert!(out.warnings.len() >= 3);
}

#[test]
fn raw_html_passes_through_in_html5() {
    assert!(fragment("<div class=\"x\">raw</div>\n").contains("<div class=\"x\">raw</div>"));
}

#[test]
fn xhtml_is_well_formed_xml() {
    let src = "---\ntitle: X & Y\n---\nA<br>b &nbsp; <img src=\"a.png\">\n\n<div><p>unclosed\n\n<iframe src=\"v\"></iframe>\n\n- [x] done\n\n---\n\n| a |\n|---|\n| b |\n\nline  \nbreak ![i](i.png)\n";
    let o = HtmlOptions {
        xhtml: true,
        ..HtmlOptions::default()
    };
    let out = convert(&doc(src), &o, &NoResources);
    let parsed = roxmltree::Document::parse_with_options(
        &out.html,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    );
    assert!(parsed.is_ok(), "{:?}\n{}", parsed.err(), out.html);
    assert!(out
        .html
        .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(
        out.warnings.iter().any(|w| w.message.contains("<iframe>")),
        "{:?}",
        out.warnings
    );
}

#[test]
fn code_is_highlighted_with_classes_unless_off() {
    let src = "```rust\nfn main() {}\n```\n\n```nolang\n<x>\n```\n";
    let out = fragment(src);
    assert!(
        out.contains("<pre><code class=\"language-rust\"><span class=\"hl-"),
        "{out}"
    );
    assert!(out.contains("<pre><code class=\"language-nolang\">&lt;x&gt;\n</code></pre>"));
    let plain = convert(
        &doc(src),
        &HtmlOptions {
            highlight: false,
            ..HtmlOptions::fragment()
        },
        &NoResources,
    )
    .html;
    assert!(plain.contains("<code class=\"language-rust\">fn main() {}\n</code>"));
}

#[test]
fn tables_align_with_styles_and_scroll_in_pages() {
    let out = page("| a | b |\n|:-:|--:|\n| 1 | 2 |\n").html;
    assert!(out.contains("<div class=\"table-wrap\"><table>"));
    assert!(out.contains("<th style=\"text-align: center\">a</th>"));
    assert!(out.contains("<td style=\"text-align: right\">2</td>"));
}

#[test]
fn stylesheets_are_linked_or_embedded() {
    let o = HtmlOptions {
        stylesheets: vec![
            Stylesheet::Url("https://cdn.example/s.css".into()),
            Stylesheet::Inline("body{color:red}</style>".into()),
        ],
        ..HtmlOptions::default()
    };
    let out = convert(&doc("x\n"), &o, &NoResources).html;
    assert!(out.contains("<link rel=\"stylesheet\" href=\"https://cdn.example/s.css\">"));
    assert!(out.contains("body{color:red}<\\/style>"));
}

#[test]
fn id_prefix_scopes_ids_and_internal_links() {
    let d = doc("## Intro\n\nSee [intro](#intro)[^1], again[^1].\n\n[^1]: n\n");
    let mut scope = ResolveOptions::default();
    scope.ids = quire_core::resolve::IdScope::Prefix("p2-".into());
    let res = quire_core::resolve(&d, &NoResources, &scope);
    let out = to_html(&Resolved::new(&d, &res, 0), &HtmlOptions::fragment()).html;
    assert!(
        out.contains("<h2 id=\"p2-intro\">")
            && out.contains("href=\"#p2-intro\"")
            && out.contains("id=\"p2-fn-1\"")
            && out.contains("<a href=\"#p2-fnref-1\" class=\"footnote-backref\"")
            && out.contains("<a href=\"#p2-fn-1\" id=\"p2-fnref-1\" role=\"doc-noteref\">1</a>")
            && out.contains("<a href=\"#p2-fn-1\" id=\"p2-fnref-1-2\" role=\"doc-noteref\">1</a>"),
        "{out}"
    );
}

#[test]
fn comrak_agrees_on_block_structure_of_the_samples() {
    // A second opinion: the same top-level block kinds, in order, as comrak's AST.
    for name in [
        "talk-recap",
        "yaml-front-matter",
        "toml-front-matter",
        "json-front-matter",
    ] {
        let path = format!("{}/../../samples/{name}.md", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).unwrap();
        let read = read_post(&bytes, Some(&path), &ReadOptions::default()).unwrap();
        let ours: Vec<&str> = read.document.blocks.iter().map(kind).collect();
        let text = String::from_utf8_lossy(&bytes);
        let body = body_of(&text, &read.document);
        let theirs = comrak_kinds(body);
        assert_eq!(ours, theirs, "{name}");
    }
}

fn kind(b: &quire_core::Block) -> &'static str {
    match b {
        quire_core::Block::Paragraph { .. } => "p",
        quire_core::Block::Heading(_) => "h",
        quire_core::Block::BlockQuote { .. } => "quote",
        quire_core::Block::List(_) => "list",
        quire_core::Block::CodeBlock(_) => "code",
        quire_core::Block::Table(_) => "table",
        quire_core::Block::ThematicBreak => "hr",
        quire_core::Block::Html { .. } => "html",
        // comrak has no figures: a paragraph of images is a paragraph there.
        quire_core::Block::Figure(_) => "p",
        quire_core::Block::Div(_) => "div",
        // A callout is a block quote to a reader without alerts.
        quire_core::Block::Callout(_) => "quote",
        quire_core::Block::DefinitionList(_) => "dl",
    }
}

/// The body after the front matter: the text after the line before the first block.
fn body_of<'a>(text: &'a str, _doc: &Document) -> &'a str {
    let text = text.trim_start_matches('\u{feff}');
    for (fence, close) in [("---\n", "\n---\n"), ("+++\n", "\n+++\n")] {
        if let Some(rest) = text.strip_prefix(fence) {
            return rest.find(close).map_or(text, |i| &rest[i + close.len()..]);
        }
    }
    if text.starts_with('@') {
        let after = &text[text.find("\n}").unwrap() + 2..];
        return after
            .trim_start_matches('\n')
            .strip_prefix("---\n")
            .unwrap_or(after);
    }
    if text.starts_with('{') {
        return &text[text.find("\n}").unwrap() + 2..];
    }
    text
}

fn comrak_kinds(body: &str) -> Vec<&'static str> {
    use comrak::nodes::NodeValue;
    let arena = comrak::Arena::new();
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.tasklist = true;
    options.extension.footnotes = true;
    options.extension.description_lists = true;
    let root = comrak::parse_document(&arena, body, &options);
    root.children()
        .filter_map(|n| match n.data.borrow().value {
            NodeValue::Paragraph => Some("p"),
            NodeValue::Heading(_) => Some("h"),
            NodeValue::BlockQuote => Some("quote"),
            NodeValue::List(_) => Some("list"),
            NodeValue::CodeBlock(_) => Some("code"),
            NodeValue::Table(_) => Some("table"),
            NodeValue::ThematicBreak => Some("hr"),
            NodeValue::HtmlBlock(_) => Some("html"),
            NodeValue::DescriptionList => Some("dl"),
            NodeValue::FootnoteDefinition(_) => None,
            _ => Some("other"),
        })
        .collect()
}

#[test]
fn regression_deeply_nested_raw_html_does_not_hang() {
    // html5ever is quadratic in nesting depth; past the limit raw HTML is not parsed.
    let src = "<div>".repeat(200_000) + "\n\ntext\n";
    let page = convert(&doc(&src), &HtmlOptions::default(), &NoResources);
    assert!(page
        .warnings
        .iter()
        .any(|w| w.message.contains("not repaired")));
    let o = HtmlOptions {
        xhtml: true,
        ..HtmlOptions::default()
    };
    let x = convert(&doc(&src), &o, &NoResources);
    assert!(x.html.contains("&lt;div&gt;"));
    assert!(roxmltree::Document::parse_with_options(
        &x.html,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        }
    )
    .is_ok());
}

/// Regression: `src` values starting with `data:` skipped escaping, meant for URIs quire
/// encodes itself, so an author's `data:` URL could inject attributes.
#[test]
fn regression_authored_data_urls_are_escaped() {
    let out = fragment("![x](<data:x\" onerror=\"alert(1)>)\n");
    assert!(!out.contains("onerror=\""), "{out}");
    assert!(
        out.contains("<img src=\"data:x%22%20onerror=%22alert(1)\" alt=\"x\">"),
        "{out}"
    );
}

#[test]
fn the_body_buffer_is_sized_near_the_markup() {
    // The body is written into a buffer sized from the model: too small and it doubles
    // (copies), far too big and memory is wasted.
    let dir = format!("{}/../../samples", env!("CARGO_MANIFEST_DIR"));
    for name in [
        "talk-recap",
        "yaml-front-matter",
        "toml-front-matter",
        "json-front-matter",
    ] {
        let path = format!("{dir}/{name}.md");
        let bytes = std::fs::read(&path).unwrap();
        let doc = read_post(&bytes, Some(&path), &ReadOptions::default())
            .unwrap()
            .document;
        let mut options = HtmlOptions::fragment();
        options.highlight = false;
        let html = convert(&doc, &options, &NoResources).html;
        let hint = render::body_size_hint(&doc.blocks, &doc.footnotes);
        let ratio = hint as f64 / html.len() as f64;
        assert!(
            (0.6..1.5).contains(&ratio),
            "{name}: {hint} for {}",
            html.len()
        );
    }
}

#[test]
fn regression_safe_mode_allows_only_web_mail_and_relative_urls_and_no_author_css() {
    let d = doc("## Hi {style=\"position:fixed;top:0\" lang=en}\n\n![x](JaVaScRiPt:alert(1)) [a](livescript:x) [b](mocha:x) [c](ftp://x) [ok](https://x) [rel](other.html)\n");
    let o = HtmlOptions {
        safe: true,
        ..HtmlOptions::fragment()
    };
    let out = convert(&d, &o, &NoResources);
    let lower = out.html.to_ascii_lowercase();
    for gone in [
        "javascript",
        "livescript",
        "mocha",
        "ftp:",
        "position:fixed",
    ] {
        assert!(!lower.contains(gone), "{gone}: {}", out.html);
    }
    assert!(
        out.html.contains("<h2 id=\"hi\" lang=\"en\">"),
        "{}",
        out.html
    );
    assert!(out
        .html
        .contains("<a href=\"https://x\">ok</a> <a href=\"other.html\">rel</a>"));
    assert_eq!(out.warnings.len(), 4, "{:?}", out.warnings);
}

#[test]
fn regression_script_links_never_reach_xhtml() {
    let d = doc("[j](javascript:alert(1)) [v](vbscript:x) [d](data:text/html,x) ![i](javascript:x) [ok](https://x)\n");
    let o = HtmlOptions {
        xhtml: true,
        ..HtmlOptions::fragment()
    };
    let out = convert(&d, &o, &NoResources);
    assert!(
        !out.html.contains("script:") && !out.html.contains("data:"),
        "{}",
        out.html
    );
    assert!(out.html.contains("<a href=\"https://x\">ok</a>"));
    assert_eq!(out.warnings.len(), 4, "{:?}", out.warnings);
}
