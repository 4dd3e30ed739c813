//! Thematic breaks: a short centred rule.

use super::{Chunk, Ctx, Layout, RULE};
use crate::page::Element;

impl Layout<'_> {
    pub(super) fn rule(&mut self, ctx: &Ctx, gap: f32) {
        let w = ctx.width;
        self.push(Chunk {
            height: ctx.size * 1.2,
            space_before: gap,
            elements: vec![Element::Line {
                x1: ctx.left + w * 0.4,
                y1: ctx.size * 0.6,
                x2: ctx.left + w * 0.6,
                y2: ctx.size * 0.6,
                width: 0.6,
                color: RULE,
            }],
            decor: ctx.decor.clone(),
            ..Chunk::default()
        });
    }
}
