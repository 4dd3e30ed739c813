//! Golden files: every post in `samples/` and `tests/inputs/` through every writer, compared
//! with `tests/golden/<writer>/<name>.<ext>`.
//!
//! Set `QUIRE_UPDATE_GOLDEN=1` to rewrite the expected files, then review the diff.

use std::path::{Path, PathBuf};

use quire_core::dialect::Site;
use quire_core::{read_post, NoResources, ReadOptions};
use quire_html::{convert, HtmlOptions};
use quire_text::TextOptions;
use quire_typeset::page::{Element, LinkTarget, Pages};
use quire_typeset::{FontBook, TypesetOptions};

fn book() -> &'static FontBook {
    static BOOK: std::sync::OnceLock<FontBook> = std::sync::OnceLock::new();
    BOOK.get_or_init(FontBook::builtin)
}

/// One line per element, positions to a tenth of a point.
fn dump(pages: &Pages) -> String {
    let mut out = String::new();
    for (n, page) in pages.pages.iter().enumerate() {
        out.push_str(&format!(
            "page {} {:.1}x{:.1}\n",
            n + 1,
            page.width,
            page.height
        ));
        for e in &page.elements {
            let line = match e {
                Element::Text(r) => {
                    let text: String = r.glyphs.iter().map(|g| &*g.text).collect();
                    // A hyphenated word's half reads as its `actual` text.
                    let actual = match &r.actual {
                        Some(a) => format!(" (actual {a:?})"),
                        None => String::new(),
                    };
                    format!(
                        "text {:.1} {:.1} f{} {:.1} {:.1} {text}{actual}",
                        r.x,
                        r.y,
                        r.font.0,
                        r.size,
                        r.end()
                    )
                }
                Element::Rect { x, y, w, h, .. } => format!("rect {x:.1} {y:.1} {w:.1} {h:.1}"),
                Element::Line { x1, y1, x2, y2, .. } => {
                    format!("line {x1:.1} {y1:.1} {x2:.1} {y2:.1}")
                }
                Element::Image { image, x, y, w, h } => {
                    format!("image {image} {x:.1} {y:.1} {w:.1} {h:.1}")
                }
                Element::Link { x, y, w, h, target } => match target {
                    LinkTarget::Uri(u) => format!("link {x:.1} {y:.1} {w:.1} {h:.1} {u}"),
                    LinkTarget::Internal { page, y: ty } => {
                        format!(
                            "link {x:.1} {y:.1} {w:.1} {h:.1} -> page {} {ty:.1}",
                            page + 1
                        )
                    }
                    _ => format!("link {x:.1} {y:.1} {w:.1} {h:.1}"),
                },
                _ => "other".to_owned(),
            };
            out.push_str(&line);
            out.push('\n');
        }
    }
    for o in &pages.outline {
        out.push_str(&format!(
            "outline {} {} page {} {:.1}\n",
            o.level,
            o.title,
            o.page + 1,
            o.y
        ));
    }
    out
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn inputs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["samples", "tests/inputs"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md" || e == "fsx") {
                out.push(path);
            }
        }
    }
    out.sort();
    assert!(out.len() >= 5, "inputs missing: {out:?}");
    out
}

/// The posts of the sample sites (`samples/hugo-site`, `samples/jekyll-site`), each read
/// with its site's dialect, named `<site>--<stem>` in the goldens.
fn site_inputs() -> Vec<(PathBuf, Site, String)> {
    let mut out = Vec::new();
    for (site_dir, posts, site) in [
        ("samples/hugo-site", "content/posts", Site::Hugo),
        ("samples/jekyll-site", "_posts", Site::Jekyll),
    ] {
        let dir = root().join(site_dir).join(posts);
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                let stem = path.file_stem().unwrap().to_string_lossy().to_string();
                let site_name = site_dir.rsplit('/').next().unwrap();
                out.push((path, site, format!("{site_name}--{stem}")));
            }
        }
    }
    out.sort_by(|a, b| a.2.cmp(&b.2));
    assert!(out.len() >= 4, "sample sites missing: {out:?}");
    out
}

/// Compares `actual` with the golden file, or rewrites it when updating.
fn check(kind: &str, name: &str, actual: &str, failures: &mut Vec<String>) {
    let path = root().join("tests/golden").join(kind).join(name);
    if std::env::var_os("QUIRE_UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}; run with QUIRE_UPDATE_GOLDEN=1",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        failures.push(format!(
            "{kind}/{name} differs from line {}:\n  expected: {:?}\n  actual:   {:?}",
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        ));
    }
}

#[test]
fn golden_outputs() {
    let mut failures = Vec::new();
    let plain = inputs().into_iter().map(|p| {
        let stem = p.file_stem().unwrap().to_string_lossy().to_string();
        (p, None, stem)
    });
    let sites = site_inputs()
        .into_iter()
        .map(|(p, site, stem)| (p, Some(site), stem));
    for (path, site, stem) in plain.chain(sites) {
        let rel = path
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(&path).unwrap();
        let mut options = ReadOptions::default();
        options.site = site;
        let read = read_post(&bytes, Some(&rel), &options).unwrap_or_else(|e| panic!("{e}"));
        let doc = &read.document;

        let text = quire_text::to_text(doc, &TextOptions::default());
        check("text", &format!("{stem}.txt"), &text.text, &mut failures);
        let json = serde_json::to_string_pretty(doc).unwrap() + "\n";
        check("json", &format!("{stem}.json"), &json, &mut failures);

        // The built-in stylesheet is left out: the goldens are about the markup.
        let mut page = HtmlOptions::default();
        page.builtin_style = false;
        check(
            "html",
            &format!("{stem}.html"),
            &convert(doc, &page, &NoResources).html,
            &mut failures,
        );
        let mut xhtml = page.clone();
        xhtml.xhtml = true;
        check(
            "xhtml",
            &format!("{stem}.xhtml"),
            &convert(doc, &xhtml, &NoResources).html,
            &mut failures,
        );

        // The typesetter's decisions (line breaks, positions, page breaks), as text.
        let pages =
            quire_typeset::typeset_post(doc, book(), &TypesetOptions::default(), &NoResources);
        check(
            "layout",
            &format!("{stem}.txt"),
            &dump(&pages),
            &mut failures,
        );
    }
    assert!(
        failures.is_empty(),
        "{} golden mismatches (QUIRE_UPDATE_GOLDEN=1 rewrites them):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
