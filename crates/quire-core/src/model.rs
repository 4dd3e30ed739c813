//! The document model every reader produces and every writer consumes.

use serde::Serialize;

use crate::meta::Meta;

/// One post: its metadata, its body and its footnotes.
///
/// Footnote definitions are lifted out of the block flow into [`Document::footnotes`],
/// in the order of their first reference, so that each writer places them where its
/// medium wants them (end of page, end of chapter, bottom of the PDF page).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[non_exhaustive]
pub struct Document {
    /// Where the post came from, as given to the reader (`None` for in-memory input).
    /// Writers use it to say `post.md:42: ...` in warnings.
    pub source: Option<String>,
    /// Typed, normalized front matter.
    pub meta: Meta,
    /// The body.
    pub blocks: Vec<Block>,
    /// Footnotes that are referenced from the body, numbered from 1 in order of first reference.
    pub footnotes: Vec<Footnote>,
}

impl Document {
    /// An empty document with the given metadata and blocks.
    pub fn new(meta: Meta, blocks: Vec<Block>) -> Self {
        Document {
            source: None,
            meta,
            blocks,
            footnotes: Vec::new(),
        }
    }

    /// The footnote a reference with `label` points to.
    pub fn footnote(&self, label: &str) -> Option<&Footnote> {
        self.footnotes.iter().find(|f| f.label == label)
    }

    /// The name to use for this document in messages: its source path or `<input>`.
    pub fn source_name(&self) -> &str {
        self.source.as_deref().unwrap_or("<input>")
    }
}

/// A footnote definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Footnote {
    /// The label as written (`[^label]`).
    pub label: String,
    /// Its number, from 1, in order of first reference.
    pub number: u32,
    /// Its content.
    pub blocks: Vec<Block>,
    /// Line of the definition in the source file (1-based).
    pub line: u32,
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Alignment {
    /// No alignment given: writers use their default (left).
    None,
    /// `:---`
    Left,
    /// `:---:`
    Center,
    /// `---:`
    Right,
}

/// Attributes of a container, as pandoc has them: an id, classes and key-value pairs.
///
/// Headings, code blocks, figures, tables, divs and spans carry one. Readers fill it from
/// `{#id .class key=value}` syntax (and, later, from site dialects); writers render what
/// their medium can (HTML writes all three, the PDF uses the id as an anchor).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Attr {
    /// The anchor id; empty when there is none. Unique in the document for headings.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Classes, in source order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<String>,
    /// Other `key=value` attributes, in source order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<(String, String)>,
}

impl Attr {
    /// Attributes with only an id.
    pub fn with_id(id: impl Into<String>) -> Self {
        Attr {
            id: id.into(),
            ..Attr::default()
        }
    }

    /// No id, no class, no attribute.
    pub fn is_empty(&self) -> bool {
        self.id.is_empty() && self.classes.is_empty() && self.attributes.is_empty()
    }
}

/// A block-level element.
///
/// The enum is closed on purpose: every writer matches every variant, so a new kind of
/// node does not compile until each writer (HTML, EPUB, PDF, text, JSON) renders it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph of inline content.
    Paragraph {
        /// The content.
        content: Vec<Inline>,
        /// Line in the source file (1-based) where it starts.
        line: u32,
    },
    /// A heading, level 1 to 6.
    Heading(Box<Heading>),
    /// A block quote.
    BlockQuote {
        /// The quoted blocks.
        blocks: Vec<Block>,
    },
    /// A bullet or ordered list.
    List(Box<List>),
    /// A fenced or indented code block.
    CodeBlock(Box<CodeBlock>),
    /// A GFM table.
    Table(Box<Table>),
    /// A thematic break (`---`, `***`).
    ThematicBreak,
    /// A raw HTML block, kept verbatim.
    Html {
        /// The HTML text, with its final newline.
        html: String,
        /// Line in the source file (1-based).
        line: u32,
    },
    /// A figure: an image (or several) set as a block, with an optional caption.
    Figure(Box<Figure>),
    /// A generic container of blocks with attributes (`::: {.note}`, IALs).
    Div(Box<Div>),
    /// A callout: GitHub's `> [!NOTE]` alerts and Obsidian's `> [!tip] Title` boxes.
    Callout(Box<Callout>),
    /// A definition list (`Term` then `: definition` lines).
    DefinitionList(Box<DefinitionList>),
}

