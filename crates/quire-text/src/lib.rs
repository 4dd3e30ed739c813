//! Plain-text writer: a quire document as readable, wrapped plain text.
//!
//! Widths are display columns (a CJK character counts two). Paragraphs wrap at spaces and
//! around wide characters, never inside a URL; code blocks are never wrapped.

mod table;
mod wrap;

use quire_core::{push_soft, Block, Diagnostic, Document, Inline, LinkKind, List};
use unicode_width::UnicodeWidthStr;

/// How paragraphs are wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Wrap {
    /// Wrap to [`TextOptions::columns`].
    #[default]
    Auto,
    /// One line per paragraph (hard breaks still break).
    None,
}

/// Options of the text writer.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TextOptions {
    /// The line width in display columns.
    pub columns: usize,
    /// Wrapping mode.
    pub wrap: Wrap,
    /// Print the title block (title, authors, date).
    pub title_block: bool,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
            columns: 72,
            wrap: Wrap::Auto,
            title_block: true,
        }
    }
}

impl TextOptions {
    /// Options with the given width.
    pub fn with_columns(mut self, columns: usize) -> Self {
        self.columns = columns;
        self
    }

    /// Options with the given wrapping mode.
    pub fn with_wrap(mut self, wrap: Wrap) -> Self {
        self.wrap = wrap;
        self
    }
}

/// The text and the warnings writing it gave.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TextOutput {
    /// The text, ending with a newline.
    pub text: String,
    /// Things that could not be shown (raw HTML with no text, for instance).
    pub warnings: Vec<Diagnostic>,
}

/// Joins words that must stay on one line (`[image: alt`); a space once wrapped.
/// A private-use character, so it can never come from the input's meaning.
const GLUE: char = '\u{E000}';

/// Writes `doc` as plain text.
pub fn to_text(doc: &Document, options: &TextOptions) -> TextOutput {
    let mut w = Writer {
        doc,
        options,
        warnings: Vec::new(),
    };
    let mut out: Vec<String> = Vec::new();
    if options.title_block {
        w.title_block(&mut out);
    }
    let [before, after] = doc.body_parts();
    let mut body = w.blocks(before, options.columns, false);
    body.extend(w.blocks(after, options.columns, false));
    push_section(&mut out, body);
    if !doc.footnotes.is_empty() {
        let mut notes = Vec::new();
        for note in &doc.footnotes {
            let marker = format!("[{}] ", note.number);
            let inner = w.blocks(
                &note.blocks,
                options.columns.saturating_sub(marker.width()),
                false,
            );
            notes.push(hang(&marker, inner));
        }
        let mut lines = vec![rule(options.columns)];
        for n in notes {
            lines.push(String::new());
            lines.extend(n);
        }
        push_section(&mut out, lines);
    }
    let mut text = String::with_capacity(out.iter().map(|l| l.len() + 1).sum());
    for line in &out {
        text.push_str(line.trim_end_matches(' '));
        text.push('\n');
    }
    TextOutput {
        text,
        warnings: w.warnings,
    }
}

struct Writer<'a> {
    doc: &'a Document,
    options: &'a TextOptions,
    warnings: Vec<Diagnostic>,
}

fn push_section(out: &mut Vec<String>, lines: Vec<String>) {
    if lines.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push(String::new());
    }
    out.extend(lines);
}

/// A centred `* * *`, never wider than the width it is given (trailing spaces are trimmed).
fn rule(width: usize) -> String {
    let w = width.min(72);
    format!("{:^w$}", "* * *")
}

/// Prefixes the first line with `marker` and indents the rest by its width.
fn hang(marker: &str, lines: Vec<String>) -> Vec<String> {
    let pad = " ".repeat(marker.width());
    let mut out = Vec::with_capacity(lines.len().max(1));
    for (i, line) in lines.into_iter().enumerate() {
        if i == 0 {
            out.push(format!("{marker}{line}"));
        } else if line.is_empty() {
            out.push(line);
        } else {
            out.push(format!("{pad}{line}"));
        }
    }
    if out.is_empty() {
        out.push(marker.trim_end().to_owned());
    }
    out
}

