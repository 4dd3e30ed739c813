//! The CommonMark and GFM specs' examples, through reader, model and HTML writer.
//!
//! Reads the spec files from `../shared/corpus/spec` (or `$QUIRE_SPEC_DIR`); skips with a
//! message when they are absent. Both sides are parsed with html5ever and re-serialized
//! before comparing, as the specs' own `normalize.py` does. Deliberate deviations are
//! listed with their reason in `tests/spec-skip.txt`; a listed example that passes fails
//! the test, so the list stays true.

use std::collections::BTreeMap;
use std::path::PathBuf;

use quire_core::{read_text, MarkdownOptions, NoResources, ReadOptions};
use quire_html::{convert, HtmlOptions};
use scraper::{Html, Node};

struct Example {
    number: usize,
    section: String,
    extension: String,
    markdown: String,
    html: String,
}

fn spec_dir() -> PathBuf {
    std::env::var_os("QUIRE_SPEC_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/spec")
        })
}

fn parse_spec(text: &str) -> Vec<Example> {
    const FENCE: &str = "````````````````````````````````";
    let mut out = Vec::new();
    let mut section = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some(h) = line.strip_prefix("## ").or_else(|| line.strip_prefix("# ")) {
            section = h.trim().to_owned();
        }
        let Some(rest) = line.strip_prefix(FENCE) else {
            continue;
        };
        let Some(ext) = rest.trim().strip_prefix("example") else {
            continue;
        };
        let (mut md, mut html, mut in_html) = (String::new(), String::new(), false);
        for l in lines.by_ref() {
            if l.starts_with(FENCE) {
                break;
            }
            if l == "." && !in_html {
                in_html = true;
                continue;
            }
            let target = if in_html { &mut html } else { &mut md };
            target.push_str(&l.replace('→', "\t"));
            target.push('\n');
        }
        out.push(Example {
            number: out.len() + 1,
            section: section.clone(),
            extension: ext.trim().to_owned(),
            markdown: md,
            html,
        });
    }
    out
}

const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
    "iframe",
    "script",
    "style",
    "textarea",
    "menu",
    "legend",
    "option",
    "optgroup",
    "caption",
    "colgroup",
    "col",
];

/// html5ever parse, then a canonical serialization: sorted attributes, text escaped the
/// same way, white space collapsed outside `<pre>` and dropped next to block elements.
fn normalize(html: &str) -> String {
    let doc = Html::parse_fragment(html);
    let mut out = String::new();
    for child in doc.root_element().children() {
        write(child, &mut out, false);
    }
    // White space next to block tags is insignificant.
    let mut s = out;
    for tag in BLOCK {
        for form in [format!("<{tag}"), format!("</{tag}>")] {
            s = s.replace(&format!(" {form}"), &form);
        }
        s = s.replace(&format!("</{tag}> "), &format!("</{tag}>"));
        let open = format!("<{tag}>");
        s = s.replace(&format!("{open} "), &open);
    }
    s.trim().to_owned()
}

fn write(node: ego_tree::NodeRef<'_, Node>, out: &mut String, pre: bool) {
    match node.value() {
        Node::Text(t) => {
            let escaped = t
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;");
            if pre {
                out.push_str(&escaped);
            } else {
                let mut last_space = out.ends_with(' ');
                for c in escaped.chars() {
                    if c.is_whitespace() {
                        if !last_space {
                            out.push(' ');
                        }
                        last_space = true;
                    } else {
                        out.push(c);
                        last_space = false;
                    }
                }
            }
        }
        Node::Comment(c) => {
            out.push_str("<!--");
            out.push_str(c);
            out.push_str("-->");
        }
        Node::Element(el) => {
            let name = el.name();
            let mut attrs: BTreeMap<String, String> = el
                .attrs()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
            // GFM writes `align`; we write the HTML5 form.
            if let Some(a) = attrs.remove("align") {
                attrs.insert("style".into(), format!("text-align: {a}"));
            }
            out.push('<');
            out.push_str(name);
            for (k, v) in attrs {
                out.push_str(&format!(
                    " {k}=\"{}\"",
                    v.replace('&', "&amp;").replace('"', "&quot;")
                ));
            }
            out.push('>');
            for child in node.children() {
                write(child, out, pre || name == "pre");
            }
            out.push_str(&format!("</{name}>"));
        }
        _ => {}
    }
}

fn render(markdown: &str, gfm: bool) -> String {
    let mut read = ReadOptions::default();
    read.markdown = MarkdownOptions::default();
    read.markdown.smart_punctuation = false;
    // Callouts, definition lists, scripts and emoji would change spec examples.
    read.markdown.blog = false;
    read.markdown.bare_autolinks = gfm;
    // The specs know no maths: `$` is text there.
    read.markdown.math = false;
    read.front_matter = false;
    let doc = match read_text(markdown, None, &read) {
        Ok(r) => r.document,
        // Front matter is ours, not CommonMark's: an example that looks like it is Markdown.
        Err(_) => return String::from("<!-- front matter error -->"),
    };
    let mut opts = HtmlOptions::spec();
    opts.tagfilter = gfm;
    convert(&doc, &opts, &NoResources).html
}

fn skips() -> BTreeMap<String, String> {
    let text = include_str!("spec-skip.txt");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (id, reason) = l.split_once(':').expect("`suite number: reason`");
            (id.trim().to_owned(), reason.trim().to_owned())
        })
        .collect()
}

fn run(suite: &str, path: &str, gfm: bool, only_extensions: bool, min_ratio: f64) {
    let path = spec_dir().join(path);
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipping {suite}: no spec at {}", path.display());
        return;
    };
    let skips = skips();
    let examples: Vec<Example> = parse_spec(&text)
        .into_iter()
        .filter(|e| {
            !only_extensions || !e.extension.is_empty() || e.section.contains("(extension)")
        })
        .filter(|e| e.extension != "disabled")
        .collect();
    assert!(!examples.is_empty());
    let (mut passed, mut failed, mut skipped, mut fixed) = (0, Vec::new(), 0, Vec::new());
    for e in &examples {
        let id = format!("{suite} {}", e.number);
        let ok = normalize(&render(&e.markdown, gfm)) == normalize(&e.html);
        match (ok, skips.contains_key(&id)) {
            (true, false) => passed += 1,
            (true, true) => fixed.push(id),
            (false, true) => skipped += 1,
            (false, false) => failed.push(format!(
                "{id} ({}):\n  markdown: {:?}\n  expected: {}\n  actual:   {}",
                e.section,
                e.markdown,
                normalize(&e.html),
                normalize(&render(&e.markdown, gfm))
            )),
        }
    }
    let total = examples.len();
    let ratio = passed as f64 / total as f64;
    eprintln!(
        "{suite}: {passed}/{total} pass ({:.2}%), {skipped} skipped with a reason, {} failing",
        ratio * 100.0,
        failed.len()
    );
    assert!(
        fixed.is_empty(),
        "listed as skipped but now passing (remove them from spec-skip.txt): {fixed:?}"
    );
    assert!(
        failed.is_empty(),
        "{} examples fail:\n{}",
        failed.len(),
        failed.join("\n")
    );
    assert!(
        ratio >= min_ratio,
        "{suite}: {:.2}% < {:.0}%",
        ratio * 100.0,
        min_ratio * 100.0
    );
}

#[test]
fn commonmark_spec() {
    run(
        "commonmark",
        "commonmark+commonmark-spec/spec.txt",
        false,
        false,
        0.99,
    );
}

#[test]
fn gfm_extension_examples() {
    run("gfm", "github+cmark-gfm/test/spec.txt", true, true, 0.99);
}
