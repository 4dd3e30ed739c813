//! A formula's tree to positioned glyphs and rules, driven by the maths font's MATH table:
//! TeX's atom classes and inter-atom spacing, display/text/script styles with cramping,
//! fractions, radicals, scripts and limits from the font's constants, delimiters and big
//! operators from its size variants (and assemblies when no variant is big enough), tables
//! with aligned columns.
//!
//! Coordinates while laying out are in points with y growing *up* from the baseline (as
//! TeX's); [`MathBox::elements`] turns them into the page's (y down).

use std::sync::Arc;

use quire_core::math::{column, is_accent, negate, AtomKind, Class, Limits, MathStyle, Node};
use ttf_parser::math::{Constants, MathValue};
use ttf_parser::GlyphId;

use crate::fonts::{FontBook, FontId, Variant};
use crate::page::{Color, Element, PlacedGlyph, TextRun};
use crate::Theme;

/// One glyph of a formula.
#[derive(Debug, Clone, PartialEq)]
struct MGlyph {
    font: FontId,
    id: u16,
    size: f32,
    x: f32,
    y: f32,
    advance: f32,
    text: Arc<str>,
}

/// A laid-out formula or part of one.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct MathBox {
    /// Width in points.
    pub width: f32,
    /// Height above the baseline.
    pub ascent: f32,
    /// Depth below the baseline.
    pub descent: f32,
    glyphs: Vec<MGlyph>,
    /// Rules: x, y (bottom), width, height.
    rules: Vec<(f32, f32, f32, f32)>,
    /// The formula's linear Unicode form, the text its glyphs give when extracted.
    pub linear: String,
}

impl MathBox {
    fn shift(&mut self, dx: f32, dy: f32) {
        for g in &mut self.glyphs {
            g.x += dx;
            g.y += dy;
        }
        for r in &mut self.rules {
            r.0 += dx;
            r.1 += dy;
        }
    }

    /// Adds `other` with its origin at (`dx`, `dy`), growing the extents.
    fn add(&mut self, mut other: MathBox, dx: f32, dy: f32) {
        self.ascent = self.ascent.max(other.ascent + dy);
        self.descent = self.descent.max(other.descent - dy);
        self.width = self.width.max(dx + other.width);
        other.shift(dx, dy);
        self.glyphs.append(&mut other.glyphs);
        self.rules.append(&mut other.rules);
    }

    /// Scales the whole box about its origin (a display formula too wide for the measure).
    pub fn scale(&mut self, k: f32) {
        self.width *= k;
        self.ascent *= k;
        self.descent *= k;
        for g in &mut self.glyphs {
            g.x *= k;
            g.y *= k;
            g.size *= k;
            g.advance *= k;
        }
        for r in &mut self.rules {
            *r = (r.0 * k, r.1 * k, r.2 * k, r.3 * k);
        }
    }

    /// Page elements with the box's origin at (`x`, `baseline`), y down.
    pub fn elements(&self, x: f32, baseline: f32, color: Color) -> Vec<Element> {
        let mut out = Vec::with_capacity(self.glyphs.len() + self.rules.len() + 2);
        out.push(Element::ActualText(Some(self.linear.clone())));
        for g in &self.glyphs {
            out.push(Element::Text(TextRun {
                font: g.font,
                size: g.size,
                x: x + g.x,
                y: baseline - g.y,
                color,
                glyphs: vec![PlacedGlyph {
                    id: g.id,
                    advance: g.advance,
                    text: g.text.clone(),
                }],
                // The formula's linear form is its ActualText (the span above).
                actual: None,
            }));
        }
        for &(rx, ry, w, h) in &self.rules {
            out.push(Element::Rect {
                x: x + rx,
                y: baseline - ry - h,
                w,
                h,
                fill: Some(color),
                stroke: None,
            });
        }
        out.push(Element::ActualText(None));
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct St {
    level: u8, // 0 display, 1 text, 2 script, 3 scriptscript
    cramped: bool,
}

impl St {
    fn script(self) -> St {
        St {
            level: if self.level < 2 { 2 } else { 3 },
            cramped: self.cramped,
        }
    }
    fn num(self) -> St {
        St {
            level: (self.level + 1).clamp(1, 3),
            cramped: self.cramped,
        }
    }
    fn den(self) -> St {
        St {
            cramped: true,
            ..self.num()
        }
    }
    fn cramp(self) -> St {
        St {
            cramped: true,
            ..self
        }
    }
}

/// Lays formulas out in the maths font.
pub(crate) struct MathLayout<'a> {
    book: &'a FontBook,
    font: FontId,
    text_font: FontId,
    /// The base size in points.
    size: f32,
    theme: &'a Theme,
    /// The maths font's MATH table, parsed once per formula (the font's bytes live as
    /// long as the process).
    table: Option<ttf_parser::math::Table<'static>>,
    upem: f32,
}

fn mv(v: MathValue<'_>) -> f32 {
    f32::from(v.value)
}

impl<'a> MathLayout<'a> {
    pub fn new(book: &'a FontBook, size: f32, theme: &'a Theme) -> Self {
        let math = Variant {
            mono: false,
            math: true,
            bold: false,
            italic: false,
        };
        let text = Variant {
            math: false,
            ..math
        };
        let font = book.primary(math);
        let f = book.get(font);
        let table = ttf_parser::Face::parse(f.data, f.index)
            .ok()
            .and_then(|face| face.tables().math);
        MathLayout {
            book,
            font,
            text_font: book.primary(text),
            size,
            theme,
            table,
            upem: f.units_per_em,
        }
    }

