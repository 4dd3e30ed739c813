//! Typesetting for quire: fonts, shaping, line breaking and pagination, from the document
//! model to positioned pages, independently of any PDF library (so that layout is tested
//! on positions rather than on PDF bytes).
//!
//! [`typeset`] runs the pipeline: blocks become chunks (`layout`), paragraphs are shaped
//! and broken into lines with Knuth-Plass ([`linebreak`]), and the chunks are cut into
//! pages where their keep rules allow.

pub mod fonts;
pub mod highlight;
pub mod hyphen;
mod layout;
pub mod linebreak;
mod math;
pub mod page;
mod paginate;
mod para;
pub mod shape;
mod theme;
mod toc;

use std::sync::Arc;

use quire_core::resolve::{IdScope, LoadedImage};
use quire_core::{Document, Resolution, ResolveOptions, Resolved};

use layout::{Chunk, Flow, Layout, Part};

pub use fonts::{FontBook, FontConfig};
pub use layout::FootnotePlacement;
pub use page::{DocInfo, Element, Page, Pages, Timestamp};
/// Escaping for XML, for the writers of typeset pages (the PDF's XMP packet), which see
/// quire-core only through this crate: the same helper as every other writer's.
pub use quire_core::escape;
pub use theme::Theme;

/// Paper sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Paper {
    /// ISO A4, 210 x 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 x 11 in.
    Letter,
    /// ISO A5, 148 x 210 mm.
    A5,
}

impl Paper {
    /// Width and height in points.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.276, 841.89),
            Paper::Letter => (612.0, 792.0),
            Paper::A5 => (419.528, 595.276),
        }
    }
}

/// Page margins in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    /// Top.
    pub top: f32,
    /// Right.
    pub right: f32,
    /// Bottom (the page number sits in it).
    pub bottom: f32,
    /// Left.
    pub left: f32,
}

/// How to typeset.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TypesetOptions {
    /// Paper size.
    pub paper: Paper,
    /// Margins; `None` for the defaults: the theme's top and bottom for the paper, left
    /// and right what the paper leaves around a measure of the theme's `measure_chars`
    /// (66) characters at `font_size`.
    pub margins: Option<Margins>,
    /// Body text size in points.
    pub font_size: f32,
    /// Justify paragraphs (else ragged right).
    pub justify: bool,
    /// Hyphenate by the post's language.
    pub hyphenate: bool,
    /// Colour code blocks with a known language.
    pub highlight: bool,
    /// Set the title block (title, subtitle, byline, description) at the top.
    pub title_block: bool,
    /// Footnotes at the foot of their page, or at the end of the post.
    pub footnotes: FootnotePlacement,
    /// A table of contents with page numbers (always in books).
    pub toc: bool,
    /// How many heading levels the contents list (books count the posts as one).
    pub toc_depth: u8,
    /// Sizes, spaces and colours.
    pub theme: Theme,
    /// The time, in seconds since 1970, that dates a document whose post has no date
    /// (`SOURCE_DATE_EPOCH`): the document info's creation (and a book's modification)
    /// time. Never read from the clock, so the same input gives the same file.
    pub source_date: Option<i64>,
}

impl Default for TypesetOptions {
    fn default() -> Self {
        TypesetOptions {
            paper: Paper::A4,
            margins: None,
            font_size: 10.5,
            justify: true,
            hyphenate: true,
            highlight: true,
            title_block: true,
            footnotes: FootnotePlacement::Page,
            toc: false,
            toc_depth: 3,
            theme: Theme::default(),
            source_date: None,
        }
    }
}

impl TypesetOptions {
    /// The margins in effect.
    pub fn margins(&self) -> Margins {
        if let Some(m) = self.margins {
            return m;
        }
        let theme = &self.theme;
        let mut m = match self.paper {
            Paper::A4 => theme.margins_a4,
            Paper::Letter => theme.margins_letter,
            Paper::A5 => theme.margins_a5,
        };
        // The measure follows the type, not the paper: about 66 characters at the chosen
        // size, centred, on every paper.
        let measure = theme.measure_chars * theme.average_char_width * self.font_size;
        let side = ((self.paper.size().0 - measure) / 2.0).max(theme.min_side_margin);
        m.left = side;
        m.right = side;
        m
    }

