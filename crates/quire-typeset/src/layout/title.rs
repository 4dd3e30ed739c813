//! The title block at the top of a post: title, subtitle, byline, description and a
//! short rule, kept together on a page without a running header.

use quire_core::{Block, Document};

use super::{Chunk, Ctx, Layout};
use crate::page::Element;
use crate::para::{Align, Style, Text};

impl Layout<'_> {
    /// The title block: title, subtitle, byline (authors and date), description and a
    /// short rule.
    pub(crate) fn title_block(&mut self, doc: &Document) {
        let meta = &doc.meta;
        let theme = self.theme();
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
        if let Some(Block::Heading(h)) = doc.title_heading().map(|i| &doc.blocks[i]) {
            self.anchor_next(format!("{}{}", self.prefix, h.attr.id));
        }
        let add = |layout: &mut Self, s: &str, style: Style, align: Align, before: f32| {
            let mut t = Text::default();
            t.push(s, &style);
            let lines = layout.composer.set(&t, ctx.width, align);
            layout.push_lines(lines, &ctx, 0.0, before, true);
        };
        // Set as the body is: curled quotes, dashes (the outline and contents take it too).
        let title =
            quire_core::smart::punctuate(meta.title.as_deref().unwrap_or_default()).into_owned();
        if !title.is_empty() {
            let mut s = self.plain(base * theme.title_size);
            s.variant.bold = true;
            s.no_hyphens = true;
            add(self, &title, s, Align::Center, 0.0);
        }
        if let Some(sub) = &meta.subtitle {
            let mut s = self.plain(base * theme.subtitle_size);
            s.variant.italic = true;
            let sub = quire_core::smart::punctuate(sub);
            add(self, &sub, s, Align::Center, base * theme.subtitle_gap);
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
            let mut s = self.plain(base * theme.byline_size);
            s.color = theme.muted;
            add(self, &byline, s, Align::Center, base * theme.byline_gap);
        }
        if let Some(desc) = &meta.description {
            let mut s = self.plain(base * theme.description_size);
            s.variant.italic = true;
            add(self, desc, s, Align::Center, base * theme.description_gap);
        }
        // A short rule under the block.
        let w = self.options.measure();
        self.push(Chunk {
            height: base * theme.title_rule_height,
            space_before: base * theme.title_rule_gap,
            elements: vec![Element::Line {
                x1: w * theme.title_rule_from,
                y1: base * theme.title_rule_y,
                x2: w * theme.title_rule_to,
                y2: base * theme.title_rule_y,
                width: theme.title_rule_width,
                color: theme.rule,
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
