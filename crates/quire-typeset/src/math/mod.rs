//! Maths in print, typeset by us in New Computer Modern Math, the OpenType MATH face built
//! into the binary (`layout.rs`: the font's MATH table drives scripts, fractions, radicals,
//! stretchy delimiters, big operators and tables). A formula becomes one box in its
//! paragraph's text: inline it sits on the baseline like a word and grows the leading only
//! when it must; display maths gets a centred line of its own (`layout/paragraph.rs`),
//! scaled down with a warning when wider than the measure. TeX the reader warned about is
//! shown as code.

pub(crate) mod layout;

use std::sync::Arc;

use crate::fonts::FontBook;
use crate::para::{Style, Text, MATH_OBJECT};
use crate::Theme;

/// Appends the formula `tex` to `out` as one box (or, unreadable, as code). A display
/// formula wider than `max_width` is scaled to fit; the factor is returned then.
pub(crate) fn push(
    tex: &str,
    display: bool,
    style: &Style,
    out: &mut Text,
    book: &FontBook,
    theme: &Theme,
    max_width: f32,
) -> Option<f32> {
    match quire_core::math::parse(tex) {
        Ok(formula) => {
            let mut b =
                layout::MathLayout::new(book, style.size, theme).formula(&formula.nodes, display);
            b.linear = quire_core::math::linear(&formula);
            let mut scaled = None;
            if b.width > max_width && max_width > 0.0 {
                let k = max_width / b.width;
                b.scale(k);
                scaled = Some(k);
            }
            let mut s = style.clone();
            s.math = Some(Arc::new(b));
            s.no_hyphens = true;
            let mut buf = [0u8; 4];
            out.push(MATH_OBJECT.encode_utf8(&mut buf), &s);
            scaled
        }
        Err(_) => {
            let mut s = style.clone();
            s.variant.mono = true;
            s.size = style.size * theme.inline_code_size;
            s.url_breaks = true;
            s.no_hyphens = true;
            out.push(tex.trim(), &s);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use quire_core::math::{linear, parse};

    #[test]
    fn linear_form_has_no_tex() {
        let f = parse(r"\frac{1}{N-1} X X^T").unwrap();
        let l = linear(&f);
        assert!(!l.contains('\\'), "{l}");
        assert_eq!(l, "1/(N − 1) XXᵀ");
    }
}
