//! Paragraphs: inline text set into justified (or ragged) lines; a paragraph of images
//! alone is set as figures.

use quire_core::{Image, Inline};

use super::{Ctx, Layout};
use crate::para::{Align, Text};

impl Layout<'_> {
    pub(super) fn paragraph(&mut self, content: &[Inline], line: u32, ctx: &Ctx, gap: f32) {
        // A paragraph of images alone (the usual figure) sets them as blocks.
        let images: Vec<&Image> = content
            .iter()
            .filter_map(|i| match i {
                Inline::Image(img) => Some(&**img),
                Inline::Link(l) => match l.content.as_slice() {
                    [Inline::Image(img)] => Some(&**img),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        let only_images = !images.is_empty()
            && content.iter().all(|i| match i {
                Inline::Image(_) | Inline::HardBreak => true,
                Inline::Text { text } => text.trim().is_empty(),
                Inline::Link(l) => matches!(l.content.as_slice(), [Inline::Image(_)]),
                _ => false,
            });
        if only_images {
            for (i, img) in images.into_iter().enumerate() {
                let between = ctx.size * self.theme().image_gap;
                self.image(img, ctx, if i == 0 { gap } else { between });
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