    /// The text width.
    pub fn measure(&self) -> f32 {
        let m = self.margins();
        (self.paper.size().0 - m.left - m.right).max(self.theme.min_text_area)
    }

    pub(crate) fn text_height(&self) -> f32 {
        let m = self.margins();
        (self.paper.size().1 - m.top - m.bottom).max(self.theme.min_text_area)
    }
}

/// The most pixels an image may declare to be placed: decoding needs four bytes a pixel
/// whatever the file's size (50 megapixels: 200 MB; a full A4 page at 300 dpi is 8.7).
pub const MAX_IMAGE_PIXELS: u64 = 50_000_000;

/// Decodes an image (PNG, GIF, WebP) within memory limits, to know the PDF writer can.
pub fn decode_check(bytes: &[u8]) -> Result<(), image::ImageError> {
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format()?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_IMAGE_PIXELS * 4 + (64 << 20));
    reader.limits(limits);
    reader.decode().map(drop)
}

/// The image types a PDF holds: JPEG as it is, PNG, GIF and WebP decoded.
pub const PDF_IMAGE_TYPES: &[&str] = &["image/jpeg", "image/png", "image/gif", "image/webp"];

/// What the typesetter needs of the resolution pass: images read (the types a PDF can
/// hold) and, for a book, one id space with ids prefixed per post.
pub fn resolve_options(book: bool) -> ResolveOptions {
    let mut o = ResolveOptions::default();
    o.load_images = true;
    o.image_types = Some((PDF_IMAGE_TYPES, "PDF"));
    o.ids = if book {
        IdScope::PerPost
    } else {
        IdScope::Plain
    };
    o
}

/// What a book has beyond its posts.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct BookOptions {
    /// The book's title.
    pub title: String,
    /// Its authors.
    pub authors: Vec<String>,
    /// A cover image (name for messages, bytes); else a typeset title page.
    pub cover: Option<(String, Vec<u8>)>,
    /// Its language (BCP 47), for the document info.
    pub lang: Option<String>,
}

/// Lays out one resolved post into a flow of its own (section `section`; `book`: it
/// starts a page and its title goes in the outline).
fn layout_post(
    post: Resolved<'_>,
    fonts: &FontBook,
    options: &TypesetOptions,
    section: u32,
    book: bool,
) -> Flow {
    let doc = post.doc;
    let hyphenate = if options.hyphenate {
        hyphen::Hyphenate::new(doc.meta.lang.as_deref().unwrap_or(""))
    } else {
        hyphen::Hyphenate::none()
    };
    let mut layout = Layout::new(fonts, &hyphenate, options, Some(post));
    layout.section = section;
    layout.title_outline = book;
    if options.title_block {
        layout.title_block(doc);
    }
    layout.document(doc);
    if book {
        if let Some(first) = layout.chunks.first_mut() {
            first.page_break_before = true;
        }
    }
    Flow {
        chunks: std::mem::take(&mut layout.chunks),
        notes: std::mem::take(&mut layout.notes),
        repeats: std::mem::take(&mut layout.repeats),
        // The running head, punctuated as the title block.
        headers: vec![
            quire_core::smart::punctuate(doc.meta.title.as_deref().unwrap_or_default())
                .into_owned(),
        ],
        images: std::mem::take(&mut layout.images),
        warnings: std::mem::take(&mut layout.warnings),
    }
}

/// Appends `other` to `flow`, renumbering its images and repeated chunks.
fn append(flow: &mut Flow, mut other: Flow) {
    let image_base = flow.images.len();
    let repeat_base = flow.repeats.len() as u32;
    let fix = |c: &mut Chunk| {
        if let Some(r) = &mut c.repeat {
            *r += repeat_base;
        }
        for e in &mut c.elements {
            if let Element::Image { image, .. } = e {
                *image += image_base;
            }
        }
    };
    other.chunks.iter_mut().for_each(fix);
    other.repeats.iter_mut().for_each(fix);
    other.notes.values_mut().flatten().for_each(fix);
    flow.chunks.append(&mut other.chunks);
    flow.repeats.append(&mut other.repeats);
    flow.notes.extend(other.notes);
    flow.headers.append(&mut other.headers);
    flow.images.append(&mut other.images);
    flow.warnings.append(&mut other.warnings);
}

