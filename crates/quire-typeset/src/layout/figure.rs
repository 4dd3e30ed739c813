//! Figures: images scaled to the measure and the page, their captions, and framed
//! placeholders for images that cannot be placed. Which image a URL is, and whether it
//! could be had, is the resolution pass's answer; only decoding its size is done here.

use quire_core::resolve::LoadedImage;
use quire_core::{plain_text, Figure, Image, ImageTarget};

use super::{shift, Chunk, Ctx, Layout};
use crate::page::{Element, ImageData};
use crate::para::{Align, Text};

impl Layout<'_> {
    /// A figure: each of its images set as a block, under it the figure's caption (for a
    /// figure of several images, each image's alt text).
    pub(super) fn figure(&mut self, figure: &Figure, ctx: &Ctx, gap: f32) {
        let single = figure.images().nth(1).is_none();
        let caption = plain_text(&figure.caption);
        for (i, img) in figure.images().enumerate() {
            let between = ctx.size * self.theme().image_gap;
            if self.image(img, ctx, if i == 0 { gap } else { between }) {
                self.caption(if single { &caption } else { &img.alt }, img.line, ctx);
            }
        }
    }

    /// Sets an image as a block; a placeholder when it cannot be had. Whether it was placed.
    pub(super) fn image(&mut self, img: &Image, ctx: &Ctx, gap: f32) -> bool {
        let key = match self.res {
            Some(res) => match res.image(&img.url) {
                ImageTarget::Loaded(i) => Some(i),
                ImageTarget::Found
                | ImageTarget::Remote
                | ImageTarget::Data
                | ImageTarget::Missing => None,
            },
            None => self.cover.is_some().then_some(usize::MAX),
        };
        let index = key.and_then(|key| match self.image_index.get(&key) {
            Some(found) => *found,
            None => {
                let loaded = match self.res {
                    Some(res) => res.loaded(key).clone(),
                    None => self.cover.clone()?,
                };
                let found = self.decode(img, &loaded);
                self.image_index.insert(key, found);
                found
            }
        });
        let Some(index) = index else {
            self.placeholder(img, ctx, gap);
            return false;
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
            figure: true,
            ..Chunk::default()
        });
        true
    }

    /// A caption under the image before it, kept with it.
    pub(super) fn caption(&mut self, caption: &str, line: u32, ctx: &Ctx) {
        let caption = caption.trim();
        if caption.is_empty() {
            return;
        }
        let theme = self.theme();
        let mut s = self.plain(ctx.size * theme.caption_size);
        s.variant.italic = true;
        s.color = theme.muted;
        let mut t = Text::default();
        t.push(caption, &s);
        let lines = self.composer.set(&t, ctx.width, Align::Center);
        self.flush_missing(line);
        let first = self.mark();
        self.push_lines(lines, ctx, 0.0, ctx.size * theme.caption_gap, true);
        // The caption stays with its image.
        if let Some(c) = self.chunk_at(first) {
            c.keep_with_prev = true;
        }
    }

    /// The image's size, decoded from its header, and its data added to the flow's
    /// images; `None`, with a warning, when PDF cannot hold its type (only a cover can be
    /// one: the pass refused such post images) or its size cannot be read.
    fn decode(&mut self, img: &Image, loaded: &LoadedImage) -> Option<usize> {
        let media_type = loaded.media_type;
        if !crate::PDF_IMAGE_TYPES.contains(&media_type) {
            self.warn(
                img.line,
                format!(
                    "image {}: {media_type} images cannot be shown in PDF",
                    img.url
                ),
            );
            return None;
        }
        let dims = image::ImageReader::new(std::io::Cursor::new(loaded.bytes.as_slice()))
            .with_guessed_format()
            .ok()
            .and_then(|r| r.into_dimensions().ok());
        let Some((width, height)) = dims.filter(|(w, h)| *w > 0 && *h > 0) else {
            self.warn(
                img.line,
                format!(
                    "image {}: cannot read its size; a placeholder stands in its place",
                    img.url
                ),
            );
            return None;
        };
        self.images.push(ImageData {
            bytes: loaded.bytes.clone(),
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
            figure: true,
            ..Chunk::default()
        });
    }
}
