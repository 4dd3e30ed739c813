//! The table of contents as chunks: a heading, then one line per entry with dot leaders
//! and the page number, the whole line a link to its heading.

use std::sync::Arc;

use super::{shift, Chunk, Ctx, Layout};
use crate::page::{Element, PlacedGlyph, TextRun};
use crate::para::{Align, Text};

impl Layout<'_> {
    /// The table of contents: a heading, then one entry per line with dot leaders and the
    /// page number, each a link to its heading.
    pub(crate) fn toc(&mut self, entries: &[crate::toc::Entry], new_page: bool) {
        let theme = self.theme();
        let base = self.options.font_size;
        let width = self.options.measure();
        let first = self.mark();
        let mut head = self.plain(base * theme.toc_heading_size);
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
        self.push_lines(lines, &ctx, 0.0, base * theme.toc_heading_gap, true);
        self.keep_next(base * theme.toc_heading_after);
        let number_w = base * theme.toc_number_width;
        let dot = self
            .composer
            .book
            .shape(self.composer.book.primary(self.plain(base).variant), ".");
        let dot_font = dot.font;
        for entry in entries {
            let indent = f32::from(entry.level) * base * theme.toc_indent;
            let mut style = self.plain(base);
            style.variant.bold = entry.level == 0 && new_page;
            style.no_hyphens = true;
            style.link = Some(Arc::from(format!("#{}", entry.anchor).as_str()));
            let mut t = Text::default();
            t.push(&entry.title, &style);
            let avail = (width - indent - number_w - base).max(base * theme.toc_min_width);
            let lines = self.composer.set(&t, avail, Align::Left);
            let n = lines.len();
            for (k, line) in lines.into_iter().enumerate() {
                let mut elements = line.elements;
                for e in &mut elements {
                    // Entry text keeps its ink colour: a contents page is not a page of links.
                    if let Element::Text(r) = e {
                        r.color = theme.ink;
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
                    let step = base * theme.toc_leader_step;
                    let mut x = ((end + base * theme.toc_leader_gap) / step).ceil() * step;
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
                                color: theme.muted,
                                glyphs: dots,
                                actual: None,
                            }));
                        }
                    }
                    let number = self.composer.book.shape_styled(
                        self.plain(base).variant,
                        &entry.page,
                        &mut Vec::new(),
                    );
                    let nw: f32 = number.iter().map(|r| r.width * base).sum();
                    elements.extend(TextRun::line_of(&number, width - nw, y, base, theme.ink).0);
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
                    base * theme.toc_post_gap
                } else if k == 0 {
                    base * theme.toc_entry_gap
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
            if let Some(c) = self.chunk_at(first) {
                c.page_break_before = true;
            }
        }
        // After the contents, the text starts on a new page in books; in a post, a gap.
        self.clear_next();
    }
}