impl Writer<'_> {
    /// The width text wraps to. No floor: deep nesting in narrow columns wraps narrowly
    /// rather than overflowing `--columns`; only words longer than the measure (and code)
    /// may exceed it.
    fn measure(&self, width: usize) -> usize {
        width.max(1)
    }

    fn title_block(&mut self, out: &mut Vec<String>) {
        let meta = &self.doc.meta;
        let Some(title) = &meta.title else { return };
        let lines = self.fill(title, self.options.columns);
        let width = lines.iter().map(|l| l.width()).max().unwrap_or(0);
        out.extend(lines);
        out.push("=".repeat(width));
        if let Some(subtitle) = &meta.subtitle {
            out.extend(self.fill(subtitle, self.options.columns));
        }
        if !meta.authors.is_empty() {
            out.push(meta.authors.join(", "));
        }
        if let Some(date) = meta.date {
            out.push(format!(
                "{:04}-{:02}-{:02}",
                date.year, date.month, date.day
            ));
        }
    }

    fn blocks(&mut self, blocks: &[Block], width: usize, tight: bool) -> Vec<String> {
        let mut out = Vec::new();
        for block in blocks {
            let lines = self.block(block, width);
            if lines.is_empty() {
                continue;
            }
            let packed = tight
                && matches!(
                    block,
                    Block::Paragraph { .. } | Block::Figure(_) | Block::List(_)
                );
            if !out.is_empty() && !packed {
                out.push(String::new());
            }
            out.extend(lines);
        }
        out
    }

    fn block(&mut self, block: &Block, width: usize) -> Vec<String> {
        match block {
            Block::Paragraph { content, .. } => {
                let text = self.inlines(content);
                self.fill(&text, width)
            }
            Block::Heading(h) => {
                let text = self.inlines(&h.content);
                let lines = self.fill(&text, width);
                let w = lines.iter().map(|l| l.width()).max().unwrap_or(0);
                let ch = ['=', '-', '~', '^', '"', '\''][usize::from(h.level.clamp(1, 6)) - 1];
                let mut out = lines;
                out.push(ch.to_string().repeat(w.max(1)));
                out
            }
            Block::BlockQuote { blocks } => self
                .blocks(blocks, width.saturating_sub(2), false)
                .into_iter()
                .map(|l| {
                    if l.is_empty() {
                        ">".to_owned()
                    } else {
                        format!("> {l}")
                    }
                })
                .collect(),
            Block::List(list) => self.list(list, width),
            Block::CodeBlock(code) => code
                .text
                .trim_end_matches('\n')
                .split('\n')
                .map(|l| {
                    if l.trim().is_empty() {
                        String::new()
                    } else {
                        format!("    {}", expand_tabs(l))
                    }
                })
                .collect(),
            Block::Table(t) => {
                let header: Vec<String> = t.header.iter().map(|c| self.cell(c)).collect();
                let rows: Vec<Vec<String>> = t
                    .rows
                    .iter()
                    .map(|r| r.iter().map(|c| self.cell(c)).collect())
                    .collect();
                table::render(&t.alignments, &header, &rows, self.measure(width))
            }
            Block::ThematicBreak => vec![rule(width)],
            Block::Html { html, line } => {
                if let Some(tag) = quire_core::rawhtml::dropped_content(html) {
                    self.warn_dropped(*line, &tag);
                }
                let text = quire_core::rawhtml::to_text(html);
                let mut out = Vec::new();
                for para in text.split("\n\n").filter(|p| !p.is_empty()) {
                    if !out.is_empty() {
                        out.push(String::new());
                    }
                    out.extend(self.fill(para, width));
                }
                out
            }
            // As the paragraph of images it was written as (`[image: alt]`), then the
            // caption when it says more than the alt text already printed.
            Block::Figure(f) => {
                let text = self.inlines(&f.content);
                let mut out = self.fill(&text, width);
                let caption = self.inlines(&f.caption);
                let said = f.images().next().map(|i| i.label());
                if !caption.is_empty() && said != Some(caption.as_str()) {
                    out.extend(self.fill(&caption, width));
                }
                out
            }
            Block::Div(d) => self.blocks(&d.blocks, width, false),
            // `NOTE: title`, then the content indented under it.
            Block::Callout(c) => {
                let mut head = c.label().to_uppercase();
                head.push(':');
                if !c.title.is_empty() {
                    head.push(' ');
                    head.push_str(&self.inlines(&c.title));
                }
                let mut out = self.fill(&head, width);
                let inner = self.blocks(&c.blocks, width.saturating_sub(2), false);
                out.extend(inner.into_iter().map(
                    |l| {
                        if l.is_empty() {
                            l
                        } else {
                            format!("  {l}")
                        }
                    },
                ));
                out
            }
            // The term, then each definition indented under it.
            Block::DefinitionList(d) => {
                let mut out = Vec::new();
                for item in &d.items {
                    if !out.is_empty() {
                        out.push(String::new());
                    }
                    let term = self.inlines(&item.term);
                    out.extend(self.fill(&term, width));
                    for def in &item.definitions {
                        let inner = self.blocks(def, width.saturating_sub(4), false);
                        out.extend(inner.into_iter().map(|l| {
                            if l.is_empty() {
                                l
                            } else {
                                format!("    {l}")
                            }
                        }));
                    }
                }
                out
            }
        }
    }

    fn list(&mut self, list: &List, width: usize) -> Vec<String> {
        let last = list
            .start
            .map(|s| s.saturating_add(list.items.len() as u64).saturating_sub(1));
        let num_width = last.map_or(0, |n| n.to_string().len());
        let mut out = Vec::new();
        for (i, item) in list.items.iter().enumerate() {
            let mut marker = match list.start {
                Some(start) => format!("{:>num_width$}. ", start.saturating_add(i as u64)),
                None => "- ".to_owned(),
            };
            match item.task {
                Some(true) => marker.push_str("[x] "),
                Some(false) => marker.push_str("[ ] "),
                None => {}
            }
            let inner = self.blocks(
                &item.blocks,
                width.saturating_sub(marker.width()),
                list.tight,
            );
            if !list.tight && !out.is_empty() {
                out.push(String::new());
            }
            out.extend(hang(&marker, inner));
        }
        out
    }

    fn cell(&mut self, content: &[Inline]) -> String {
        unglue(&self.inlines(content).replace('\n', " "))
    }

    fn warn_dropped(&mut self, line: u32, tag: &str) {
        self.warnings.push(Diagnostic::warning(
            self.doc.source.as_deref(),
            line,
            format!("raw HTML {tag} dropped: plain text cannot show it"),
        ));
    }

    /// Wraps text (hard breaks are `\n`) to `width`, or not at all with `--wrap none`.
    /// Runs of spaces collapse to one, as they do when Markdown is rendered.
    fn fill(&self, text: &str, width: usize) -> Vec<String> {
        let mut lines = match self.options.wrap {
            Wrap::None => text.split('\n').map(collapse_spaces).collect(),
            // The wrapper joins words with single spaces itself.
            Wrap::Auto => wrap::wrap(text, self.measure(width)),
        };
        if text.contains(GLUE) {
            for line in &mut lines {
                *line = unglue(line);
            }
        }
        lines
    }

    fn inlines(&mut self, inlines: &[Inline]) -> String {
        let mut s = String::new();
        self.push_inlines(&mut s, inlines);
        s
    }

    fn push_inlines(&mut self, s: &mut String, inlines: &[Inline]) {
        for (i, inline) in inlines.iter().enumerate() {
            match inline {
                // After a display formula's own line, the soft break is no space.
                Inline::Text { text } if s.ends_with('\n') => push_soft(s, text.trim_start()),
                Inline::Text { text } => push_soft(s, text),
                Inline::Code { code } => s.push_str(code),
                Inline::Emphasis { content } | Inline::Strong { content } => {
                    self.push_inlines(s, content)
                }
                Inline::Strikethrough { content } => {
                    s.push_str("~~");
                    self.push_inlines(s, content);
                    s.push_str("~~");
                }
                Inline::Superscript { content } => {
                    let text = self.inlines(content);
                    push_script(s, &text, '^', SUPERSCRIPTS);
                }
                Inline::Subscript { content } => {
                    let text = self.inlines(content);
                    push_script(s, &text, '_', SUBSCRIPTS);
                }
                Inline::Link(link) => {
                    let start = s.len();
                    self.push_inlines(s, &link.content);
                    let text = &s[start..];
                    let shown = link.kind != LinkKind::Normal
                        || link.url.starts_with('#')
                        || text == link.url
                        || link.url.strip_prefix("mailto:") == Some(text);
                    if !shown {
                        if !text.is_empty() {
                            s.push(' ');
                        }
                        s.push('<');
                        s.push_str(&link.url);
                        s.push('>');
                    }
                }
                Inline::Image(image) => {
                    s.push_str("[image:");
                    s.push(GLUE);
                    s.push_str(image.label());
                    s.push(']');
                }
                Inline::FootnoteReference { number, .. } => {
                    s.push('[');
                    s.push_str(&number.to_string());
                    s.push(']');
                }
                Inline::HardBreak => s.push('\n'),
                Inline::Html { html, line } => {
                    if quire_core::rawhtml::is_line_break(html) {
                        s.push('\n');
                    } else if let Some(tag) = quire_core::rawhtml::dropped_content(html) {
                        self.warn_dropped(*line, &tag);
                    }
                }
                Inline::Span(span) => self.push_inlines(s, &span.content),
                Inline::Math { display, tex, .. } => {
                    // Display maths takes a line of its own.
                    if *display && !s.is_empty() && !s.ends_with('\n') {
                        s.push('\n');
                    }
                    match quire_core::math::parse(tex) {
                        Ok(f) => s.push_str(&quire_core::math::linear(&f)),
                        // The reader warned; plain text's code style is backticks.
                        Err(_) => {
                            s.push('`');
                            s.push_str(tex.trim());
                            s.push('`');
                        }
                    }
                    let more = inlines[i + 1..]
                        .iter()
                        .any(|x| !matches!(x, Inline::Text { text } if text.trim().is_empty()));
                    if *display && more {
                        s.push('\n');
                    }
                }
            }
        }
    }
}

