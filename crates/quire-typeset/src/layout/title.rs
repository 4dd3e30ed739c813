//! The title block at the top of a post: title, subtitle, byline, description and a
//! short rule, kept together on a page without a running header.

use quire_core::{Block, Document};

use super::{plain, Chunk, Ctx, Layout, MUTED, RULE};
use crate::page::Element;
use crate::para::{Align, Style, Text};

impl Layout<'_> {
    /// The title block: title, subtitle, byline (authors and date), description and a
    /// short rule.
    pub(crate) fn title_block(&mut self, doc: &Document) {
        let meta = &doc.meta;
        let base = self.options.font_size;
        let ctx = Ctx {
            left: 0.0,
            width: self.options.measure(),
            decor: Vec::new(),
            size: base,
        };
        let first = self.mark();
        // The post's own anchor (bundles link to it), and the id of a first heading that
        // repeats the title (the title block stands for it).
        self.anchor_next(format!("{}top", self.prefix));
        if doc.body_after_title().len() < doc.blocks.len() {
            if let Some(Block::Heading(h)) = doc.blocks.first() {
                self.anchor_next(format!("{}{}", self.prefix, h.id));
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
        for (i, c) in self.chunks_from(first).iter_mut().enumerate() {
            c.keep_with_prev = i > 0;
            c.plain = true;
        }
        if self.title_outline {
            if let Some(c) = self.chunk_at(first) {
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
}
