//! Markdown body to blocks: pulldown-cmark events folded into the model.
//!
//! The builder is a stack machine (no recursion), so nesting depth costs heap, not stack.
//! Past [`MAX_DEPTH`] containers are flattened into their parent with one warning, so that
//! writers, which do recurse, stay far from the stack limit.

use std::collections::HashMap;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag};

use crate::diag::Diagnostic;
use crate::model::{
    Alignment, Attr, Block, CodeBlock, Figure, Footnote, Heading, Image, Inline, Link, LinkKind,
    List, ListItem, Table,
};
use crate::slug::{may_have_explicit_ids, Slugger};

/// Containers nested deeper than this are flattened into their parent.
pub const MAX_DEPTH: usize = 64;

/// Options of the Markdown reader.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct MarkdownOptions {
    /// Curly quotes, en and em dashes, ellipses (`"`, `--`, `---`, `...`).
    pub smart_punctuation: bool,
    /// GFM extended autolinks: bare `https://...`, `www.` and e-mail addresses in text.
    pub bare_autolinks: bool,
    /// TeX maths: `$...$`, `$$...$$`, `\\(...\\)`, `\\[...\\]`, `$$$` blocks, ```` ```math ````.
    pub math: bool,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            smart_punctuation: true,
            bare_autolinks: true,
            math: true,
        }
    }
}

/// What parsing a body gives.
pub(crate) struct Parsed {
    pub blocks: Vec<Block>,
    pub footnotes: Vec<Footnote>,
    pub warnings: Vec<Diagnostic>,
    /// What gave the body's headings their ids as they were read, when no heading can
    /// have an explicit `{#id}`; the footnotes' headings are still to do.
    pub slugger: Option<Slugger>,
}

/// An open container. Content is not kept in the frame: inlines go to the builder's one
/// `inlines` stack and blocks to its one `blocks` stack, and a frame remembers where its
/// own content starts there (`inl`, `blk`). When it closes, its content is split off into a
/// `Vec` of exactly the right size: one allocation per container, no growth copies.
enum Frame {
    Root,
    Paragraph {
        inl: usize,
        line: u32,
    },
    Heading {
        heading: Box<Heading>,
        inl: usize,
    },
    Quote {
        blk: usize,
    },
    List(Box<List>, bool),
    /// A list item holds blocks, and inlines not yet in a paragraph (tight items).
    Item {
        blk: usize,
        inl: usize,
        task: Option<bool>,
        line: u32,
    },
    Code(Box<CodeBlock>),
    Html(String, u32),
    Footnote {
        label: String,
        blk: usize,
        line: u32,
    },
    Table(Box<Table>),
    Row(Vec<Vec<Inline>>),
    Cell {
        inl: usize,
    },
    Emphasis {
        inl: usize,
    },
    Strong {
        inl: usize,
    },
    Strike {
        inl: usize,
    },
    Link {
        link: Box<Link>,
        inl: usize,
    },
    Image {
        image: Box<Image>,
        inl: usize,
    },
    /// A container past the depth limit (`counted`), or a construct we do not model:
    /// its content goes to the parent.
    Transparent {
        counted: bool,
    },
}

/// Where a pushed inline goes.
enum InlineTarget {
    /// Onto the inline stack; `start` is where the receiving frame's inlines begin.
    Stack {
        start: usize,
    },
    /// Straight into a block container: the inline needs a paragraph of its own.
    NewParagraph,
    Nowhere,
}

impl Frame {
    /// Where this frame's inlines start, if it takes inlines.
    fn inlines_start(&self) -> Option<usize> {
        match self {
            Frame::Paragraph { inl, .. }
            | Frame::Heading { inl, .. }
            | Frame::Item { inl, .. }
            | Frame::Cell { inl }
            | Frame::Emphasis { inl }
            | Frame::Strong { inl }
            | Frame::Strike { inl }
            | Frame::Link { inl, .. }
            | Frame::Image { inl, .. } => Some(*inl),
            _ => None,
        }
    }

    fn takes_blocks(&self) -> bool {
        matches!(
            self,
            Frame::Root | Frame::Quote { .. } | Frame::Footnote { .. } | Frame::Item { .. }
        )
    }
}

