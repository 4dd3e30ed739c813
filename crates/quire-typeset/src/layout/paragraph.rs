//! Paragraphs: inline text set into justified (or ragged) lines.

use quire_core::Inline;

use super::{Ctx, Layout};
use crate::para::{Align, Text};

impl Layout<'_> {
    pub(super) fn paragraph(&mut self, content: &[Inline], line: u32, ctx: &Ctx, gap: f32) {
        // Display maths splits the paragraph: the text around it, and each formula on a
        // centred line of its own with the Theme's space around it.
        if content
            .iter()
            .any(|i| matches!(i, Inline::Math { display: true, .. }))
        {
            let space = self.theme().math_display_space * ctx.size;
            let mut gap = gap;
            for part in content.split_inclusive(|i| matches!(i, Inline::Math { display: true, .. }))
            {
                let (text, display) = match part.split_last() {
                    Some((
                        Inline::Math {
                            display: true, tex, ..
                        },
                        rest,
                    )) => (rest, Some(tex)),
                    _ => (part, None),
                };
                let blank = text
                    .iter()
                    .all(|i| matches!(i, Inline::Text { text } if text.trim().is_empty()));
                if !blank {
                    self.paragraph(text, line, ctx, gap);
                    gap = space;
                }
                if let Some(tex) = display {
                    let mut t = Text::default();
                    let style = self.plain(ctx.size);
                    let scaled = crate::math::push(
                        tex,
                        true,
                        &style,
                        &mut t,
                        self.composer.book,
                        self.theme(),
                        ctx.width,
                    );
                    if let Some(k) = scaled {
                        self.warn(
                            line,
                            format!(
                                "display formula wider than the page's measure; set at {:.0}% of its size",
                                k * 100.0
                            ),
                        );
                    }
                    let lines = self.composer.set(&t, ctx.width, Align::Center);
                    self.flush_missing(line);
                    self.push_lines(lines, ctx, 0.0, gap.max(space), false);
                    gap = space;
                }
            }
            return;
        }
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
