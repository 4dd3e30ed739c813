//! Inline content flattened into styled [`Text`]: emphasis, code, links, footnote
//! references, scripts, images drawn in the line (their labels when they cannot be had).

use std::sync::Arc;

use quire_core::{plain_text, Inline, LinkKind};

use super::Layout;
use crate::para::{Style, Text};

impl Layout<'_> {
    pub(super) fn inlines(&mut self, inlines: &[Inline], style: &Style, out: &mut Text) {
        for inline in inlines {
            match inline {
                Inline::Text { text } => out.push_soft(text, style),
                Inline::Emphasis { content } => {
                    let mut s = style.clone();
                    s.variant.italic = !s.variant.italic;
                    self.inlines(content, &s, out);
                }
                Inline::Strong { content } => {
                    let mut s = style.clone();
                    s.variant.bold = true;
                    self.inlines(content, &s, out);
                }
                Inline::Strikethrough { content } => {
                    let mut s = style.clone();
                    s.strike = true;
                    self.inlines(content, &s, out);
                }
                Inline::Superscript { content } | Inline::Subscript { content } => {
                    let theme = self.theme();
                    let mut s = style.clone();
                    s.size = style.size * theme.script_size;
                    s.rise = style.rise
                        + style.size
                            * if matches!(inline, Inline::Superscript { .. }) {
                                theme.superscript_rise
                            } else {
                                -theme.subscript_drop
                            };
                    self.inlines(content, &s, out);
                }
                Inline::Code { code } => {
                    let mut s = style.clone();
                    s.variant.mono = true;
                    s.size = style.size * self.theme().inline_code_size;
                    s.url_breaks = true;
                    s.no_hyphens = true;
                    out.push(code, &s);
                }
                Inline::Link(link) => {
                    let mut s = style.clone();
                    s.color = self.theme().link;
                    s.link = Some(Arc::from(self.link_target(&link.url).as_str()));
                    if link.kind != LinkKind::Normal || looks_like_url(&plain_text(&link.content)) {
                        s.url_breaks = true;
                        s.no_hyphens = true;
                    }
                    self.inlines(&link.content, &s, out);
                }
                Inline::Image(img) => match self.inline_image(img, style) {
                    // Drawn in the line, scaled to it.
                    Some(image) => {
                        let mut s = style.clone();
                        s.image = Some(image);
                        out.push("\u{FFFC}", &s);
                    }
                    // One the resolution could not load (it has warned): its label.
                    None => {
                        let mut s = style.clone();
                        s.variant.italic = true;
                        s.color = self.theme().muted;
                        out.push(&format!("[{}]", img.label()), &s);
                    }
                },
                Inline::FootnoteReference { number, .. } => {
                    let mut s = style.clone();
                    s.size = style.size * self.theme().note_ref_size;
                    s.rise = style.size * self.theme().note_ref_rise;
                    s.link = Some(Arc::from(format!("#{}fn-{number}", self.prefix).as_str()));
                    s.color = self.theme().link;
                    s.note = Some(*number);
                    out.push(&number.to_string(), &s);
                }
                Inline::HardBreak => out.push("\n", style),
                Inline::Html { html, .. } => {
                    // Inline raw HTML is tags: only a line break shows in print.
                    if quire_core::rawhtml::is_line_break(html) {
                        out.push("\n", style);
                    }
                }
                Inline::Span(span) => self.inlines(&span.content, style, out),
                // Display maths is set by the paragraph on its own line; here (in a
                // heading, a cell) it is set inline.
                Inline::Math { tex, .. } => {
                    crate::math::push(
                        tex,
                        false,
                        style,
                        out,
                        self.composer.book,
                        self.theme(),
                        f32::INFINITY,
                    );
                }
            }
        }
    }
}

fn looks_like_url(s: &str) -> bool {
    s.contains("://")
        || s.starts_with("www.")
        || (s.contains('/') && !s.contains(' ') && s.len() > 20)
}