struct Builder<'a> {
    stack: Vec<Frame>,
    /// The content of every open inline container, innermost last.
    inlines: Vec<Inline>,
    /// The content of every open block container, innermost last.
    blocks: Vec<Block>,
    /// Text of consecutive `Text` events, gathered here so that each text node is
    /// allocated once at its final size (pulldown splits text at entities, escapes and
    /// smart punctuation).
    text: String,
    lines: LineCursor<'a>,
    file: Option<&'a str>,
    options: &'a MarkdownOptions,
    depth: usize,
    flattened: bool,
    /// Byte offset of the event being handled.
    offset: usize,
    /// Length in bytes of the source of the event being handled (for a container: all of
    /// it), an upper bound for the text of a code or HTML block.
    span: usize,
    line_offset: u32,
    in_link: usize,
    in_html_anchor: bool,
    footnotes: Vec<(String, Vec<Block>, u32)>,
    numbers: HashMap<String, u32>,
    warnings: Vec<Diagnostic>,
    /// Gives headings outside footnotes their ids as they close (see [`Parsed::slugger`]).
    slugger: Option<Slugger>,
    /// Open footnote definitions.
    in_footnote: usize,
}

pub(crate) fn parse(
    body: &str,
    line_offset: u32,
    file: Option<&str>,
    options: &MarkdownOptions,
) -> Parsed {
    let mut opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    if options.smart_punctuation {
        opts |= Options::ENABLE_SMART_PUNCTUATION;
    }
    let rewritten;
    let body = if options.math {
        opts |= Options::ENABLE_MATH;
        rewritten = crate::math::delimiters::rewrite(body, opts);
        rewritten.as_deref().unwrap_or(body)
    } else {
        body
    };
    let mut b = Builder {
        stack: vec![Frame::Root],
        inlines: Vec::new(),
        blocks: Vec::new(),
        text: String::new(),
        lines: LineCursor::new(body),
        file,
        options,
        depth: 0,
        flattened: false,
        offset: 0,
        span: 0,
        line_offset,
        in_link: 0,
        in_html_anchor: false,
        footnotes: Vec::new(),
        numbers: HashMap::new(),
        warnings: Vec::new(),
        slugger: (!may_have_explicit_ids(body)).then(Slugger::default),
        in_footnote: 0,
    };
    for (event, range) in Parser::new_ext(body, opts).into_offset_iter() {
        b.feed(event, range);
    }
    b.flush_text();
    while b.stack.len() > 1 {
        b.end();
    }
    let footnotes = b.finish_footnotes();
    Parsed {
        blocks: b.blocks,
        footnotes,
        warnings: b.warnings,
        slugger: b.slugger,
    }
}

/// `v[start..]` as its own `Vec`; empty when `start` is past the end (which the stack
/// discipline rules out, but a malformed event sequence must not panic).
/// A paragraph, or the figure it is: the reader decides once, for every writer.
fn paragraph(content: Vec<Inline>, line: u32) -> Block {
    match Figure::from_paragraph(content, line) {
        Ok(figure) => Block::Figure(Box::new(figure)),
        Err(content) => Block::Paragraph { content, line },
    }
}

fn split_from<T>(v: &mut Vec<T>, start: usize) -> Vec<T> {
    if start >= v.len() {
        Vec::new()
    } else {
        v.split_off(start)
    }
}

