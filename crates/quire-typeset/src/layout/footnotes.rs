//! Footnote bodies: set at the end of the post after a short rule, or laid out on their
//! own for the paginator to place at the foot of the page that first references them.

use quire_core::Document;

use super::{Chunk, Ctx, FootnotePlacement, Layout};
use crate::page::Element;

impl Layout<'_> {
    /// The post's footnotes, numbered; `ctx` is the post's body.
    pub(super) fn footnotes(&mut self, doc: &Document, ctx: &Ctx) {
        if doc.footnotes.is_empty() {
            return;
        }
        let theme = self.theme();
        let size = self.options.font_size * theme.note_size;
        let indent = size * theme.note_indent;
        let inner = Ctx {
            left: indent,
            width: ctx.width - indent,
            decor: Vec::new(),
            size,
        };
        if self.options.footnotes == FootnotePlacement::End {
            self.push(Chunk {
                height: size,
                space_before: size * theme.note_end_gap,
                elements: vec![Element::Line {
                    x1: 0.0,
                    y1: size * theme.note_end_rule_y,
                    x2: ctx.width * theme.note_end_rule_length,
                    y2: size * theme.note_end_rule_y,
                    width: theme.note_rule_width,
                    color: theme.rule,
                }],
                ..Chunk::default()
            });
        }
        for note in &doc.footnotes {
            let number = format!("{}.", note.number);
            self.anchor_next(format!("{}fn-{}", self.prefix, note.number));
            if self.options.footnotes == FootnotePlacement::End {
                let first = self.mark();
                self.blocks(&note.blocks, &inner, true);
                self.marker(first, &number, size, 0.0, indent, note.line);
            } else {
                // Laid out on their own, placed by the paginator at the foot of the page
                // that first references them.
                let chunks = self.aside(|layout| {
                    layout.blocks(&note.blocks, &inner, false);
                    if layout.mark() == 0 {
                        layout.push(Chunk {
                            height: size * theme.note_empty_height,
                            ..Chunk::default()
                        });
                    }
                    layout.marker(0, &number, size, 0.0, indent, note.line);
                    if let Some(c) = layout.chunk_at(0) {
                        c.space_before = size * theme.note_gap;
                    }
                });
                self.push_note(note.number, chunks);
            }
        }
    }
}
