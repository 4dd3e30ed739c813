//! HTML writer: quire documents as standalone HTML5 pages, fragments, or XHTML for EPUB.
//!
//! [`to_html`] is a pure function of a resolved document (`quire_core::Resolved`: the
//! post with what its links and images are) and its [`HtmlOptions`]: it reads no file,
//! clock or environment itself, and decides nothing the resolution pass has decided.

mod highlight;
mod page;
mod raw;
mod render;
mod urls;
mod vocab;

use std::sync::Arc;

use quire_core::{Diagnostic, Document, ResolveOptions, Resolved, Resources};

pub use highlight::{light_theme_css, theme_css, DARK_THEME, LIGHT_THEME};

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
    /// Package mode (EPUB), where nothing may point outside the book: loaded images go
    /// to their files in the book, links to other posts to their chapters; an image that
    /// is not in the book becomes a visible placeholder (a remote one inside a link to
    /// it), and a link that leads outside the book, or to an anchor that does not exist,
    /// becomes text. Raw HTML follows the same rules.
    pub package: Option<Arc<Package>>,
    /// Web-only head tags: viewport, Open Graph and `article:` properties.
    pub social_meta: bool,
    /// Figures as `<figure>` with a `<figcaption>`; off for the spec tests, whose
    /// examples expect the paragraph of images (`<p><img></p>`) they were written as.
    pub figures: bool,
}

impl Default for HtmlOptions {
    fn default() -> Self {
        HtmlOptions {
            standalone: true,
            xhtml: false,
            heading_ids: true,
            stylesheets: Vec::new(),
            builtin_style: true,
            toc: false,
            toc_depth: 3,
            embed_resources: false,
            safe: false,
            highlight: true,
            tagfilter: false,
            package: None,
            social_meta: true,
            figures: true,
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
            figures: false,
            ..HtmlOptions::default()
        }
    }
}

/// Where a book's files are, for [`HtmlOptions::package`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Package {
    /// The path in the book of each image the resolution loaded, by its index.
    pub images: Vec<String>,
    /// The file of each post, by its index in the book.
    pub posts: Vec<String>,
}

impl Package {
    /// A package from its image paths and post files.
    pub fn new(images: Vec<String>, posts: Vec<String>) -> Self {
        Package { images, posts }
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

impl HtmlOptions {
    /// What these options need of the resolution pass: images read when they are
    /// embedded, only found when the page links them.
    pub fn resolve_options(&self) -> ResolveOptions {
        let mut o = ResolveOptions::default();
        o.load_images = self.embed_resources;
        o
    }
}

/// Resolves one post and writes it: the resolution's warnings come first.
pub fn convert(doc: &Document, options: &HtmlOptions, resources: &dyn Resources) -> HtmlOutput {
    let resolution = quire_core::resolve(doc, resources, &options.resolve_options());
    let mut out = to_html(&Resolved::new(doc, &resolution, 0), options);
    let mut warnings = resolution.warnings;
    warnings.append(&mut out.warnings);
    out.warnings = warnings;
    out
}

/// Writes a resolved post as HTML.
pub fn to_html(post: &Resolved<'_>, options: &HtmlOptions) -> HtmlOutput {
    let mut r = render::Renderer::new(*post, options);
    if options.standalone {
        page::write(&mut r);
    } else {
        let (body, styles) = r.body(&[&post.doc.blocks]);
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
