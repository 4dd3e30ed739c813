//! Placing one line: the chosen items as glyph runs (spaces stretched or shrunk by the
//! line's ratio), link areas and strike-through rules, aligned in the measure.

use std::ops::Range;
use std::sync::Arc;

use super::{Align, Composer, Line, Piece, Style};
use crate::linebreak::Item;
use crate::page::{Element, PlacedGlyph, TextRun};
use crate::shape::Shaped;

impl Composer<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn place(
        &self,
        items: &[Item],
        pieces: &[Piece],
        start: usize,
        end: usize,
        ratio: f64,
        width: f32,
        align: Align,
    ) -> Line {
        // Discardable items at the start of a line (after a break) vanish.
        let mut from = start;
        while from < end && !matches!(items[from], Item::Box { .. }) {
            from += 1;
        }
        let mut size: f32 = 0.0;
        let mut runs: Vec<(TextRun, Style)> = Vec::new();
        let mut links: Vec<(f32, f32, Arc<str>)> = Vec::new();
        let mut x = 0.0f32;
        let mut notes: Vec<u32> = Vec::new();
        let mut images: Vec<(f32, super::InlineImage)> = Vec::new();
        let mut formulas: Vec<(f32, Style)> = Vec::new();
        let add = |x: &mut f32,
                   run: &Arc<Shaped>,
                   range: Range<usize>,
                   style: &Style,
                   actual: Option<&Arc<str>>,
                   runs: &mut Vec<(TextRun, Style)>| {
            let glyphs = run.glyphs[range].iter().map(|g| PlacedGlyph {
                id: g.id,
                advance: g.advance * style.size,
                text: g.text.clone(),
            });
            let start_x = *x;
            match runs.last_mut() {
                Some((last, st))
                    if last.font == run.font
                        && st == style
                        && (last.end() - start_x).abs() < 0.01
                        && same_actual(last.actual.as_ref(), actual) =>
                {
                    last.glyphs.extend(glyphs);
                }
                _ => runs.push((
                    TextRun {
                        font: run.font,
                        size: style.size,
                        x: start_x,
                        y: -style.rise,
                        color: style.color,
                        glyphs: glyphs.collect(),
                        actual: actual.cloned(),
                    },
                    style.clone(),
                )),
            }
            let w: f32 = runs.last().map(|(r, _)| r.end()).unwrap_or(start_x) - start_x;
            *x += w;
        };
        // A word hyphenated at this line's end, or continued from the last line's: its
        // halves are runs of their own that carry the whole word and nothing, so copying
        // and search find it whole (`TextRun::actual`).
        let continued = (start > 0
            && matches!(&pieces[start - 1], Piece::Break { hyphen: Some(_) }))
        .then(|| word_around(pieces, start - 1))
        .flatten();
        // A word broken twice (a long word in a narrow cell): the line between its first
        // and last part is all second half, its hyphen included, so the word reads once.
        let middle = continued.as_ref().is_some_and(|w| w.second.contains(&end));
        let hyphenated_end = (!middle && matches!(&pieces[end], Piece::Break { hyphen: Some(_) }))
            .then(|| word_around(pieces, end))
            .flatten();
        let nothing: Option<Arc<str>> = continued.as_ref().map(|_| Arc::from(""));
        for k in from..end {
            let actual = match (&continued, &hyphenated_end) {
                (Some(w), _) if w.second.contains(&k) => nothing.as_ref(),
                (_, Some(w)) if w.first.contains(&k) => Some(&w.text),
                _ => None,
            };
            match (&items[k], &pieces[k]) {
                (Item::Box { .. }, Piece::Glyphs { run, range, style }) => {
                    size = size.max(style.size);
                    if let Some(n) = style.note {
                        if !notes.contains(&n) {
                            notes.push(n);
                        }
                    }
                    let x0 = x;
                    add(&mut x, run, range.clone(), style, actual, &mut runs);
                    if let Some(link) = &style.link {
                        match links.last_mut() {
                            Some((_, x1, l)) if l == link => *x1 = x,
                            _ => links.push((x0, x, link.clone())),
                        }
                    }
                }
                (Item::Box { .. }, Piece::Image { image, style }) => {
                    size = size.max(style.size);
                    let x0 = x;
                    images.push((x, *image));
                    x += image.w;
                    if let Some(link) = &style.link {
                        match links.last_mut() {
                            Some((_, x1, l)) if l == link => *x1 = x,
                            _ => links.push((x0, x, link.clone())),
                        }
                    }
                }
                (Item::Box { width }, Piece::Math { style }) => {
                    size = size.max(style.size);
                    formulas.push((x, style.clone()));
                    x += *width as f32;
                }
                (
                    Item::Glue {
                        width,
                        stretch,
                        shrink,
                    },
                    piece,
                ) => {
                    let w = if ratio >= 0.0 {
                        width + ratio * stretch
                    } else {
                        width + ratio * shrink
                    } as f32;
                    // A space inside one run is a space glyph, so text extraction finds it.
                    if let (Piece::Space { style }, Some((last, st))) = (piece, runs.last_mut()) {
                        if st == style && (last.end() - x).abs() < 0.01 {
                            let space = self.book.shape(last.font, " ");
                            if let Some(g) = space.glyphs.first() {
                                let glyph = PlacedGlyph {
                                    id: g.id,
                                    advance: w,
                                    text: " ".into(),
                                };
                                if last.actual.is_none() {
                                    last.glyphs.push(glyph);
                                } else {
                                    // After a word's second half, whose text is its
                                    // `actual` (nothing): a run of its own.
                                    let run = TextRun {
                                        font: last.font,
                                        size: last.size,
                                        x: last.end(),
                                        y: last.y,
                                        color: last.color,
                                        glyphs: vec![glyph],
                                        actual: None,
                                    };
                                    let style = st.clone();
                                    runs.push((run, style));
                                }
                            }
                        }
                    }
                    x += w;
                }
                _ => {}
            }
        }
        if let (
            Item::Penalty { .. },
            Piece::Break {
                hyphen: Some((run, style)),
            },
        ) = (&items[end], &pieces[end])
        {
            let actual = if middle {
                nothing.as_ref()
            } else {
                hyphenated_end.as_ref().map(|w| &w.text)
            };
            add(&mut x, run, 0..run.glyphs.len(), style, actual, &mut runs);
        }
        if size == 0.0 {
            size = runs.first().map(|(r, _)| r.size).unwrap_or(10.0);
        }
        let shift = match align {
            Align::Justify | Align::Left => 0.0,
            Align::Center => ((width - x) / 2.0).max(0.0),
            Align::Right => (width - x).max(0.0),
        };
        let mut height = size * self.leading;
        let mut baseline = (height - size * 1.14) / 2.0 + size * 0.89;
        // A formula taller than the line's room pushes the leading apart, only then.
        for (_, st) in &formulas {
            if let Some(b) = &st.math {
                if b.ascent > baseline {
                    height += b.ascent - baseline;
                    baseline = b.ascent;
                }
                if b.descent > height - baseline {
                    height = baseline + b.descent;
                }
            }
        }
        let mut elements = Vec::with_capacity(runs.len() + links.len() + images.len());
        for (x0, image) in images {
            elements.push(Element::Image {
                image: image.index,
                x: x0 + shift,
                y: baseline + image.drop - image.h,
                w: image.w,
                h: image.h,
            });
        }
        for (mut run, style) in runs {
            run.x += shift;
            run.y += baseline;
            if style.strike {
                let y = baseline - style.size * 0.27;
                elements.push(Element::Line {
                    x1: run.x,
                    y1: y,
                    x2: run.end(),
                    y2: y,
                    width: style.size * 0.06,
                    color: style.color,
                });
            }
            elements.push(Element::Text(run));
        }
        for (fx, st) in &formulas {
            if let Some(b) = &st.math {
                elements.extend(b.elements(fx + shift, baseline, st.color));
            }
        }
        for (x0, x1, link) in links {
            elements.push(Element::Link {
                x: x0 + shift,
                y: 0.0,
                w: x1 - x0,
                h: height,
                target: crate::page::LinkTarget::Uri(link.to_string()),
            });
        }
        Line {
            height,
            notes,
            elements,
        }
    }
}

