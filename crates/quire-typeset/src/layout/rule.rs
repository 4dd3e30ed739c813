//! Thematic breaks: a short centred rule.

use super::{Chunk, Ctx, Layout};
use crate::page::Element;

impl Layout<'_> {
    pub(super) fn rule(&mut self, ctx: &Ctx, gap: f32) {
        let theme = self.theme();
        let w = ctx.width;
        self.push(Chunk {
            height: ctx.size * theme.break_height,
            space_before: gap,
            elements: vec![Element::Line {
                x1: ctx.left + w * theme.break_from,
                y1: ctx.size * theme.break_rule_y,
                x2: ctx.left + w * theme.break_to,
                y2: ctx.size * theme.break_rule_y,
                width: theme.break_rule_width,
                color: theme.rule,
            }],
            decor: ctx.decor.clone(),
            ..Chunk::default()
        });
    }
}
