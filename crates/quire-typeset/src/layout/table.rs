//! Tables: columns fitted to the measure (smaller type when even the minimum widths
//! overflow), rows set in bands that split only between lines, the header row repeated
//! on continuation pages.

use quire_core::{Alignment, Inline, Table};

use super::{shift, Chunk, Ctx, Layout};
use crate::page::Element;
use crate::para::{Align, Line, Style, Text};

impl Layout<'_> {
    pub(super) fn table(&mut self, table: &Table, ctx: &Ctx, gap: f32) {
        let cols = table
            .alignments
            .len()
            .max(table.header.len())
            .max(table.rows.iter().map(Vec::len).max().unwrap_or(0));
        if cols == 0 {
            return;
        }
        let theme = self.theme();
        let base = ctx.size * theme.table_size;
        let rows: Vec<&Vec<Vec<Inline>>> = std::iter::once(&table.header)
            .chain(table.rows.iter())
            .collect();
        // A column of names (no body cell past a few words: products, keys, versions) is
        // never hyphenated, and its longest word counts whole towards its minimum.
        let names: Vec<bool> = (0..cols)
            .map(|c| {
                table.rows.iter().all(|row| {
                    row.get(c).is_none_or(|cell| {
                        quire_core::plain_text(cell).split_whitespace().count()
                            <= theme.table_name_words
                    })
                })
            })
            .collect();
        // Natural (one-line) and minimum (longest word) widths per column, at `base`.
        let mut natural = vec![0.0f32; cols];
        let mut minimum = vec![0.0f32; cols];
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let mut style = self.plain(base);
                style.variant.bold = r == 0;
                let mut t = Text::default();
                self.inlines(cell, &style, &mut t);
                let (nat, min) = self.measure_text(&t, &style, names[c]);
                natural[c] = natural[c].max(nat);
                minimum[c] = minimum[c].max(min);
            }
        }
        // Too wide even at minimum widths: smaller type, down to a floor; past it, cells
        // break their words harder (the composer splits what still does not fit). When
        // some text will wrap, the minimums may take only `table_min_share` of the
        // measure: else the columns of long text get no more than their longest word
        // (a column of 100-character cells as narrow as one of short names).
        let min_total: f32 = minimum.iter().sum();
        let pad_total = cols as f32 * base * (2.0 * theme.table_padding);
        let wraps = natural.iter().sum::<f32>() + pad_total > ctx.width;
        let room = if wraps {
            ctx.width * theme.table_min_share
        } else {
            ctx.width
        };
        let size = if min_total + pad_total > room {
            (base * (room - pad_total).max(1.0) / min_total).clamp(theme.table_min_size, base)
        } else {
            base
        };
        let pad = size * theme.table_padding;
        let scale = size / base;
        let natural: Vec<f32> = natural.iter().map(|w| w * scale + 2.0 * pad).collect();
        let minimum: Vec<f32> = minimum.iter().map(|w| w * scale + 2.0 * pad).collect();
        let widths = fit_columns(&natural, &minimum, ctx.width);
        let total: f32 = widths.iter().sum();
        let mut header_repeat = None;
        for (r, row) in rows.iter().enumerate() {
            let header = r == 0;
            let mut cells: Vec<Vec<Line>> = Vec::new();
            for (c, width) in widths.iter().enumerate() {
                let mut style = self.plain(size);
                style.variant.bold = header;
                style.no_hyphens = names[c];
                let mut t = Text::default();
                if let Some(cell) = row.get(c) {
                    self.inlines(cell, &style, &mut t);
                }
                let align = match table.alignments.get(c) {
                    Some(Alignment::Center) => Align::Center,
                    Some(Alignment::Right) => Align::Right,
                    _ => Align::Left,
                };
                cells.push(self.composer.set(&t, (width - 2.0 * pad).max(1.0), align));
            }
            self.flush_missing(table.line);
            // A row is set in bands, one per line of its tallest cell, so that a row taller
            // than a page can split between lines (and only then: the bands keep together).
            let bands = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
            let mut chunks: Vec<Chunk> = Vec::with_capacity(bands);
            for k in 0..bands {
                let line_h = cells
                    .iter()
                    .filter_map(|lines| lines.get(k).map(|l| l.height))
                    .fold(
                        if bands == 1 {
                            size * theme.leading
                        } else {
                            0.0
                        },
                        f32::max,
                    );
                let top = if k == 0 { pad } else { 0.0 };
                let bottom = if k + 1 == bands { pad } else { 0.0 };
                let mut elements = Vec::new();
                let mut notes = Vec::new();
                let mut x = ctx.left;
                for (c, lines) in cells.iter_mut().enumerate() {
                    if let Some(line) = lines.get_mut(k) {
                        for mut e in std::mem::take(&mut line.elements) {
                            shift(&mut e, x + pad, top);
                            elements.push(e);
                        }
                        notes.append(&mut line.notes);
                    }
                    x += widths[c];
                }
                let height = top + line_h + bottom;
                if k == 0 && header {
                    elements.push(Element::Line {
                        x1: ctx.left,
                        y1: 0.0,
                        x2: ctx.left + total,
                        y2: 0.0,
                        width: theme.table_header_rule_width,
                        color: theme.ink,
                    });
                }
                if k + 1 == bands {
                    elements.push(Element::Line {
                        x1: ctx.left,
                        y1: height,
                        x2: ctx.left + total,
                        y2: height,
                        width: if header {
                            theme.table_header_rule_width
                        } else {
                            theme.table_row_rule_width
                        },
                        color: if header { theme.ink } else { theme.rule },
                    });
                }
                chunks.push(Chunk {
                    height,
                    space_before: if header && k == 0 { gap } else { 0.0 },
                    elements,
                    keep_with_prev: k > 0 || r == 1,
                    decor: ctx.decor.clone(),
                    notes,
                    repeat: if header { None } else { header_repeat },
                    ..Chunk::default()
                });
            }
            if header {
                // The header row, as one chunk, is what continuation pages repeat.
                let mut whole = chunks[0].clone();
                for c in &chunks[1..] {
                    for mut e in c.elements.clone() {
                        shift(&mut e, 0.0, whole.height);
                        whole.elements.push(e);
                    }
                    whole.height += c.height;
                }
                whole.space_before = 0.0;
                whole.notes.clear();
                whole.decor = ctx.decor.clone();
                header_repeat = Some(self.push_repeat(whole));
            }
            for c in chunks {
                self.push(c);
            }
        }
    }

    /// The one-line width of a text and the width of its longest unbreakable word (whole
    /// for a column of `names`, else capped: other long words may break).
    fn measure_text(&mut self, t: &Text, style: &Style, names: bool) -> (f32, f32) {
        let mut natural = 0.0;
        let mut longest: f32 = 0.0;
        let space = self
            .composer
            .book
            .shape(self.composer.book.primary(style.variant), " ")
            .width
            * style.size;
        let cap = if names {
            f32::INFINITY
        } else {
            style.size * self.theme().table_word_cap
        };
        for word in t.text.split_whitespace() {
            let width_of = |piece: &str| -> f32 {
                self.composer
                    .book
                    .shape_styled(style.variant, piece, &mut Vec::new())
                    .iter()
                    .map(|r| r.width * style.size)
                    .sum()
            };
            natural += width_of(word) + space;
            // The least a word takes is its widest piece between the places the composer
            // may break it (after a compound's hyphen or a slash, as browsers' min-content
            // width). Long pieces can break further (URLs at punctuation, others
            // anywhere), so they count only up to a cap towards the minimum.
            let mut from = 0;
            for (at, _) in unicode_linebreak::linebreaks(word) {
                if at > from {
                    longest = longest.max(width_of(&word[from..at]).min(cap));
                }
                from = at;
            }
        }
        (natural, longest)
    }
}

/// Column widths: natural when they fit, else minimum plus a share of the rest in
/// proportion to what each column would like; scaled down when even minimums overflow.
fn fit_columns(natural: &[f32], minimum: &[f32], width: f32) -> Vec<f32> {
    let total_nat: f32 = natural.iter().sum();
    if total_nat <= width {
        return natural.to_vec();
    }
    let total_min: f32 = minimum.iter().sum();
    if total_min >= width {
        return minimum.iter().map(|m| m * width / total_min).collect();
    }
    let spare = width - total_min;
    let want: f32 = natural.iter().zip(minimum).map(|(n, m)| n - m).sum();
    natural
        .iter()
        .zip(minimum)
        .map(|(n, m)| m + spare * (n - m) / want.max(0.001))
        .collect()
}
