//! Raw HTML from posts, made valid: the rendered body is parsed with an HTML5 parser
//! (html5ever, through scraper) when it holds raw HTML, and written back, as HTML5 or as
//! well-formed XHTML, with what validators reject repaired or removed.
//!
//! Parsing the whole body, not each snippet, matters: posts open a tag in one HTML block
//! and close it in another, and only the whole tree balances them the way browsers do.
//! The walk is iterative, so deeply nested raw HTML cannot overflow the stack.

use ego_tree::iter::Edge;
use std::collections::HashSet;

use scraper::{Html, Node};

use quire_core::resource::is_remote;
use quire_core::{ImageTarget, LinkTarget, Resolved};

use crate::vocab;

/// How the repaired markup is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// HTML5: raw HTML is kept (scripts and frames too); only what fails validation changes.
    Html,
    /// XHTML for EPUB: also no scripts, frames, plug-ins, forms' handlers or comments.
    Xhtml,
}

/// What [`repair`] gives.
pub(crate) struct Repaired {
    /// The body markup.
    pub html: String,
    /// `<style>` elements found in the body: their CSS belongs in the head.
    pub styles: Vec<String>,
}

const DROPPED_IN_XHTML: [&str; 17] = [
    "script", "iframe", "object", "embed", "applet", "noscript", "frame", "frameset", "link",
    "meta", "form", "button", "select", "textarea", "datalist", "output", "dialog",
];

/// In XHTML the only `<input>` kept is the task-list checkbox quire writes itself.
fn is_task_checkbox(el: &scraper::node::Element) -> bool {
    el.attr("type") == Some("checkbox") && el.attr("disabled").is_some()
}
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];
/// Presentational attributes HTML5 made obsolete, dropped (the built-in style lays out
/// images and tables well without them).
const OBSOLETE_ATTRS: [&str; 14] = [
    "align",
    "frameborder",
    "border",
    "bgcolor",
    "cellpadding",
    "cellspacing",
    "valign",
    "hspace",
    "vspace",
    "marginwidth",
    "marginheight",
    "scrolling",
    "allowtransparency",
    "markdown",
];
const SVG_NS: &str = "http://www.w3.org/2000/svg";
const MATHML_NS: &str = "http://www.w3.org/1998/Math/MathML";

/// html5ever's tree builder is quadratic in nesting depth (100,000 nested `<div>`s take
/// minutes). Deeper raw HTML than this is not parsed; see [`nesting_depth`].
pub(crate) const MAX_REPAIR_DEPTH: usize = 512;

/// The deepest nesting of start tags in `html`, estimated in one linear pass: start tags
/// open, end tags close, void and self-closed tags and comments do neither.
pub(crate) fn nesting_depth(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        i += off + 1;
        match b.get(i) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(b'!') if b[i..].starts_with(b"!--") => {
                if let Some(end) = html[i..].find("-->") {
                    i += end;
                }
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let name_end = b[i..]
                    .iter()
                    .position(|c| !c.is_ascii_alphanumeric())
                    .map_or(b.len(), |p| i + p);
                let name = html[i..name_end].to_ascii_lowercase();
                // The tag ends at its `>`, or where the next `<` starts: scanning further
                // would make `<a<a<a...` quadratic.
                let tag_end = b[i..]
                    .iter()
                    .position(|&c| c == b'>' || c == b'<')
                    .map_or(b.len(), |p| i + p);
                let self_closed = tag_end > 0 && b.get(tag_end - 1) == Some(&b'/');
                if !VOID.contains(&name.as_str()) && !self_closed {
                    depth += 1;
                    max = max.max(depth);
                }
            }
            _ => {}
        }
    }
    max
}

/// Package mode: where images and links may point (see `HtmlOptions::package`).
///
/// The body it repairs holds two kinds of URLs: the ones raw HTML wrote, which the
/// resolution pass has seen and says what they are, and the ones this writer has already
/// put in their final form (an image's file in the book, a chapter), which are kept.
pub(crate) struct Package<'a> {
    res: Resolved<'a>,
    files: &'a crate::Package,
    /// The book's image files and chapters: URLs already final.
    finals: HashSet<&'a str>,
}

