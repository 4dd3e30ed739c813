//! Block quotes: their blocks indented, with a bar at the left that follows them from
//! page to page.

use quire_core::Block;

use super::{Ctx, Decor, Layout};

impl Layout<'_> {
    pub(super) fn quote(&mut self, blocks: &[Block], ctx: &Ctx, gap: f32) {
        let theme = self.theme();
        let indent = self.nest_indent(ctx, ctx.size * theme.quote_indent);
        let mut decor = ctx.decor.clone();
        decor.push(Decor {
            x: ctx.left + ctx.size * theme.quote_bar_offset,
            w: theme.quote_bar_width,
            color: theme.quote_bar,
            covers_gap: true,
        });
        let inner = Ctx {
            left: ctx.left + indent,
            width: ctx.width - indent,
            decor,
            size: ctx.size,
        };
        let first = self.mark();
        self.space_next(gap);
        self.blocks(blocks, &inner, true);
        // The bar starts at the quote's first line, not in the gap above it.
        if let Some(c) = self.chunk_at(first) {
            if let Some(d) = c.decor.last_mut() {
                d.covers_gap = false;
            }
        }
    }
}
