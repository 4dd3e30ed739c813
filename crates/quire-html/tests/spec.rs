//! The CommonMark and GFM specs' examples, through reader, model and HTML writer.
//!
//! Reads the spec files from `../shared/corpus/spec` (or `$QUIRE_SPEC_DIR`); skips with a
//! message when they are absent. Both sides are parsed with html5ever and re-serialized
//! before comparing, as the specs' own `normalize.py` does. Deliberate deviations are
//! listed with their reason in `tests/spec-skip.txt`; a listed example that passes fails
//! the test, so the list stays true.

use std::collections::BTreeMap;

use quire_core::{read_text, MarkdownOptions, NoResources, ReadOptions};
use quire_html::{convert, HtmlOptions};
use quire_testkit::spec::{normalize, parse_spec, spec_dir, Example};

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