impl<'a> Package<'a> {
    pub fn new(res: Resolved<'a>, files: &'a crate::Package) -> Self {
        let finals = files
            .images
            .iter()
            .chain(&files.posts)
            .map(String::as_str)
            .collect();
        Package { res, files, finals }
    }

    /// The `src` an `<img src>` gets in the book, `None` for a placeholder.
    fn image(&self, src: &str) -> Option<String> {
        if self.finals.contains(src) {
            return Some(src.to_owned());
        }
        match self.res.image(src) {
            ImageTarget::Loaded(i) => self.files.images.get(i).cloned(),
            ImageTarget::Found | ImageTarget::Remote | ImageTarget::Data | ImageTarget::Missing => {
                None
            }
        }
    }

    /// The `href` an `<a href>` gets in the book, `None` for none (outside the book).
    fn href(&self, href: &str) -> Option<String> {
        if is_remote(href) {
            return Some(href.to_owned());
        }
        let Some(target) = self.res.link_seen(href) else {
            // Not from raw HTML: this writer's own link (`#fnref-1-2`, a chapter), final.
            let base = href.split('#').next().unwrap_or("");
            return (base.is_empty() || self.finals.contains(base)).then(|| href.to_owned());
        };
        match target {
            LinkTarget::Anchor(id) => Some(format!("#{id}")),
            LinkTarget::Post { post, anchor } => {
                let file = self.files.posts.get(*post)?;
                Some(match anchor {
                    Some(a) => format!("{file}#{a}"),
                    None => file.clone(),
                })
            }
            LinkTarget::External => Some(href.to_owned()),
            LinkTarget::MissingAnchor | LinkTarget::Local => None,
        }
    }
}

/// Elements that load media from elsewhere: left out of a package, whose images are
/// its `<img>`s only.
const MEDIA: [&str; 5] = ["video", "audio", "source", "track", "picture"];

