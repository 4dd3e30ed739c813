//! Figures: images scaled to the measure and the page, their captions, and framed
//! placeholders for images that cannot be placed. Which image a URL is, and whether it
//! could be had, is the resolution pass's answer; only decoding its size is done here.

use quire_core::resolve::LoadedImage;
use quire_core::{plain_text, Figure, Image, ImageTarget};

use super::{shift, Chunk, Ctx, Layout};
use crate::page::{Element, ImageData};
use crate::para::{Align, InlineImage, Style, Text};

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
        let Some(index) = self.image_data(img) else {
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

    /// An image inside a sentence or a link, scaled to the height of the line of `style`
    /// (narrowed when it would be wider than the theme allows); `None` when it cannot be
    /// had (the resolution warned about it) or decoded.
    pub(super) fn inline_image(&mut self, img: &Image, style: &Style) -> Option<InlineImage> {
        let index = self.image_data(img)?;
        let theme = self.theme();
        let data = &self.images[index];
        let aspect = data.width as f32 / data.height as f32;
        let mut h = style.size * theme.inline_image_height;
        let mut w = h * aspect;
        let max_w = style.size * theme.inline_image_max_width;
        if w > max_w {
            w = max_w;
            h = w / aspect;
        }
        Some(InlineImage {
            index,
            w,
            h,
            drop: h * theme.inline_image_drop,
        })
    }

    /// The flow's index of the image `img` names, decoding it the first time; `None`
    /// when the resolution did not load it or it cannot be decoded.
    fn image_data(&mut self, img: &Image) -> Option<usize> {
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
        index
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
        // Decoding costs memory by the declared size, not the file's: a 516 KB PNG that
        // declares 22000 x 22000 pixels took 3.8 GB. Past the budget, a placeholder.
        if u64::from(width) * u64::from(height) > crate::MAX_IMAGE_PIXELS {
            self.warn(
                img.line,
                format!(
                    "image {}: {width} x {height} pixels is more than quire places ({} megapixels); a placeholder stands in its place",
                    img.url,
                    crate::MAX_IMAGE_PIXELS / 1_000_000
                ),
            );
            return None;
        }
        // Everything but JPEG (passed through as it is) is decoded by the PDF writer; one
        // that cannot be decoded is a placeholder here, not a blank square there.
        if media_type != "image/jpeg" && crate::decode_check(&loaded.bytes).is_err() {
            self.warn(
                img.line,
                format!(
                    "image {}: cannot be decoded; a placeholder stands in its place",
                    img.url
                ),
            );
            return None;
        }
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
