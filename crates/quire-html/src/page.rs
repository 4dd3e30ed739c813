//! The standalone page: head with metadata, header, optional contents, body, footnotes.

use std::fmt::Write as _;

use quire_core::{plain_text, Block, Date, Heading};

use crate::render::Renderer;
use crate::{highlight, Stylesheet};

const STYLE: &str = include_str!("style.css");

/// Built once per process: the themes' CSS is generated from syntect themes, which a
/// batch of pages would otherwise rebuild for each page.
pub(crate) fn builtin_css() -> &'static str {
    static CSS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    CSS.get_or_init(|| format!("{STYLE}\n{}", highlight::theme_css()))
}

pub(crate) fn write(r: &mut Renderer<'_>) {
    let (body, raw_styles) = r.body(&r.doc.body_parts());
    let meta = &r.doc.meta;
    let title = meta.title.clone().unwrap_or_else(|| "Untitled".to_owned());
    let lang = meta
        .lang
        .as_deref()
        .filter(|l| quire_core::meta::is_language_tag(l))
        .unwrap_or("en")
        .to_owned();
    let end = if r.opts.xhtml { " />" } else { ">" };

    if r.opts.xhtml {
        r.out
            .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
        let _ = writeln!(r.out, "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">");
    } else {
        let _ = writeln!(r.out, "<!DOCTYPE html>\n<html lang=\"{lang}\">");
    }
    r.out.push_str("<head>\n");
    if !r.opts.xhtml {
        let _ = writeln!(r.out, "<meta charset=\"utf-8\"{end}");
        let _ = writeln!(
            r.out,
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"{end}"
        );
    }
    meta_tag(r, "title", &title, end);
    if let Some(d) = &meta.description {
        meta_tag(r, "name=\"description\"", d, end);
    }
    if !meta.authors.is_empty() {
        meta_tag(r, "name=\"author\"", &meta.authors.join(", "), end);
    }
    if let Some(date) = meta.date {
        meta_tag(r, "name=\"dcterms.date\"", &date.to_string(), end);
    }
    if !meta.tags.is_empty() {
        meta_tag(r, "name=\"keywords\"", &meta.tags.join(", "), end);
    }
    let generator = format!("quire {}", env!("CARGO_PKG_VERSION"));
    meta_tag(r, "name=\"generator\"", &generator, end);
    if r.opts.social_meta {
        social(r, &title, end);
    }
    if r.opts.builtin_style {
        style(r, builtin_css());
    }
    for sheet in &r.opts.stylesheets {
        match sheet {
            Stylesheet::Url(url) => {
                r.out.push_str("<link rel=\"stylesheet\" href=\"");
                let _ = pulldown_cmark_escape::escape_href(&mut r.out, url);
                let _ = writeln!(r.out, "\"{end}");
            }
            Stylesheet::Inline(css) => style(r, css),
        }
    }
    for css in &raw_styles {
        style(r, css);
    }
    r.out.push_str("</head>\n<body>\n<article>\n");
    header(r, &title);
    if r.opts.toc {
        toc(r);
    }
    r.out.push_str(&body);
    r.out.push_str("</article>\n</body>\n</html>\n");
}

/// Open Graph and `article:` properties, for link previews on the web.
fn social(r: &mut Renderer<'_>, title: &str, end: &str) {
    let meta = &r.doc.meta;
    if let Some(d) = &meta.description {
        meta_tag(r, "property=\"og:description\"", d, end);
    }
    meta_tag(r, "property=\"og:type\"", "article", end);
    meta_tag(r, "property=\"og:title\"", title, end);
    if let Some(image) = &meta.image {
        meta_tag(r, "property=\"og:image\"", image, end);
    }
    if let Some(date) = meta.date {
        meta_tag(
            r,
            "property=\"article:published_time\"",
            &date.to_string(),
            end,
        );
    }
    if let Some(updated) = meta.updated {
        meta_tag(
            r,
            "property=\"article:modified_time\"",
            &updated.to_string(),
            end,
        );
    }
    for author in &meta.authors {
        meta_tag(r, "property=\"article:author\"", author, end);
    }
    for tag in &meta.tags {
        meta_tag(r, "property=\"article:tag\"", tag, end);
    }
}

/// A `<style>` element. In HTML, `</style` inside would end it early; in XHTML the text is
/// XML, so `<` and `&` are escaped (the CSS parser sees them decoded).
pub(crate) fn style(r: &mut Renderer<'_>, css: &str) {
    r.out.push_str("<style>\n");
    if r.opts.xhtml {
        quire_core::escape::push_xml(&mut r.out, css, false);
    } else {
        r.out.push_str(&css.replace("</style", "<\\/style"));
    }
    r.out.push_str("\n</style>\n");
}

/// `<title>` for "title", else a `<meta ...>` with the given name attribute.
fn meta_tag(r: &mut Renderer<'_>, name: &str, content: &str, end: &str) {
    if name == "title" {
        r.out.push_str("<title>");
        let _ = pulldown_cmark_escape::escape_html(&mut r.out, content);
        r.out.push_str("</title>\n");
        return;
    }
    let _ = write!(r.out, "<meta {name} content=\"");
    let _ = pulldown_cmark_escape::escape_html(&mut r.out, content);
    let _ = writeln!(r.out, "\"{end}");
}

fn header(r: &mut Renderer<'_>, title: &str) {
    let meta = &r.doc.meta;
    r.out
        .push_str("<header class=\"post-header\">\n<h1 class=\"title\"");
    // The heading the title stands for keeps its anchor here: links to it still land.
    if let Some(quire_core::Block::Heading(h)) = r.doc.title_heading().map(|i| &r.doc.blocks[i]) {
        r.out.push_str(" id=\"");
        let id = r.res.id(&h.attr.id);
        let _ = pulldown_cmark_escape::escape_html(&mut r.out, &id);
        r.out.push('"');
    }
    r.out.push('>');
    let _ = pulldown_cmark_escape::escape_html(&mut r.out, title);
    r.out.push_str("</h1>\n");
    if let Some(sub) = &meta.subtitle {
        r.out.push_str("<p class=\"subtitle\">");
        let _ = pulldown_cmark_escape::escape_html(&mut r.out, sub);
        r.out.push_str("</p>\n");
    }
    if !meta.authors.is_empty() || meta.date.is_some() {
        r.out.push_str("<p class=\"byline\">");
        if !meta.authors.is_empty() {
            r.out.push_str("By ");
            for (i, a) in meta.authors.iter().enumerate() {
                if i > 0 {
                    r.out.push_str(if i + 1 == meta.authors.len() {
                        " and "
                    } else {
                        ", "
                    });
                }
                r.out.push_str("<span class=\"author\">");
                let _ = pulldown_cmark_escape::escape_html(&mut r.out, a);
                r.out.push_str("</span>");
            }
        }
        if let Some(date) = meta.date {
            if !meta.authors.is_empty() {
                r.out.push_str(" · ");
            }
            let _ = write!(
                r.out,
                "<time datetime=\"{date}\">{}</time>",
                human_date(&date)
            );
        }
        r.out.push_str("</p>\n");
    }
    if let Some(d) = &meta.description {
        r.out.push_str("<p class=\"description\">");
        let _ = pulldown_cmark_escape::escape_html(&mut r.out, d);
        r.out.push_str("</p>\n");
    }
    if !meta.tags.is_empty() {
        r.out.push_str("<ul class=\"tags\">");
        for t in &meta.tags {
            r.out.push_str("<li>");
            let _ = pulldown_cmark_escape::escape_html(&mut r.out, t);
            r.out.push_str("</li>");
        }
        r.out.push_str("</ul>\n");
    }
    r.out.push_str("</header>\n");
}

/// A nested list of the headings down to `toc_depth`.
fn toc(r: &mut Renderer<'_>) {
    let mut headings: Vec<&Heading> = Vec::new();
    for part in r.doc.body_parts() {
        collect_headings(part, r.opts.toc_depth, &mut headings);
    }
    if headings.is_empty() {
        return;
    }
    let top = headings.iter().map(|h| h.level).min().unwrap_or(1);
    r.out
        .push_str("<nav class=\"toc\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n");
    let mut depth = 0usize; // how many nested <ol> are open below the first
    let mut open_item = false;
    for h in headings {
        let want = usize::from(h.level - top);
        if want > depth {
            while depth < want {
                if !open_item {
                    r.out.push_str("<li>");
                }
                r.out.push_str("\n<ol>\n");
                depth += 1;
                open_item = false;
            }
        } else {
            if open_item {
                r.out.push_str("</li>\n");
            }
            while depth > want {
                r.out.push_str("</ol>\n</li>\n");
                depth -= 1;
            }
        }
        let id = r.res.id(&h.attr.id);
        r.out.push_str("<li><a href=\"#");
        let _ = pulldown_cmark_escape::escape_href(&mut r.out, &id);
        r.out.push_str("\">");
        let _ = pulldown_cmark_escape::escape_html(&mut r.out, &plain_text(&h.content));
        r.out.push_str("</a>");
        open_item = true;
    }
    if open_item {
        r.out.push_str("</li>\n");
    }
    while depth > 0 {
        r.out.push_str("</ol>\n</li>\n");
        depth -= 1;
    }
    r.out.push_str("</ol>\n</nav>\n");
}

fn collect_headings<'d>(blocks: &'d [Block], depth: u8, out: &mut Vec<&'d Heading>) {
    out.extend(quire_core::top_level_headings(blocks).filter(|h| h.level <= depth));
}

fn human_date(d: &Date) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    format!(
        "{} {} {}",
        d.day,
        MONTHS[usize::from(d.month.clamp(1, 12)) - 1],
        d.year
    )
}