/// A callout (admonition), decided by the reader from a block quote that opens with a
/// `[!KIND]` marker.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Callout {
    /// The kind, lower case as written (`note`, `tip`, `important`, `warning`, `caution`,
    /// or any of Obsidian's: `info`, `example`...).
    pub kind: String,
    /// The title written after the marker; empty when the kind's label stands instead.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub title: Vec<Inline>,
    /// `Some(open)` for an Obsidian foldable callout (`+` open, `-` folded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub foldable: Option<bool>,
    /// The content, without the marker line.
    pub blocks: Vec<Block>,
    /// Line in the source file (1-based).
    pub line: u32,
}

impl Callout {
    /// The label shown when the callout has no title of its own: the kind, capitalized
    /// (`Note`, `Warning`, `Example`).
    pub fn label(&self) -> String {
        let mut chars = self.kind.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::from("Note"),
        }
    }

    /// The title to show: the written one, else the kind's label.
    pub fn title_or_label(&self) -> Vec<Inline> {
        if self.title.is_empty() {
            vec![Inline::text(self.label())]
        } else {
            self.title.clone()
        }
    }
}

/// A definition list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DefinitionList {
    /// Its terms, each with its definitions.
    pub items: Vec<DefinitionItem>,
    /// Line in the source file (1-based).
    pub line: u32,
}

/// One term of a definition list and its definitions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DefinitionItem {
    /// The term.
    pub term: Vec<Inline>,
    /// Its definitions, each a sequence of blocks.
    pub definitions: Vec<Vec<Block>>,
}

/// A figure, decided once by the reader: today a paragraph that holds only images
/// (each possibly linked), so that every writer sets the same thing as a figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// The figure's attributes.
    #[serde(skip_serializing_if = "Attr::is_empty")]
    pub attr: Attr,
    /// What the figure shows: its images (an [`Inline::Image`], or a link around one),
    /// with the breaks and spaces written between them.
    pub content: Vec<Inline>,
    /// The caption; empty when the figure has none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub caption: Vec<Inline>,
    /// Line in the source file (1-based).
    pub line: u32,
}

impl Figure {
    /// The figure's images, in order (linked ones included).
    pub fn images(&self) -> impl Iterator<Item = &Image> {
        self.content.iter().filter_map(|i| match i {
            Inline::Image(img) => Some(&**img),
            Inline::Link(l) => match l.content.as_slice() {
                [Inline::Image(img)] => Some(&**img),
                _ => None,
            },
            _ => None,
        })
    }

    /// A figure for `content` when it is one: images alone (each possibly the only content
    /// of a link), with only white space and hard breaks between them. Its caption is the
    /// alt text of a figure's single image.
    pub fn from_paragraph(content: Vec<Inline>, line: u32) -> Result<Figure, Vec<Inline>> {
        let mut images = 0;
        for i in &content {
            match i {
                Inline::Image(_) => images += 1,
                Inline::Link(l) if matches!(l.content.as_slice(), [Inline::Image(_)]) => {
                    images += 1
                }
                Inline::HardBreak => {}
                Inline::Text { text } if text.trim().is_empty() => {}
                _ => return Err(content),
            }
        }
        if images == 0 {
            return Err(content);
        }
        let mut figure = Figure {
            attr: Attr::default(),
            content,
            caption: Vec::new(),
            line,
        };
        if images == 1 {
            let caption = figure.images().next().and_then(Image::caption);
            if let Some(caption) = caption.map(Inline::text) {
                figure.caption = vec![caption];
            }
        }
        Ok(figure)
    }
}

/// A container of blocks with attributes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Div {
    /// Its attributes.
    #[serde(skip_serializing_if = "Attr::is_empty")]
    pub attr: Attr,
    /// Its blocks.
    pub blocks: Vec<Block>,
    /// Line in the source file (1-based).
    pub line: u32,
}

/// A container of inlines with attributes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Span {
    /// Its attributes.
    #[serde(skip_serializing_if = "Attr::is_empty")]
    pub attr: Attr,
    /// Its content.
    pub content: Vec<Inline>,
}

/// A heading.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Its attributes. The id is the anchor: explicit `{#id}` or a GitHub-style slug,
    /// unique in the document.
    pub attr: Attr,
    /// The heading text.
    pub content: Vec<Inline>,
    /// Line in the source file (1-based).
    pub line: u32,
}

/// A list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct List {
    /// `Some(n)` for an ordered list starting at `n`, `None` for a bullet list.
    pub start: Option<u64>,
    /// Tight lists have no blank lines between items: their paragraphs render without spacing.
    pub tight: bool,
    /// The items.
    pub items: Vec<ListItem>,
}

