//! Maths in print. For now a formula is set as its linear Unicode form (`x² + y²`,
//! `√(x + 1)`, `∑_{k = 1}^{n}`) in New Computer Modern Math, the OpenType MATH face built
//! into the binary: the page and its text layer never show TeX source. Inline formulas sit
//! on the baseline like words; display formulas get a centred line of their own
//! (`layout/paragraph.rs`). TeX the reader warned about is shown as code.
//!
//! Not yet here: two-dimensional layout from the font's MATH table (scripts, fractions,
//! radicals, stretchy delimiters, matrices); see docs/ARCHITECTURE.md, "Maths".

use crate::para::{Style, Text};
use crate::Theme;

/// Appends the formula `tex` to `out` in the maths face (or, unreadable, as code).
pub(crate) fn push(tex: &str, style: &Style, out: &mut Text, theme: &Theme) {
    match quire_core::math::parse(tex) {
        Ok(formula) => {
            let mut s = style.clone();
            s.variant.math = true;
            s.variant.bold = false;
            s.variant.italic = false;
            s.no_hyphens = true;
            out.push(&quire_core::math::linear(&formula), &s);
        }
        Err(_) => {
            let mut s = style.clone();
            s.variant.mono = true;
            s.size = style.size * theme.inline_code_size;
            s.url_breaks = true;
            s.no_hyphens = true;
            out.push(tex.trim(), &s);
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
