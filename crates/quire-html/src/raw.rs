//! Raw HTML in XHTML output: parsed with an HTML5 parser (html5ever, through scraper) and
//! written back as well-formed XML. Scripts, frames, plug-ins and comments are dropped, as
//! are event-handler attributes and `javascript:` URLs; entities become characters.

use scraper::{Html, Node};

/// The cleaned markup and what was dropped from it (`<script>`, `<!-- -->`...).
pub(crate) struct Cleaned {
    pub xhtml: String,
    pub dropped: Vec<String>,
}

const DROPPED: [&str; 11] = [
    "script", "iframe", "object", "embed", "applet", "style", "noscript", "frame", "frameset",
    "link", "meta",
];
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];
/// Deeper raw HTML is flattened: its text is kept, its tags are not.
const MAX_DEPTH: usize = 128;
const SVG_NS: &str = "http://www.w3.org/2000/svg";
const MATHML_NS: &str = "http://www.w3.org/1998/Math/MathML";

/// Converts a raw HTML fragment to XHTML. `block` adds the final newline back.
pub(crate) fn to_xhtml(html: &str, block: bool) -> Cleaned {
    let doc = Html::parse_fragment(html);
    let mut c = Cleaned {
        xhtml: String::with_capacity(html.len()),
        dropped: Vec::new(),
    };
    for child in doc.root_element().children() {
        write_node(child, &mut c, 0, "");
    }
    if block && !c.xhtml.ends_with('\n') && !c.xhtml.is_empty() {
        c.xhtml.push('\n');
    }
    c
}

fn write_node(node: ego_tree::NodeRef<'_, Node>, c: &mut Cleaned, depth: usize, parent_ns: &str) {
    match node.value() {
        Node::Text(t) => escape(&mut c.xhtml, t, false),
        // The excerpt marker is layout, not content: it goes without a word.
        Node::Comment(comment) if comment.trim() == "more" => {}
        Node::Comment(_) => c.dropped.push("comment".to_owned()),
        Node::Element(el) => {
            let name = el.name().to_ascii_lowercase();
            if DROPPED.contains(&name.as_str()) {
                c.dropped.push(format!("<{name}>"));
                return;
            }
            let valid_name = !name.is_empty()
                && name
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || ch == '-');
            if depth > MAX_DEPTH || !valid_name {
                for child in node.children() {
                    write_node(child, c, depth + 1, parent_ns);
                }
                return;
            }
            let ns: &str = &el.name.ns;
            let name = if ns == SVG_NS || ns == MATHML_NS {
                el.name().to_owned()
            } else {
                name
            };
            c.xhtml.push('<');
            c.xhtml.push_str(&name);
            if ns != parent_ns && (ns == SVG_NS || ns == MATHML_NS) {
                c.xhtml.push_str(" xmlns=\"");
                c.xhtml.push_str(ns);
                c.xhtml.push('"');
            }
            for (attr, value) in el.attrs() {
                let lower = attr.to_ascii_lowercase();
                let value_lower = value.trim().to_ascii_lowercase();
                if lower.starts_with("on")
                    || lower == "xmlns"
                    || !attr
                        .chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '.' | ':'))
                    || !attr.starts_with(|ch: char| ch.is_ascii_alphabetic())
                    || (matches!(lower.as_str(), "href" | "src" | "action" | "formaction")
                        && value_lower.starts_with("javascript:"))
                {
                    continue;
                }
                c.xhtml.push(' ');
                c.xhtml.push_str(attr);
                c.xhtml.push_str("=\"");
                escape(&mut c.xhtml, value, true);
                c.xhtml.push('"');
            }
            let is_void = ns != SVG_NS && ns != MATHML_NS && VOID.contains(&name.as_str());
            if is_void || (node.children().next().is_none() && (ns == SVG_NS || ns == MATHML_NS)) {
                c.xhtml.push_str(" />");
                return;
            }
            c.xhtml.push('>');
            for child in node.children() {
                write_node(child, c, depth + 1, ns);
            }
            c.xhtml.push_str("</");
            c.xhtml.push_str(&name);
            c.xhtml.push('>');
        }
        _ => {}
    }
}

fn escape(out: &mut String, s: &str, attr: bool) {
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            // Characters XML 1.0 forbids.
            '\u{0}'..='\u{8}'
            | '\u{B}'
            | '\u{C}'
            | '\u{E}'..='\u{1F}'
            | '\u{FFFE}'
            | '\u{FFFF}' => {}
            ch => out.push(ch),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn void_elements_close_and_entities_become_characters() {
        let c = to_xhtml("<p>a&nbsp;b &copy;<br><img src=x alt=y></p>", false);
        assert_eq!(
            c.xhtml,
            "<p>a\u{a0}b ©<br /><img src=\"x\" alt=\"y\" /></p>"
        );
        assert!(c.dropped.is_empty());
    }

    #[test]
    fn scripts_frames_comments_and_handlers_are_dropped() {
        let c = to_xhtml("<div onclick=\"x()\"><script>alert(1)</script><iframe src=v></iframe><!-- note --><a href=\"javascript:x()\">t</a></div>", true);
        assert_eq!(c.xhtml, "<div><a>t</a></div>\n");
        assert_eq!(c.dropped, ["<script>", "<iframe>", "comment"]);
    }

    #[test]
    fn unclosed_tags_are_closed() {
        assert_eq!(
            to_xhtml("<div class=\"note\"><p>open", false).xhtml,
            "<div class=\"note\"><p>open</p></div>"
        );
    }

    #[test]
    fn more_marker_is_dropped_silently() {
        let c = to_xhtml("<!--more-->", true);
        assert_eq!(c.xhtml, "");
        assert!(c.dropped.is_empty());
    }

    #[test]
    fn svg_keeps_its_namespace() {
        let c = to_xhtml(
            "<svg viewBox=\"0 0 1 1\"><circle r=\"1\"></circle></svg>",
            false,
        );
        assert_eq!(c.xhtml, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><circle r=\"1\" /></svg>");
    }
}
