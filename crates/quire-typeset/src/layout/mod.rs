//! Blocks to chunks: every block becomes a run of vertical chunks (a paragraph line, a
//! code line, an image, a rule) that carry their own keep rules; the paginator then cuts
//! the run into pages only where the rules allow.
//!
//! This module holds the flow's types and the small builder the block modules add their
//! chunks through ([`Layout::push`], [`Layout::push_lines`], the `*_next` methods for
//! what the next chunk inherits); each kind of block is laid out in a module of its own.

mod callout;
mod code;
mod contents;
mod cover;
mod definitions;
mod figure;
mod footnotes;
mod heading;
mod inlines;
mod links;
mod list;
mod paragraph;
mod quote;
mod rule;
mod table;
mod title;

use std::collections::HashMap;

use quire_core::resolve::LoadedImage;
use quire_core::{Block, Diagnostic, Document, Resolved};

use crate::fonts::FontBook;
use crate::hyphen::Hyphenate;
use crate::page::{Color, Element, ImageData};
use crate::para::{Composer, Line, Style};
use crate::{Theme, TypesetOptions};

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
    /// A figure (an image or the placeholder of one that could not be had): it may float
    /// past the text after it, and an image may shrink to stay on its page.
    pub figure: bool,
    /// The figure was floated or shrunk already (each moves once: the cost stays linear).
    pub floated: bool,
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

/// Where a block is set: its left edge and width within the measure, the decorations
/// its chunks carry (quote bars, code shading) and the base text size.
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
    /// Prefix of every id in this post, as the resolution scoped them (books), so ids of
    /// posts never clash.
    pub prefix: String,
    /// The post and what its links and images are; `None` for pages that are no post
    /// (the cover, the contents).
    pub res: Option<Resolved<'a>>,
    /// The cover page's image (the cover layout only).
    pub cover: Option<LoadedImage>,
    /// Give the title an outline entry of level 0 (bundles: one entry per post).
    pub title_outline: bool,
    pub part: Part,
    pub images: Vec<ImageData>,
    pub warnings: Vec<Diagnostic>,
    composer: Composer<'a>,
    options: &'a TypesetOptions,
    file: Option<String>,
    /// The resolution's image index to this flow's (`None`: it could not be decoded).
    image_index: HashMap<usize, Option<usize>>,
    /// Space the next chunk must leave above it (after headings).
    pending_space: f32,
    /// The next chunk may not be preceded by a page break (after headings).
    pending_keep: bool,
    pending_anchors: Vec<String>,
    warned_chars: std::collections::HashSet<char>,
    /// The height of the text area (from the options).
    text_height: f32,
}