/// Parses `body` as the content of `<body>` and writes it back valid.
pub(crate) fn repair(body: &str, syntax: Syntax, package: Option<&Package<'_>>) -> Repaired {
    let doc = Html::parse_fragment(body);
    let mut out = Repaired {
        html: String::with_capacity(body.len() + body.len() / 8),
        styles: Vec::new(),
    };
    // Depth inside a subtree that is being left out (a dropped element or a hoisted style).
    let mut skipping = 0usize;
    let mut raw_text = 0usize;
    for edge in doc.root_element().traverse() {
        match edge {
            Edge::Open(node) if node.id() == doc.root_element().id() => {}
            Edge::Close(node) if node.id() == doc.root_element().id() => {}
            Edge::Open(node) => {
                if skipping > 0 {
                    skipping += usize::from(node.value().is_element());
                    continue;
                }
                match node.value() {
                    Node::Text(t) if raw_text > 0 && syntax == Syntax::Html => out.html.push_str(t),
                    Node::Text(t) => escape(&mut out.html, t, false),
                    Node::Comment(c) if syntax == Syntax::Html => {
                        out.html.push_str("<!--");
                        out.html.push_str(&c.replace("--", "- -"));
                        out.html.push_str("-->");
                    }
                    Node::Element(el) => {
                        let name = el.name();
                        if name == "style" {
                            out.styles.push(
                                node.children()
                                    .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                                    .collect(),
                            );
                            skipping = 1;
                            continue;
                        }
                        let ns: &str = &el.name.ns;
                        let foreign = ns == SVG_NS || ns == MATHML_NS;
                        let dropped_input =
                            syntax == Syntax::Xhtml && name == "input" && !is_task_checkbox(el);
                        // A script runs wherever it nests, SVG included.
                        let script = syntax == Syntax::Xhtml && name == "script";
                        if script
                            || !foreign
                                && ((syntax == Syntax::Xhtml && DROPPED_IN_XHTML.contains(&name))
                                    || vocab::HEAD_ONLY.contains(&name)
                                    || dropped_input)
                        {
                            skipping = 1;
                            continue;
                        }
                        if unwrapped(node) {
                            continue;
                        }
                        if let Some(p) = package {
                            if !foreign && MEDIA.contains(&name) {
                                skipping = 1;
                                continue;
                            }
                            if name == "img" && p.image(el.attr("src").unwrap_or("")).is_none() {
                                // Not in the book: its text stands in, as for Markdown images.
                                let alt = el
                                    .attr("alt")
                                    .filter(|a| !a.trim().is_empty())
                                    .unwrap_or("image");
                                out.html.push_str("<span class=\"missing-image\">[image: ");
                                escape(&mut out.html, alt, false);
                                out.html.push_str("]</span>");
                                continue;
                            }
                        }
                        open_tag(
                            &mut out.html,
                            node,
                            el,
                            renamed(node).unwrap_or(name),
                            syntax,
                            package,
                        );
                        if matches!(name, "script" | "textarea") && syntax == Syntax::Html {
                            raw_text += 1;
                        }
                        // A newline right after <pre> is eaten by parsers: write it twice.
                        if matches!(name, "pre" | "textarea" | "listing")
                            && node
                                .first_child()
                                .and_then(|c| c.value().as_text().map(|t| t.starts_with('\n')))
                                == Some(true)
                        {
                            out.html.push('\n');
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skipping > 0 {
                    skipping -= usize::from(node.value().is_element());
                    continue;
                }
                if let Node::Element(el) = node.value() {
                    let name = el.name();
                    if unwrapped(node) {
                        continue;
                    }
                    if matches!(name, "script" | "textarea") && syntax == Syntax::Html {
                        raw_text = raw_text.saturating_sub(1);
                    }
                    let ns: &str = &el.name.ns;
                    let foreign = ns == SVG_NS || ns == MATHML_NS;
                    if (!foreign && VOID.contains(&name))
                        || (foreign && node.first_child().is_none())
                    {
                        continue;
                    }
                    out.html.push_str("</");
                    out.html.push_str(renamed(node).unwrap_or(name));
                    out.html.push('>');
                }
            }
        }
    }
    out
}

/// Elements written without their tags (their content stays): names that are not HTML
/// (custom elements need a hyphen), and phrasing elements wrapped around blocks, which
/// browsers render but validators reject (`<b><p>...</p></b>`).
fn unwrapped(node: ego_tree::NodeRef<'_, Node>) -> bool {
    let Node::Element(el) = node.value() else {
        return false;
    };
    let name = el.name();
    let ns: &str = &el.name.ns;
    if ns == SVG_NS || ns == MATHML_NS {
        return !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
    }
    let known = vocab::ELEMENTS.contains(&name)
        || (name.contains('-') && name.starts_with(|c: char| c.is_ascii_lowercase()));
    if !known || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return true;
    }
    vocab::PHRASING_ONLY.contains(&name)
        && node.children().any(|c| {
            c.value()
                .as_element()
                .is_some_and(|e| vocab::FLOW_ONLY.contains(&e.name()))
        })
}

/// A `<dl>` with no `<dt>` (a navigation list written as `<dd>`s) is invalid; as `<div>`s
/// it renders the same.
fn renamed(node: ego_tree::NodeRef<'_, Node>) -> Option<&'static str> {
    let is = |n: ego_tree::NodeRef<'_, Node>, name: &str| {
        n.value().as_element().is_some_and(|e| e.name() == name)
    };
    let dl_without_dt = |dl: ego_tree::NodeRef<'_, Node>| {
        is(dl, "dl") && !dl.children().any(|c| is(c, "dt") || is(c, "div"))
    };
    if dl_without_dt(node) || (is(node, "dd") && node.parent().is_some_and(dl_without_dt)) {
        Some("div")
    } else {
        None
    }
}

fn open_tag(
    out: &mut String,
    node: ego_tree::NodeRef<'_, Node>,
    el: &scraper::node::Element,
    name: &str,
    syntax: Syntax,
    package: Option<&Package<'_>>,
) {
    let ns: &str = &el.name.ns;
    let foreign = ns == SVG_NS || ns == MATHML_NS;
    out.push('<');
    out.push_str(name);
    if syntax == Syntax::Xhtml && foreign {
        let parent_ns = node
            .parent()
            .and_then(|p| p.value().as_element().map(|e| e.name.ns.to_string()));
        if parent_ns.as_deref() != Some(ns) {
            out.push_str(" xmlns=\"");
            out.push_str(ns);
            out.push('"');
        }
    }
    let mut has_alt = false;
    // `<a name="x">` is obsolete; as an id the anchor keeps working.
    if name == "a" && el.attr("id").is_none() {
        if let Some(anchor) = el
            .attr("name")
            .filter(|n| !n.is_empty() && !n.contains(char::is_whitespace))
        {
            out.push_str(" id=\"");
            escape(out, anchor, true);
            out.push('"');
        }
    }
    for (attr, value) in el.attrs() {
        let lower = attr.to_ascii_lowercase();
        if !valid_attr_name(attr)
            || lower == "xmlns"
            || (!foreign
                && (OBSOLETE_ATTRS.contains(&lower.as_str())
                    || !vocab::attribute_allowed(name, &lower)))
        {
            continue;
        }
        // No handler and no script URL in any attribute (SVG's `<set to=...>` and
        // `<animate values=...>` set links too).
        if syntax == Syntax::Xhtml && (lower.starts_with("on") || crate::urls::is_script_url(value))
        {
            continue;
        }
        let mut value = value.to_owned();
        match lower.as_str() {
            // Only the browsing-context keywords may start with `_`.
            "target"
                if value.starts_with('_')
                    && !matches!(value.as_str(), "_blank" | "_self" | "_parent" | "_top") =>
            {
                continue
            }
            // `width="400px"` means 400; `width="48%"` has no valid attribute form.
            "width" | "height" if !foreign && !value.chars().all(|c| c.is_ascii_digit()) => {
                let digits: String = value.trim().trim_end_matches("px").to_owned();
                if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                    continue;
                }
                value = digits;
            }
            "alt" => has_alt = true,
            "src" if name == "img" && package.is_some() => {
                value = package.and_then(|p| p.image(&value)).unwrap_or_default();
            }
            "href" if package.is_some() => match package.and_then(|p| p.href(&value)) {
                Some(v) => value = v,
                // Out of the book: the element stays, without a destination.
                None => continue,
            },
            a if !foreign && vocab::is_url_attribute(a) => value = vocab::clean_url(&value),
            _ => {}
        }
        out.push(' ');
        out.push_str(attr);
        out.push_str("=\"");
        escape(out, &value, true);
        out.push('"');
    }
    if name == "img" && !has_alt && !foreign {
        out.push_str(" alt=\"\"");
    }
    let void = !foreign && VOID.contains(&name);
    // Empty SVG and MathML elements self-close in both syntaxes; HTML allows it there.
    if (syntax == Syntax::Xhtml && void) || (foreign && node.first_child().is_none()) {
        out.push_str(" />");
    } else {
        out.push('>');
    }
}

