//! The resolution pass: what every link and image of a post, or of a book of posts, is.
//!
//! It runs once, before any writer, and decides for every URL as the post wrote it
//! (in Markdown and in raw HTML alike):
//! - links: an anchor of this post, an anchor that does not exist, another post of the book
//!   (at its start or at one of its anchors), an external address, or a local file that is
//!   not in the book;
//! - images: loaded (bytes and media type, stored once per file for the whole book),
//!   found but not loaded (an HTML page links it where it is), remote, a `data:` URI, or
//!   missing (not found, refused, unreadable, not an image, not one the output can show);
//! - ids: each anchor's scoped id (books of one id space prefix them per post).
//!
//! Its warnings are the only ones about links and images, once per problem and worded
//! the same for every format. Writers consume the result and never re-derive it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::model::{block_inlines, child_blocks, child_inlines};
use crate::resource::{is_remote, media_type};
use crate::{rawhtml, Block, Diagnostic, Document, Inline, ResourceError, Resources};

/// How ids are scoped.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum IdScope {
    /// Ids as the document has them: each post is its own page or file.
    #[default]
    Plain,
    /// Every id of the (single) post gets this prefix.
    Prefix(String),
    /// Post `n` of a book gets `p{n}-`: all posts share one id space (a PDF book).
    PerPost,
}

/// What the output needs of the pass.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResolveOptions {
    /// Read local images (EPUB, PDF, HTML with embedded resources); else only find them.
    pub load_images: bool,
    /// The media types the output can show, when it cannot show every type quire sniffs
    /// (PDF: no SVG), with the output's name for the warning.
    pub image_types: Option<(&'static [&'static str], &'static str)>,
    /// How ids are scoped.
    pub ids: IdScope,
    /// A package (EPUB): nothing may point outside it, so a local link to a file that is
    /// not a post of the book is kept as text, with a warning.
    pub package: bool,
}

impl Default for ResolveOptions {
    fn default() -> Self {
        ResolveOptions {
            load_images: false,
            image_types: None,
            ids: IdScope::Plain,
            package: false,
        }
    }
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// An anchor of this post, by its scoped id.
    Anchor(String),
    /// `#id` that names no anchor of the post (warned): writers that can check links
    /// leave it unlinked.
    MissingAnchor,
    /// Another post of the book (or this one, named by its file), at its start or at one
    /// of its anchors (scoped id).
    Post {
        /// The post's index in the book.
        post: usize,
        /// The anchor's scoped id, `None` for the post's start.
        anchor: Option<String>,
    },
    /// An address outside the document (a scheme or a network path): used as written.
    External,
    /// A local path that is no post of the book: used as written, except in packages.
    Local,
}

/// What an image is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageTarget {
    /// Read: [`Resolution::images`] at this index.
    Loaded(usize),
    /// Found, not read (the output links it where it is).
    Found,
    /// A remote address, not fetched.
    Remote,
    /// A `data:` URI: the image is in the URL.
    Data,
    /// Cannot be shown (warned): a placeholder stands in where the output needs the image.
    Missing,
}

/// An image read for the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedImage {
    /// Where it was found, for messages.
    pub location: String,
    /// Its bytes, shared by every post that shows it.
    pub bytes: Arc<Vec<u8>>,
    /// Its sniffed media type.
    pub media_type: &'static str,
}

/// The resolution of one post.
#[derive(Debug, Clone, Default)]
pub struct PostResolution {
    prefix: String,
    links: HashMap<String, LinkTarget>,
    images: HashMap<String, ImageTarget>,
}

/// The resolution of a book (a single post is a book of one).
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    /// Per post, in book order.
    pub posts: Vec<PostResolution>,
    /// Every image read, once per file.
    pub images: Vec<LoadedImage>,
    /// The problems found, in book and document order.
    pub warnings: Vec<Diagnostic>,
}

/// A post and its resolution: what writers take.
#[derive(Clone, Copy)]
pub struct Resolved<'a> {
    /// The post.
    pub doc: &'a Document,
    /// The book's resolution.
    pub book: &'a Resolution,
    /// The post's index in the book.
    pub index: usize,
}

impl<'a> Resolved<'a> {
    /// A post of a book.
    pub fn new(doc: &'a Document, book: &'a Resolution, index: usize) -> Self {
        Resolved { doc, book, index }
    }