impl<'a> Layout<'a> {
    pub fn new(
        book: &'a FontBook,
        hyphenate: &'a Hyphenate,
        options: &'a TypesetOptions,
        res: Option<Resolved<'a>>,
    ) -> Layout<'a> {
        let file = res.and_then(|r| r.doc.source.clone());
        Layout {
            chunks: Vec::new(),
            notes: HashMap::new(),
            repeats: Vec::new(),
            section: 0,
            prefix: res.map(|r| r.prefix().to_owned()).unwrap_or_default(),
            res,
            cover: None,
            title_outline: false,
            part: Part::Body,
            images: Vec::new(),
            warnings: Vec::new(),
            composer: Composer {
                book,
                hyphenate,
                leading: options.theme.leading,
                theme: &options.theme,
                missing: Vec::new(),
            },
            options,
            file,
            image_index: HashMap::new(),
            pending_space: 0.0,
            pending_keep: false,
            pending_anchors: Vec::new(),
            warned_chars: Default::default(),
            text_height: options.text_height(),
        }
    }

    /// The sizes, spaces and colours.
    fn theme(&self) -> &'a Theme {
        &self.options.theme
    }

    /// Upright text in ink.
    fn plain(&self, size: f32) -> Style {
        Style::plain(size, self.theme().ink)
    }

    /// Adds a chunk, with what the chunks before asked of the next one (space, keep,
    /// anchors), to the post's section and part.
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

    /// Where the next chunk will go: pass it to [`Layout::chunks_from`] once the
    /// chunks are pushed, to adjust them (keep rules, outline entries, markers).
    fn mark(&self) -> usize {
        self.chunks.len()
    }

    /// The chunks pushed since `first` (a [`Layout::mark`]).
    fn chunks_from(&mut self, first: usize) -> &mut [Chunk] {
        let first = first.min(self.chunks.len());
        &mut self.chunks[first..]
    }

    /// The chunk at `index` (a [`Layout::mark`]), if one was pushed there.
    fn chunk_at(&mut self, index: usize) -> Option<&mut Chunk> {
        self.chunks.get_mut(index)
    }

    /// The next chunk keeps with the one before and leaves `space` above it (after
    /// headings, so a heading never ends a page).
    fn keep_next(&mut self, space: f32) {
        self.pending_space = space;
        self.pending_keep = true;
    }

    /// The next chunk leaves at least `gap` above it (the gap before a nested block).
    fn space_next(&mut self, gap: f32) {
        self.pending_space = self.pending_space.max(gap);
    }

    /// The next chunk inherits neither space nor keep.
    fn clear_next(&mut self) {
        self.pending_space = 0.0;
        self.pending_keep = false;
    }

    /// `id` names the top of the next chunk (its link target).
    fn anchor_next(&mut self, id: String) {
        self.pending_anchors.push(id);
    }

    /// Lays out with `f` into a run of chunks of its own, apart from the flow (footnote
    /// bodies, which the paginator places), and returns that run.
    fn aside(&mut self, f: impl FnOnce(&mut Self)) -> Vec<Chunk> {
        let body = std::mem::take(&mut self.chunks);
        f(self);
        std::mem::replace(&mut self.chunks, body)
    }

    /// Adds a chunk to repeat at page tops (a table header); its index.
    fn push_repeat(&mut self, chunk: Chunk) -> u32 {
        self.repeats.push(chunk);
        self.repeats.len() as u32 - 1
    }

    /// Files a footnote's body, laid out [`Layout::aside`], under its number.
    fn push_note(&mut self, number: u32, chunks: Vec<Chunk>) {
        self.notes.insert((self.section, number), chunks);
    }

    /// A warning at `line` of the post.
    fn warn(&mut self, line: u32, message: String) {
        self.warnings
            .push(Diagnostic::warning(self.file.as_deref(), line, message));
    }

    /// The post's blocks (after the title when the title block stands for it), then its
    /// footnotes.
    pub(crate) fn document(&mut self, doc: &Document) {
        let ctx = Ctx {
            left: 0.0,
            width: self.options.measure(),
            decor: Vec::new(),
            size: self.options.font_size,
        };
        let parts = if self.options.title_block {
            doc.body_parts()
        } else {
            [&doc.blocks[..], &[]]
        };
        for part in parts {
            self.blocks(part, &ctx, true);
        }
        self.footnotes(doc, &ctx);
    }

    fn blocks(&mut self, blocks: &[Block], ctx: &Ctx, loose: bool) {
        let gap = if loose {
            ctx.size * self.theme().block_gap
        } else {
            ctx.size * self.theme().tight_block_gap
        };
        for (i, block) in blocks.iter().enumerate() {
            let before = self.chunks.len();
            self.block(block, ctx, gap);
            if let Block::Paragraph { content, .. } = block {
                if lead_in(content, self.chunks.len() - before, blocks.get(i + 1)) {
                    self.keep_next(0.0);
                }
            }
        }
    }

    /// How far a nested block may indent: deep nesting stops indenting once a dozen ems
    /// of measure are left, so text never runs past the margin however deep the quotes go.
    fn nest_indent(&self, ctx: &Ctx, wanted: f32) -> f32 {
        wanted.min((ctx.width - ctx.size * self.theme().nest_min_measure).max(0.0))
    }

    fn block(&mut self, block: &Block, ctx: &Ctx, gap: f32) {
        match block {
            Block::Paragraph { content, line } => self.paragraph(content, *line, ctx, gap),
            Block::Heading(h) => self.heading(h, ctx),
            Block::BlockQuote { blocks } => self.quote(blocks, ctx, gap),
            Block::List(list) => self.list(list, ctx, gap),
            Block::CodeBlock(code) => self.code(code, ctx, gap),
            Block::Table(table) => self.table(table, ctx, gap),
            Block::ThematicBreak => self.rule(ctx, gap),
            Block::Html { html, line } => self.raw_html(html, *line, ctx, gap),
            Block::Figure(figure) => self.figure(figure, ctx, gap),
            // A div's attributes have nothing to show in print: its blocks are set in place.
            Block::Div(div) => {
                if !div.attr.id.is_empty() {
                    self.anchor_next(format!("{}{}", self.prefix, div.attr.id));
                }
                self.space_next(gap);
                self.blocks(&div.blocks, ctx, true);
            }
            Block::Callout(callout) => self.callout(callout, ctx, gap),
            Block::DefinitionList(list) => self.definition_list(list, ctx, gap),
        }
    }
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
        Element::ActualText(_) => {}
    }
}
/// A paragraph that leads into the block after it is kept with that block's first line
/// (never left at a page's foot): one ending in a colon ("The configuration:"), or a
/// single line before a code block (a file name: "Filename: src/main.rs").
fn lead_in(content: &[quire_core::Inline], lines: usize, next: Option<&Block>) -> bool {
    let Some(next) = next else {
        return false;
    };
    if matches!(next, Block::Heading(_) | Block::ThematicBreak) {
        return false;
    }
    let text = quire_core::plain_text(content);
    text.trim_end().ends_with(':') || (lines == 1 && matches!(next, Block::CodeBlock(_)))
}
