//! Markdown body to blocks: pulldown-cmark events folded into the model.
//!
//! The builder is a stack machine (no recursion), so nesting depth costs heap, not stack.
//! Past [`MAX_DEPTH`] containers are flattened into their parent with one warning, so that
//! writers, which do recurse, stay far from the stack limit.

use std::collections::HashMap;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag};

use crate::diag::{Diagnostic, LineIndex};
use crate::model::{
    Alignment, Block, CodeBlock, Footnote, Heading, Image, Inline, Link, LinkKind, List, ListItem,
    Table,
};

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
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            smart_punctuation: true,
            bare_autolinks: true,
        }
    }
}

/// What parsing a body gives.
pub(crate) struct Parsed {
    pub blocks: Vec<Block>,
    pub footnotes: Vec<Footnote>,
    pub warnings: Vec<Diagnostic>,
}

enum Frame {
    Root(Vec<Block>),
    Paragraph(Vec<Inline>, u32),
    Heading(Heading),
    Quote(Vec<Block>),
    List(List, bool),
    Item {
        blocks: Vec<Block>,
        pending: Vec<Inline>,
        task: Option<bool>,
        line: u32,
    },
    Code(CodeBlock),
    Html(String, u32),
    Footnote {
        label: String,
        blocks: Vec<Block>,
        line: u32,
    },
    Table(Table),
    Row(Vec<Vec<Inline>>),
    Cell(Vec<Inline>),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    Strike(Vec<Inline>),
    Link(Link),
    Image(Image, Vec<Inline>),
    /// A container past the depth limit (`counted`), or a construct we do not model:
    /// its content goes to the parent.
    Transparent {
        counted: bool,
    },
}

impl Frame {
    fn inlines(&mut self) -> Option<&mut Vec<Inline>> {
        match self {
            Frame::Paragraph(v, _)
            | Frame::Cell(v)
            | Frame::Emphasis(v)
            | Frame::Strong(v)
            | Frame::Strike(v) => Some(v),
            Frame::Heading(h) => Some(&mut h.content),
            Frame::Link(l) => Some(&mut l.content),
            Frame::Image(_, alt) => Some(alt),
            Frame::Item { pending, .. } => Some(pending),
            _ => None,
        }
    }

    fn blocks(&mut self) -> Option<&mut Vec<Block>> {
        match self {
            Frame::Root(b) | Frame::Quote(b) | Frame::Footnote { blocks: b, .. } => Some(b),
            Frame::Item {
                blocks,
                pending,
                line,
                ..
            } => {
                flush_pending(blocks, pending, *line);
                Some(blocks)
            }
            _ => None,
        }
    }
}

fn flush_pending(blocks: &mut Vec<Block>, pending: &mut Vec<Inline>, line: u32) {
    if !pending.is_empty() {
        blocks.push(Block::Paragraph {
            content: std::mem::take(pending),
            line,
        });
    }
}

