//! Callouts: a tinted box with a coloured bar and the callout's label, from the Theme;
//! kept on one page when short, split where the page ends (as a quote) when long.

use quire_core::{Callout, Inline};

use super::{Chunk, Ctx, Decor, Layout};
use crate::para::{Align, Text};

impl Layout<'_> {
    pub(super) fn callout(&mut self, callout: &Callout, ctx: &Ctx, gap: f32) {
        let theme = self.theme();
        let color = theme.callout_color(&callout.kind);
        let pad = ctx.size * theme.callout_padding;
        let inset = self.nest_indent(ctx, ctx.size * theme.callout_inset);
        let mut decor = ctx.decor.clone();
        // The tint first, so the bar is drawn over it.
        decor.push(Decor {
            x: ctx.left,
            w: ctx.width,
            color: theme.callout_background,
            covers_gap: true,
        });
        decor.push(Decor {
            x: ctx.left,
            w: theme.callout_bar_width,
            color,
            covers_gap: true,
        });
        let inner = Ctx {
            left: ctx.left + inset,
            width: (ctx.width - 2.0 * inset).max(ctx.size),
            decor: decor.clone(),
            size: ctx.size,
        };
        let first = self.mark();
        // The padding above, which must not reach into the gap before the callout.
        let mut top = decor.clone();
        for d in top.iter_mut().skip(ctx.decor.len()) {
            d.covers_gap = false;
        }
        self.push(Chunk {
            height: pad,
            space_before: gap,
            decor: top,
            ..Chunk::default()
        });
        // The label (or the callout's own title), bold in the kind's colour.
        let mut style = self.plain(ctx.size * theme.callout_label_size);
        style.variant.bold = true;
        style.color = color;
        style.no_hyphens = true;
        let title: Vec<Inline> = callout.title_or_label();
        let mut t = Text::default();
        self.inlines(&title, &style, &mut t);
        let lines = self.composer.set(&t, inner.width, Align::Left);
        self.flush_missing(callout.line);
        self.keep_next(0.0);
        self.push_lines(lines, &inner, 0.0, 0.0, true);
        self.keep_next(ctx.size * theme.tight_block_gap);
        self.blocks(&callout.blocks, &inner, true);
        self.clear_next();
        self.push(Chunk {
            height: pad,
            keep_with_prev: true,
            decor,
            ..Chunk::default()
        });
        // Short: one unit (the padding chunks are not lines).
        let chunks = self.chunks_from(first);
        if chunks.len() <= theme.callout_keep_lines + 2 {
            for c in chunks.iter_mut().skip(1) {
                c.keep_with_prev = true;
            }
        }
    }
}