/// One list item.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListItem {
    /// `Some(checked)` for a task-list item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task: Option<bool>,
    /// The item's content.
    pub blocks: Vec<Block>,
}

/// A code block.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CodeBlock {
    /// Its attributes (none from plain Markdown; site dialects give some).
    #[serde(skip_serializing_if = "Attr::is_empty")]
    pub attr: Attr,
    /// The language from the info string of a fenced block (its first word), if any.
    pub language: Option<String>,
    /// The full info string, for writers that want more than the language.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub info: String,
    /// The code, ending with a newline unless empty.
    pub text: String,
    /// Line of the block's first line in the source file (1-based).
    pub line: u32,
}

/// A GFM table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Table {
    /// Its attributes (none from plain Markdown; site dialects give some).
    #[serde(skip_serializing_if = "Attr::is_empty")]
    pub attr: Attr,
    /// One alignment per column.
    pub alignments: Vec<Alignment>,
    /// The header row: one cell per column.
    pub header: Vec<Vec<Inline>>,
    /// The body rows. A row may have fewer cells than columns.
    pub rows: Vec<Vec<Vec<Inline>>>,
    /// Line in the source file (1-based).
    pub line: u32,
}

/// An inline element.
///
/// Closed, as [`Block`] is: every writer matches every variant.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    /// Text. Adjacent text is always merged into one node.
    ///
    /// A line ending inside a paragraph (a soft break) is a `'\n'` in the text, as in
    /// mdast, rather than a node of its own: writers show it as a space or a newline
    /// ([`push_soft`]). Soft breaks are a quarter of the inlines of prose, and each one
    /// would split a run of text into two allocations.
    Text {
        /// The text, with entities and escapes resolved; `'\n'` is a soft break.
        text: String,
    },
    /// Emphasis.
    Emphasis {
        /// The content.
        content: Vec<Inline>,
    },
    /// Strong emphasis.
    Strong {
        /// The content.
        content: Vec<Inline>,
    },
    /// Strikethrough (`~~x~~`).
    Strikethrough {
        /// The content.
        content: Vec<Inline>,
    },
    /// Superscript (`^x^`, or raw `<sup>` in the typesetter).
    Superscript {
        /// The content.
        content: Vec<Inline>,
    },
    /// Subscript (`~x~`; `~~x~~` stays strikethrough).
    Subscript {
        /// The content.
        content: Vec<Inline>,
    },
    /// Inline code.
    Code {
        /// The code.
        code: String,
    },
    /// A link.
    Link(Box<Link>),
    /// An image.
    Image(Box<Image>),
    /// A reference to a footnote in [`Document::footnotes`].
    FootnoteReference {
        /// The label as written.
        label: String,
        /// The footnote's number.
        number: u32,
    },
    /// A hard line break (two spaces or a backslash at the end of a line).
    HardBreak,
    /// Raw inline HTML, kept verbatim.
    Html {
        /// The HTML text.
        html: String,
        /// Line in the source file (1-based).
        line: u32,
    },
    /// A container of inlines with attributes.
    Span(Box<Span>),
    /// TeX maths: `$...$`, `\\(...\\)` inline; `$$...$$`, `\\[...\\]`, a `$$$` block or a
    /// ```` ```math ```` fence in display. Display maths is an inline too (a paragraph of its
    /// own when written alone): TeX allows it inside a paragraph, and every writer already
    /// sets inlines; each sets a display formula on its own line. [`crate::math::parse`]
    /// reads the TeX; the reader has warned when it cannot.
    Math {
        /// Display (a centred line of its own) rather than in the text.
        display: bool,
        /// The TeX source, as written between the delimiters.
        tex: String,
        /// Line in the source file (1-based).
        line: u32,
    },
}

impl Inline {
    /// A text node.
    pub fn text(s: impl Into<String>) -> Self {
        Inline::Text { text: s.into() }
    }
}

/// What kind of link the source wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LinkKind {
    /// `[text](url)` or a reference link.
    Normal,
    /// `<https://...>` or `<user@example.com>`: the text is the address.
    Autolink,
    /// A bare URL or `www.` address found in text (GFM extended autolink).
    Bare,
}

/// A link.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Link {
    /// The destination. E-mail autolinks carry `mailto:`.
    pub url: String,
    /// The title, if any.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// The link text.
    pub content: Vec<Inline>,
    /// How the link was written.
    pub kind: LinkKind,
    /// Line in the source file (1-based).
    pub line: u32,
}

