//! The structures of maths: scripts and limits, accents, fractions, radicals, tables
//! (matrices, cases, aligned) and stretched delimiters, each from the font's MATH data.

use super::*;

impl MathLayout<'_> {
    pub(super) fn scripts(
        &self,
        base: &Node,
        sub: Option<&Node>,
        sup: Option<&Node>,
        st: St,
    ) -> MathBox {
        let b = self.node(base, st);
        let ic = self.italic_correction(&b);
        // A big operator's scripts hang from its enlarged box, as TeX's do.
        let large = matches!(
            base,
            Node::Atom {
                kind: AtomKind::LargeOp,
                ..
            }
        );
        let single = matches!(base, Node::Atom { .. }) && !large;
        let ss = st.script();
        let mut out = MathBox::default();
        let bw = b.width;
        let (b_asc, b_desc) = (b.ascent, b.descent);
        out.add(b, 0.0, 0.0);
        let sup_box = sup.map(|s| self.node(s, ss));
        let sub_box = sub.map(|s| self.node(s, ss.cramp()));
        let mut u = 0.0;
        let mut v = 0.0;
        if let Some(p) = &sup_box {
            let shift = if st.cramped {
                self.c(st, |c| mv(c.superscript_shift_up_cramped()))
            } else {
                self.c(st, |c| mv(c.superscript_shift_up()))
            };
            let drop = if single {
                0.0
            } else {
                b_asc - self.c(ss, |c| mv(c.superscript_baseline_drop_max()))
            };
            let bottom_min = self.c(st, |c| mv(c.superscript_bottom_min()));
            u = shift.max(drop).max(bottom_min + p.descent);
        }
        if let Some(s) = &sub_box {
            let shift = self.c(st, |c| mv(c.subscript_shift_down()));
            let drop = if single {
                0.0
            } else {
                b_desc + self.c(ss, |c| mv(c.subscript_baseline_drop_min()))
            };
            let top_max = self.c(st, |c| mv(c.subscript_top_max()));
            v = shift.max(drop).max(s.ascent - top_max);
        }
        if let (Some(p), Some(s)) = (&sup_box, &sub_box) {
            let gap_min = self.c(st, |c| mv(c.sub_superscript_gap_min()));
            let gap = (u - p.descent) - (s.ascent - v);
            if gap < gap_min {
                v += gap_min - gap;
                let max_bottom = self.c(st, |c| mv(c.superscript_bottom_max_with_subscript()));
                let lift = max_bottom - (u - p.descent);
                if lift > 0.0 {
                    u += lift;
                    v -= lift;
                }
            }
        }
        let after = self.c(st, |c| mv(c.space_after_script()));
        let mut w = bw;
        if let Some(p) = sup_box {
            let pw = p.width;
            // The italic correction moves a letter's superscript right, and a big
            // operator's subscript left (OpenType MATH's rule).
            let x = if large { bw } else { bw + ic };
            out.add(p, x, u);
            w = w.max(x + pw);
        }
        if let Some(s) = sub_box {
            let sw = s.width;
            let x = if large { bw - ic } else { bw };
            out.add(s, x, -v);
            w = w.max(x + sw);
        }
        out.width = w + after;
        out
    }

    pub(super) fn limits(
        &self,
        base: &Node,
        sub: Option<&Node>,
        sup: Option<&Node>,
        st: St,
    ) -> MathBox {
        let b = self.node(base, st);
        let accent_over = sub.is_none() && sup.is_some_and(is_accent);
        let accent_under = sup.is_none() && sub.is_some_and(is_accent);
        if accent_over || accent_under {
            let mark = if accent_over { sup } else { sub };
            return self.accent(b, mark.unwrap_or(base), accent_over, st);
        }
        let ss = st.script();
        let over = sup.map(|s| self.node(s, ss));
        let under = sub.map(|s| self.node(s, ss.cramp()));
        let w = b
            .width
            .max(over.as_ref().map_or(0.0, |o| o.width))
            .max(under.as_ref().map_or(0.0, |u| u.width));
        let ic = self.italic_correction(&b);
        let mut out = MathBox::default();
        let (b_asc, b_desc, bw) = (b.ascent, b.descent, b.width);
        out.add(b, (w - bw) / 2.0, 0.0);
        if let Some(o) = over {
            let gap = self.c(st, |c| mv(c.upper_limit_gap_min()));
            let rise = self.c(st, |c| mv(c.upper_limit_baseline_rise_min()));
            let y = (b_asc + gap + o.descent).max(b_asc + rise);
            let ow = o.width;
            out.add(o, (w - ow) / 2.0 + ic / 2.0, y);
        }
        if let Some(u) = under {
            let gap = self.c(st, |c| mv(c.lower_limit_gap_min()));
            let drop = self.c(st, |c| mv(c.lower_limit_baseline_drop_min()));
            let y = (b_desc + gap + u.ascent).max(b_desc + drop);
            let uw = u.width;
            out.add(u, (w - uw) / 2.0 - ic / 2.0, -y);
        }
        out.width = w;
        out
    }

    pub(super) fn accent(&self, b: MathBox, mark: &Node, above: bool, st: St) -> MathBox {
        let Node::Atom { text, stretchy, .. } = mark else {
            return b;
        };
        let c = text.chars().next().unwrap_or('^');
        // Accents as the font has them (combining marks, or the arrows).
        let c = match c {
            '^' | 'ˆ' if !stretchy => '\u{302}',
            '^' => '\u{302}',
            '~' | '˜' => '\u{303}',
            '‾' | '¯' => '\u{305}',
            '˙' => '\u{307}',
            '¨' => '\u{308}',
            '´' => '\u{301}',
            '`' => '\u{300}',
            'ˇ' => '\u{30C}',
            '˘' => '\u{306}',
            '_' => '\u{332}',
            // `\vec` is a small arrow over one letter; `\overrightarrow` stretches.
            '→' if !stretchy => '\u{20D7}',
            '←' if !stretchy => '\u{20D6}',
            other => other,
        };
        let size = self.size_of(st);
        // The smallest of the accent's widths that covers the base.
        let mut a = self.stretched(c, b.width, size, false);
        let mut out = MathBox::default();
        let bw = b.width;
        let (b_asc, b_desc) = (b.ascent, b.descent);
        let combining = ('\u{300}'..='\u{36F}').contains(&c);
        out.add(b, 0.0, 0.0);
        let aw = a.width;
        if combining {
            // A combining mark hangs left of its origin; centre its ink on the base.
            let accent_base = self.c(st, |k| mv(k.accent_base_height()));
            let dy = if above {
                (b_asc - accent_base).max(0.0)
            } else {
                0.0
            };
            let dx = (bw - aw) / 2.0;
            a.width = 0.0;
            out.add(a, dx, dy);
        } else if above {
            let gap = self.c(st, |k| mv(k.overbar_vertical_gap())) * 0.5;
            let y = b_asc + gap + a.descent;
            out.add(a, (bw - aw) / 2.0, y);
        } else {
            let gap = self.c(st, |k| mv(k.underbar_vertical_gap())) * 0.5;
            let y = b_desc + gap + a.ascent;
            out.add(a, (bw - aw) / 2.0, -y);
        }
        out.width = bw.max(if combining { bw } else { aw });
        out
    }

    pub(super) fn fraction(&self, num: &Node, den: &Node, rule: Option<f32>, st: St) -> MathBox {
        let n = self.node(num, st.num());
        let d = self.node(den, st.den());
        let display = st.level == 0;
        let axis = self.axis(st);
        let t = match rule {
            Some(r) => r.max(0.0) * self.size_of(st),
            None => self.c(st, |c| mv(c.fraction_rule_thickness())),
        };
        let (mut u, mut v) = if t > 0.0 {
            if display {
                (
                    self.c(st, |c| mv(c.fraction_numerator_display_style_shift_up())),
                    self.c(
                        st,
                        |c| mv(c.fraction_denominator_display_style_shift_down()),
                    ),
                )
            } else {
                (
                    self.c(st, |c| mv(c.fraction_numerator_shift_up())),
                    self.c(st, |c| mv(c.fraction_denominator_shift_down())),
                )
            }
        } else if display {
            (
                self.c(st, |c| mv(c.stack_top_display_style_shift_up())),
                self.c(st, |c| mv(c.stack_bottom_display_style_shift_down())),
            )
        } else {
            (
                self.c(st, |c| mv(c.stack_top_shift_up())),
                self.c(st, |c| mv(c.stack_bottom_shift_down())),
            )
        };
        if t > 0.0 {
            let (gn, gd) = if display {
                (
                    self.c(st, |c| mv(c.fraction_num_display_style_gap_min())),
                    self.c(st, |c| mv(c.fraction_denom_display_style_gap_min())),
                )
            } else {
                (
                    self.c(st, |c| mv(c.fraction_numerator_gap_min())),
                    self.c(st, |c| mv(c.fraction_denominator_gap_min())),
                )
            };
            let num_gap = (u - n.descent) - (axis + t / 2.0);
            if num_gap < gn {
                u += gn - num_gap;
            }
            let den_gap = (axis - t / 2.0) - (d.ascent - v);
            if den_gap < gd {
                v += gd - den_gap;
            }
        } else {
            let gmin = if display {
                self.c(st, |c| mv(c.stack_display_style_gap_min()))
            } else {
                self.c(st, |c| mv(c.stack_gap_min()))
            };
            let gap = (u - n.descent) - (d.ascent - v);
            if gap < gmin {
                u += (gmin - gap) / 2.0;
                v += (gmin - gap) / 2.0;
            }
        }
        let pad = self.size_of(st) * self.theme.math_fraction_pad;
        let w = n.width.max(d.width) + 2.0 * pad;
        let mut out = MathBox::default();
        let (nw, dw) = (n.width, d.width);
        out.add(n, (w - nw) / 2.0, u);
        out.add(d, (w - dw) / 2.0, -v);
        if t > 0.0 {
            out.rules.push((pad * 0.5, axis - t / 2.0, w - pad, t));
            out.ascent = out.ascent.max(axis + t / 2.0);
        }
        out.width = w;
        out
    }

    pub(super) fn root(&self, body: &Node, index: Option<&Node>, st: St) -> MathBox {
        let b = self.node(body, st.cramp());
        let t = self.c(st, |c| mv(c.radical_rule_thickness()));
        let gap = if st.level == 0 {
            self.c(st, |c| mv(c.radical_display_style_vertical_gap()))
        } else {
            self.c(st, |c| mv(c.radical_vertical_gap()))
        };
        let extra = self.c(st, |c| mv(c.radical_extra_ascender()));
        let target = b.ascent + b.descent + gap + t;
        let size = self.size_of(st);
        let mut r = self.stretched('√', target, size, true);
        // The radical's ink top meets the rule over the radicand.
        let dy = (b.ascent + gap + t) - r.ascent;
        r.shift(0.0, dy);
        r.ascent += dy;
        r.descent -= dy;
        let mut out = MathBox::default();
        let mut x = 0.0;
        if let Some(i) = index {
            let ib = self.node(
                i,
                St {
                    level: 3,
                    cramped: true,
                },
            );
            let before = self.c(st, |c| mv(c.radical_kern_before_degree()));
            let after = self.c(st, |c| mv(c.radical_kern_after_degree()));
            let raise = self.with_consts(
                |c, _| f32::from(c.radical_degree_bottom_raise_percent()) / 100.0,
                0.6,
            );
            let y = -r.descent + (r.ascent + r.descent) * raise;
            let iw = ib.width;
            out.add(ib, before.max(0.0), y);
            x = (before + iw + after).max(0.0);
        }
        let rw = r.width;
        let top = r.ascent;
        out.add(r, x, 0.0);
        x += rw;
        let bw = b.width;
        out.add(b, x, 0.0);
        out.rules.push((x, top - t, bw, t));
        out.ascent = out.ascent.max(top + extra);
        out.width = x + bw;
        out
    }

    pub(super) fn table(
        &self,
        rows: &[Vec<Vec<Node>>],
        columns: &[quire_core::math::Align],
        pairs: bool,
        st: St,
    ) -> MathBox {
        use quire_core::math::Align;
        let cell_st = if pairs {
            St { level: 0, ..st }
        } else {
            St {
                level: st.level.max(1),
                ..st
            }
        };
        let boxes: Vec<Vec<MathBox>> = rows
            .iter()
            .map(|r| r.iter().map(|c| self.row(c, cell_st)).collect())
            .collect();
        let ncols = boxes.iter().map(Vec::len).max().unwrap_or(0);
        let mut widths = vec![0.0f32; ncols];
        for r in &boxes {
            for (i, c) in r.iter().enumerate() {
                widths[i] = widths[i].max(c.width);
            }
        }
        let fs = self.size_of(st);
        let col_gap = fs * self.theme.math_column_gap;
        let row_gap = fs * self.theme.math_row_gap;
        let strut_a = fs * 0.7;
        let strut_d = fs * 0.3;
        let mut out = MathBox::default();
        let mut y = 0.0f32;
        let mut lines = Vec::new();
        for r in boxes {
            let asc = r.iter().map(|c| c.ascent).fold(strut_a, f32::max);
            let desc = r.iter().map(|c| c.descent).fold(strut_d, f32::max);
            if !lines.is_empty() {
                y -= row_gap;
            }
            y -= asc;
            lines.push(y);
            let mut x = 0.0;
            for (i, c) in r.into_iter().enumerate() {
                let a = column(columns, pairs, i);
                let cw = c.width;
                let dx = match a {
                    Align::Left => 0.0,
                    Align::Center => (widths[i] - cw) / 2.0,
                    Align::Right => widths[i] - cw,
                };
                out.add(c, x + dx, y);
                x += widths[i];
                // Pairs of `aligned` sit tight around the alignment point.
                x += if pairs && i % 2 == 0 { 0.0 } else { col_gap };
            }
            y -= desc;
        }
        let total: f32 = widths.iter().sum::<f32>()
            + col_gap * (ncols.saturating_sub(1)) as f32 * if pairs { 0.5 } else { 1.0 };
        // Centre the block on the axis.
        let height = -y;
        let dy = self.axis(st) + height / 2.0;
        out.shift(0.0, dy);
        out.ascent = dy;
        out.descent = height - dy;
        out.width = total.max(0.0);
        out
    }

    /// The glyph of `c` grown to at least `target` points tall (vertical) or wide: a size
    /// variant, else an assembly of parts, else the largest variant.
    pub(super) fn stretched(&self, c: char, target: f32, size: f32, vertical: bool) -> MathBox {
        let font = self.book.get(self.font);
        let face = font.face();
        let upem = self.upem;
        let text: Arc<str> = Arc::from(c.to_string());
        let Some(base) = face.glyph_index(c) else {
            return self.text(self.font, &c.to_string(), size);
        };
        let constructions = self.table.and_then(|m| m.variants).map(|v| {
            (
                if vertical {
                    v.vertical_constructions
                } else {
                    v.horizontal_constructions
                },
                v.min_connector_overlap,
            )
        });
        let Some((cons, overlap)) = constructions else {
            return self.glyph(self.font, base.0, size, text);
        };
        let Some(construction) = cons.get(base) else {
            return self.glyph(self.font, base.0, size, text);
        };
        let mut last = base;
        for v in construction.variants {
            last = v.variant_glyph;
            if f32::from(v.advance_measurement) / upem * size >= target {
                return self.glyph(self.font, v.variant_glyph.0, size, text);
            }
        }
        let Some(assembly) = construction.assembly else {
            return self.glyph(self.font, last.0, size, text);
        };
        // Parts bottom to top (left to right); extenders repeat until the target is met.
        let parts: Vec<_> = assembly.parts.into_iter().collect();
        let overlap = f32::from(overlap) / upem * size;
        let full = |p: &ttf_parser::math::GlyphPart| f32::from(p.full_advance) / upem * size;
        let mut repeats = 0usize;
        let total = |n: usize| -> f32 {
            let mut t = 0.0;
            let mut count = 0;
            for p in &parts {
                let k = if p.part_flags.extender() { n } else { 1 };
                t += full(p) * k as f32;
                count += k;
            }
            t - overlap * count.saturating_sub(1) as f32
        };
        while total(repeats) < target
            && repeats < 64
            && parts.iter().any(|p| p.part_flags.extender())
        {
            repeats += 1;
        }
        let mut b = MathBox::default();
        let mut at = 0.0;
        for p in &parts {
            let k = if p.part_flags.extender() { repeats } else { 1 };
            for _ in 0..k {
                let g = self.glyph(self.font, p.glyph_id.0, size, Arc::from(""));
                if vertical {
                    // Parts are drawn from their own baseline; stack by advance.
                    let below = g.descent;
                    b.add(g, 0.0, at + below);
                } else {
                    b.add(g, at, 0.0);
                }
                at += full(p) - overlap;
            }
        }
        if let Some(first) = b.glyphs.first_mut() {
            first.text = text;
        }
        if vertical {
            b.width = b.glyphs.iter().map(|g| g.advance).fold(0.0, f32::max);
        }
        b
    }
}
