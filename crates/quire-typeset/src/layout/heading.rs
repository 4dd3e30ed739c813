//! Headings: bold lines sized by level, with an anchor and an outline entry, kept with
//! the chunk after them so a heading never ends a page.

use quire_core::{plain_text, Heading};

use super::{Ctx, Layout};
use crate::para::{Align, Text};

impl Layout<'_> {
    pub(super) fn heading(&mut self, h: &Heading, ctx: &Ctx) {
        let level = h.level.clamp(1, 6);
        let theme = self.theme();
        let scale = theme.heading_sizes[usize::from(level - 1)];
        let size = self.options.font_size * scale;
        let mut style = self.plain(size);
        style.variant.bold = level <= 5;
        style.variant.italic = level == 6;
        style.no_hyphens = true;
        let mut t = Text::default();
        self.inlines(&h.content, &style, &mut t);
        let lines = self.composer.set(&t, ctx.width, Align::Left);
        self.flush_missing(h.line);
        let first = self.mark();
        if !h.attr.id.is_empty() {
            self.anchor_next(format!("{}{}", self.prefix, h.attr.id));
        }
        self.push_lines(lines, ctx, 0.0, size * theme.heading_space_above, true);
        if let Some(c) = self.chunk_at(first) {
            c.outline = Some((level, plain_text(&h.content).trim().to_owned()));
        }
        self.keep_next(size * theme.heading_space_below);
    }
}