    /// Lays out a formula in display or text style.
    pub fn formula(&self, nodes: &[Node], display: bool) -> MathBox {
        let st = St {
            level: if display { 0 } else { 1 },
            cramped: false,
        };
        self.row(nodes, st)
    }

    fn with_consts<R>(&self, f: impl FnOnce(&Constants<'_>, f32) -> R, default: R) -> R {
        match self.table.and_then(|m| m.constants) {
            Some(c) => f(&c, self.upem),
            None => default,
        }
    }

    /// A constant in points at the size of style `st`.
    fn c(&self, st: St, get: impl FnOnce(&Constants<'_>) -> f32) -> f32 {
        let size = self.size_of(st);
        self.with_consts(|c, upem| get(c) / upem * size, 0.0)
    }

    fn size_of(&self, st: St) -> f32 {
        let (s, ss) = self.with_consts(
            |c, _| {
                (
                    f32::from(c.script_percent_scale_down()) / 100.0,
                    f32::from(c.script_script_percent_scale_down()) / 100.0,
                )
            },
            (0.7, 0.5),
        );
        let s = if s > 0.0 { s } else { 0.7 };
        let ss = if ss > 0.0 { ss } else { 0.5 };
        match st.level {
            0 | 1 => self.size,
            2 => self.size * s,
            _ => self.size * ss,
        }
    }

    fn axis(&self, st: St) -> f32 {
        self.c(st, |c| mv(c.axis_height()))
    }

    /// A glyph's box (ink extents, advance).
    fn glyph(&self, font: FontId, id: u16, size: f32, text: Arc<str>) -> MathBox {
        let f = self.book.get(font);
        let upem = f.units_per_em;
        let (asc, desc) = match f.face().glyph_bounding_box(GlyphId(id)) {
            Some(r) => (f32::from(r.y_max) / upem, -f32::from(r.y_min) / upem),
            None => (0.0, 0.0),
        };
        let advance = f.advance(id) * size;
        MathBox {
            width: advance,
            ascent: asc * size,
            descent: desc * size,
            glyphs: vec![MGlyph {
                font,
                id,
                size,
                x: 0.0,
                y: 0.0,
                advance,
                text,
            }],
            rules: Vec::new(),
            linear: String::new(),
        }
    }

    /// Shaped text in one font, set on the baseline.
    fn text(&self, font: FontId, text: &str, size: f32) -> MathBox {
        let shaped = self.book.shape(font, text);
        let mut b = MathBox::default();
        let mut x = 0.0;
        for g in &shaped.glyphs {
            let gb = self.glyph(font, g.id, size, g.text.clone());
            let adv = g.advance * size;
            let mut gb = gb;
            gb.width = adv;
            if let Some(mg) = gb.glyphs.first_mut() {
                mg.advance = adv;
            }
            b.add(gb, x, 0.0);
            x += adv;
        }
        b.width = x;
        b
    }

    fn italic_correction(&self, b: &MathBox) -> f32 {
        let [g] = b.glyphs.as_slice() else {
            return 0.0;
        };
        let f = self.book.get(g.font);
        f.face()
            .tables()
            .math
            .and_then(|m| m.glyph_info)
            .and_then(|i| i.italic_corrections)
            .and_then(|ic| ic.get(GlyphId(g.id)))
            .map_or(0.0, |v| mv(v) / f.units_per_em * g.size)
    }

    /// The glyph of `c` grown to at least `target` points tall (vertical) or wide: a size
    /// variant, else an assembly of parts, else the largest variant.
    fn stretched(&self, c: char, target: f32, size: f32, vertical: bool) -> MathBox {
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

    /// A delimiter at least `height` tall, centred on the axis.
    fn delimiter(&self, c: char, height: f32, st: St) -> MathBox {
        let size = self.size_of(st);
        let mut b = self.stretched(c, height, size, true);
        let axis = self.axis(st);
        let mid = (b.ascent - b.descent) / 2.0;
        let dy = axis - mid;
        b.shift(0.0, dy);
        b.ascent += dy;
        b.descent -= dy;
        b
    }

    fn atom(&self, node: &Node, st: St) -> MathBox {
        let Node::Atom {
            class,
            kind,
            text,
            upright,
            size,
            ..
        } = node
        else {
            return MathBox::default();
        };
        let fs = self.size_of(st);
        match kind {
            AtomKind::Text => self.text(self.text_font, text, fs),
            AtomKind::Function | AtomKind::Number => self.text(self.font, text, fs),
            AtomKind::LargeOp => {
                let c = text.chars().next().unwrap_or('∑');
                let target = if st.level == 0 {
                    self.c(st, |c| f32::from(c.display_operator_min_height()))
                } else {
                    0.0
                };
                self.delimiter(c, target, st)
            }
            AtomKind::Symbol => {
                if let (Some(em), Some(c)) = (size, text.chars().next()) {
                    return self.delimiter(c, em * self.size, st);
                }
                let t: String = if *class == Class::Ord && !upright {
                    text.chars().map(italic).collect()
                } else {
                    text.replace('-', "−")
                };
                self.text(self.font, &t, fs)
            }
        }
    }

    /// A sequence with TeX's spacing between its atoms.
    fn row(&self, nodes: &[Node], st: St) -> MathBox {
        let mut st = st;
        let mut b = MathBox::default();
        let mut x = 0.0;
        let mut prev: Option<Class> = None;
        let n = nodes.len();
        for (i, node) in nodes.iter().enumerate() {
            if let Node::Style(s) = node {
                st = St {
                    level: match s {
                        MathStyle::Display => 0,
                        MathStyle::Text => 1,
                        MathStyle::Script => 2,
                        MathStyle::ScriptScript => 3,
                    },
                    cramped: st.cramped,
                };
                continue;
            }
            let mut class = class_of(node);
            // A binary operator with nothing to combine on its left, or before a relation
            // or closing, is an ordinary symbol (TeX's rule).
            if class == Class::Bin {
                let next = nodes[i + 1..]
                    .iter()
                    .find(|n| !matches!(n, Node::Style(_) | Node::Space(_)))
                    .map(class_of);
                let left_bad = matches!(
                    prev,
                    None | Some(Class::Bin | Class::Op | Class::Rel | Class::Open | Class::Punct)
                );
                let right_bad =
                    matches!(next, None | Some(Class::Rel | Class::Close | Class::Punct));
                if left_bad || right_bad || i + 1 == n {
                    class = Class::Ord;
                }
            }
            if let (Some(p), false) = (prev, matches!(node, Node::Space(_))) {
                x += self.space(p, class, st);
            }
            let item = self.node(node, st);
            let w = item.width;
            b.add(item, x, 0.0);
            x += w;
            if !matches!(node, Node::Space(_)) {
                prev = Some(class);
            }
        }
        b.width = x.max(0.0);
        b
    }

    /// TeX's space between atom classes, in points (`mu` = 1/18 em).
    fn space(&self, left: Class, right: Class, st: St) -> f32 {
        use Class::*;
        let inner = |c: Class| if c == Fence { Ord } else { c };
        let (l, r) = (inner(left), inner(right));
        // (mu, only in display and text style)
        let (mu, big_only) = match (l, r) {
            (Ord, Op) | (Op, Ord) | (Op, Op) | (Close, Op) => (3.0, false),
            (Ord, Bin) | (Bin, _) | (Close, Bin) => (4.0, true),
            (_, Bin) => (0.0, false),
            (Rel, Rel) | (Rel, Close) | (Rel, Punct) | (Open, _) => (0.0, false),
            (_, Rel) | (Rel, _) => (5.0, true),
            (Punct, _) => (3.0, true),
            _ => (0.0, false),
        };
        if big_only && st.level >= 2 {
            return 0.0;
        }
        mu / 18.0 * self.size_of(st)
    }

    fn node(&self, node: &Node, st: St) -> MathBox {
        match node {
            Node::Atom { .. } => self.atom(node, st),
            Node::Space(em) => MathBox {
                width: em * self.size_of(st),
                ..MathBox::default()
            },
            Node::Group(nodes) => self.row(nodes, st),
            Node::Style(_) => MathBox::default(),
            Node::Fenced { open, close, body } => {
                let inner = self.row(body, st);
                let axis = self.axis(st);
                let half = (inner.ascent - axis).max(inner.descent + axis);
                let target = (half * 2.0 * 0.901).max(2.0 * half - 0.5 * self.size_of(st));
                let mut inner = inner;
                let mut b = MathBox::default();
                let mut x = 0.0;
                if let Some(o) = open {
                    let d = self.delimiter(*o, target, st);
                    let w = d.width;
                    b.add(d, 0.0, 0.0);
                    x += w;
                }
                let w = inner.width;
                inner.ascent = inner.ascent.max(0.0);
                b.add(inner, x, 0.0);
                x += w;
                if let Some(c) = close {
                    let d = self.delimiter(*c, target, st);
                    let w = d.width;
                    b.add(d, x, 0.0);
                    x += w;
                }
                b.width = x;
                b
            }
            Node::Scripts {
                base,
                sub,
                sup,
                limits,
            } => {
                let over = match limits {
                    Limits::Right => false,
                    Limits::AboveBelow => true,
                    Limits::Movable => st.level == 0,
                };
                if over {
                    self.limits(base, sub.as_deref(), sup.as_deref(), st)
                } else {
                    self.scripts(base, sub.as_deref(), sup.as_deref(), st)
                }
            }
            Node::Frac { num, den, rule } => self.fraction(num, den, *rule, st),
            Node::Root { body, index } => self.root(body, index.as_deref(), st),
            Node::Not(inner) => match &**inner {
                Node::Atom { text, .. } => self.text(self.font, &negate(text), self.size_of(st)),
                other => {
                    let mut b = self.node(other, st);
                    let slash = self.text(self.font, "/", self.size_of(st));
                    let dx = (b.width - slash.width) / 2.0;
                    b.add(slash, dx.max(0.0), 0.0);
                    b
                }
            },
            Node::Table {
                rows,
                columns,
                pairs,
            } => self.table(rows, columns, *pairs, st),
        }
    }

    fn scripts(&self, base: &Node, sub: Option<&Node>, sup: Option<&Node>, st: St) -> MathBox {
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

    fn limits(&self, base: &Node, sub: Option<&Node>, sup: Option<&Node>, st: St) -> MathBox {
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

    fn accent(&self, b: MathBox, mark: &Node, above: bool, st: St) -> MathBox {
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

    fn fraction(&self, num: &Node, den: &Node, rule: Option<f32>, st: St) -> MathBox {
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

    fn root(&self, body: &Node, index: Option<&Node>, st: St) -> MathBox {
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

    fn table(
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
}

fn class_of(node: &Node) -> Class {
    match node {
        Node::Atom { class, .. } => *class,
        Node::Scripts { base, .. } => class_of(base),
        Node::Not(_) => Class::Rel,
        Node::Fenced { .. } | Node::Frac { .. } => Class::Ord,
        Node::Space(_)
        | Node::Style(_)
        | Node::Group(_)
        | Node::Root { .. }
        | Node::Table { .. } => Class::Ord,
    }
}

/// Letters in maths italic, as TeX sets variables (upright capital Greek stays upright).
fn italic(c: char) -> char {
    let code = match c {
        'h' => return 'ℎ',
        'A'..='Z' => 0x1D434 + (c as u32 - 'A' as u32),
        'a'..='z' => 0x1D44E + (c as u32 - 'a' as u32),
        'α'..='ω' => 0x1D6FC + (c as u32 - 'α' as u32),
        // The parser gives `\mu` as the micro sign.
        'µ' => 0x1D707,
        _ => return c,
    };
    char::from_u32(code).unwrap_or(c)
}