fn valid_attr_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

fn escape(out: &mut String, s: &str, attr: bool) {
    quire_core::escape::push_xml(out, s, attr);
}

/// What a raw HTML snippet loses in XHTML, for warnings at its line: `<script>`, `comment`...
pub(crate) fn dropped_in_xhtml(html: &str) -> Vec<String> {
    let doc = Html::parse_fragment(html);
    let mut out = Vec::new();
    for node in doc.root_element().descendants() {
        match node.value() {
            Node::Comment(c) if c.trim() != "more" => out.push("comment".to_owned()),
            Node::Element(el)
                if el.name() == "script"
                    || (DROPPED_IN_XHTML.contains(&el.name())
                        || (el.name() == "input" && !is_task_checkbox(el)))
                        && &*el.name.ns != SVG_NS =>
            {
                out.push(format!("<{}>", el.name()));
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn x(s: &str) -> String {
        repair(s, Syntax::Xhtml, None).html
    }

    fn h(s: &str) -> String {
        repair(s, Syntax::Html, None).html
    }

    #[test]
    fn void_elements_close_and_entities_become_characters() {
        assert_eq!(
            x("<p>a&nbsp;b &copy;<br><img src=x alt=y></p>"),
            "<p>a\u{a0}b ©<br /><img src=\"x\" alt=\"y\" /></p>"
        );
        assert_eq!(
            h("<p>a<br><img src=x></p>"),
            "<p>a<br><img src=\"x\" alt=\"\"></p>"
        );
    }

    #[test]
    fn xhtml_drops_scripts_frames_comments_and_handlers() {
        let src = "<div onclick=\"x()\"><script>alert(1)</script><iframe src=v></iframe><!-- note --><a href=\"javascript:x()\">t</a></div>";
        assert_eq!(x(src), "<div><a>t</a></div>");
        assert_eq!(dropped_in_xhtml(src), ["<script>", "<iframe>", "comment"]);
        assert!(dropped_in_xhtml("<!--more-->").is_empty());
    }

    #[test]
    fn regression_scripts_inside_svg_and_script_urls_never_reach_xhtml() {
        let out = x("<svg><script>alert(1)</script><script xlink:href=\"data:,alert(1)\"/><a xlink:href=\"javascript:alert(1)\"><set attributeName=\"href\" to=\"javascript:alert(2)\"/><text>t</text></a></svg><a href=\" JaVaScRiPt:x\">j</a><a href=\"vbscript:x\">v</a><a href=\"data:text/html,x\">d</a>");
        assert!(!out.contains("script"), "{out}");
        assert!(!out.to_ascii_lowercase().contains("javascript"), "{out}");
        assert!(!out.contains("vbscript") && !out.contains("data:"), "{out}");
        assert!(out.contains("<text>t</text>"), "{out}");
        assert_eq!(
            dropped_in_xhtml("<svg><script>x</script></svg>"),
            ["<script>"]
        );
    }

    #[test]
    fn xhtml_carries_no_forms_but_keeps_task_checkboxes() {
        let src = "<form action=x><input type=text name=q><button>Go</button></form><input type=\"checkbox\" disabled=\"\"> done";
        assert_eq!(x(src), "<input type=\"checkbox\" disabled=\"\" /> done");
        assert_eq!(dropped_in_xhtml("<p><input name=q></p>"), ["<input>"]);
    }

    #[test]
    fn html_keeps_scripts_verbatim() {
        assert_eq!(
            h("<script>if (a < b && c) {}</script>"),
            "<script>if (a < b && c) {}</script>"
        );
    }

    #[test]
    fn tags_balance_across_the_body() {
        assert_eq!(
            h("<div class=\"note\">\n<p>open</p>\n</div>\n</div>"),
            "<div class=\"note\">\n<p>open</p>\n</div>\n"
        );
        assert_eq!(
            h("<p><b>bold\n<p>next</b>"),
            "<p><b>bold\n</b></p><p><b>next</b></p>"
        );
    }

    #[test]
    fn invalid_attributes_are_repaired() {
        let src = "<p markdown=\"1\"><a href=x target=\"_href_\">a</a><img src=i width=\"400px\" height=\"48%\" align=right></p>";
        assert_eq!(
            h(src),
            "<p><a href=\"x\">a</a><img src=\"i\" width=\"400\" alt=\"\"></p>"
        );
    }

    #[test]
    fn blocks_inside_phrasing_and_unknown_elements_are_unwrapped() {
        assert_eq!(h("<b><p>x</p></b><listitem>y</listitem>"), "<p>x</p>y");
        assert_eq!(h("<p><b>ok</b></p>"), "<p><b>ok</b></p>");
        assert_eq!(h("<my-widget>z</my-widget>"), "<my-widget>z</my-widget>");
    }

    #[test]
    fn head_elements_go_and_urls_are_cleaned() {
        assert_eq!(
            h("<title>t</title><meta charset=x><a href=\"{{ '/a' | u }}\" tr=1>a</a>"),
            "<a href=\"%7B%7B%20'/a'%20%7C%20u%20%7D%7D\">a</a>"
        );
    }

    #[test]
    fn empty_svg_elements_self_close_in_html() {
        assert_eq!(
            h("<svg><g><ellipse rx=1></ellipse></g></svg>"),
            "<svg><g><ellipse rx=\"1\" /></g></svg>"
        );
    }

    #[test]
    fn description_lists_without_terms_become_divs() {
        assert_eq!(
            h("<dl class=\"nav\"><dd>a</dd></dl>"),
            "<div class=\"nav\"><div>a</div></div>"
        );
        assert_eq!(
            h("<dl><dt>t</dt><dd>d</dd></dl>"),
            "<dl><dt>t</dt><dd>d</dd></dl>"
        );
    }

    #[test]
    fn package_mode_keeps_every_url_inside_the_book() {
        let html = "<img src=\"a.png\" alt=\"A\"><img src=\"http://x/b.png\" alt=\"B\"><a href=\"other.md#s\">o</a><a href=\"/site/page\">p</a><a href=\"https://x.org\">r</a><video src=v.mp4></video><a href=\"#nowhere\">n</a>";
        let docs = [
            quire_testkit::doc("a.md", &format!("{html}\n")),
            quire_testkit::doc("other.md", "## S\n"),
        ];
        let memory = quire_testkit::Memory::new().with("a.png", quire_testkit::PNG);
        let mut o = quire_core::ResolveOptions::default();
        o.load_images = true;
        o.package = true;
        let res = quire_testkit::book(&docs, &memory, &o);
        let files = crate::Package::new(
            vec!["images/image-001.png".into()],
            vec!["post-001.xhtml".into(), "post-002.xhtml".into()],
        );
        let p = Package::new(Resolved::new(&docs[0], &res, 0), &files);
        assert_eq!(
            repair(html, Syntax::Xhtml, Some(&p)).html,
            "<img src=\"images/image-001.png\" alt=\"A\" /><span class=\"missing-image\">[image: B]</span><a href=\"post-002.xhtml#s\">o</a><a>p</a><a href=\"https://x.org\">r</a><a>n</a>"
        );
    }

    #[test]
    fn regression_package_mode_keeps_the_writers_own_image_and_chapter_urls() {
        // The Markdown renderer has already put these URLs in their final form: a post
        // that also held raw HTML lost every image to a placeholder when they were
        // looked up again.
        let docs = [quire_testkit::doc("a.md", "<!--more-->\n")];
        let res = quire_testkit::book(&docs, &quire_testkit::Memory::new(), &Default::default());
        let files = crate::Package::new(
            vec!["images/image-001.png".into()],
            vec!["post-001.xhtml".into()],
        );
        let p = Package::new(Resolved::new(&docs[0], &res, 0), &files);
        let body = "<p><img src=\"images/image-001.png\" alt=\"x\" /><a href=\"post-001.xhtml#top\">t</a><a href=\"#fnref-1-2\">b</a></p>";
        assert_eq!(
            repair(body, Syntax::Xhtml, Some(&p)).html,
            "<p><img src=\"images/image-001.png\" alt=\"x\" /><a href=\"post-001.xhtml#top\">t</a><a href=\"#fnref-1-2\">b</a></p>"
        );
    }

    #[test]
    fn named_anchors_become_ids() {
        assert_eq!(
            h("<a name=\"talks\"></a><a name=\"x\" id=\"y\"></a>"),
            "<a id=\"talks\"></a><a id=\"y\"></a>"
        );
    }

    #[test]
    fn styles_are_hoisted() {
        let r = repair("<style>p{color:red}</style><p>x</p>", Syntax::Html, None);
        assert_eq!(r.html, "<p>x</p>");
        assert_eq!(r.styles, ["p{color:red}"]);
    }

    #[test]
    fn svg_keeps_its_namespace_in_xhtml() {
        assert_eq!(
            x("<svg viewBox=\"0 0 1 1\"><circle r=\"1\"></circle></svg>"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><circle r=\"1\" /></svg>"
        );
    }

    #[test]
    fn pre_keeps_a_leading_newline() {
        assert_eq!(h("<pre>\n\nx</pre>"), "<pre>\n\nx</pre>");
    }

    #[test]
    fn nesting_depth_is_estimated_linearly() {
        assert_eq!(
            nesting_depth("<div><p>a<br><img src=x/></p><!-- <div> --></div>"),
            2
        );
        assert_eq!(nesting_depth(&"<div>".repeat(100_000)), 100_000);
        assert_eq!(nesting_depth("</div></div><b>"), 1);
        // Linear even when tags never close.
        assert_eq!(nesting_depth(&("<a".repeat(200_000) + ">")), 200_000);
    }

    #[test]
    fn moderately_deep_nesting_is_repaired_without_overflow() {
        let deep = "<div>".repeat(MAX_REPAIR_DEPTH) + "x";
        assert!(h(&deep).contains('x'));
    }
}
