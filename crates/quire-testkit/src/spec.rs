//! The CommonMark and GFM spec files: their examples, and the normalization of HTML the
//! specs' own `normalize.py` does, shared by the HTML writer's spec test and the command
//! line's (`quire convert -f commonmark`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use scraper::{Html, Node};

/// One example of a spec file.
pub struct Example {
    /// 1-based, in file order.
    pub number: usize,
    /// The heading it is under.
    pub section: String,
    /// The word after `example` on its fence (`table`, `disabled`...), or empty.
    pub extension: String,
    /// The input.
    pub markdown: String,
    /// The expected HTML.
    pub html: String,
}

/// Where the spec files are: `$QUIRE_SPEC_DIR`, else the shared corpus beside the workspace.
pub fn spec_dir() -> PathBuf {
    std::env::var_os("QUIRE_SPEC_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/spec")
        })
}

/// The examples of a spec file (`spec.txt` format), with tabs restored.
pub fn parse_spec(text: &str) -> Vec<Example> {
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
pub fn normalize(html: &str) -> String {
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