impl Builder<'_> {
    /// Takes the next event, found at bytes `range` of the body.
    fn feed(&mut self, event: Event<'_>, range: std::ops::Range<usize>) {
        self.offset = range.start;
        self.span = range.len();
        // Only the nodes that keep a line pay for finding it.
        let line = if needs_line(&event) { self.line() } else { 0 };
        self.event(event, line);
    }

    fn event(&mut self, event: Event<'_>, line: u32) {
        if !matches!(event, Event::Text(_) | Event::SoftBreak) {
            self.flush_text();
        }
        match event {
            Event::Start(tag) => self.start(tag, line),
            Event::End(_) => self.end(),
            Event::Text(t) => match self.stack.last_mut() {
                Some(Frame::Code(c)) => c.text.push_str(&t),
                Some(Frame::Html(h, _)) => h.push_str(&t),
                _ => self.push_text(&t),
            },
            Event::Code(c) => self.push_inline(Inline::Code {
                code: c.into_string(),
            }),
            // pulldown-cmark lets maths win over code spans, so `$12 and `$x$`` would be
            // maths ending inside the code: a backtick means it was not maths.
            Event::InlineMath(m) if m.contains('`') => self.push_text(&format!("${m}$")),
            Event::InlineMath(m) => self.push_math(false, m.into_string(), line),
            Event::DisplayMath(m) => self.push_math(true, m.into_string(), line),
            Event::Html(h) => match self.stack.last_mut() {
                Some(Frame::Html(html, _)) => html.push_str(&h),
                _ => self.push_block(Block::Html {
                    html: h.into_string(),
                    line,
                }),
            },
            Event::InlineHtml(h) => {
                let lower = h.to_ascii_lowercase();
                if lower.starts_with("<a ") || lower.starts_with("<a>") {
                    self.in_html_anchor = true;
                } else if lower.starts_with("</a") {
                    self.in_html_anchor = false;
                }
                self.push_inline(Inline::Html {
                    html: h.into_string(),
                    line,
                });
            }
            Event::FootnoteReference(label) => {
                let key = label.to_lowercase();
                let next = self.numbers.len() as u32 + 1;
                let number = *self.numbers.entry(key).or_insert(next);
                self.push_inline(Inline::FootnoteReference {
                    label: label.into_string(),
                    number,
                });
            }
            Event::SoftBreak => self.push_text("\n"),
            Event::HardBreak => self.push_inline(Inline::HardBreak),
            Event::Rule => self.push_block(Block::ThematicBreak),
            Event::TaskListMarker(checked) => {
                // In a loose list the marker comes inside the item's paragraph.
                if let Some(Frame::Item { task, .. }) = self
                    .stack
                    .iter_mut()
                    .rev()
                    .find(|f| matches!(f, Frame::Item { .. }))
                {
                    *task = Some(checked);
                }
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, line: u32) {
        let container = matches!(
            tag,
            Tag::BlockQuote(_)
                | Tag::List(_)
                | Tag::Item
                | Tag::FootnoteDefinition(_)
                | Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
        );
        if container {
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                if !self.flattened {
                    self.flattened = true;
                    let line = self.line();
                    self.warnings.push(Diagnostic::warning(
                        self.file,
                        line,
                        format!("nesting deeper than {MAX_DEPTH} levels is flattened"),
                    ));
                }
                self.stack.push(Frame::Transparent { counted: true });
                return;
            }
        }
        let inl = self.inlines.len();
        let blk = self.blocks.len();
        let frame = match tag {
            Tag::Paragraph => {
                if let Some(Frame::Item { .. }) = self.stack.last() {
                    if let Some(Frame::List(_, loose)) = self.stack.iter_mut().rev().nth(1) {
                        *loose = true;
                    }
                }
                Frame::Paragraph {
                    inl,
                    line: self.line(),
                }
            }
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => Frame::Heading {
                heading: Box::new(Heading {
                    level: level as u8,
                    attr: Attr {
                        id: id.map(|s| s.into_string()).unwrap_or_default(),
                        classes: classes.into_iter().map(|c| c.into_string()).collect(),
                        attributes: attrs
                            .into_iter()
                            .map(|(k, v)| {
                                (
                                    k.into_string(),
                                    v.map(|v| v.into_string()).unwrap_or_default(),
                                )
                            })
                            .collect(),
                    },
                    content: Vec::new(),
                    line,
                }),
                inl,
            },
            Tag::BlockQuote(_) => Frame::Quote { blk },
            Tag::CodeBlock(kind) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.into_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let language = info.split_whitespace().next().map(str::to_owned);
                Frame::Code(Box::new(CodeBlock {
                    attr: Attr::default(),
                    language,
                    info,
                    // Lines are appended one by one: one allocation instead of a doubling
                    // series (fences and indentation make this a slight overestimate).
                    text: String::with_capacity(self.span),
                    line,
                }))
            }
            Tag::HtmlBlock => Frame::Html(String::with_capacity(self.span), line),
            Tag::List(start) => Frame::List(
                Box::new(List {
                    start,
                    tight: true,
                    items: Vec::new(),
                }),
                false,
            ),
            Tag::Item => Frame::Item {
                blk,
                inl,
                task: None,
                line,
            },
            Tag::FootnoteDefinition(label) => {
                self.in_footnote += 1;
                Frame::Footnote {
                    label: label.into_string(),
                    blk,
                    line,
                }
            }
            Tag::Table(aligns) => Frame::Table(Box::new(Table {
                attr: Attr::default(),
                alignments: aligns
                    .into_iter()
                    .map(|a| match a {
                        pulldown_cmark::Alignment::None => Alignment::None,
                        pulldown_cmark::Alignment::Left => Alignment::Left,
                        pulldown_cmark::Alignment::Center => Alignment::Center,
                        pulldown_cmark::Alignment::Right => Alignment::Right,
                    })
                    .collect(),
                header: Vec::new(),
                rows: Vec::new(),
                line,
            })),
            Tag::TableHead | Tag::TableRow => {
                Frame::Row(Vec::with_capacity(match self.stack.last() {
                    Some(Frame::Table(t)) => t.alignments.len(),
                    _ => 0,
                }))
            }
            Tag::TableCell => Frame::Cell { inl },
            Tag::Emphasis => Frame::Emphasis { inl },
            Tag::Strong => Frame::Strong { inl },
            Tag::Strikethrough => Frame::Strike { inl },
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                self.in_link += 1;
                let (url, kind) = match link_type {
                    LinkType::Email => (format!("mailto:{dest_url}"), LinkKind::Autolink),
                    LinkType::Autolink => (dest_url.into_string(), LinkKind::Autolink),
                    _ => (dest_url.into_string(), LinkKind::Normal),
                };
                Frame::Link {
                    link: Box::new(Link {
                        url,
                        title: title.into_string(),
                        content: Vec::new(),
                        kind,
                        line,
                    }),
                    inl,
                }
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                self.in_link += 1;
                Frame::Image {
                    image: Box::new(Image {
                        url: dest_url.into_string(),
                        title: title.into_string(),
                        alt: String::new(),
                        line,
                    }),
                    inl,
                }
            }
            // Definition lists, super/subscript and metadata blocks are not enabled; should
            // one appear, its content still reaches the parent.
            _ => Frame::Transparent { counted: false },
        };
        self.stack.push(frame);
    }

    fn end(&mut self) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        if matches!(
            frame,
            Frame::Quote { .. }
                | Frame::List(..)
                | Frame::Item { .. }
                | Frame::Footnote { .. }
                | Frame::Emphasis { .. }
                | Frame::Strong { .. }
                | Frame::Strike { .. }
                | Frame::Link { .. }
                | Frame::Transparent { counted: true }
        ) {
            self.depth = self.depth.saturating_sub(1);
        }
        match frame {
            Frame::Root => self.stack.push(Frame::Root),
            Frame::Paragraph { inl, line } => {
                let content = self.take_inlines(inl, Some(line));
                self.push_block(paragraph(content, line));
            }
            Frame::Heading { mut heading, inl } => {
                heading.content = self.take_inlines(inl, Some(heading.line));
                if let (Some(slugger), 0) = (&mut self.slugger, self.in_footnote) {
                    slugger.assign(&mut heading);
                }
                self.push_block(Block::Heading(heading));
            }
            Frame::Quote { blk } => {
                let blocks = split_from(&mut self.blocks, blk);
                self.push_block(Block::BlockQuote { blocks });
            }
            Frame::List(mut list, loose) => {
                list.tight = !loose;
                self.push_block(Block::List(list));
            }
            Frame::Item {
                blk,
                inl,
                task,
                line,
            } => {
                self.flush_item(inl, line);
                let blocks = split_from(&mut self.blocks, blk);
                match self.stack.last_mut() {
                    Some(Frame::List(list, _)) => list.items.push(ListItem { task, blocks }),
                    _ => {
                        for b in blocks {
                            self.push_block(b);
                        }
                    }
                }
            }
            Frame::Code(code) if self.options.math && code.language.as_deref() == Some("math") => {
                let line = code.line;
                let at = self.inlines.len();
                self.stack.push(Frame::Paragraph { inl: at, line });
                self.push_math(true, code.text, line);
                self.end();
            }
            Frame::Code(code) => self.push_block(Block::CodeBlock(code)),
            Frame::Html(html, line) => self.push_block(Block::Html { html, line }),
            Frame::Footnote { label, blk, line } => {
                self.in_footnote = self.in_footnote.saturating_sub(1);
                let blocks = split_from(&mut self.blocks, blk);
                self.footnotes.push((label, blocks, line));
            }
            Frame::Table(t) => self.push_block(Block::Table(t)),
            Frame::Row(cells) => match self.stack.last_mut() {
                Some(Frame::Table(t)) if t.header.is_empty() && t.rows.is_empty() => {
                    t.header = cells
                }
                Some(Frame::Table(t)) => t.rows.push(cells),
                _ => {}
            },
            Frame::Cell { inl } => {
                let content = self.take_inlines(inl, None);
                if let Some(Frame::Row(cells)) = self.stack.last_mut() {
                    cells.push(content);
                }
            }
            Frame::Emphasis { inl } => {
                let content = self.take_inlines(inl, None);
                self.push_inline(Inline::Emphasis { content });
            }
            Frame::Strong { inl } => {
                let content = self.take_inlines(inl, None);
                self.push_inline(Inline::Strong { content });
            }
            Frame::Strike { inl } => {
                let content = self.take_inlines(inl, None);
                self.push_inline(Inline::Strikethrough { content });
            }
            Frame::Link { mut link, inl } => {
                self.in_link -= 1;
                link.content = split_from(&mut self.inlines, inl);
                self.push_inline(Inline::Link(link));
            }
            Frame::Image { mut image, inl } => {
                self.in_link -= 1;
                if inl < self.inlines.len() {
                    image.alt = crate::model::plain_text(&self.inlines[inl..]);
                    self.inlines.truncate(inl);
                }
                self.push_inline(Inline::Image(image));
            }
            Frame::Transparent { .. } => {}
        }
    }

    /// The inlines of a closing container, bare URLs in them made links; `line` is the
    /// container's, when it keeps one (else the line of the event at hand is counted).
    fn take_inlines(&mut self, start: usize, line: Option<u32>) -> Vec<Inline> {
        let mut content = split_from(&mut self.inlines, start);
        self.autolink(&mut content, line);
        content
    }

    /// A tight list item's inlines, made a paragraph before a block joins the item.
    fn flush_item(&mut self, inl: usize, line: u32) {
        if inl < self.inlines.len() {
            let content = self.take_inlines(inl, Some(line));
            self.blocks.push(paragraph(content, line));
        }
    }

    /// Where an inline pushed now goes: the innermost frame that takes inlines, or a new
    /// paragraph when a block container comes first.
    fn inline_target(&self) -> InlineTarget {
        for frame in self.stack.iter().rev() {
            if let Some(start) = frame.inlines_start() {
                return InlineTarget::Stack { start };
            }
            if frame.takes_blocks() {
                return InlineTarget::NewParagraph;
            }
        }
        InlineTarget::Nowhere
    }

    /// Pushes a block for the innermost frame that takes blocks; a list item's pending
    /// inlines become a paragraph before it.
    fn push_block(&mut self, block: Block) {
        let Some(frame) = self.stack.iter().rev().find(|f| f.takes_blocks()) else {
            return;
        };
        if let Frame::Item { inl, line, .. } = *frame {
            self.flush_item(inl, line);
        }
        self.blocks.push(block);
    }

    fn push_inline(&mut self, inline: Inline) {
        match self.inline_target() {
            InlineTarget::Stack { start } => {
                // Adjacent text is one node.
                let own = self.inlines.len() > start;
                if let (true, Inline::Text { text }, Some(Inline::Text { text: last })) =
                    (own, &inline, self.inlines.last_mut())
                {
                    last.push_str(text);
                } else {
                    self.inlines.push(inline);
                }
            }
            InlineTarget::NewParagraph => {
                // Inline content straight in a block container: give it a paragraph.
                let line = self.line();
                let at = self.inlines.len();
                self.stack.push(Frame::Paragraph { inl: at, line });
                self.inlines.push(inline);
                self.end();
            }
            InlineTarget::Nowhere => {}
        }
    }

    /// A formula; TeX the maths reader cannot read is warned about here, once, and every
    /// writer shows it as source.
    fn push_math(&mut self, display: bool, tex: String, line: u32) {
        if let Err(e) = crate::math::parse(&tex) {
            self.warnings.push(Diagnostic::warning(
                self.file,
                line,
                format!("maths: {}; the formula is shown as TeX source", e.message),
            ));
        }
        self.push_inline(Inline::Math { display, tex, line });
    }

    /// Appends text for the innermost inline container; it becomes a node at the next
    /// event that is not text ([`Builder::flush_text`]).
    fn push_text(&mut self, t: &str) {
        if self.stack.last().and_then(Frame::inlines_start).is_some() {
            self.text.push_str(t);
        } else {
            self.push_inline(Inline::Text { text: t.to_owned() });
        }
    }

    /// Turns the gathered text into a node (merged with a text node before it, if any).
    fn flush_text(&mut self) {
        if !self.text.is_empty() {
            let text = String::from(self.text.as_str());
            self.text.clear();
            self.push_inline(Inline::Text { text });
        }
    }

    /// The file line of the event being handled.
    fn line(&mut self) -> u32 {
        self.lines.line(self.offset) + self.line_offset
    }

    /// Turns bare URLs in text nodes into links (GFM extended autolinks).
    fn autolink(&mut self, content: &mut Vec<Inline>, line: Option<u32>) {
        if !self.options.bare_autolinks || self.in_link > 0 || self.in_html_anchor {
            return;
        }
        let Some(first) = content
            .iter()
            .position(|i| matches!(i, Inline::Text { text } if may_hold_link(text)))
        else {
            return;
        };
        let line = line.unwrap_or_else(|| self.line());
        // Nodes before the first candidate stay where they are, and no text is scanned twice.
        let rest = content.split_off(first);
        for (k, inline) in rest.into_iter().enumerate() {
            match inline {
                Inline::Text { text } if k == 0 || may_hold_link(&text) => {
                    crate::autolink::split(text, line, content)
                }
                other => content.push(other),
            }
        }
    }

    fn finish_footnotes(&mut self) -> Vec<Footnote> {
        let mut out = Vec::new();
        for (label, blocks, line) in std::mem::take(&mut self.footnotes) {
            if let Some(&number) = self.numbers.get(&label.to_lowercase()) {
                if !out.iter().any(|f: &Footnote| f.number == number) {
                    out.push(Footnote {
                        label,
                        number,
                        blocks,
                        line,
                    });
                }
            }
        }
        out.sort_by_key(|f| f.number);
        out
    }
}

