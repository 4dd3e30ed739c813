//! Code blocks: shaded, one chunk per line, long lines wrapped after a friendly character
//! with a continuation mark and a hanging indent.

use super::{shift, Chunk, Ctx, Decor, Layout};
use crate::fonts::Variant;
use crate::page::{Color, Element, PlacedGlyph, TextRun};
use quire_core::CodeBlock;

impl Layout<'_> {
    pub(super) fn code(&mut self, code: &CodeBlock, ctx: &Ctx, gap: f32) {
        let theme = self.theme();
        let size = ctx.size * theme.code_size;
        let pad = size * theme.code_padding;
        let line_h = size * theme.code_line_height;
        let text = quire_core::code::expand_tabs(code.text.trim_end_matches('\n'), |_| 1);
        let spans = if self.options.highlight {
            code.language
                .as_deref()
                .and_then(|lang| crate::highlight::highlight(&text, lang))
        } else {
            None
        };
        let lines: Vec<Vec<crate::highlight::Span>> = match spans {
            Some(s) if s.len() == text.lines().count() => s,
            _ => text
                .lines()
                .map(|l| {
                    vec![crate::highlight::Span {
                        text: l.to_owned(),
                        color: theme.ink,
                        bold: false,
                        italic: false,
                    }]
                })
                .collect(),
        };
        let avail = (ctx.width - 2.0 * pad).max(size * theme.code_min_width);
        let mut set_lines: Vec<Vec<Element>> = Vec::new();
        for spans in &lines {
            for row in self.code_line(spans, size, avail) {
                set_lines.push(row);
            }
        }
        if set_lines.is_empty() {
            set_lines.push(Vec::new());
        }
        self.flush_missing(code.line);
        let mut decor = ctx.decor.clone();
        decor.push(Decor {
            x: ctx.left,
            w: ctx.width,
            color: theme.code_background,
            covers_gap: false,
        });
        let n = set_lines.len();
        for (i, mut elements) in set_lines.into_iter().enumerate() {
            let top = if i == 0 { pad } else { 0.0 };
            let bottom = if i + 1 == n { pad } else { 0.0 };
            for e in &mut elements {
                shift(e, ctx.left + pad, top + line_h * theme.code_baseline);
            }
            self.push(Chunk {
                height: line_h + top + bottom,
                space_before: if i == 0 { gap } else { 0.0 },
                elements,
                keep_with_prev: i > 0 && (i == 1 || i + 1 == n),
                decor: decor.clone(),
                ..Chunk::default()
            });
        }
    }

    /// One code line, wrapped to `avail` with a continuation mark and hanging indent.
    fn code_line(
        &mut self,
        spans: &[crate::highlight::Span],
        size: f32,
        avail: f32,
    ) -> Vec<Vec<Element>> {
        // Flatten to glyphs with their fonts and colours.
        struct G {
            font: crate::fonts::FontId,
            color: Color,
            glyph: PlacedGlyph,
            breakable_after: bool,
        }
        let mut glyphs: Vec<G> = Vec::new();
        for span in spans {
            let variant = Variant {
                mono: true,
                math: false,
                bold: span.bold,
                italic: span.italic,
            };
            for run in
                self.composer
                    .book
                    .shape_styled(variant, &span.text, &mut self.composer.missing)
            {
                for g in &run.glyphs {
                    let breakable_after = g
                        .text
                        .ends_with([' ', ',', ';', '(', '[', '{', '.', '/', '&', '|', '=']);
                    glyphs.push(G {
                        font: run.font,
                        color: span.color,
                        glyph: PlacedGlyph {
                            id: g.id,
                            advance: g.advance * size,
                            text: g.text.clone(),
                        },
                        breakable_after,
                    });
                }
            }
        }
        let mark_style = Variant {
            mono: true,
            math: false,
            bold: false,
            italic: false,
        };
        let mark_font = self
            .composer
            .book
            .font_for(mark_style, '↪')
            .unwrap_or(self.composer.book.primary(mark_style));
        let mark = self.composer.book.shape(mark_font, "↪ ");
        let mark_w = mark.width * size;
        let leading_ws: f32 = glyphs
            .iter()
            .take_while(|g| &*g.glyph.text == " ")
            .map(|g| g.glyph.advance)
            .sum::<f32>()
            .min(avail * self.theme().code_max_hang);
        let mut rows: Vec<Vec<Element>> = Vec::new();
        let mut i = 0;
        let mut first = true;
        while i < glyphs.len() || first {
            let mut x = 0.0;
            let mut row: Vec<Element> = Vec::new();
            let width = if first {
                avail
            } else {
                avail - leading_ws - mark_w
            };
            if !first {
                x = leading_ws;
                row.extend(
                    TextRun::line_of(
                        std::slice::from_ref(&mark),
                        x,
                        0.0,
                        size,
                        self.theme().muted,
                    )
                    .0,
                );
                x += mark_w;
            }
            // How many glyphs fit, breaking after a friendly character when possible.
            let mut used = 0.0;
            let mut end = i;
            let mut last_ok = None;
            while end < glyphs.len() && used + glyphs[end].glyph.advance <= width + 0.01 {
                used += glyphs[end].glyph.advance;
                if glyphs[end].breakable_after {
                    last_ok = Some(end + 1);
                }
                end += 1;
            }
            if end < glyphs.len() {
                if let Some(ok) = last_ok.filter(|&ok| ok > i + (end - i) / 3) {
                    end = ok;
                }
                if end == i {
                    end = i + 1; // a glyph wider than the line: place it anyway
                }
            }
            let mut current: Option<TextRun> = None;
            for g in &glyphs[i..end] {
                match &mut current {
                    Some(run) if run.font == g.font && run.color == g.color => {
                        run.glyphs.push(g.glyph.clone())
                    }
                    _ => {
                        if let Some(run) = current.take() {
                            x = run.end();
                            row.push(Element::Text(run));
                        }
                        current = Some(TextRun {
                            font: g.font,
                            size,
                            x,
                            y: 0.0,
                            color: g.color,
                            glyphs: vec![g.glyph.clone()],
                            actual: None,
                        });
                    }
                }
            }
            if let Some(run) = current.take() {
                row.push(Element::Text(run));
            }
            rows.push(row);
            i = end;
            first = false;
        }
        rows
    }
}
