//! HTML writer: quire documents as standalone HTML5 pages, fragments, or XHTML for EPUB.
//!
//! [`to_html`] is a pure function of the document, its [`HtmlOptions`] and a
//! [`Resources`] to look images up in: it reads no file, clock or environment itself.

mod highlight;
mod page;
mod raw;
mod render;
mod vocab;

use std::collections::BTreeMap;

use quire_core::{Diagnostic, Document, Resources};

pub use highlight::{light_theme_css, theme_css, DARK_THEME, LIGHT_THEME};
pub use raw::image_sources;

/// A stylesheet added with `--css`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Stylesheet {
    /// Linked by URL.
    Url(String),
    /// Embedded in the page (the CLI reads `--css FILE` into this).
    Inline(String),
}

/// Options of the HTML writer.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct HtmlOptions {
    /// A whole page (`<!DOCTYPE html>`, head, header, styles), or only the body.
    pub standalone: bool,
    /// Well-formed XHTML (for EPUB): void elements closed, raw HTML parsed and cleaned.
    pub xhtml: bool,
    /// Give headings their `id`s (off for CommonMark spec conformance).
    pub heading_ids: bool,
    /// Prefixed to every id this writer makes (bundles scope ids per post).
    pub id_prefix: String,
    /// Stylesheets added after the built-in one.
    pub stylesheets: Vec<Stylesheet>,
    /// Include the built-in stylesheet in standalone pages.
    pub builtin_style: bool,
    /// A table of contents after the header.
    pub toc: bool,
    /// Headings down to this level go in the table of contents.
    pub toc_depth: u8,
    /// Images as `data:` URIs: one self-contained file. Missing ones become placeholders.
    pub embed_resources: bool,
    /// For untrusted posts: no raw HTML, no `javascript:`/`vbscript:`/`data:` links.
    pub safe: bool,
    /// Syntax-highlight fenced code with a known language.
    pub highlight: bool,
    /// GFM's tag filter on raw HTML (`<script>` becomes text).
    pub tagfilter: bool,
    /// Package mode (EPUB), where nothing may point outside the book: image URLs as
    /// written to their new `src`. When set, a local image not in the map becomes a visible
    /// placeholder (the packager has warned about it), a remote one a link, and a local link
    /// that [`HtmlOptions::link_map`] does not map becomes text, with a warning. Raw HTML
    /// follows the same rules.
    pub image_map: Option<BTreeMap<String, String>>,
    /// Links to rewrite (a post's file name or slug to its chapter in a book). Keys are
    /// matched against the link's URL without its `#fragment`, which is kept.
    pub link_map: BTreeMap<String, String>,
    /// Web-only head tags: viewport, Open Graph and `article:` properties.
    pub social_meta: bool,
}

impl Default for HtmlOptions {
    fn default() -> Self {
        HtmlOptions {
            standalone: true,
            xhtml: false,
            heading_ids: true,
            id_prefix: String::new(),
            stylesheets: Vec::new(),
            builtin_style: true,
            toc: false,
            toc_depth: 3,
            embed_resources: false,
            safe: false,
            highlight: true,
            tagfilter: false,
            image_map: None,
            link_map: BTreeMap::new(),
            social_meta: true,
        }
    }
}

impl HtmlOptions {
    /// The body only, as a fragment.
    pub fn fragment() -> Self {
        HtmlOptions {
            standalone: false,
            ..HtmlOptions::default()
        }
    }

    /// What the CommonMark and GFM spec examples expect: a fragment with no heading ids
    /// and no highlighting.
    pub fn spec() -> Self {
        HtmlOptions {
            standalone: false,
            heading_ids: false,
            highlight: false,
            ..HtmlOptions::default()
        }
    }
}

/// The markup and the warnings writing it gave.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct HtmlOutput {
    /// The page or fragment.
    pub html: String,
    /// Missing images, dropped raw HTML, ...; each with its line.
    pub warnings: Vec<Diagnostic>,
}

/// Writes `doc` as HTML.
pub fn to_html(doc: &Document, options: &HtmlOptions, resources: &dyn Resources) -> HtmlOutput {
    let mut r = render::Renderer::new(doc, options, resources);
    if options.standalone {
        page::write(&mut r);
    } else {
        let (body, styles) = r.body(&doc.blocks);
        for css in styles {
            page::style(&mut r, &css);
        }
        if r.out.is_empty() {
            r.out = body;
        } else {
            r.out.push_str(&body);
        }
    }
    HtmlOutput {
        html: r.out,
        warnings: r.warnings,
    }
}

/// The built-in stylesheet: reading measure, light and dark, phone widths, print.
pub fn builtin_css() -> &'static str {
    page::builtin_css()
}

#[cfg(test)]
mod tests;