    fn post(&self) -> &'a PostResolution {
        &self.book.posts[self.index]
    }

    /// The prefix of this post's ids (empty unless scoped).
    pub fn prefix(&self) -> &'a str {
        &self.post().prefix
    }

    /// The prefix of post `post`'s ids in this book.
    pub fn prefix_of(&self, post: usize) -> &'a str {
        self.book.posts.get(post).map_or("", |p| p.prefix.as_str())
    }

    /// `id` as this post's output writes it.
    pub fn id<'i>(&self, id: &'i str) -> std::borrow::Cow<'i, str> {
        match self.prefix() {
            "" => std::borrow::Cow::Borrowed(id),
            p => std::borrow::Cow::Owned(format!("{p}{id}")),
        }
    }

    /// Where the link `url` (as written, in Markdown or raw HTML) goes.
    pub fn link(&self, url: &str) -> &'a LinkTarget {
        static EXTERNAL: LinkTarget = LinkTarget::External;
        static LOCAL: LinkTarget = LinkTarget::Local;
        // Remote links are not kept: the pass has nothing to say about them.
        if is_remote(url) {
            return &EXTERNAL;
        }
        match self.post().links.get(url) {
            Some(t) => t,
            // Not seen by the pass (a writer's own link): judged by its form alone.
            None => &LOCAL,
        }
    }

    /// Where the link `url` goes, when the pass saw it in the post (Markdown or raw HTML);
    /// `None` for a URL it never saw (a writer's own, or a remote one).
    pub fn link_seen(&self, url: &str) -> Option<&'a LinkTarget> {
        self.post().links.get(url)
    }

    /// What the image `url` (as written) is.
    pub fn image(&self, url: &str) -> ImageTarget {
        self.post()
            .images
            .get(url)
            .copied()
            .unwrap_or(ImageTarget::Missing)
    }

    /// An image read for the book.
    pub fn loaded(&self, index: usize) -> &'a LoadedImage {
        &self.book.images[index]
    }
}

/// One post of a book to resolve.
#[derive(Clone, Copy)]
pub struct PostInput<'a> {
    /// The post.
    pub doc: &'a Document,
    /// Where its images are found.
    pub resources: &'a (dyn Resources + Sync),
}

/// Resolves one post.
pub fn resolve(doc: &Document, resources: &dyn Resources, options: &ResolveOptions) -> Resolution {
    let mut book = Book::new(options);
    let prefix = match &options.ids {
        IdScope::Prefix(p) => p.clone(),
        IdScope::Plain | IdScope::PerPost => String::new(),
    };
    book.prefixes.push(prefix);
    book.scans.push(Scan::of(doc));
    let post = book.post(0, doc, resources);
    book.out.posts.push(post);
    book.out
}

