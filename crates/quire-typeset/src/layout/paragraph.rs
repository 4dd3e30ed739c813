//! Paragraphs: inline text set into justified (or ragged) lines.

use quire_core::Inline;

use super::{Ctx, Layout};
use crate::para::{Align, Text};

impl Layout<'_> {
    pub(super) fn paragraph(&mut self, content: &[Inline], line: u32, ctx: &Ctx, gap: f32) {
        let mut t = Text::default();
        let style = self.plain(ctx.size);
        self.inlines(content, &style, &mut t);
        let align = if self.options.justify {
            Align::Justify
        } else {
            Align::Left
        };
        let lines = self.composer.set(&t, ctx.width, align);
        self.flush_missing(line);
        self.push_lines(lines, ctx, 0.0, gap, false);
    }

    /// Raw HTML: what text it has, as paragraphs; content PDF cannot show is dropped with
    /// a warning.
    pub(super) fn raw_html(&mut self, html: &str, line: u32, ctx: &Ctx, gap: f32) {
        if let Some(tag) = quire_core::rawhtml::dropped_content(html) {
            self.warn(
                line,
                format!("raw HTML {tag} cannot be shown in PDF; dropped"),
            );
        }
        let text = quire_core::rawhtml::to_text(html);
        for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
            // Its line ends are soft breaks, as in any text node.
            let content = vec![Inline::text(para)];
            self.paragraph(&content, line, ctx, gap);
        }
    }
}