struct Builder<'a> {
    stack: Vec<Frame>,
    lines: LineIndex,
    file: Option<&'a str>,
    options: &'a MarkdownOptions,
    depth: usize,
    flattened: bool,
    /// Byte offset of the event being handled.
    offset: usize,
    line_offset: u32,
    in_link: usize,
    in_html_anchor: bool,
    footnotes: Vec<(String, Vec<Block>, u32)>,
    numbers: HashMap<String, u32>,
    warnings: Vec<Diagnostic>,
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
    let mut b = Builder {
        stack: vec![Frame::Root(Vec::new())],
        lines: LineIndex::new(body),
        file,
        options,
        depth: 0,
        flattened: false,
        offset: 0,
        line_offset,
        in_link: 0,
        in_html_anchor: false,
        footnotes: Vec::new(),
        numbers: HashMap::new(),
        warnings: Vec::new(),
    };
    for (event, range) in Parser::new_ext(body, opts).into_offset_iter() {
        b.offset = range.start;
        // Only the nodes that keep a line pay for finding it.
        let line = if needs_line(&event) { b.line() } else { 0 };
        b.event(event, line);
    }
    while b.stack.len() > 1 {
        b.end();
    }
    let Some(Frame::Root(blocks)) = b.stack.pop() else {
        unreachable!("root frame")
    };
    let footnotes = b.finish_footnotes();
    Parsed {
        blocks,
        footnotes,
        warnings: b.warnings,
    }
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, line: u32) {
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
            Event::InlineMath(m) => self.push_text(&format!("${m}$")),
            Event::DisplayMath(m) => self.push_text(&format!("$${m}$$")),
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
            Event::SoftBreak => self.push_inline(Inline::SoftBreak),
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
                    self.warnings.push(Diagnostic::warning(
                        self.file,
                        self.line(),
                        format!("nesting deeper than {MAX_DEPTH} levels is flattened"),
                    ));
                }
                self.stack.push(Frame::Transparent { counted: true });
                return;
            }
        }
        let frame = match tag {
            Tag::Paragraph => {
                if let Some(Frame::Item { .. }) = self.stack.last() {
                    if let Some(Frame::List(_, loose)) = self.stack.iter_mut().rev().nth(1) {
                        *loose = true;
                    }
                }
                Frame::Paragraph(Vec::new(), self.line())
            }
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => Frame::Heading(Heading {
                level: level as u8,
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
                content: Vec::new(),
                line,
            }),
            Tag::BlockQuote(_) => Frame::Quote(Vec::new()),
            Tag::CodeBlock(kind) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.into_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let language = info.split_whitespace().next().map(str::to_owned);
                Frame::Code(CodeBlock {
                    language,
                    info,
                    text: String::new(),
                    line,
                })
            }
            Tag::HtmlBlock => Frame::Html(String::new(), line),
            Tag::List(start) => Frame::List(
                List {
                    start,
                    tight: true,
                    items: Vec::new(),
                },
                false,
            ),
            Tag::Item => Frame::Item {
                blocks: Vec::new(),
                pending: Vec::new(),
                task: None,
                line,
            },
            Tag::FootnoteDefinition(label) => Frame::Footnote {
                label: label.into_string(),
                blocks: Vec::new(),
                line,
            },
            Tag::Table(aligns) => Frame::Table(Table {
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
            }),
            Tag::TableHead | Tag::TableRow => Frame::Row(Vec::new()),
            Tag::TableCell => Frame::Cell(Vec::new()),
            Tag::Emphasis => Frame::Emphasis(Vec::new()),
            Tag::Strong => Frame::Strong(Vec::new()),
            Tag::Strikethrough => Frame::Strike(Vec::new()),
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
                Frame::Link(Link {
                    url,
                    title: title.into_string(),
                    content: Vec::new(),
                    kind,
                    line,
                })
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                self.in_link += 1;
                Frame::Image(
                    Image {
                        url: dest_url.into_string(),
                        title: title.into_string(),
                        alt: String::new(),
                        line,
                    },
                    Vec::new(),
                )
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
            Frame::Quote(_)
                | Frame::List(..)
                | Frame::Item { .. }
                | Frame::Footnote { .. }
                | Frame::Emphasis(_)
                | Frame::Strong(_)
                | Frame::Strike(_)
                | Frame::Link(_)
                | Frame::Transparent { counted: true }
        ) {
            self.depth = self.depth.saturating_sub(1);
        }
        match frame {
            Frame::Root(blocks) => self.stack.push(Frame::Root(blocks)),
            Frame::Paragraph(mut content, line) => {
                self.autolink(&mut content);
                self.push_block(Block::Paragraph { content, line });
            }
            Frame::Heading(mut h) => {
                self.autolink(&mut h.content);
                self.push_block(Block::Heading(h));
            }
            Frame::Quote(blocks) => self.push_block(Block::BlockQuote { blocks }),
            Frame::List(mut list, loose) => {
                list.tight = !loose;
                self.push_block(Block::List(list));
            }
            Frame::Item {
                mut blocks,
                mut pending,
                task,
                line,
            } => {
                self.autolink(&mut pending);
                flush_pending(&mut blocks, &mut pending, line);
                match self.stack.last_mut() {
                    Some(Frame::List(list, _)) => list.items.push(ListItem { task, blocks }),
                    _ => {
                        for b in blocks {
                            self.push_block(b);
                        }
                    }
                }
            }
            Frame::Code(code) => self.push_block(Block::CodeBlock(code)),
            Frame::Html(html, line) => self.push_block(Block::Html { html, line }),
            Frame::Footnote {
                label,
                blocks,
                line,
            } => self.footnotes.push((label, blocks, line)),
            Frame::Table(t) => self.push_block(Block::Table(t)),
            Frame::Row(cells) => match self.stack.last_mut() {
                Some(Frame::Table(t)) if t.header.is_empty() && t.rows.is_empty() => {
                    t.header = cells
                }
                Some(Frame::Table(t)) => t.rows.push(cells),
                _ => {}
            },
            Frame::Cell(mut content) => {
                self.autolink(&mut content);
                if let Some(Frame::Row(cells)) = self.stack.last_mut() {
                    cells.push(content);
                }
            }
            Frame::Emphasis(mut content) => {
                self.autolink(&mut content);
                self.push_inline(Inline::Emphasis { content });
            }
            Frame::Strong(mut content) => {
                self.autolink(&mut content);
                self.push_inline(Inline::Strong { content });
            }
            Frame::Strike(mut content) => {
                self.autolink(&mut content);
                self.push_inline(Inline::Strikethrough { content });
            }
            Frame::Link(link) => {
                self.in_link -= 1;
                self.push_inline(Inline::Link(link));
            }
            Frame::Image(mut image, alt) => {
                self.in_link -= 1;
                image.alt = crate::model::plain_text(&alt);
                self.push_inline(Inline::Image(image));
            }
            Frame::Transparent { .. } => {}
        }
    }

    fn push_block(&mut self, block: Block) {
        for frame in self.stack.iter_mut().rev() {
            if let Some(blocks) = frame.blocks() {
                blocks.push(block);
                return;
            }
        }
    }

    fn push_inline(&mut self, inline: Inline) {
        for i in (0..self.stack.len()).rev() {
            if let Some(v) = self.stack[i].inlines() {
                push_merged(v, inline);
                return;
            }
            if self.stack[i].blocks().is_some() {
                // Inline content straight in a block container: give it a paragraph.
                self.stack.push(Frame::Paragraph(vec![inline], self.line()));
                self.end();
                return;
            }
        }
    }

    /// Appends text to the innermost inline container, merging with a preceding text node
    /// without allocating a node for it.
    fn push_text(&mut self, t: &str) {
        if let Some(v) = self.stack.last_mut().and_then(Frame::inlines) {
            if let Some(Inline::Text { text }) = v.last_mut() {
                text.push_str(t);
                return;
            }
        }
        self.push_inline(Inline::Text { text: t.to_owned() });
    }

    /// The file line of the event being handled.
    fn line(&self) -> u32 {
        self.lines.line(self.offset) + self.line_offset
    }

    /// Turns bare URLs in text nodes into links (GFM extended autolinks).
    fn autolink(&self, content: &mut Vec<Inline>) {
        if !self.options.bare_autolinks || self.in_link > 0 || self.in_html_anchor {
            return;
        }
        if !content
            .iter()
            .any(|i| matches!(i, Inline::Text { text } if may_hold_link(text)))
        {
            return;
        }
        let line = self.line();
        let old = std::mem::take(content);
        for inline in old {
            match inline {
                Inline::Text { text } if may_hold_link(&text) => {
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
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::Table(_)
                | Tag::FootnoteDefinition(_)
                | Tag::Link { .. }
                | Tag::Image { .. }
        ) | Event::Html(_)
            | Event::InlineHtml(_)
    )
}

/// A cheap filter before the autolink scan: a scheme's `:`, an e-mail's `@`, or `www.`.
fn may_hold_link(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter()
        .enumerate()
        .any(|(i, &c)| c == b':' || c == b'@' || (c == b'.' && i >= 3 && &b[i - 3..i] == b"www"))
}

fn push_merged(v: &mut Vec<Inline>, inline: Inline) {
    if let Inline::Text { text } = &inline {
        if let Some(Inline::Text { text: last }) = v.last_mut() {
            last.push_str(text);
            return;
        }
    }
    v.push(inline);
}
