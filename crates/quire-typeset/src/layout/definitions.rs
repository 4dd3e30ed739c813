//! Definition lists: each term bold, kept with its definitions, which are indented under it.

use quire_core::DefinitionList;

use super::{Ctx, Layout};
use crate::para::{Align, Text};

impl Layout<'_> {
    pub(super) fn definition_list(&mut self, list: &DefinitionList, ctx: &Ctx, gap: f32) {
        let theme = self.theme();
        let indent = self.nest_indent(ctx, ctx.size * theme.definition_indent);
        let inner = Ctx {
            left: ctx.left + indent,
            width: ctx.width - indent,
            decor: ctx.decor.clone(),
            size: ctx.size,
        };
        for item in &list.items {
            let mut style = self.plain(ctx.size);
            style.variant.bold = true;
            let mut t = Text::default();
            self.inlines(&item.term, &style, &mut t);
            let lines = self.composer.set(&t, ctx.width, Align::Left);
            self.flush_missing(list.line);
            self.push_lines(lines, ctx, 0.0, gap, true);
            // A term never ends a page without its first definition.
            self.keep_next(ctx.size * theme.tight_block_gap);
            for def in &item.definitions {
                self.blocks(def, &inner, false);
            }
        }
    }
}