fn needs_line(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::Start(
            Tag::Heading { .. }
                | Tag::Item
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::Table(_)
                | Tag::FootnoteDefinition(_)
                | Tag::Link { .. }
                | Tag::Image { .. }
        ) | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
    )
}

/// A cheap filter before the autolink scan: a scheme's `:`, an e-mail's `@`, or `www.`.
fn may_hold_link(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr3_iter(b':', b'@', b'.', b)
        .any(|i| b[i] != b'.' || (i >= 3 && &b[i - 3..i] == b"www"))
}

/// Lines of byte offsets, counted from the last offset asked for: events come in source
/// order, so this costs about one vectorized count over the body, where an index of every
/// line start (`LineIndex`) costs a push per line (1.2 M more instructions and a slower
/// run on a 1.3 MB post).
struct LineCursor<'a> {
    text: &'a [u8],
    offset: usize,
    line: u32,
}

impl<'a> LineCursor<'a> {
    fn new(text: &'a str) -> Self {
        LineCursor {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    /// 1-based line of a byte offset.
    fn line(&mut self, offset: usize) -> u32 {
        let offset = offset.min(self.text.len());
        let newlines = |s: &[u8]| memchr::memchr_iter(b'\n', s).count() as u32;
        if offset >= self.offset {
            self.line += newlines(&self.text[self.offset..offset]);
        } else {
            self.line -= newlines(&self.text[offset..self.offset]);
        }
        self.offset = offset;
        self.line
    }
}
