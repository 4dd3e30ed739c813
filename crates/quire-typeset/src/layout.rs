//! Blocks to chunks: every block becomes a run of vertical chunks (a paragraph line, a
//! code line, an image, a rule) that carry their own keep rules; the paginator then cuts
//! the run into pages only where the rules allow.

use std::collections::HashMap;
use std::sync::Arc;

use quire_core::{
    plain_text, Alignment, Block, CodeBlock, Diagnostic, Document, Image, Inline, LinkKind, List,
    Resources, Table,
};

use crate::fonts::{FontBook, Variant};
use crate::hyphen::Hyphenate;
use crate::page::{Color, Element, ImageData, PlacedGlyph, TextRun};
use crate::para::{Align, Composer, Line, Style, Text};
use crate::TypesetOptions;

pub(crate) const INK: Color = Color::rgb(0.1, 0.1, 0.1);
const MUTED: Color = Color::rgb(0.38, 0.38, 0.42);
const LINK: Color = Color::rgb(0.09, 0.27, 0.58);
const RULE: Color = Color::rgb(0.72, 0.72, 0.75);
const CODE_BG: Color = Color::rgb(0.955, 0.958, 0.968);
const QUOTE_BAR: Color = Color::rgb(0.78, 0.78, 0.82);

/// A background or bar drawn beside/behind a chunk (code shading, quote rules), so that
/// it follows the chunk onto whatever page it lands on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decor {
    pub x: f32,
    pub w: f32,
    pub color: Color,
    /// Also cover the gap above the chunk (when it is not first on its page).
    pub covers_gap: bool,
}

/// A vertical unit of the flow.
#[derive(Debug, Clone, Default)]
pub(crate) struct Chunk {
    pub height: f32,
    pub space_before: f32,
    /// Elements, x on the page, y from the chunk's top.
    pub elements: Vec<Element>,
    /// No page break may come right before this chunk.
    pub keep_with_prev: bool,
    pub decor: Vec<Decor>,
    /// Ids whose target is this chunk's top.
    pub anchors: Vec<String>,
    /// An outline entry at this chunk: (level, title).
    pub outline: Option<(u8, String)>,
    /// Start a new page here.
    pub page_break_before: bool,
    /// Footnotes first referenced here (numbers within the chunk's section).
    pub notes: Vec<u32>,
    /// The post (section) this chunk belongs to.
    pub section: u32,
    /// When a page starts with this chunk, repeat this chunk of [`Flow::repeats`] first
    /// (a table's header row).
    pub repeat: Option<u32>,
    /// The page holding this chunk gets no running header (title pages).
    pub plain: bool,
    /// Which numbering the page belongs to.
    pub part: Part,
}

/// The numbering parts of a book: the cover has no number, front matter (contents) is
/// numbered in roman, the body in arabic from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Part {
    Cover,
    Front,
    #[default]
    Body,
}

/// Where footnotes go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum FootnotePlacement {
    /// At the foot of the page that references them.
    #[default]
    Page,
    /// Gathered at the end of the post.
    End,
}

/// Everything laid out, ready to paginate.
#[derive(Debug, Default)]
pub(crate) struct Flow {
    pub chunks: Vec<Chunk>,
    /// Footnote bodies by (section, number).
    pub notes: HashMap<(u32, u32), Vec<Chunk>>,
    /// Chunks repeated at page tops (table headers).
    pub repeats: Vec<Chunk>,
    /// Running header text per section.
    pub headers: Vec<String>,
    pub images: Vec<ImageData>,
    pub warnings: Vec<Diagnostic>,
}

struct Ctx {
    left: f32,
    width: f32,
    decor: Vec<Decor>,
    /// The base text size here (smaller in footnotes).
    size: f32,
}

pub(crate) struct Layout<'a> {
    pub chunks: Vec<Chunk>,
    pub notes: HashMap<(u32, u32), Vec<Chunk>>,
    pub repeats: Vec<Chunk>,
    /// The post index, for chunks and footnote keys.
    pub section: u32,
    /// Prefix of every id in this post (bundles), so ids of posts never clash.
    pub prefix: String,
    /// Other posts' URLs to their anchors (bundles).
    pub links: Option<&'a HashMap<String, String>>,
    /// Give the title an outline entry of level 0 (bundles: one entry per post).
    pub title_outline: bool,
    pub part: Part,
    pub images: Vec<ImageData>,
    pub warnings: Vec<Diagnostic>,
    composer: Composer<'a>,
    options: &'a TypesetOptions,
    resources: &'a dyn Resources,
    file: Option<String>,
    image_index: HashMap<String, Option<usize>>,
    /// Space the next chunk must leave above it (after headings).
    pending_space: f32,
    /// The next chunk may not be preceded by a page break (after headings).
    pending_keep: bool,
    pending_anchors: Vec<String>,
    warned_chars: std::collections::HashSet<char>,
    /// The height of the text area (from the options).
    text_height: f32,
}

fn plain(size: f32) -> Style {
    Style::plain(size, INK)
}