impl Link {
    /// A normal link (`[content](url)`) with no title.
    pub fn new(url: String, content: Vec<Inline>, line: u32) -> Self {
        Link {
            url,
            title: String::new(),
            content,
            kind: LinkKind::Normal,
            line,
        }
    }
}

/// An image.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Image {
    /// The source as written in the post.
    pub url: String,
    /// The title, if any.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// The alternative text, flattened to plain text.
    pub alt: String,
    /// Line in the source file (1-based).
    pub line: u32,
}

impl Image {
    /// An image from its URL, title, alt text and line.
    pub fn new(url: String, title: String, alt: String, line: u32) -> Self {
        Image {
            url,
            title,
            alt,
            line,
        }
    }

    /// The caption a figure of this image shows: its title when it has one, else its alt
    /// text, except when the alt text is only the file's name (`![shot.png](shot.png)`, a
    /// habit of FsBlog posts), which says nothing.
    pub fn caption(&self) -> Option<&str> {
        let title = self.title.trim();
        if !title.is_empty() {
            return Some(title);
        }
        let alt = self.alt.trim();
        let path = self.url.split(['?', '#']).next().unwrap_or("");
        let file = path.rsplit('/').next().unwrap_or(path);
        let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
        let is_name = |s: &str| !s.is_empty() && alt.eq_ignore_ascii_case(s);
        if alt.is_empty() || is_name(file) || is_name(stem) {
            None
        } else {
            Some(alt)
        }
    }

    /// What stands for the image in text: its alt text, else its file name.
    pub fn label(&self) -> &str {
        match self.alt.trim() {
            "" => self.url.rsplit('/').next().unwrap_or(&self.url),
            alt => alt,
        }
    }
}

/// Appends the text of an [`Inline::Text`] with its soft breaks (`'\n'`) as spaces.
pub fn push_soft(out: &mut String, text: &str) {
    let mut pieces = text.split('\n');
    if let Some(first) = pieces.next() {
        out.push_str(first);
    }
    for piece in pieces {
        out.push(' ');
        out.push_str(piece);
    }
}

/// The plain text of some inlines: what a reader sees, without markup.
///
/// Breaks become spaces; images give their alt text; footnote references are dropped.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(&mut out, inlines);
    out
}

fn push_plain(out: &mut String, inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => push_soft(out, text),
            Inline::Code { code } => out.push_str(code),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strikethrough { content }
            | Inline::Superscript { content }
            | Inline::Subscript { content } => push_plain(out, content),
            Inline::Span(span) => push_plain(out, &span.content),
            Inline::Link(link) => push_plain(out, &link.content),
            Inline::Image(image) => out.push_str(&image.alt),
            Inline::HardBreak => out.push(' '),
            Inline::Math { tex, .. } => out.push_str(&crate::math::linear_or_source(tex)),
            Inline::FootnoteReference { .. } | Inline::Html { .. } => {}
        }
    }
}

/// The blocks directly inside `block` (quotes, list items, divs, callouts, definitions),
/// for walks over the tree. Blocks that hold only inlines have none.
pub fn child_blocks(block: &Block) -> impl Iterator<Item = &Block> {
    let (one, items, defs): (&[Block], &[ListItem], &[DefinitionItem]) = match block {
        Block::BlockQuote { blocks } => (blocks, &[], &[]),
        Block::Div(div) => (&div.blocks, &[], &[]),
        Block::Callout(c) => (&c.blocks, &[], &[]),
        Block::List(list) => (&[], &list.items, &[]),
        Block::DefinitionList(d) => (&[], &[], &d.items),
        Block::Paragraph { .. }
        | Block::Heading(_)
        | Block::CodeBlock(_)
        | Block::Table(_)
        | Block::ThematicBreak
        | Block::Html { .. }
        | Block::Figure(_) => (&[], &[], &[]),
    };
    one.iter()
        .chain(items.iter().flat_map(|i| i.blocks.iter()))
        .chain(defs.iter().flat_map(|d| d.definitions.iter().flatten()))
}

