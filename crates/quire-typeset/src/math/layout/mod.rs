//! A formula's tree to positioned glyphs and rules, driven by the maths font's MATH table:
//! TeX's atom classes and inter-atom spacing, display/text/script styles with cramping,
//! fractions, radicals, scripts and limits from the font's constants, delimiters and big
//! operators from its size variants (and assemblies when no variant is big enough), tables
//! with aligned columns.
//!
//! Coordinates while laying out are in points with y growing *up* from the baseline (as
//! TeX's); [`MathBox::elements`] turns them into the page's (y down).

use std::sync::Arc;

use quire_core::math::{column, is_accent, negate, AtomKind, Class, MathStyle, Node};
use ttf_parser::math::{Constants, MathValue};
use ttf_parser::GlyphId;

use crate::fonts::{FontBook, FontId, Variant};
use crate::page::{Color, Element, PlacedGlyph, TextRun};
use crate::Theme;

mod structures;

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
                let over = limits.above_below(st.level == 0);
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