/// Typesets one resolved post (resolved with [`resolve_options`]`(false)`) into pages.
pub fn typeset(post: &Resolved<'_>, fonts: &FontBook, options: &TypesetOptions) -> Pages {
    let flow = layout_post(*post, fonts, options, 0, false);
    let toc_at = options
        .toc
        .then(|| flow.chunks.iter().take_while(|c| c.plain).count());
    let mut pages = finish(flow, toc_at, fonts, options, Part::Body, 0);
    pages.info = post_info(post.doc, options);
    pages
}

/// A post's document info, from its front matter.
fn post_info(doc: &Document, options: &TypesetOptions) -> DocInfo {
    let meta = &doc.meta;
    let created = meta.date.map(|d| d.unix_seconds()).or(options.source_date);
    let modified = meta.updated.map(|d| d.unix_seconds()).or(created);
    DocInfo {
        title: meta.title.clone().unwrap_or_default(),
        authors: meta.authors.clone(),
        subject: meta.description.clone().unwrap_or_default(),
        keywords: meta.tags.clone(),
        lang: meta
            .lang
            .clone()
            .filter(|l| quire_core::meta::is_language_tag(l)),
        created: created.map(Timestamp::from_unix_seconds),
        modified: modified.map(Timestamp::from_unix_seconds),
    }
}

/// A book's document info, from its options; it is as new as its newest post.
fn book_info(docs: &[&Document], options: &TypesetOptions, book: &BookOptions) -> DocInfo {
    let created = docs
        .iter()
        .filter_map(|d| d.meta.date.map(|d| d.unix_seconds()))
        .max()
        .or(options.source_date);
    let modified = options.source_date.or(created);
    DocInfo {
        title: book.title.clone(),
        authors: book.authors.clone(),
        lang: book.lang.clone(),
        created: created.map(Timestamp::from_unix_seconds),
        modified: modified.map(Timestamp::from_unix_seconds),
        ..DocInfo::default()
    }
}

/// Resolves one post and typesets it; the resolution's warnings come first.
pub fn typeset_post(
    doc: &Document,
    fonts: &FontBook,
    options: &TypesetOptions,
    resources: &dyn quire_core::Resources,
) -> Pages {
    let resolution = quire_core::resolve(doc, resources, &resolve_options(false));
    let mut pages = typeset(&Resolved::new(doc, &resolution, 0), fonts, options);
    let mut warnings = resolution.warnings;
    warnings.append(&mut pages.warnings);
    pages.warnings = warnings;
    pages
}

/// Typesets resolved posts (resolved as a book with [`resolve_options`]`(true)`) as one
/// book: a cover, the contents, then each post from a new page with its own title block.
pub fn typeset_book(
    docs: &[&Document],
    resolution: &Resolution,
    fonts: &FontBook,
    options: &TypesetOptions,
    book: &BookOptions,
) -> Pages {
    use rayon::prelude::*;
    let flows: Vec<Flow> = docs
        .par_iter()
        .enumerate()
        .map(|(i, doc)| {
            layout_post(
                Resolved::new(doc, resolution, i),
                fonts,
                options,
                i as u32,
                true,
            )
        })
        .collect();
    let n = docs.len() as u32;
    // The cover comes first; sections are the posts 0..n, the contents n, the cover n + 1
    // (the cover's flow carries no header, so the headers stay indexed by section).
    let mut all = cover_flow(docs, fonts, options, book, n + 1);
    let cover_len = all.chunks.len();
    for f in flows {
        append(&mut all, f);
    }
    all.headers
        .push(quire_core::smart::punctuate(&book.title).into_owned());
    all.headers.push(String::new());
    let mut pages = finish(all, Some(cover_len), fonts, options, Part::Front, n);
    pages.info = book_info(docs, options, book);
    pages
}

