//! A book's cover page: the cover image scaled to the text area, or a typeset title page.

use quire_core::Image;

use super::{Chunk, Ctx, Layout, Part};
use crate::page::Element;
use crate::para::{Align, Text};

impl Layout<'_> {
    /// A book's first page: the cover image filling the text area, or the title, authors
    /// and the span of the posts' dates.
    pub(crate) fn cover_page(
        &mut self,
        title: &str,
        authors: &[String],
        dates: &str,
        image: Option<&str>,
    ) {
        let theme = self.theme();
        let base = self.options.font_size;
        let width = self.options.measure();
        let ctx = Ctx {
            left: 0.0,
            width,
            decor: Vec::new(),
            size: base,
        };
        let first = self.mark();
        if let Some(url) = image {
            let img = Image::new(url.to_owned(), String::new(), title.to_owned(), 0);
            if self.image(&img, &ctx, 0.0) {
                self.caption(title, 0, &ctx);
            }
            // The image may take the whole page here.
            let text_height = self.text_height;
            if let Some(c) = self.chunk_at(first) {
                if let Some(Element::Image { w, h, x, .. }) = c.elements.first_mut() {
                    let scale = (width / *w).min(text_height / *h);
                    *w *= scale;
                    *h *= scale;
                    *x = (width - *w) / 2.0;
                    c.height = *h;
                }
            }
        } else {
            self.push(Chunk {
                height: self.text_height * theme.cover_top,
                ..Chunk::default()
            });
            let add = |layout: &mut Self,
                       text: &str,
                       size: f32,
                       bold: bool,
                       italic: bool,
                       before: f32| {
                if text.is_empty() {
                    return;
                }
                let mut s = layout.plain(size);
                s.variant.bold = bold;
                s.variant.italic = italic;
                s.no_hyphens = true;
                let mut t = Text::default();
                t.push(text, &s);
                let lines = layout.composer.set(&t, width, Align::Center);
                layout.push_lines(lines, &ctx, 0.0, before, true);
            };
            add(
                self,
                if title.is_empty() { "Untitled" } else { title },
                base * theme.cover_title_size,
                true,
                false,
                0.0,
            );
            add(
                self,
                &authors.join(", "),
                base * theme.cover_authors_size,
                false,
                false,
                base * theme.cover_authors_gap,
            );
            add(
                self,
                dates,
                base * theme.cover_dates_size,
                false,
                true,
                base * theme.cover_dates_gap,
            );
        }
        for (i, c) in self.chunks_from(first).iter_mut().enumerate() {
            c.keep_with_prev = i > 0;
            c.plain = true;
            c.part = Part::Cover;
        }
    }
}