/// Resolves the posts of a book: links between them become [`LinkTarget::Post`].
pub fn resolve_book(posts: &[PostInput<'_>], options: &ResolveOptions) -> Resolution {
    let mut book = Book::new(options);
    book.scans = posts.iter().map(|p| Scan::of(p.doc)).collect();
    for (i, post) in posts.iter().enumerate() {
        book.prefixes.push(match &options.ids {
            IdScope::PerPost => format!("p{i}-"),
            IdScope::Prefix(p) => p.clone(),
            IdScope::Plain => String::new(),
        });
        for key in crate::book::link_keys(post.doc) {
            // A name two posts share would be a guess: such links are left alone.
            if book.names.insert(key.clone(), i).is_some_and(|j| j != i) {
                book.shared.insert(key);
            }
        }
    }
    let shared = std::mem::take(&mut book.shared);
    book.names.retain(|k, _| !shared.contains(k));
    for (i, post) in posts.iter().enumerate() {
        let resolved = book.post(i, post.doc, post.resources);
        book.out.posts.push(resolved);
    }
    book.out
}

/// What a post holds, read in one walk: its anchors, links and images.
struct Scan<'d> {
    anchors: HashSet<&'d str>,
    /// Ids made by writers (footnotes) or given in raw HTML (decoded): owned.
    owned: HashSet<String>,
    /// `(url, line)` of links, Markdown and raw HTML, in document order.
    links: Vec<(std::borrow::Cow<'d, str>, u32)>,
    /// `(url, line)` of images, likewise.
    images: Vec<(std::borrow::Cow<'d, str>, u32)>,
}

impl<'d> Scan<'d> {
    fn of(doc: &'d Document) -> Self {
        let mut scan = Scan {
            anchors: HashSet::new(),
            owned: HashSet::new(),
            links: Vec::new(),
            images: Vec::new(),
        };
        // Anchors every writer makes: the post's start and its notes.
        scan.anchors.insert("top");
        scan.blocks(&doc.blocks);
        for note in &doc.footnotes {
            // Writers make these anchors; `[back](#fnref-1)` links to them.
            scan.owned.insert(format!("fn-{}", note.number));
            scan.owned.insert(format!("fnref-{}", note.number));
            scan.blocks(&note.blocks);
        }
        scan
    }

    fn blocks(&mut self, blocks: &'d [Block]) {
        for block in blocks {
            match block {
                Block::Heading(h) if !h.attr.id.is_empty() => {
                    self.anchors.insert(&h.attr.id);
                }
                Block::CodeBlock(c) if !c.attr.id.is_empty() => {
                    self.anchors.insert(&c.attr.id);
                }
                Block::Table(t) if !t.attr.id.is_empty() => {
                    self.anchors.insert(&t.attr.id);
                }
                Block::Figure(f) if !f.attr.id.is_empty() => {
                    self.anchors.insert(&f.attr.id);
                }
                Block::Div(d) if !d.attr.id.is_empty() => {
                    self.anchors.insert(&d.attr.id);
                }
                Block::Html { html, line } => self.raw(html, *line),
                Block::Paragraph { .. }
                | Block::Heading(_)
                | Block::BlockQuote { .. }
                | Block::List(_)
                | Block::CodeBlock(_)
                | Block::Table(_)
                | Block::ThematicBreak
                | Block::Figure(_)
                | Block::Div(_)
                | Block::Callout(_)
                | Block::DefinitionList(_) => {}
            }
            for list in block_inlines(block) {
                self.inlines(list);
            }
            for child in child_blocks(block) {
                self.blocks(std::slice::from_ref(child));
            }
        }
    }

    fn inlines(&mut self, inlines: &'d [Inline]) {
        for inline in inlines {
            match inline {
                // Remote links go where they say: nothing to resolve, nothing to keep.
                Inline::Link(l) if !is_remote(&l.url) => {
                    self.links.push((l.url.as_str().into(), l.line))
                }
                Inline::Image(i) => self.images.push((i.url.as_str().into(), i.line)),
                Inline::Html { html, line } => self.raw(html, *line),
                Inline::FootnoteReference { .. } => {}
                Inline::Span(s) if !s.attr.id.is_empty() => {
                    self.anchors.insert(&s.attr.id);
                }
                Inline::Link(_)
                | Inline::Text { .. }
                | Inline::Emphasis { .. }
                | Inline::Strong { .. }
                | Inline::Strikethrough { .. }
                | Inline::Superscript { .. }
                | Inline::Subscript { .. }
                | Inline::Code { .. }
                | Inline::HardBreak
                | Inline::Math { .. }
                | Inline::Span(_) => {}
            }
            self.inlines(child_inlines(inline));
        }
    }

    /// Raw HTML: its `<img src>`, `<a href>`, `id`s and `<a name>`s go through the same
    /// pass as Markdown's.
    fn raw(&mut self, html: &'d str, line: u32) {
        if !html.contains('=') {
            return;
        }
        for tag in rawhtml::start_tags(html) {
            for (k, v) in tag.attributes {
                match k.as_str() {
                    "src" if tag.name == "img" => self.images.push((v.into(), line)),
                    "href" if tag.name == "a" && !is_remote(&v) => {
                        self.links.push((v.into(), line))
                    }
                    "id" => self.raw_anchor(v),
                    "name" if tag.name == "a" => self.raw_anchor(v),
                    _ => {}
                }
            }
        }
    }

    fn raw_anchor(&mut self, id: String) {
        if !id.is_empty() {
            self.owned.insert(id);
        }
    }

    /// Whether the post has the anchor `id`.
    fn has(&self, id: &str) -> bool {
        self.anchors.contains(id) || self.owned.contains(id)
    }
}

/// The state of one resolution.
struct Book<'o, 'd> {
    options: &'o ResolveOptions,
    out: Resolution,
    prefixes: Vec<String>,
    /// Each post's anchors, links and images, borrowing the documents.
    scans: Vec<Scan<'d>>,
    /// Link keys to post index.
    names: HashMap<String, usize>,
    shared: HashSet<String>,
    /// Image location to index in `out.images`.
    by_location: HashMap<String, usize>,
}

impl<'o, 'd> Book<'o, 'd> {
    fn new(options: &'o ResolveOptions) -> Self {
        Book {
            options,
            out: Resolution::default(),
            prefixes: Vec::new(),
            scans: Vec::new(),
            names: HashMap::new(),
            shared: HashSet::new(),
            by_location: HashMap::new(),
        }
    }

    fn warn(&mut self, doc: &Document, line: u32, message: String) {
        self.out
            .warnings
            .push(Diagnostic::warning(doc.source.as_deref(), line, message));
    }

    fn post(&mut self, index: usize, doc: &Document, resources: &dyn Resources) -> PostResolution {
        let mut post = PostResolution {
            prefix: self.prefixes[index].clone(),
            ..PostResolution::default()
        };
        let links = std::mem::take(&mut self.scans[index].links);
        for (url, line) in &links {
            if post.links.contains_key(url.as_ref()) || is_remote(url) {
                continue;
            }
            let target = self.link(index, doc, url, *line);
            post.links.insert(url.clone().into_owned(), target);
        }
        let images = std::mem::take(&mut self.scans[index].images);
        for (url, line) in &images {
            if post.images.contains_key(url.as_ref()) {
                continue;
            }
            let target = self.image(doc, url, *line, resources);
            post.images.insert(url.clone().into_owned(), target);
        }
        post
    }

    fn link(&mut self, index: usize, doc: &Document, url: &str, line: u32) -> LinkTarget {
        if let Some(id) = url.strip_prefix('#') {
            if let Some(id) = self.anchor_in(index, id) {
                return LinkTarget::Anchor(format!("{}{id}", self.prefixes[index]));
            }
            self.warn(
                doc,
                line,
                format!("link to {url}: the post has no anchor \"{id}\""),
            );
            return LinkTarget::MissingAnchor;
        }
        let (base, fragment) = url.split_once('#').unwrap_or((url, ""));
        let post = self
            .names
            .get(base)
            .or_else(|| self.names.get(base.trim_end_matches('/')))
            .copied();
        let Some(post) = post.filter(|_| !base.is_empty()) else {
            if self.options.package {
                self.warn(
                    doc,
                    line,
                    format!("link to {url} leads outside the book: kept as text"),
                );
            }
            return LinkTarget::Local;
        };
        let anchor = match fragment {
            "" => None,
            f if self.anchor_in(post, f).is_some() => {
                let f = self.anchor_in(post, f).unwrap_or_default();
                Some(format!("{}{f}", self.prefixes[post]))
            }
            f => {
                self.warn(
                    doc,
                    line,
                    format!("link to {url}: that post has no anchor \"{f}\"; the link goes to its start"),
                );
                None
            }
        };
        LinkTarget::Post { post, anchor }
    }

    /// The anchor of post `post` that the fragment `fragment` names, as written or
    /// percent-decoded (`#%C3%A9t%C3%A9` names the id `été`); `Some("")` for the bare `#`.
    fn anchor_in(&self, post: usize, fragment: &str) -> Option<String> {
        if fragment.is_empty() || self.scans[post].has(fragment) {
            return Some(fragment.to_owned());
        }
        let decoded = percent_decode(fragment)?;
        self.scans[post].has(&decoded).then_some(decoded)
    }

    fn image(
        &mut self,
        doc: &Document,
        url: &str,
        line: u32,
        resources: &dyn Resources,
    ) -> ImageTarget {
        if url.trim().is_empty() {
            self.warn(doc, line, "image with an empty URL".to_owned());
            return ImageTarget::Missing;
        }
        if url
            .trim_start()
            .get(..5)
            .is_some_and(|s| s.eq_ignore_ascii_case("data:"))
        {
            return ImageTarget::Data;
        }
        let fetched = if is_remote(url) {
            if !self.options.load_images {
                return ImageTarget::Remote;
            }
            match resources.fetch(url) {
                Some(Ok(r)) => Some(r),
                Some(Err(e)) => {
                    self.warn(doc, line, format!("image {e}; a placeholder is shown"));
                    return ImageTarget::Missing;
                }
                None => {
                    self.warn(
                        doc,
                        line,
                        format!("image {url} is remote; quire does not fetch it"),
                    );
                    return ImageTarget::Remote;
                }
            }
        } else {
            None
        };
        if !self.options.load_images {
            return match resources.locate(url) {
                Ok(_) => ImageTarget::Found,
                Err(e) => {
                    self.warn(doc, line, not_found(url, &e));
                    ImageTarget::Missing
                }
            };
        }
        let resource = match fetched.map_or_else(|| resources.load(url), Ok) {
            Ok(r) => r,
            Err(e) => {
                self.warn(doc, line, not_found(url, &e));
                return ImageTarget::Missing;
            }
        };
        if let Some(&i) = self.by_location.get(&resource.location) {
            return ImageTarget::Loaded(i);
        }
        let Some(media_type) = media_type(&resource.bytes) else {
            self.warn(
                doc,
                line,
                format!(
                    "image {url} ({}) is not a PNG, JPEG, GIF, WebP or SVG image",
                    resource.location
                ),
            );
            return ImageTarget::Missing;
        };
        if media_type == "image/svg+xml" {
            if let Some(why) = unsafe_svg(&resource.bytes) {
                self.warn(
                    doc,
                    line,
                    format!("image {url} is an SVG with {why}: not embedded"),
                );
                return ImageTarget::Missing;
            }
        }
        if let Some((types, output)) = self.options.image_types {
            if !types.contains(&media_type) {
                self.warn(
                    doc,
                    line,
                    format!("image {url}: {media_type} images cannot be shown in {output}"),
                );
                return ImageTarget::Missing;
            }
        }
        let i = self.out.images.len();
        self.by_location.insert(resource.location.clone(), i);
        self.out.images.push(LoadedImage {
            location: resource.location,
            bytes: Arc::new(resource.bytes),
            media_type,
        });
        ImageTarget::Loaded(i)
    }
}

/// What makes an SVG file unfit to embed: a DOCTYPE (entities can expand without bound
/// and make the package's XML invalid), a script, or an event handler.
fn unsafe_svg(bytes: &[u8]) -> Option<&'static str> {
    let text = String::from_utf8_lossy(bytes).to_ascii_lowercase();
    if text.contains("<!doctype") || text.contains("<!entity") {
        Some("a DOCTYPE")
    } else if text.contains("<script") || text.contains("javascript:") {
        Some("a script")
    } else if rawhtml::start_tags(&text)
        .iter()
        .any(|t| t.attributes.iter().any(|(k, _)| k.starts_with("on")))
    {
        Some("an event handler")
    } else {
        None
    }
}

/// `%XX` escapes decoded, when there are some and they decode to UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return None;
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).and_then(|&c| hex(c)),
            b.get(i + 2).and_then(|&c| hex(c)),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The warning for an image that could not be had.
