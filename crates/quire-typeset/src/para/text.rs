//! Styled text: the spans of a paragraph with their looks, before they are set.

use std::ops::Range;
use std::sync::Arc;

use crate::fonts::Variant;
use crate::page::Color;

/// How a span of text looks.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Style {
    pub variant: Variant,
    pub size: f32,
    pub color: Color,
    /// Raise above the baseline (superscripts), in points.
    pub rise: f32,
    pub strike: bool,
    /// The link this text belongs to: a URI or `#id`.
    pub link: Option<Arc<str>>,
    /// Break after `/ . - ? & =` too (URLs, code).
    pub url_breaks: bool,
    /// Never hyphenate (code, URLs).
    pub no_hyphens: bool,
    /// A footnote reference: the note's number.
    pub note: Option<u32>,
    /// An image set in the line (its text is one U+FFFC, which is never shaped).
    pub image: Option<InlineImage>,
    /// A formula set as one box ([`MATH_OBJECT`] in the text stands for it).
    pub math: Option<std::sync::Arc<crate::math::layout::MathBox>>,
}

/// An image inside a line of text, already scaled to the line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct InlineImage {
    /// Index in the flow's images.
    pub index: usize,
    /// Width in points.
    pub w: f32,
    /// Height in points.
    pub h: f32,
    /// How far its bottom goes below the baseline, in points.
    pub drop: f32,
}

/// The character that stands for a formula's box in a paragraph's text: a private-use
/// character, which line breaking treats as a letter (no break before a comma after it).
pub(crate) const MATH_OBJECT: char = '\u{E001}';

impl Style {
    /// Upright body text of a size and colour.
    pub fn plain(size: f32, color: Color) -> Style {
        Style {
            variant: Variant {
                mono: false,
                math: false,
                bold: false,
                italic: false,
            },
            size,
            color,
            rise: 0.0,
            strike: false,
            link: None,
            url_breaks: false,
            no_hyphens: false,
            note: None,
            image: None,
            math: None,
        }
    }
}

/// How the lines of a paragraph sit in the measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Justify,
    Left,
    Center,
    Right,
}

/// A paragraph's text with style changes.
#[derive(Debug, Default)]
pub(crate) struct Text {
    pub text: String,
    /// (start byte, style), in order; the first starts at 0.
    pub styles: Vec<(usize, Style)>,
}

impl Text {
    pub fn push(&mut self, s: &str, style: &Style) {
        if s.is_empty() {
            return;
        }
        if self.styles.last().map(|(_, st)| st) != Some(style) {
            self.styles.push((self.text.len(), style.clone()));
        }
        self.text.push_str(s);
    }

    /// Pushes the text of an `Inline::Text`: its soft breaks (`'\n'`) set as spaces,
    /// where a `'\n'` pushed with [`Text::push`] is a forced break.
    pub fn push_soft(&mut self, s: &str, style: &Style) {
        for (i, piece) in s.split('\n').enumerate() {
            if i > 0 {
                self.push(" ", style);
            }
            self.push(piece, style);
        }
    }

    pub(super) fn style_at(&self, at: usize) -> &Style {
        let i = self.styles.partition_point(|(s, _)| *s <= at);
        &self.styles[i.saturating_sub(1)].1
    }

    /// Ranges of constant style within `range`.
    pub(super) fn style_ranges(&self, range: Range<usize>) -> Vec<(Range<usize>, &Style)> {
        let mut out = Vec::new();
        let mut at = range.start;
        while at < range.end {
            let i = self.styles.partition_point(|(s, _)| *s <= at);
            let end = self
                .styles
                .get(i)
                .map(|(s, _)| *s)
                .unwrap_or(usize::MAX)
                .min(range.end);
            out.push((at..end, &self.styles[i.saturating_sub(1)].1));
            at = end;
        }
        out
    }
}