fn cover_flow(
    docs: &[&Document],
    fonts: &FontBook,
    options: &TypesetOptions,
    book: &BookOptions,
    section: u32,
) -> Flow {
    let hyphenate = hyphen::Hyphenate::none();
    let mut layout = Layout::new(fonts, &hyphenate, options, None);
    layout.section = section;
    layout.part = Part::Cover;
    layout.cover = book.cover.as_ref().map(|(name, bytes)| LoadedImage {
        location: name.clone(),
        bytes: Arc::new(bytes.clone()),
        media_type: quire_core::resource::media_type(bytes).unwrap_or("unknown"),
    });
    let dates: Vec<quire_core::Date> = docs.iter().filter_map(|d| d.meta.date).collect();
    let range = match (dates.iter().min(), dates.iter().max()) {
        (Some(a), Some(b)) if a.year == b.year && a.month == b.month => {
            format!("{:04}-{:02}", a.year, a.month)
        }
        (Some(a), Some(b)) => format!(
            "{:04}-{:02} – {:04}-{:02}",
            a.year, a.month, b.year, b.month
        ),
        _ => String::new(),
    };
    layout.cover_page(
        &quire_core::smart::punctuate(&book.title),
        &book.authors,
        &range,
        book.cover.as_ref().map(|(name, _)| name.as_str()),
    );
    Flow {
        chunks: std::mem::take(&mut layout.chunks),
        images: std::mem::take(&mut layout.images),
        warnings: std::mem::take(&mut layout.warnings),
        ..Flow::default()
    }
}

/// How many times the contents are laid out and paginated, at most, for their page
/// numbers to settle.
const TOC_PASSES: usize = 4;

/// Runs `pass` until it reports that nothing changed, at most `max` times: whether it
/// settled (the last pass run changed nothing).
fn settle(max: usize, mut pass: impl FnMut() -> bool) -> bool {
    for _ in 0..max {
        if !pass() {
            return true;
        }
    }
    false
}

/// Paginates, with a table of contents at `toc_at` when asked: the contents need the page
/// numbers they list, so the flow is paginated until those numbers stop moving.
fn finish(
    mut flow: Flow,
    toc_at: Option<usize>,
    fonts: &FontBook,
    options: &TypesetOptions,
    toc_part: Part,
    toc_section: u32,
) -> Pages {
    let text_height = options.text_height();
    if let Some(at) = toc_at {
        let mut shown: Vec<toc::Entry> = Vec::new();
        let mut inserted = 0;
        let settled = settle(TOC_PASSES, || {
            paginate::float_figures(&mut flow, text_height, &options.theme);
            let plans = paginate::plan(&flow, text_height, &options.theme);
            let (anchors, printed) = paginate::locate(&flow, &plans, options);
            let entries = toc::entries(
                &flow,
                &anchors,
                &printed,
                options.toc_depth,
                toc_part == Part::Front,
            );
            if entries == shown {
                return false;
            }
            let chunks = toc::chunks(&entries, fonts, options, toc_part, toc_section);
            flow.chunks
                .splice(at..at + inserted, chunks.iter().cloned());
            inserted = chunks.len();
            shown = entries;
            true
        });
        if !settled {
            // The contents went in with the numbers of the last pass, which moved what
            // they list once more: say so rather than print numbers that may be wrong.
            flow.warnings.push(quire_core::Diagnostic::warning(
                None,
                0,
                format!(
                    "the contents' page numbers did not settle after {TOC_PASSES} passes \
                     and may be off by a page"
                ),
            ));
        }
    }
    paginate::float_figures(&mut flow, text_height, &options.theme);
    let plans = paginate::plan(&flow, text_height, &options.theme);
    let placed = paginate::assemble(&mut flow, &plans, fonts, options);
    pages(flow, placed)
}

fn pages(flow: Flow, placed: paginate::Placed) -> Pages {
    Pages {
        pages: placed.pages,
        images: flow.images,
        outline: placed.outline,
        warnings: flow.warnings,
        labels: placed.labels,
        info: DocInfo::default(),
    }
}

#[cfg(test)]
mod tests;