/// A word broken by a hyphen at a break: the pieces of its first half (before the break)
/// and of its second (after it), and its whole text.
struct Hyphenated {
    first: Range<usize>,
    second: Range<usize>,
    text: Arc<str>,
}

/// The word around the hyphenation break at `at`: the glyph pieces of its one shaped run
/// (a word is hyphenated only when it is one run in one style) on either side, through
/// its other, unchosen hyphenation points.
fn word_around(pieces: &[Piece], at: usize) -> Option<Hyphenated> {
    let Some(Piece::Glyphs { run: word, .. }) = at.checked_sub(1).map(|k| &pieces[k]) else {
        return None;
    };
    let in_word = |p: &Piece| match p {
        Piece::Glyphs { run, .. } => Arc::ptr_eq(run, word),
        Piece::Break { hyphen } => hyphen.is_some(),
        _ => false,
    };
    let mut lo = at;
    while lo > 0 && in_word(&pieces[lo - 1]) {
        lo -= 1;
    }
    let mut hi = at + 1;
    while hi < pieces.len() && in_word(&pieces[hi]) {
        hi += 1;
    }
    let mut text = String::new();
    for p in &pieces[lo..hi] {
        if let Piece::Glyphs { run, range, .. } = p {
            for g in &run.glyphs[range.clone()] {
                text.push_str(&g.text);
            }
        }
    }
    Some(Hyphenated {
        first: lo..at,
        second: at + 1..hi,
        text: text.into(),
    })
}

/// Whether a run's `actual` text and a piece's are one (the same word's half).
fn same_actual(a: Option<&Arc<str>>, b: Option<&Arc<str>>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => Arc::ptr_eq(a, b),
        _ => false,
    }
}