fn not_found(url: &str, e: &ResourceError) -> String {
    match e {
        ResourceError::NotFound { tried, .. } => {
            format!("image {url} not found (looked in {tried})")
        }
        other => format!("image {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regression_svg_images_with_a_doctype_or_a_script_are_not_embedded() {
        assert_eq!(
            unsafe_svg(b"<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x \"y\">]><svg/>"),
            Some("a DOCTYPE")
        );
        assert_eq!(
            unsafe_svg(b"<svg><script>alert(1)</script></svg>"),
            Some("a script")
        );
        assert_eq!(
            unsafe_svg(b"<svg onload=\"alert(1)\"/>"),
            Some("an event handler")
        );
        assert_eq!(
            unsafe_svg(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>"),
            None
        );
    }

    #[test]
    fn fragments_match_anchors_as_written_or_percent_decoded() {
        assert_eq!(percent_decode("%C3%A9t%C3%A9").as_deref(), Some("été"));
        assert_eq!(percent_decode("plain"), None);
        assert_eq!(percent_decode("%FF").as_deref(), None);
        let doc = crate::read_text(
            "## Été\n\n[a](#%C3%A9t%C3%A9) [b](#été)\n",
            None,
            &Default::default(),
        )
        .unwrap()
        .document;
        let res = resolve(&doc, &crate::NoResources, &ResolveOptions::default());
        let post = Resolved::new(&doc, &res, 0);
        assert_eq!(
            post.link("#%C3%A9t%C3%A9"),
            &LinkTarget::Anchor("été".into())
        );
        assert_eq!(post.link("#été"), &LinkTarget::Anchor("été".into()));
        assert!(res.warnings.is_empty(), "{:?}", res.warnings);
    }
}
