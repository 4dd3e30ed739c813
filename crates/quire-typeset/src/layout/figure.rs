//! Figures: images scaled to the measure and the page, their captions, framed
//! placeholders for images that cannot be placed, and the loading of images (with its
//! warnings) in one place, which a resolution pass in quire-core is to replace.

use std::sync::Arc;

use quire_core::Image;

use super::{shift, Chunk, Ctx, Layout};
use crate::page::{Element, ImageData};
use crate::para::{Align, Text};

impl Layout<'_> {
    pub(super) fn image(&mut self, img: &Image, ctx: &Ctx, gap: f32) {
        let index = match self.image_index.get(&img.url) {
            Some(found) => *found,
            None => {
                let found = self.load_image(img);
                self.image_index.insert(img.url.clone(), found);
                found
            }
        };
        let Some(index) = index else {
            self.placeholder(img, ctx, gap);
            return;
        };
        let theme = self.theme();
        let data = &self.images[index];
        // Pixels at 96 per inch, never wider than the measure nor taller than most of a page.
        let natural_w = data.width as f32 * theme.image_scale;
        let natural_h = data.height as f32 * theme.image_scale;
        let scale = (ctx.width / natural_w)
            .min(self.text_height * theme.image_max_height / natural_h)
            .min(1.0);
        let (w, h) = (natural_w * scale, natural_h * scale);
        let x = ctx.left + (ctx.width - w) / 2.0;
        self.push(Chunk {
            height: h,
            space_before: gap,
            elements: vec![Element::Image {
                image: index,
                x,
                y: 0.0,
                w,
                h,
            }],
            decor: ctx.decor.clone(),
            ..Chunk::default()
        });
        self.caption(img, ctx);
    }

    fn caption(&mut self, img: &Image, ctx: &Ctx) {
        if img.alt.trim().is_empty() {
            return;
        }
        let theme = self.theme();
        let mut s = self.plain(ctx.size * theme.caption_size);
        s.variant.italic = true;
        s.color = theme.muted;
        let mut t = Text::default();
        t.push(img.alt.trim(), &s);
        let lines = self.composer.set(&t, ctx.width, Align::Center);
        self.flush_missing(img.line);
        let first = self.mark();
        self.push_lines(lines, ctx, 0.0, ctx.size * theme.caption_gap, true);
        // The caption stays with its image.
        if let Some(c) = self.chunk_at(first) {
            c.keep_with_prev = true;
        }
    }

    /// The image's data, added to the flow's images; `None`, with a warning, when it
    /// cannot be found, is of a type PDF cannot hold, or has no readable size.
    fn load_image(&mut self, img: &Image) -> Option<usize> {
        let warn = |layout: &mut Self, message: String| layout.warn(img.line, message);
        let resource = match self.resources.load(&img.url) {
            Ok(r) => r,
            Err(e) => {
                warn(
                    self,
                    format!("image {}: {e}; a placeholder stands in its place", img.url),
                );
                return None;
            }
        };
        let media_type = quire_core::resource::media_type(&resource.bytes);
        let Some(media_type @ ("image/jpeg" | "image/png" | "image/gif" | "image/webp")) =
            media_type
        else {
            warn(
                self,
                format!(
                    "image {}: {} images cannot be placed in PDF; a placeholder stands in its place",
                    img.url,
                    media_type.unwrap_or("unknown")
                ),
            );
            return None;
        };
        let dims = image::ImageReader::new(std::io::Cursor::new(&resource.bytes))
            .with_guessed_format()
            .ok()
            .and_then(|r| r.into_dimensions().ok());
        let Some((width, height)) = dims.filter(|(w, h)| *w > 0 && *h > 0) else {
            warn(
                self,
                format!(
                    "image {}: cannot read its size; a placeholder stands in its place",
                    img.url
                ),
            );
            return None;
        };
        self.images.push(ImageData {
            bytes: Arc::new(resource.bytes),
            width,
            height,
            media_type,
        });
        Some(self.images.len() - 1)
    }

    fn placeholder(&mut self, img: &Image, ctx: &Ctx, gap: f32) {
        let theme = self.theme();
        let size = ctx.size * theme.placeholder_size;
        let mut s = self.plain(size);
        s.variant.italic = true;
        s.color = theme.muted;
        let mut t = Text::default();
        t.push(&format!("[image: {}]", img.label()), &s);
        let inner = ctx.width - size * (2.0 * theme.placeholder_inset);
        let lines = self.composer.set(&t, inner, Align::Center);
        self.flush_missing(img.line);
        let text_h: f32 = lines.iter().map(|l| l.height).sum();
        let h =
            (text_h + size * theme.placeholder_padding).max(size * theme.placeholder_min_height);
        let mut elements = vec![Element::Rect {
            x: ctx.left,
            y: 0.0,
            w: ctx.width,
            h,
            fill: Some(theme.placeholder_fill),
            stroke: Some((theme.rule, theme.placeholder_frame_width)),
        }];
        let mut y = (h - text_h) / 2.0;
        for line in lines {
            for mut e in line.elements {
                shift(&mut e, ctx.left + size * theme.placeholder_inset, y);
                elements.push(e);
            }
            y += line.height;
        }
        self.push(Chunk {
            height: h,
            space_before: gap,
            elements,
            decor: ctx.decor.clone(),
            ..Chunk::default()
        });
    }
}