/// The inline sequences directly in `block` (a paragraph's content, a heading's, each
/// table cell, a figure's images and caption, a callout's title, each definition term).
/// Allocates nothing: walks call it per block.
pub fn block_inlines(block: &Block) -> impl Iterator<Item = &[Inline]> {
    let (first, second, table, defs): (
        &[Inline],
        &[Inline],
        Option<&Table>,
        Option<&DefinitionList>,
    ) = match block {
        Block::Paragraph { content, .. } => (content, &[], None, None),
        Block::Heading(h) => (&h.content, &[], None, None),
        Block::Table(t) => (&[], &[], Some(&**t), None),
        Block::Figure(f) => (&f.content, &f.caption, None, None),
        Block::Callout(c) => (&c.title, &[], None, None),
        Block::DefinitionList(d) => (&[], &[], None, Some(&**d)),
        Block::BlockQuote { .. }
        | Block::List(_)
        | Block::Div(_)
        | Block::CodeBlock(_)
        | Block::ThematicBreak
        | Block::Html { .. } => (&[], &[], None, None),
    };
    let cells = table.into_iter().flat_map(|t| {
        t.header
            .iter()
            .chain(t.rows.iter().flatten())
            .map(Vec::as_slice)
    });
    let terms = defs
        .into_iter()
        .flat_map(|d| d.items.iter().map(|i| i.term.as_slice()));
    [first, second]
        .into_iter()
        .filter(|l| !l.is_empty())
        .chain(cells)
        .chain(terms)
}

/// The inlines directly inside `inline` (emphasis, links, spans), for walks over the tree.
pub fn child_inlines(inline: &Inline) -> &[Inline] {
    match inline {
        Inline::Emphasis { content }
        | Inline::Strong { content }
        | Inline::Strikethrough { content }
        | Inline::Superscript { content }
        | Inline::Subscript { content } => content,
        Inline::Span(span) => &span.content,
        Inline::Link(l) => &l.content,
        Inline::Text { .. }
        | Inline::Code { .. }
        | Inline::Image(_)
        | Inline::FootnoteReference { .. }
        | Inline::HardBreak
        | Inline::Math { .. }
        | Inline::Html { .. } => &[],
    }
}

/// The headings at the top level of `blocks`, not those inside quotes, lists or divs:
/// what a post's contents and navigation list.
pub fn top_level_headings(blocks: &[Block]) -> impl Iterator<Item = &Heading> {
    blocks.iter().filter_map(|b| match b {
        Block::Heading(h) => Some(&**h),
        Block::Paragraph { .. }
        | Block::BlockQuote { .. }
        | Block::List(_)
        | Block::CodeBlock(_)
        | Block::Table(_)
        | Block::ThematicBreak
        | Block::Html { .. }
        | Block::Figure(_)
        | Block::Div(_)
        | Block::Callout(_)
        | Block::DefinitionList(_) => None,
    })
}

/// Calls `f` on every heading in `blocks`, in document order, including those inside
/// quotes, lists and divs.
pub fn for_each_heading_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Heading)) {
    for block in blocks {
        match block {
            Block::Heading(h) => f(h),
            Block::BlockQuote { blocks } => for_each_heading_mut(blocks, f),
            Block::Div(div) => for_each_heading_mut(&mut div.blocks, f),
            Block::Callout(c) => for_each_heading_mut(&mut c.blocks, f),
            Block::DefinitionList(d) => {
                for item in &mut d.items {
                    for def in &mut item.definitions {
                        for_each_heading_mut(def, f);
                    }
                }
            }
            Block::List(list) => {
                for item in &mut list.items {
                    for_each_heading_mut(&mut item.blocks, f);
                }
            }
            Block::Paragraph { .. }
            | Block::CodeBlock(_)
            | Block::Table(_)
            | Block::ThematicBreak
            | Block::Html { .. }
            | Block::Figure(_) => {}
        }
    }
}

/// Calls `f` on every inline of `blocks`, in document order, descending into quotes,
/// lists, divs, tables, figures and inline containers (emphasis, links...).
pub fn for_each_inline(blocks: &[Block], f: &mut dyn FnMut(&Inline)) {
    fn inlines(list: &[Inline], f: &mut dyn FnMut(&Inline)) {
        for i in list {
            f(i);
            inlines(child_inlines(i), f);
        }
    }
    for block in blocks {
        for list in block_inlines(block) {
            inlines(list, f);
        }
        for child in child_blocks(block) {
            for_each_inline(std::slice::from_ref(child), f);
        }
    }
}

/// Calls `f` on every block of `blocks` and of the blocks inside them, in document order.
pub fn for_each_block(blocks: &[Block], f: &mut dyn FnMut(&Block)) {
    for block in blocks {
        f(block);
        for child in child_blocks(block) {
            for_each_block(std::slice::from_ref(child), f);
        }
    }
}