impl<'a> Layout<'a> {
    pub fn new(
        book: &'a FontBook,
        hyphenate: &'a Hyphenate,
        options: &'a TypesetOptions,
        resources: &'a dyn Resources,
        file: Option<String>,
    ) -> Layout<'a> {
        Layout {
            chunks: Vec::new(),
            notes: HashMap::new(),
            repeats: Vec::new(),
            section: 0,
            prefix: String::new(),
            links: None,
            title_outline: false,
            part: Part::Body,
            images: Vec::new(),
            warnings: Vec::new(),
            composer: Composer {
                book,
                hyphenate,
                leading: 1.38,
                missing: Vec::new(),
            },
            options,
            resources,
            file,
            image_index: HashMap::new(),
            pending_space: 0.0,
            pending_keep: false,
            pending_anchors: Vec::new(),
            warned_chars: Default::default(),
            text_height: options.text_height(),
        }
    }

    fn push(&mut self, mut chunk: Chunk) {
        chunk.space_before = chunk.space_before.max(self.pending_space);
        chunk.keep_with_prev |= self.pending_keep;
        chunk.anchors.append(&mut self.pending_anchors);
        chunk.section = self.section;
        chunk.part = self.part;
        self.pending_space = 0.0;
        self.pending_keep = false;
        self.chunks.push(chunk);
    }

    /// Warns once per character no font has, at `line`.
    fn flush_missing(&mut self, line: u32) {
        let missing = std::mem::take(&mut self.composer.missing);
        for c in missing {
            if self.warned_chars.insert(c) {
                self.warnings.push(
                    Diagnostic::warning(
                        self.file.as_deref(),
                        line,
                        format!(
                            "no font has a glyph for {c:?} (U+{:04X}); it prints as a box",
                            c as u32
                        ),
                    )
                    .with_hint("install a font that covers it, or pass --font-dir"),
                );
            }
        }
    }

    /// Lines of text as chunks, with widow and orphan control.
    fn push_lines(
        &mut self,
        lines: Vec<Line>,
        ctx: &Ctx,
        align_x: f32,
        space_before: f32,
        keep_all: bool,
    ) {
        let n = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            let mut elements = line.elements;
            for e in &mut elements {
                shift(e, ctx.left + align_x, 0.0);
            }
            let keep = keep_all && i > 0 || (n >= 2 && (i == 1 || i + 1 == n) && i > 0);
            self.push(Chunk {
                height: line.height,
                space_before: if i == 0 { space_before } else { 0.0 },
                elements,
                keep_with_prev: keep,
                decor: ctx.decor.clone(),
                notes: line.notes,
                ..Chunk::default()
            });
        }
    }

    pub fn title_block(&mut self, doc: &Document) {
        let meta = &doc.meta;
        let base = self.options.font_size;
        let ctx = Ctx {
            left: 0.0,
            width: self.options.measure(),
            decor: Vec::new(),
            size: base,
        };
        let first = self.chunks.len();
        // The post's own anchor (bundles link to it), and the id of a first heading that
        // repeats the title (the title block stands for it).
        self.pending_anchors.push(format!("{}top", self.prefix));
        if doc.body_after_title().len() < doc.blocks.len() {
            if let Some(Block::Heading(h)) = doc.blocks.first() {
                self.pending_anchors
                    .push(format!("{}{}", self.prefix, h.id));
            }
        }
        let add = |layout: &mut Self, s: &str, style: Style, align: Align, before: f32| {
            let mut t = Text::default();
            t.push(s, &style);
            let lines = layout.composer.set(&t, ctx.width, align);
            layout.push_lines(lines, &ctx, 0.0, before, true);
        };
        let title = meta.title.clone().unwrap_or_default();
        if !title.is_empty() {
            let mut s = plain(base * 2.0);
            s.variant.bold = true;
            s.no_hyphens = true;
            add(self, &title, s, Align::Center, 0.0);
        }
        if let Some(sub) = &meta.subtitle {
            let mut s = plain(base * 1.3);
            s.variant.italic = true;
            add(self, sub, s, Align::Center, base * 0.3);
        }
        let mut byline = meta.authors.join(", ");
        if let Some(date) = meta.date {
            if !byline.is_empty() {
                byline.push_str(" · ");
            }
            byline.push_str(&format!(
                "{:04}-{:02}-{:02}",
                date.year, date.month, date.day
            ));
        }
        if !byline.is_empty() {
            let mut s = plain(base * 1.05);
            s.color = MUTED;
            add(self, &byline, s, Align::Center, base * 0.6);
        }
        if let Some(desc) = &meta.description {
            let mut s = plain(base * 0.98);
            s.variant.italic = true;
            add(self, desc, s, Align::Center, base * 0.8);
        }
        // A short rule under the block.
        let w = self.options.measure();
        self.push(Chunk {
            height: base * 1.2,
            space_before: base * 0.4,
            elements: vec![Element::Line {
                x1: w * 0.35,
                y1: base * 0.6,
                x2: w * 0.65,
                y2: base * 0.6,
                width: 0.6,
                color: RULE,
            }],
            ..Chunk::default()
        });
        // The block is one unit, on a page without a running header.
        for (i, c) in self.chunks[first..].iter_mut().enumerate() {
            c.keep_with_prev = i > 0;
            c.plain = true;
        }
        if self.title_outline {
            if let Some(c) = self.chunks.get_mut(first) {
                c.outline = Some((
                    0,
                    if title.is_empty() {
                        "Untitled".into()
                    } else {
                        title
                    },
                ));
            }
        }
        self.flush_missing(1);
    }

    pub fn document(&mut self, doc: &Document) {
        let ctx = Ctx {
            left: 0.0,
            width: self.options.measure(),
            decor: Vec::new(),
            size: self.options.font_size,
        };
        let blocks = if self.options.title_block {
            doc.body_after_title()
        } else {
            &doc.blocks
        };
        self.blocks(blocks, &ctx, true);
        if doc.footnotes.is_empty() {
            return;
        }
        let size = self.options.font_size * 0.86;
        let indent = size * 1.8;
        let inner = Ctx {
            left: indent,
            width: ctx.width - indent,
            decor: Vec::new(),
            size,
        };
        if self.options.footnotes == FootnotePlacement::End {
            self.push(Chunk {
                height: size,
                space_before: size * 1.5,
                elements: vec![Element::Line {
                    x1: 0.0,
                    y1: size * 0.5,
                    x2: ctx.width * 0.3,
                    y2: size * 0.5,
                    width: 0.5,
                    color: RULE,
                }],
                ..Chunk::default()
            });
        }
        for note in &doc.footnotes {
            let number = format!("{}.", note.number);
            self.pending_anchors
                .push(format!("{}fn-{}", self.prefix, note.number));
            if self.options.footnotes == FootnotePlacement::End {
                let first = self.chunks.len();
                self.blocks(&note.blocks, &inner, true);
                self.marker(first, &number, size, 0.0, indent, note.line);
            } else {
                // Laid out on their own, placed by the paginator at the foot of the page
                // that first references them.
                let body = std::mem::take(&mut self.chunks);
                self.blocks(&note.blocks, &inner, false);
                if self.chunks.is_empty() {
                    self.push(Chunk {
                        height: size * 1.3,
                        ..Chunk::default()
                    });
                }
                self.marker(0, &number, size, 0.0, indent, note.line);
                if let Some(c) = self.chunks.first_mut() {
                    c.space_before = size * 0.3;
                }
                let chunks = std::mem::replace(&mut self.chunks, body);
                self.notes.insert((self.section, note.number), chunks);
            }
        }
    }

    /// A book's first page: the cover image filling the text area, or the title, authors
    /// and the span of the posts' dates.
    pub fn cover_page(
        &mut self,
        title: &str,
        authors: &[String],
        dates: &str,
        image: Option<&str>,
    ) {
        let base = self.options.font_size;
        let width = self.options.measure();
        let ctx = Ctx {
            left: 0.0,
            width,
            decor: Vec::new(),
            size: base,
        };
        let first = self.chunks.len();
        if let Some(url) = image {
            let img = Image::new(url.to_owned(), String::new(), title.to_owned(), 0);
            self.image(&img, &ctx, 0.0);
            // The image may take the whole page here.
            if let Some(c) = self.chunks.get_mut(first) {
                if let Some(Element::Image { w, h, x, .. }) = c.elements.first_mut() {
                    let scale = (width / *w).min(self.text_height / *h);
                    *w *= scale;
                    *h *= scale;
                    *x = (width - *w) / 2.0;
                    c.height = *h;
                }
            }
        } else {
            self.push(Chunk {
                height: self.text_height * 0.28,
                ..Chunk::default()
            });
            let add = |layout: &mut Self,
                       text: &str,
                       size: f32,
                       bold: bool,
                       italic: bool,
                       before: f32| {
                if text.is_empty() {
                    return;
                }
                let mut s = plain(size);
                s.variant.bold = bold;
                s.variant.italic = italic;
                s.no_hyphens = true;
                let mut t = Text::default();
                t.push(text, &s);
                let lines = layout.composer.set(&t, width, Align::Center);
                layout.push_lines(lines, &ctx, 0.0, before, true);
            };
            add(
                self,
                if title.is_empty() { "Untitled" } else { title },
                base * 2.6,
                true,
                false,
                0.0,
            );
            add(
                self,
                &authors.join(", "),
                base * 1.4,
                false,
                false,
                base * 2.0,
            );
            add(self, dates, base * 1.1, false, true, base * 1.0);
        }
        for (i, c) in self.chunks[first..].iter_mut().enumerate() {
            c.keep_with_prev = i > 0;
            c.plain = true;
            c.part = Part::Cover;
        }
    }

    /// The table of contents: a heading, then one entry per line with dot leaders and the
    /// page number, each a link to its heading.
    pub fn toc(&mut self, entries: &[crate::toc::Entry], new_page: bool) {
        let base = self.options.font_size;
        let width = self.options.measure();
        let first = self.chunks.len();
        let mut head = plain(base * 1.6);
        head.variant.bold = true;
        let mut t = Text::default();
        t.push("Contents", &head);
        let lines = self.composer.set(&t, width, Align::Left);
        let ctx = Ctx {
            left: 0.0,
            width,
            decor: Vec::new(),
            size: base,
        };
        self.push_lines(lines, &ctx, 0.0, base * 1.2, true);
        self.pending_space = base * 0.6;
        self.pending_keep = true;
        let number_w = base * 3.0;
        let dot = self
            .composer
            .book
            .shape(self.composer.book.primary(plain(base).variant), ".");
        let dot_font = dot.font;
        for entry in entries {
            let indent = f32::from(entry.level) * base * 1.5;
            let mut style = plain(base);
            style.variant.bold = entry.level == 0 && new_page;
            style.no_hyphens = true;
            style.link = Some(Arc::from(format!("#{}", entry.anchor).as_str()));
            let mut t = Text::default();
            t.push(&entry.title, &style);
            let avail = (width - indent - number_w - base).max(base * 4.0);
            let lines = self.composer.set(&t, avail, Align::Left);
            let n = lines.len();
            for (k, line) in lines.into_iter().enumerate() {
                let mut elements = line.elements;
                for e in &mut elements {
                    // Entry text keeps its ink colour: a contents page is not a page of links.
                    if let Element::Text(r) = e {
                        r.color = INK;
                    }
                    shift(e, indent, 0.0);
                }
                let baseline = elements.iter().find_map(|e| match e {
                    Element::Text(r) => Some(r.y),
                    _ => None,
                });
                if k + 1 == n {
                    let end = elements
                        .iter()
                        .filter_map(|e| match e {
                            Element::Text(r) => Some(r.end()),
                            _ => None,
                        })
                        .fold(indent, f32::max);
                    let y = baseline.unwrap_or(base);
                    // Leaders on a grid shared by every line, so the dots line up.
                    let step = base * 0.55;
                    let mut x = ((end + base * 0.6) / step).ceil() * step;
                    let mut dots = Vec::new();
                    let stop = width - number_w;
                    let glyph = dot.glyphs.first().cloned();
                    if let Some(g) = glyph {
                        let adv = g.advance * base;
                        let start = x;
                        while x + adv <= stop {
                            dots.push(PlacedGlyph {
                                id: g.id,
                                advance: step,
                                text: g.text.clone(),
                            });
                            x += step;
                        }
                        if !dots.is_empty() {
                            elements.push(Element::Text(TextRun {
                                font: dot_font,
                                size: base,
                                x: start,
                                y,
                                color: MUTED,
                                glyphs: dots,
                            }));
                        }
                    }
                    let number = self.composer.book.shape_styled(
                        plain(base).variant,
                        &entry.page,
                        &mut Vec::new(),
                    );
                    let nw: f32 = number.iter().map(|r| r.width * base).sum();
                    elements.extend(TextRun::line_of(&number, width - nw, y, base, INK).0);
                    // The whole line is the link.
                    elements.retain(|e| !matches!(e, Element::Link { .. }));
                    elements.push(Element::Link {
                        x: indent,
                        y: 0.0,
                        w: width - indent,
                        h: line.height,
                        target: crate::page::LinkTarget::Uri(format!("#{}", entry.anchor)),
                    });
                }
                let before = if k == 0 && entry.level == 0 && new_page {
                    base * 0.7
                } else if k == 0 {
                    base * 0.15
                } else {
                    0.0
                };
                self.push(Chunk {
                    height: line.height,
                    space_before: before,
                    elements,
                    keep_with_prev: k > 0,
                    ..Chunk::default()
                });
            }
        }
        if new_page {
            if let Some(c) = self.chunks.get_mut(first) {
                c.page_break_before = true;
            }
        }
        // After the contents, the text starts on a new page in books; in a post, a gap.
        self.pending_space = 0.0;
        self.pending_keep = false;
    }

    fn blocks(&mut self, blocks: &[Block], ctx: &Ctx, loose: bool) {
        let gap = if loose {
            ctx.size * 0.65
        } else {
            ctx.size * 0.2
        };
        for block in blocks {
            self.block(block, ctx, gap);
        }
    }

    fn block(&mut self, block: &Block, ctx: &Ctx, gap: f32) {
        match block {
            Block::Paragraph { content, line } => self.paragraph(content, *line, ctx, gap),
            Block::Heading(h) => {
                let level = h.level.clamp(1, 6);
                let scale = [1.6, 1.35, 1.17, 1.05, 1.0, 1.0][usize::from(level - 1)];
                let size = self.options.font_size * scale;
                let mut style = plain(size);
                style.variant.bold = level <= 5;
                style.variant.italic = level == 6;
                style.no_hyphens = true;
                let mut t = Text::default();
                self.inlines(&h.content, &style, &mut t);
                let lines = self.composer.set(&t, ctx.width, Align::Left);
                self.flush_missing(h.line);
                let first = self.chunks.len();
                if !h.id.is_empty() {
                    self.pending_anchors
                        .push(format!("{}{}", self.prefix, h.id));
                }
                self.push_lines(lines, ctx, 0.0, size * 1.25, true);
                if let Some(c) = self.chunks.get_mut(first) {
                    c.outline = Some((level, plain_text(&h.content).trim().to_owned()));
                }
                self.pending_space = size * 0.45;
                self.pending_keep = true;
            }
            Block::BlockQuote { blocks } => {
                let indent = nest_indent(ctx, ctx.size * 1.4);
                let mut decor = ctx.decor.clone();
                decor.push(Decor {
                    x: ctx.left + ctx.size * 0.2,
                    w: 2.2,
                    color: QUOTE_BAR,
                    covers_gap: true,
                });
                let inner = Ctx {
                    left: ctx.left + indent,
                    width: ctx.width - indent,
                    decor,
                    size: ctx.size,
                };
                let first = self.chunks.len();
                self.pending_space = self.pending_space.max(gap);
                self.blocks(blocks, &inner, true);
                // The bar starts at the quote's first line, not in the gap above it.
                if let Some(c) = self.chunks.get_mut(first) {
                    if let Some(d) = c.decor.last_mut() {
                        d.covers_gap = false;
                    }
                }
            }
            Block::List(list) => self.list(list, ctx, gap),
            Block::CodeBlock(code) => self.code(code, ctx, gap),
            Block::Table(table) => self.table(table, ctx, gap),
            Block::ThematicBreak => {
                let w = ctx.width;
                self.push(Chunk {
                    height: ctx.size * 1.2,
                    space_before: gap,
                    elements: vec![Element::Line {
                        x1: ctx.left + w * 0.4,
                        y1: ctx.size * 0.6,
                        x2: ctx.left + w * 0.6,
                        y2: ctx.size * 0.6,
                        width: 0.6,
                        color: RULE,
                    }],
                    decor: ctx.decor.clone(),
                    ..Chunk::default()
                });
            }
            Block::Html { html, line } => {
                if let Some(tag) = quire_core::rawhtml::dropped_content(html) {
                    self.warnings.push(Diagnostic::warning(
                        self.file.as_deref(),
                        *line,
                        format!("raw HTML {tag} cannot be shown in PDF; dropped"),
                    ));
                }
                let text = quire_core::rawhtml::to_text(html);
                for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
                    // Its line ends are soft breaks, as in any text node.
                    let content = vec![Inline::text(para)];
                    self.paragraph(&content, *line, ctx, gap);
                }
            }
            _ => {}
        }
    }

    fn paragraph(&mut self, content: &[Inline], line: u32, ctx: &Ctx, gap: f32) {
        // A paragraph of images alone (the usual figure) sets them as blocks.
        let images: Vec<&Image> = content
            .iter()
            .filter_map(|i| match i {
                Inline::Image(img) => Some(&**img),
                Inline::Link(l) => match l.content.as_slice() {
                    [Inline::Image(img)] => Some(&**img),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        let only_images = !images.is_empty()
            && content.iter().all(|i| match i {
                Inline::Image(_) | Inline::HardBreak => true,
                Inline::Text { text } => text.trim().is_empty(),
                Inline::Link(l) => matches!(l.content.as_slice(), [Inline::Image(_)]),
                _ => false,
            });
        if only_images {
            for (i, img) in images.into_iter().enumerate() {
                self.image(img, ctx, if i == 0 { gap } else { ctx.size * 0.5 });
            }
            return;
        }
        let mut t = Text::default();
        self.inlines(content, &plain(ctx.size), &mut t);
        let align = if self.options.justify {
            Align::Justify
        } else {
            Align::Left
        };
        let lines = self.composer.set(&t, ctx.width, align);
        self.flush_missing(line);
        self.push_lines(lines, ctx, 0.0, gap, false);
    }

    /// Where a link goes: `#id` within the post (prefixed in bundles), another post of
    /// the book (its anchor), or the URL as written.
    fn link_target(&self, url: &str) -> String {
        if let Some(id) = url.strip_prefix('#') {
            return format!("#{}{id}", self.prefix);
        }
        if let Some(links) = self.links {
            let (base, fragment) = url.split_once('#').unwrap_or((url, ""));
            if let Some(anchor) = links
                .get(base)
                .or_else(|| links.get(base.trim_end_matches('/')))
            {
                return match fragment {
                    "" => anchor.clone(),
                    f => {
                        // The other post's prefix is its anchor's, up to "top".
                        let prefix = anchor.trim_end_matches("top");
                        format!("{prefix}{f}")
                    }
                };
            }
        }
        url.to_owned()
    }

    fn inlines(&mut self, inlines: &[Inline], style: &Style, out: &mut Text) {
        for inline in inlines {
            match inline {
                Inline::Text { text } => out.push_soft(text, style),
                Inline::Emphasis { content } => {
                    let mut s = style.clone();
                    s.variant.italic = !s.variant.italic;
                    self.inlines(content, &s, out);
                }
                Inline::Strong { content } => {
                    let mut s = style.clone();
                    s.variant.bold = true;
                    self.inlines(content, &s, out);
                }
                Inline::Strikethrough { content } => {
                    let mut s = style.clone();
                    s.strike = true;
                    self.inlines(content, &s, out);
                }
                Inline::Code { code } => {
                    let mut s = style.clone();
                    s.variant.mono = true;
                    s.size = style.size * 0.88;
                    s.url_breaks = true;
                    s.no_hyphens = true;
                    out.push(code, &s);
                }
                Inline::Link(link) => {
                    let mut s = style.clone();
                    s.color = LINK;
                    s.link = Some(Arc::from(self.link_target(&link.url).as_str()));
                    if link.kind != LinkKind::Normal || looks_like_url(&plain_text(&link.content)) {
                        s.url_breaks = true;
                        s.no_hyphens = true;
                    }
                    self.inlines(&link.content, &s, out);
                }
                Inline::Image(img) => {
                    let mut s = style.clone();
                    s.variant.italic = true;
                    s.color = MUTED;
                    out.push(&format!("[{}]", img.label()), &s);
                }
                Inline::FootnoteReference { number, .. } => {
                    let mut s = style.clone();
                    s.size = style.size * 0.68;
                    s.rise = style.size * 0.36;
                    s.link = Some(Arc::from(format!("#{}fn-{number}", self.prefix).as_str()));
                    s.color = LINK;
                    s.note = Some(*number);
                    out.push(&number.to_string(), &s);
                }
                Inline::HardBreak => out.push("\n", style),
                Inline::Html { html, .. } if quire_core::rawhtml::is_line_break(html) => {
                    out.push("\n", style);
                }
                _ => {}
            }
        }
    }

    /// Draws a list marker or note number right-aligned before the first line of the
    /// chunks that start at `first`.
    fn marker(&mut self, first: usize, text: &str, size: f32, left: f32, indent: f32, line: u32) {
        let Some(chunk) = self.chunks.get_mut(first) else {
            return;
        };
        let baseline = chunk
            .elements
            .iter()
            .find_map(|e| match e {
                Element::Text(r) => Some(r.y),
                _ => None,
            })
            .unwrap_or(size);
        let style = plain(size);
        let mut missing = Vec::new();
        let runs = self
            .composer
            .book
            .shape_styled(style.variant, text, &mut missing);
        let width: f32 = runs.iter().map(|r| r.width * size).sum();
        let x = left + indent - size * 0.5 - width;
        chunk
            .elements
            .extend(TextRun::line_of(&runs, x, baseline, size, INK).0);
        self.composer.missing.extend(missing);
        self.flush_missing(line);
    }

    fn list(&mut self, list: &List, ctx: &Ctx, gap: f32) {
        let level = ((ctx.left / (ctx.size * 1.6)) as usize).min(3);
        let indent = nest_indent(ctx, ctx.size * 1.6);
        let bullets = ["•", "◦", "▪", "–"];
        let count = list.items.len() as u64;
        let digits = list
            .start
            .map(|s| (s.saturating_add(count)).to_string().len())
            .unwrap_or(0);
        let indent = if digits > 2 {
            indent + ctx.size * 0.5 * (digits - 2) as f32
        } else {
            indent
        };
        let inner = Ctx {
            left: ctx.left + indent,
            width: ctx.width - indent,
            decor: ctx.decor.clone(),
            size: ctx.size,
        };
        let item_gap = if list.tight {
            ctx.size * 0.15
        } else {
            ctx.size * 0.55
        };
        for (i, item) in list.items.iter().enumerate() {
            let marker = match list.start {
                Some(start) => format!("{}.", start.saturating_add(i as u64)),
                None => bullets[level].to_owned(),
            };
            let first = self.chunks.len();
            self.pending_space = self.pending_space.max(if i == 0 { gap } else { item_gap });
            let task = item.task;
            if item.blocks.is_empty() {
                self.push(Chunk {
                    height: ctx.size * 1.38,
                    decor: ctx.decor.clone(),
                    ..Chunk::default()
                });
            }
            // The item's content, with room for a task box on its first line.
            if let Some(done) = task {
                let boxed = if done { "☑ " } else { "☐ " };
                let mut blocks = item.blocks.clone();
                if let Some(Block::Paragraph { content, .. }) = blocks.first_mut() {
                    content.insert(0, Inline::text(boxed));
                } else {
                    blocks.insert(
                        0,
                        Block::Paragraph {
                            content: vec![Inline::text(boxed)],
                            line: 0,
                        },
                    );
                }
                self.blocks(&blocks, &inner, !list.tight);
            } else {
                self.blocks(&item.blocks, &inner, !list.tight);
            }
            if let Some(c) = self.chunks.get_mut(first) {
                c.space_before = if i == 0 {
                    c.space_before.max(gap)
                } else {
                    item_gap
                };
            }
            if task.is_none() || list.start.is_some() {
                self.marker(first, &marker, ctx.size, ctx.left, indent, 0);
            }
        }
    }

    fn code(&mut self, code: &CodeBlock, ctx: &Ctx, gap: f32) {
        let size = ctx.size * 0.82;
        let pad = size * 0.7;
        let line_h = size * 1.32;
        let text = quire_core::code::expand_tabs(code.text.trim_end_matches('\n'), |_| 1);
        let spans = if self.options.highlight {
            code.language
                .as_deref()
                .and_then(|lang| crate::highlight::highlight(&text, lang))
        } else {
            None
        };
        let lines: Vec<Vec<crate::highlight::Span>> = match spans {
            Some(s) if s.len() == text.lines().count() => s,
            _ => text
                .lines()
                .map(|l| {
                    vec![crate::highlight::Span {
                        text: l.to_owned(),
                        color: INK,
                        bold: false,
                        italic: false,
                    }]
                })
                .collect(),
        };
        let avail = (ctx.width - 2.0 * pad).max(size * 8.0);
        let mut set_lines: Vec<Vec<Element>> = Vec::new();
        for spans in &lines {
            for row in self.code_line(spans, size, avail) {
                set_lines.push(row);
            }
        }
        if set_lines.is_empty() {
            set_lines.push(Vec::new());
        }
        self.flush_missing(code.line);
        let mut decor = ctx.decor.clone();
        decor.push(Decor {
            x: ctx.left,
            w: ctx.width,
            color: CODE_BG,
            covers_gap: false,
        });
        let n = set_lines.len();
        for (i, mut elements) in set_lines.into_iter().enumerate() {
            let top = if i == 0 { pad } else { 0.0 };
            let bottom = if i + 1 == n { pad } else { 0.0 };
            for e in &mut elements {
                shift(e, ctx.left + pad, top + line_h * 0.78);
            }
            self.push(Chunk {
                height: line_h + top + bottom,
                space_before: if i == 0 { gap } else { 0.0 },
                elements,
                keep_with_prev: i > 0 && (i == 1 || i + 1 == n),
                decor: decor.clone(),
                ..Chunk::default()
            });
        }
    }

    /// One code line, wrapped to `avail` with a continuation mark and hanging indent.
    fn code_line(
        &mut self,
        spans: &[crate::highlight::Span],
        size: f32,
        avail: f32,
    ) -> Vec<Vec<Element>> {
        // Flatten to glyphs with their fonts and colours.
        struct G {
            font: crate::fonts::FontId,
            color: Color,
            glyph: PlacedGlyph,
            breakable_after: bool,
        }
        let mut glyphs: Vec<G> = Vec::new();
        for span in spans {
            let variant = Variant {
                mono: true,
                bold: span.bold,
                italic: span.italic,
            };
            for run in
                self.composer
                    .book
                    .shape_styled(variant, &span.text, &mut self.composer.missing)
            {
                for g in &run.glyphs {
                    let breakable_after = g
                        .text
                        .ends_with([' ', ',', ';', '(', '[', '{', '.', '/', '&', '|', '=']);
                    glyphs.push(G {
                        font: run.font,
                        color: span.color,
                        glyph: PlacedGlyph {
                            id: g.id,
                            advance: g.advance * size,
                            text: g.text.clone(),
                        },
                        breakable_after,
                    });
                }
            }
        }
        let mark_style = Variant {
            mono: true,
            bold: false,
            italic: false,
        };
        let mark_font = self
            .composer
            .book
            .font_for(mark_style, '↪')
            .unwrap_or(self.composer.book.primary(mark_style));
        let mark = self.composer.book.shape(mark_font, "↪ ");
        let mark_w = mark.width * size;
        let leading_ws: f32 = glyphs
            .iter()
            .take_while(|g| &*g.glyph.text == " ")
            .map(|g| g.glyph.advance)
            .sum::<f32>()
            .min(avail * 0.4);
        let mut rows: Vec<Vec<Element>> = Vec::new();
        let mut i = 0;
        let mut first = true;
        while i < glyphs.len() || first {
            let mut x = 0.0;
            let mut row: Vec<Element> = Vec::new();
            let width = if first {
                avail
            } else {
                avail - leading_ws - mark_w
            };
            if !first {
                x = leading_ws;
                row.extend(TextRun::line_of(std::slice::from_ref(&mark), x, 0.0, size, MUTED).0);
                x += mark_w;
            }
            // How many glyphs fit, breaking after a friendly character when possible.
            let mut used = 0.0;
            let mut end = i;
            let mut last_ok = None;
            while end < glyphs.len() && used + glyphs[end].glyph.advance <= width + 0.01 {
                used += glyphs[end].glyph.advance;
                if glyphs[end].breakable_after {
                    last_ok = Some(end + 1);
                }
                end += 1;
            }
            if end < glyphs.len() {
                if let Some(ok) = last_ok.filter(|&ok| ok > i + (end - i) / 3) {
                    end = ok;
                }
                if end == i {
                    end = i + 1; // a glyph wider than the line: place it anyway
                }
            }
            let mut current: Option<TextRun> = None;
            for g in &glyphs[i..end] {
                match &mut current {
                    Some(run) if run.font == g.font && run.color == g.color => {
                        run.glyphs.push(g.glyph.clone())
                    }
                    _ => {
                        if let Some(run) = current.take() {
                            x = run.end();
                            row.push(Element::Text(run));
                        }
                        current = Some(TextRun {
                            font: g.font,
                            size,
                            x,
                            y: 0.0,
                            color: g.color,
                            glyphs: vec![g.glyph.clone()],
                        });
                    }
                }
            }
            if let Some(run) = current.take() {
                row.push(Element::Text(run));
            }
            rows.push(row);
            i = end;
            first = false;
        }
        rows
    }

    fn image(&mut self, img: &Image, ctx: &Ctx, gap: f32) {
        let index = match self.image_index.get(&img.url) {
            Some(found) => *found,
            None => {
                let found = self.load_image(img);
                self.image_index.insert(img.url.clone(), found);
                found
            }
        };
        let Some(index) = index else {
            self.placeholder(img, ctx, gap);
            return;
        };
        let data = &self.images[index];
        // Pixels at 96 per inch, never wider than the measure nor taller than most of a page.
        let natural_w = data.width as f32 * 0.75;
        let natural_h = data.height as f32 * 0.75;
        let scale = (ctx.width / natural_w)
            .min(self.text_height * 0.8 / natural_h)
            .min(1.0);
        let (w, h) = (natural_w * scale, natural_h * scale);
        let x = ctx.left + (ctx.width - w) / 2.0;
        self.push(Chunk {
            height: h,
            space_before: gap,
            elements: vec![Element::Image {
                image: index,
                x,
                y: 0.0,
                w,
                h,
            }],
            decor: ctx.decor.clone(),
            ..Chunk::default()
        });
        self.caption(img, ctx);
    }

    fn caption(&mut self, img: &Image, ctx: &Ctx) {
        if img.alt.trim().is_empty() {
            return;
        }
        let mut s = plain(ctx.size * 0.88);
        s.variant.italic = true;
        s.color = MUTED;
        let mut t = Text::default();
        t.push(img.alt.trim(), &s);
        let lines = self.composer.set(&t, ctx.width, Align::Center);
        self.flush_missing(img.line);
        let first = self.chunks.len();
        self.push_lines(lines, ctx, 0.0, ctx.size * 0.3, true);
        // The caption stays with its image.
        if let Some(c) = self.chunks.get_mut(first) {
            c.keep_with_prev = true;
        }
    }

    fn load_image(&mut self, img: &Image) -> Option<usize> {
        let warn = |layout: &mut Self, message: String| {
            layout.warnings.push(Diagnostic::warning(
                layout.file.as_deref(),
                img.line,
                message,
            ));
        };
        let resource = match self.resources.load(&img.url) {
            Ok(r) => r,
            Err(e) => {
                warn(
                    self,
                    format!("image {}: {e}; a placeholder stands in its place", img.url),
                );
                return None;
            }
        };
        let media_type = quire_core::resource::media_type(&resource.bytes);
        let Some(media_type @ ("image/jpeg" | "image/png" | "image/gif" | "image/webp")) =
            media_type
        else {
            warn(
                self,
                format!(
                    "image {}: {} images cannot be placed in PDF; a placeholder stands in its place",
                    img.url,
                    media_type.unwrap_or("unknown")
                ),
            );
            return None;
        };
        let dims = image::ImageReader::new(std::io::Cursor::new(&resource.bytes))
            .with_guessed_format()
            .ok()
            .and_then(|r| r.into_dimensions().ok());
        let Some((width, height)) = dims.filter(|(w, h)| *w > 0 && *h > 0) else {
            warn(
                self,
                format!(
                    "image {}: cannot read its size; a placeholder stands in its place",
                    img.url
                ),
            );
            return None;
        };
        self.images.push(ImageData {
            bytes: Arc::new(resource.bytes),
            width,
            height,
            media_type,
        });
        Some(self.images.len() - 1)
    }

    fn placeholder(&mut self, img: &Image, ctx: &Ctx, gap: f32) {
        let size = ctx.size * 0.9;
        let mut s = plain(size);
        s.variant.italic = true;
        s.color = MUTED;
        let mut t = Text::default();
        t.push(&format!("[image: {}]", img.label()), &s);
        let inner = ctx.width - size * 4.0;
        let lines = self.composer.set(&t, inner, Align::Center);
        self.flush_missing(img.line);
        let text_h: f32 = lines.iter().map(|l| l.height).sum();
        let h = (text_h + size * 3.0).max(size * 5.0);
        let mut elements = vec![Element::Rect {
            x: ctx.left,
            y: 0.0,
            w: ctx.width,
            h,
            fill: Some(Color::rgb(0.97, 0.97, 0.97)),
            stroke: Some((RULE, 0.8)),
        }];
        let mut y = (h - text_h) / 2.0;
        for line in lines {
            for mut e in line.elements {
                shift(&mut e, ctx.left + size * 2.0, y);
                elements.push(e);
            }
            y += line.height;
        }
        self.push(Chunk {
            height: h,
            space_before: gap,
            elements,
            decor: ctx.decor.clone(),
            ..Chunk::default()
        });
    }

    fn table(&mut self, table: &Table, ctx: &Ctx, gap: f32) {
        let cols = table
            .alignments
            .len()
            .max(table.header.len())
            .max(table.rows.iter().map(Vec::len).max().unwrap_or(0));
        if cols == 0 {
            return;
        }
        let base = ctx.size * 0.9;
        let rows: Vec<&Vec<Vec<Inline>>> = std::iter::once(&table.header)
            .chain(table.rows.iter())
            .collect();
        // Natural (one-line) and minimum (longest word) widths per column, at `base`.
        let mut natural = vec![0.0f32; cols];
        let mut minimum = vec![0.0f32; cols];
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let mut style = plain(base);
                style.variant.bold = r == 0;
                let mut t = Text::default();
                self.inlines(cell, &style, &mut t);
                let (nat, min) = self.measure_text(&t, &style);
                natural[c] = natural[c].max(nat);
                minimum[c] = minimum[c].max(min);
            }
        }
        // Too wide even at minimum widths: smaller type, down to a floor; past it, cells
        // break their words harder (the composer splits what still does not fit).
        let min_total: f32 = minimum.iter().sum();
        let pad_total = cols as f32 * base * 0.8;
        let size = if min_total + pad_total > ctx.width {
            (base * (ctx.width - pad_total).max(1.0) / min_total).clamp(6.5, base)
        } else {
            base
        };
        let pad = size * 0.4;
        let scale = size / base;
        let natural: Vec<f32> = natural.iter().map(|w| w * scale + 2.0 * pad).collect();
        let minimum: Vec<f32> = minimum.iter().map(|w| w * scale + 2.0 * pad).collect();
        let widths = fit_columns(&natural, &minimum, ctx.width);
        let total: f32 = widths.iter().sum();
        let mut header_repeat = None;
        for (r, row) in rows.iter().enumerate() {
            let header = r == 0;
            let mut cells: Vec<Vec<Line>> = Vec::new();
            for (c, width) in widths.iter().enumerate() {
                let mut style = plain(size);
                style.variant.bold = header;
                let mut t = Text::default();
                if let Some(cell) = row.get(c) {
                    self.inlines(cell, &style, &mut t);
                }
                let align = match table.alignments.get(c) {
                    Some(Alignment::Center) => Align::Center,
                    Some(Alignment::Right) => Align::Right,
                    _ => Align::Left,
                };
                cells.push(self.composer.set(&t, (width - 2.0 * pad).max(1.0), align));
            }
            self.flush_missing(table.line);
            // A row is set in bands, one per line of its tallest cell, so that a row taller
            // than a page can split between lines (and only then: the bands keep together).
            let bands = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
            let mut chunks: Vec<Chunk> = Vec::with_capacity(bands);
            for k in 0..bands {
                let line_h = cells
                    .iter()
                    .filter_map(|lines| lines.get(k).map(|l| l.height))
                    .fold(if bands == 1 { size * 1.38 } else { 0.0 }, f32::max);
                let top = if k == 0 { pad } else { 0.0 };
                let bottom = if k + 1 == bands { pad } else { 0.0 };
                let mut elements = Vec::new();
                let mut notes = Vec::new();
                let mut x = ctx.left;
                for (c, lines) in cells.iter_mut().enumerate() {
                    if let Some(line) = lines.get_mut(k) {
                        for mut e in std::mem::take(&mut line.elements) {
                            shift(&mut e, x + pad, top);
                            elements.push(e);
                        }
                        notes.append(&mut line.notes);
                    }
                    x += widths[c];
                }
                let height = top + line_h + bottom;
                if k == 0 && header {
                    elements.push(Element::Line {
                        x1: ctx.left,
                        y1: 0.0,
                        x2: ctx.left + total,
                        y2: 0.0,
                        width: 0.8,
                        color: INK,
                    });
                }
                if k + 1 == bands {
                    elements.push(Element::Line {
                        x1: ctx.left,
                        y1: height,
                        x2: ctx.left + total,
                        y2: height,
                        width: if header { 0.8 } else { 0.3 },
                        color: if header { INK } else { RULE },
                    });
                }
                chunks.push(Chunk {
                    height,
                    space_before: if header && k == 0 { gap } else { 0.0 },
                    elements,
                    keep_with_prev: k > 0 || r == 1,
                    decor: ctx.decor.clone(),
                    notes,
                    repeat: if header { None } else { header_repeat },
                    ..Chunk::default()
                });
            }
            if header {
                // The header row, as one chunk, is what continuation pages repeat.
                let mut whole = chunks[0].clone();
                for c in &chunks[1..] {
                    for mut e in c.elements.clone() {
                        shift(&mut e, 0.0, whole.height);
                        whole.elements.push(e);
                    }
                    whole.height += c.height;
                }
                whole.space_before = 0.0;
                whole.notes.clear();
                whole.decor = ctx.decor.clone();
                self.repeats.push(whole);
                header_repeat = Some(self.repeats.len() as u32 - 1);
            }
            for c in chunks {
                self.push(c);
            }
        }
    }

    /// The one-line width of a text and the width of its longest unbreakable word.
    fn measure_text(&mut self, t: &Text, style: &Style) -> (f32, f32) {
        let mut natural = 0.0;
        let mut longest: f32 = 0.0;
        let space = self
            .composer
            .book
            .shape(self.composer.book.primary(style.variant), " ")
            .width
            * style.size;
        for word in t.text.split_whitespace() {
            let w: f32 = self
                .composer
                .book
                .shape_styled(style.variant, word, &mut Vec::new())
                .iter()
                .map(|r| r.width * style.size)
                .sum();
            natural += w + space;
            // Long words can break (URLs at punctuation, others anywhere), so they count
            // only up to a cap towards the minimum.
            longest = longest.max(w.min(style.size * 9.0));
        }
        (natural, longest)
    }
}