/// Characters Unicode has superscript forms for, with those forms.
const SUPERSCRIPTS: &[(char, char)] = &[
    ('0', '⁰'),
    ('1', '¹'),
    ('2', '²'),
    ('3', '³'),
    ('4', '⁴'),
    ('5', '⁵'),
    ('6', '⁶'),
    ('7', '⁷'),
    ('8', '⁸'),
    ('9', '⁹'),
    ('+', '⁺'),
    ('-', '⁻'),
    ('=', '⁼'),
    ('(', '⁽'),
    (')', '⁾'),
    ('n', 'ⁿ'),
    ('i', 'ⁱ'),
];

/// Characters Unicode has subscript forms for, with those forms.
const SUBSCRIPTS: &[(char, char)] = &[
    ('0', '₀'),
    ('1', '₁'),
    ('2', '₂'),
    ('3', '₃'),
    ('4', '₄'),
    ('5', '₅'),
    ('6', '₆'),
    ('7', '₇'),
    ('8', '₈'),
    ('9', '₉'),
    ('+', '₊'),
    ('-', '₋'),
    ('=', '₌'),
    ('(', '₍'),
    (')', '₎'),
];

/// A script in plain text: Unicode's raised or lowered forms when every character has
/// one (`x²`, `H₂O`), else the mark and the text in parentheses (`2^(n+1)`), which reads
/// unambiguously where a bare `2^n+1` would not.
fn push_script(s: &mut String, text: &str, mark: char, forms: &[(char, char)]) {
    let mapped: Option<String> = text
        .chars()
        .map(|c| forms.iter().find(|(from, _)| *from == c).map(|(_, to)| *to))
        .collect();
    match mapped {
        Some(m) if !m.is_empty() => s.push_str(&m),
        _ => {
            s.push(mark);
            s.push('(');
            s.push_str(text);
            s.push(')');
        }
    }
}

/// Runs of spaces to one space, and no space at either end.
fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn unglue(s: &str) -> String {
    s.replace(GLUE, " ")
}

/// Tabs to spaces at 4-column stops.
fn expand_tabs(line: &str) -> String {
    quire_core::code::expand_tabs(line, |c| {
        unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
    })
}

#[cfg(test)]
mod tests;
