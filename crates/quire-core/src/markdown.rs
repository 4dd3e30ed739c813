//! Markdown body to blocks: pulldown-cmark events folded into the model.
//!
//! The builder is a stack machine (no recursion), so nesting depth costs heap, not stack.
//! Past [`MAX_DEPTH`] containers are flattened into their parent with one warning, so that
//! writers, which do recurse, stay far from the stack limit.

use std::collections::HashMap;

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, Event, LinkType, Options, Parser, Tag};

use crate::diag::Diagnostic;
use crate::model::{
    Alignment, Attr, Block, Callout, CodeBlock, DefinitionItem, DefinitionList, Figure, Footnote,
    Heading, Image, Inline, Link, LinkKind, List, ListItem, Table,
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
    /// What blogs write beyond CommonMark and GFM: callouts (`> [!NOTE]`, Obsidian's
    /// `> [!tip]- Title`), definition lists, `^super^` and `~sub~` scripts, `:emoji:`
    /// shortcodes, and the `<!--more-->` excerpt marker dropped. Off for the spec tests,
    /// whose examples these constructs would change.
    pub blog: bool,
    /// TeX maths: `$...$`, `$$...$$`, `\\(...\\)`, `\\[...\\]`, `$$$` blocks, ```` ```math ````.
    pub math: bool,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            smart_punctuation: true,
            bare_autolinks: true,
            blog: true,
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
        /// The GitHub alert pulldown-cmark recognized, if any.
        kind: Option<BlockQuoteKind>,
        line: u32,
    },
    DefList(Box<DefinitionList>),
    /// A definition list's term.
    Term {
        inl: usize,
    },
    /// One definition: blocks, and inlines not yet in a paragraph (as a tight item).
    Definition {
        blk: usize,
        inl: usize,
        line: u32,
    },
    Superscript {
        inl: usize,
    },
    Subscript {
        inl: usize,
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
        /// The index of the nearest frame below that is not transparent: walks down the
        /// stack jump there, so thousands of flattened containers cost nothing per inline
        /// (walking through them made nested emphasis quadratic).
        below: usize,
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
            | Frame::Definition { inl, .. }
            | Frame::Term { inl }
            | Frame::Superscript { inl }
            | Frame::Subscript { inl }
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
            Frame::Root
                | Frame::Quote { .. }
                | Frame::Footnote { .. }
                | Frame::Item { .. }
                | Frame::Definition { .. }
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
    /// The body holds `&#`: a character reference may make a control character.
    entity_controls: bool,
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
    if options.blog {
        // With subscripts on, `~x~` is a subscript and `~~x~~` still strikethrough.
        opts |= Options::ENABLE_DEFINITION_LIST
            | Options::ENABLE_SUPERSCRIPT
            | Options::ENABLE_SUBSCRIPT;
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
        entity_controls: body.contains("&#"),
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

/// A C0 control but tab and newline, or DEL: nothing XML, HTML or a terminal should get.
fn is_control(c: char) -> bool {
    (c < ' ' && c != '\t' && c != '\n') || c == '\u{7f}'
}

fn has_control(t: &str) -> bool {
    t.bytes()
        .any(|b| (b < b' ' && b != b'\t' && b != b'\n') || b == 0x7f)
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
            Event::Text(t) if self.entity_controls && has_control(&t) => {
                // Only a character reference (`&#27;`) can make one: the reader removed
                // the source's own control characters.
                let clean: String = t.chars().filter(|c| !is_control(*c)).collect();
                self.warnings.push(Diagnostic::warning(
                    self.file,
                    line,
                    "a character reference to a control character was removed",
                ));
                self.text_event(&clean);
            }
            Event::Text(t) => self.text_event(&t),
            Event::Code(c) => self.push_inline(Inline::Code {
                code: c.into_string(),
            }),
            Event::Html(h) if self.options.blog && is_excerpt_marker(&h) => {}
            Event::InlineHtml(h) if self.options.blog && is_excerpt_marker(&h) => {}
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
                | Tag::Superscript
                | Tag::Subscript
                | Tag::DefinitionList
                | Tag::DefinitionListDefinition
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
                self.stack.push(self.transparent(true));
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
            Tag::BlockQuote(kind) => Frame::Quote {
                blk,
                kind: kind.filter(|_| self.options.blog),
                line,
            },
            Tag::DefinitionList => Frame::DefList(Box::new(DefinitionList {
                items: Vec::new(),
                line,
            })),
            Tag::DefinitionListTitle => Frame::Term { inl },
            Tag::DefinitionListDefinition => Frame::Definition { blk, inl, line },
            Tag::Superscript => Frame::Superscript { inl },
            Tag::Subscript => Frame::Subscript { inl },
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
            // Metadata blocks are not enabled; should one appear, its content still reaches
            // the parent.
            _ => self.transparent(false),
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
                | Frame::DefList(_)
                | Frame::Definition { .. }
                | Frame::Superscript { .. }
                | Frame::Subscript { .. }
                | Frame::List(..)
                | Frame::Item { .. }
                | Frame::Footnote { .. }
                | Frame::Emphasis { .. }
                | Frame::Strong { .. }
                | Frame::Strike { .. }
                | Frame::Link { .. }
                | Frame::Transparent { counted: true, .. }
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
            Frame::Quote { blk, kind, line } => {
                let blocks = split_from(&mut self.blocks, blk);
                let block = if self.options.blog {
                    quote_or_callout(blocks, kind, line)
                } else {
                    Block::BlockQuote { blocks }
                };
                self.push_block(block);
            }
            Frame::DefList(list) => self.push_block(Block::DefinitionList(list)),
            Frame::Term { inl } => {
                let term = self.take_inlines(inl, None);
                if let Some(Frame::DefList(list)) = self.stack.last_mut() {
                    list.items.push(DefinitionItem {
                        term,
                        definitions: Vec::new(),
                    });
                }
            }
            Frame::Definition { blk, inl, line } => {
                self.flush_item(inl, line);
                let blocks = split_from(&mut self.blocks, blk);
                match self.stack.last_mut() {
                    Some(Frame::DefList(list)) => match list.items.last_mut() {
                        Some(item) => item.definitions.push(blocks),
                        None => list.items.push(DefinitionItem {
                            term: Vec::new(),
                            definitions: vec![blocks],
                        }),
                    },
                    _ => {
                        for b in blocks {
                            self.push_block(b);
                        }
                    }
                }
            }
            Frame::Superscript { inl } => {
                let content = self.take_inlines(inl, None);
                self.push_inline(Inline::Superscript { content });
            }
            Frame::Subscript { inl } => {
                let content = self.take_inlines(inl, None);
                self.push_inline(Inline::Subscript { content });
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
            // An HTML block that held only the excerpt marker leaves nothing.
            Frame::Html(html, _) if html.is_empty() => {}
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
        if self.options.blog && content.iter().any(|i| matches!(i, Inline::Html { .. })) {
            raw_scripts(&mut content);
        }
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
        let mut i = self.stack.len();
        while i > 0 {
            i -= 1;
            let frame = &self.stack[i];
            if let Frame::Transparent { below, .. } = frame {
                i = *below + 1;
                continue;
            }
            if let Some(start) = frame.inlines_start() {
                return InlineTarget::Stack { start };
            }
            if frame.takes_blocks() {
                return InlineTarget::NewParagraph;
            }
        }
        InlineTarget::Nowhere
    }

    /// The innermost frame that takes blocks, jumping over transparent ones.
    fn block_frame(&self) -> Option<&Frame> {
        let mut i = self.stack.len();
        while i > 0 {
            i -= 1;
            match &self.stack[i] {
                Frame::Transparent { below, .. } => i = *below + 1,
                f if f.takes_blocks() => return Some(f),
                _ => {}
            }
        }
        None
    }

    /// A transparent frame to push now, knowing the frame it stands on.
    fn transparent(&self, counted: bool) -> Frame {
        let below = match self.stack.last() {
            Some(Frame::Transparent { below, .. }) => *below,
            _ => self.stack.len().saturating_sub(1),
        };
        Frame::Transparent { counted, below }
    }

    /// Pushes a block for the innermost frame that takes blocks; a list item's pending
    /// inlines become a paragraph before it.
    fn push_block(&mut self, block: Block) {
        let Some(frame) = self.block_frame() else {
            return;
        };
        if let Frame::Item { inl, line, .. } | Frame::Definition { inl, line, .. } = *frame {
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
    fn text_event(&mut self, t: &str) {
        match self.stack.last_mut() {
            Some(Frame::Code(c)) => c.text.push_str(t),
            Some(Frame::Html(h, _)) => h.push_str(t),
            _ => self.push_text(t),
        }
    }

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
            // pulldown's smart punctuation leaves a spaced hyphen alone; prose means a dash.
            let dashed = match self.options.smart_punctuation {
                true => crate::smart::en_dashes(&self.text),
                false => std::borrow::Cow::Borrowed(self.text.as_str()),
            };
            let text = if self.options.blog {
                crate::emoji::replace_shortcodes(&dashed)
            } else {
                None
            }
            .unwrap_or_else(|| dashed.into_owned());
            self.text.clear();
            if self.options.blog && memchr::memchr2(b'^', b'~', text.as_bytes()).is_some() {
                for inline in intraword_scripts(text) {
                    self.push_inline(inline);
                }
                return;
            }
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

/// Text with the `^sup^` and `~sub~` pulldown-cmark left as text split into nodes.
///
/// pulldown-cmark gives `^` and `~` the flanking rules of `_`, so the most common uses
/// (`H~2~O`, `mc^2^`) stay text. As in pandoc, a script here is a run with no white space
/// between two marks (a doubled `~~` is strikethrough's, which pulldown-cmark took).
fn intraword_scripts(text: String) -> Vec<Inline> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c != b'^' && c != b'~' {
            i += 1;
            continue;
        }
        let inner = bytes[i + 1..]
            .iter()
            .take_while(|&&b| b != c && !b.is_ascii_whitespace())
            .count();
        let close = i + 1 + inner;
        if inner == 0 || bytes.get(close) != Some(&c) {
            i += 1;
            continue;
        }
        push_text_node(&mut out, &text[copied..i]);
        let content = vec![Inline::text(&text[i + 1..close])];
        out.push(if c == b'^' {
            Inline::Superscript { content }
        } else {
            Inline::Subscript { content }
        });
        copied = close + 1;
        i = close + 1;
    }
    if copied == 0 {
        return vec![Inline::Text { text }];
    }
    push_text_node(&mut out, &text[copied..]);
    out
}

/// Raw `<sup>...</sup>` and `<sub>...</sub>` pairs within one run of inlines as the
/// script nodes they mean, so the PDF raises them and text prints them as scripts (HTML
/// writes the same tags back). Tags with attributes stay raw HTML.
fn raw_scripts(content: &mut Vec<Inline>) {
    let tag = |i: &Inline| match i {
        Inline::Html { html, .. } => match html.trim().to_ascii_lowercase().as_str() {
            "<sup>" => Some((true, true)),
            "</sup>" => Some((true, false)),
            "<sub>" => Some((false, true)),
            "</sub>" => Some((false, false)),
            _ => None,
        },
        _ => None,
    };
    // Once a kind has no close tag after some point, none after it has one either: later
    // opening tags are not searched again (a run of unclosed `<sup>`s stays linear).
    let mut unclosed = [false, false];
    let mut i = 0;
    while i < content.len() {
        let Some((sup, true)) = tag(&content[i]) else {
            i += 1;
            continue;
        };
        if unclosed[usize::from(sup)] {
            i += 1;
            continue;
        }
        let Some(close) = (i + 1..content.len()).find(|&j| tag(&content[j]) == Some((sup, false)))
        else {
            unclosed[usize::from(sup)] = true;
            i += 1;
            continue;
        };
        let inner: Vec<Inline> = content.drain(i + 1..close).collect();
        let node = if sup {
            Inline::Superscript { content: inner }
        } else {
            Inline::Subscript { content: inner }
        };
        // The open tag becomes the node; the close tag (now just after it) goes.
        content[i] = node;
        content.remove(i + 1);
        i += 1;
    }
}

/// `<!--more-->` (any case, spaces inside allowed): where a blog cuts its excerpt. It is
/// the site's business, not the reader's, so it leaves no trace in any format.
fn is_excerpt_marker(html: &str) -> bool {
    let Some(inner) = html
        .trim()
        .strip_prefix("<!--")
        .and_then(|h| h.strip_suffix("-->"))
    else {
        return false;
    };
    inner.trim().eq_ignore_ascii_case("more")
}

/// The GitHub alert names pulldown-cmark recognizes, as our callout kinds.
fn alert_kind(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

/// A closed block quote as what it is: a GitHub alert pulldown-cmark recognized, an
/// Obsidian callout (`[!kind]`, an optional `+`/`-` fold marker and a title on the first
/// line), or a plain quote.
fn quote_or_callout(mut blocks: Vec<Block>, kind: Option<BlockQuoteKind>, line: u32) -> Block {
    if let Some(kind) = kind {
        return Block::Callout(Box::new(Callout {
            kind: alert_kind(kind).to_owned(),
            title: Vec::new(),
            foldable: None,
            blocks,
            line,
        }));
    }
    let Some(Block::Paragraph { content, .. }) = blocks.first_mut() else {
        return Block::BlockQuote { blocks };
    };
    let Some(Inline::Text { text }) = content.first() else {
        return Block::BlockQuote { blocks };
    };
    let Some((kind, foldable, rest_at)) = callout_marker(text) else {
        return Block::BlockQuote { blocks };
    };
    // The first line after the marker is the title; the rest of the paragraph is content.
    let mut rest = content.split_off(1);
    let Some(Inline::Text { text }) = content.pop() else {
        return Block::BlockQuote { blocks };
    };
    let after = &text[rest_at..];
    let mut title = Vec::new();
    let mut body = Vec::new();
    match after.split_once('\n') {
        Some((head, tail)) => {
            push_text_node(&mut title, head);
            push_text_node(&mut body, tail);
            body.append(&mut rest);
        }
        None => {
            push_text_node(&mut title, after);
            let mut ended = false;
            for inline in rest {
                if ended {
                    body.push(inline);
                    continue;
                }
                match inline {
                    Inline::Text { text } if text.contains('\n') => {
                        let (head, tail) = text.split_once('\n').unwrap_or((&text, ""));
                        push_text_node(&mut title, head);
                        push_text_node(&mut body, tail);
                        ended = true;
                    }
                    Inline::HardBreak => ended = true,
                    other => title.push(other),
                }
            }
        }
    }
    trim_inlines(&mut title);
    if body.is_empty() {
        blocks.remove(0);
    } else {
        *content = body;
    }
    Block::Callout(Box::new(Callout {
        kind,
        title,
        foldable,
        blocks,
        line,
    }))
}

/// `[!kind]`, then `+` or `-`, at the start of `text`: the kind in lower case, whether it
/// folds (open or not), and where the title starts.
fn callout_marker(text: &str) -> Option<(String, Option<bool>, usize)> {
    let rest = text.strip_prefix("[!")?;
    let end = rest.find(']')?;
    let kind = &rest[..end];
    if kind.is_empty()
        || kind.len() > 32
        || !kind
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return None;
    }
    let mut at = 2 + end + 1;
    let foldable = match text.as_bytes().get(at) {
        Some(b'+') => Some(true),
        Some(b'-') => Some(false),
        _ => None,
    };
    if foldable.is_some() {
        at += 1;
    }
    // A marker is followed by a space, a line's end or nothing: `[!x]y` is text.
    match text.as_bytes().get(at) {
        None | Some(b' ' | b'\t' | b'\n') => Some((kind.to_ascii_lowercase(), foldable, at)),
        _ => None,
    }
}

fn push_text_node(out: &mut Vec<Inline>, text: &str) {
    if !text.is_empty() {
        out.push(Inline::text(text));
    }
}

/// Leading and trailing white space off a title.
fn trim_inlines(inlines: &mut Vec<Inline>) {
    if let Some(Inline::Text { text }) = inlines.first_mut() {
        *text = text.trim_start().to_owned();
    }
    if let Some(Inline::Text { text }) = inlines.last_mut() {
        *text = text.trim_end().to_owned();
    }
    inlines.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
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
                | Tag::BlockQuote(_)
                | Tag::DefinitionList
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
