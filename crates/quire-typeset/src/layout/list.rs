//! Lists: items indented under a bullet or number (tasks under their box), and the
//! right-aligned marker that footnotes use too.

use quire_core::{Block, Inline, List};

use super::{Chunk, Ctx, Layout};
use crate::page::{Element, TextRun};

impl Layout<'_> {
    /// Draws a list marker or note number right-aligned before the first line of the
    /// chunks that start at `first`.
    pub(super) fn marker(
        &mut self,
        first: usize,
        text: &str,
        size: f32,
        left: f32,
        indent: f32,
        line: u32,
    ) {
        let Some(chunk) = self.chunk_at(first) else {
            return;
        };
        let baseline = chunk
            .elements
            .iter()
            .find_map(|e| match e {
                Element::Text(r) => Some(r.y),
                _ => None,
            })
            .unwrap_or(size);
        let style = self.plain(size);
        let mut missing = Vec::new();
        let runs = self
            .composer
            .book
            .shape_styled(style.variant, text, &mut missing);
        let width: f32 = runs.iter().map(|r| r.width * size).sum();
        let x = left + indent - size * self.theme().list_marker_gap - width;
        let ink = self.theme().ink;
        if let Some(chunk) = self.chunk_at(first) {
            chunk
                .elements
                .extend(TextRun::line_of(&runs, x, baseline, size, ink).0);
        }
        self.composer.missing.extend(missing);
        self.flush_missing(line);
    }

    pub(super) fn list(&mut self, list: &List, ctx: &Ctx, gap: f32) {
        let theme = self.theme();
        let level = ((ctx.left / (ctx.size * theme.list_indent)) as usize).min(3);
        let indent = self.nest_indent(ctx, ctx.size * theme.list_indent);
        let bullets = ["•", "◦", "▪", "–"];
        let count = list.items.len() as u64;
        let digits = list
            .start
            .map(|s| (s.saturating_add(count)).to_string().len())
            .unwrap_or(0);
        let indent = if digits > 2 {
            indent + ctx.size * theme.list_digit_indent * (digits - 2) as f32
        } else {
            indent
        };
        let inner = Ctx {
            left: ctx.left + indent,
            width: ctx.width - indent,
            decor: ctx.decor.clone(),
            size: ctx.size,
        };
        let item_gap = if list.tight {
            ctx.size * theme.list_tight_item_gap
        } else {
            ctx.size * theme.list_loose_item_gap
        };
        for (i, item) in list.items.iter().enumerate() {
            let marker = match list.start {
                Some(start) => format!("{}.", start.saturating_add(i as u64)),
                None => bullets[level].to_owned(),
            };
            let first = self.mark();
            self.space_next(if i == 0 { gap } else { item_gap });
            let task = item.task;
            if item.blocks.is_empty() {
                self.push(Chunk {
                    height: ctx.size * theme.leading,
                    decor: ctx.decor.clone(),
                    ..Chunk::default()
                });
            }
            // The item's content, with room for a task box on its first line.
            if let Some(done) = task {
                let boxed = if done { "☑ " } else { "☐ " };
                let mut blocks = item.blocks.clone();
                if let Some(Block::Paragraph { content, .. }) = blocks.first_mut() {
                    content.insert(0, Inline::text(boxed));
                } else {
                    blocks.insert(
                        0,
                        Block::Paragraph {
                            content: vec![Inline::text(boxed)],
                            line: 0,
                        },
                    );
                }
                self.blocks(&blocks, &inner, !list.tight);
            } else {
                self.blocks(&item.blocks, &inner, !list.tight);
            }
            if let Some(c) = self.chunk_at(first) {
                c.space_before = if i == 0 {
                    c.space_before.max(gap)
                } else {
                    item_gap
                };
            }
            if task.is_none() || list.start.is_some() {
                self.marker(first, &marker, ctx.size, ctx.left, indent, 0);
            }
        }
    }
}