/// Column widths: natural when they fit, else minimum plus a share of the rest in
/// proportion to what each column would like; scaled down when even minimums overflow.
fn fit_columns(natural: &[f32], minimum: &[f32], width: f32) -> Vec<f32> {
    let total_nat: f32 = natural.iter().sum();
    if total_nat <= width {
        return natural.to_vec();
    }
    let total_min: f32 = minimum.iter().sum();
    if total_min >= width {
        return minimum.iter().map(|m| m * width / total_min).collect();
    }
    let spare = width - total_min;
    let want: f32 = natural.iter().zip(minimum).map(|(n, m)| n - m).sum();
    natural
        .iter()
        .zip(minimum)
        .map(|(n, m)| m + spare * (n - m) / want.max(0.001))
        .collect()
}

/// How far a nested block may indent: deep nesting stops indenting once a dozen ems of
/// measure are left, so text never runs past the margin however deep the quotes go.
fn nest_indent(ctx: &Ctx, wanted: f32) -> f32 {
    wanted.min((ctx.width - ctx.size * 12.0).max(0.0))
}

fn looks_like_url(s: &str) -> bool {
    s.contains("://")
        || s.starts_with("www.")
        || (s.contains('/') && !s.contains(' ') && s.len() > 20)
}

/// Moves an element by (dx, dy).
pub(crate) fn shift(e: &mut Element, dx: f32, dy: f32) {
    match e {
        Element::Text(r) => {
            r.x += dx;
            r.y += dy;
        }
        Element::Rect { x, y, .. } | Element::Image { x, y, .. } | Element::Link { x, y, .. } => {
            *x += dx;
            *y += dy;
        }
        Element::Line { x1, y1, x2, y2, .. } => {
            *x1 += dx;
            *x2 += dx;
            *y1 += dy;
            *y2 += dy;
        }
    }
}
