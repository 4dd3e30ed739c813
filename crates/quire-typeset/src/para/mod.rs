//! Paragraphs: styled text to justified lines.
//!
//! The text is shaped word by word (cached), break opportunities come from UAX #14 plus
//! hyphenation points and URL breaks, and Knuth-Plass total-fit picks the breaks. A word
//! wider than the measure gets a break between every pair of glyphs as a last resort,
//! so a line never runs past the measure.

mod place;
mod text;

use std::ops::Range;
use std::sync::Arc;

use unicode_linebreak::{linebreaks, BreakOpportunity};

use crate::fonts::FontBook;
use crate::hyphen::Hyphenate;
use crate::linebreak::{break_lines, Item, Params, FORBIDDEN, FORCED};
use crate::page::Element;
use crate::shape::Shaped;
use crate::theme::Theme;

pub(crate) use text::{Align, InlineImage, Style, Text, MATH_OBJECT};

/// What a KP item stands for.
#[derive(Debug, Clone)]
enum Piece {
    Glyphs {
        run: Arc<Shaped>,
        range: Range<usize>,
        style: Style,
    },
    Space {
        style: Style,
    },
    /// A formula's box.
    Math {
        style: Style,
    },
    Break {
        hyphen: Option<(Arc<Shaped>, Style)>,
    },
    /// An image in the line: a box of its width.
    Image {
        image: InlineImage,
        style: Style,
    },
    Nothing,
}

/// One set line: elements relative to the line's top left.
#[derive(Debug, Clone, Default)]
pub(crate) struct Line {
    pub height: f32,
    /// Footnotes referenced on this line, in order.
    pub notes: Vec<u32>,
    pub elements: Vec<Element>,
}

/// Sets paragraphs with one font book and hyphenator.
pub(crate) struct Composer<'a> {
    pub book: &'a FontBook,
    pub hyphenate: &'a Hyphenate,
    pub leading: f32,
    /// The breaking rules (hyphen penalties, emergency stretch, runts, widest space).
    pub theme: &'a Theme,
    /// Characters no font has, seen while setting.
    pub missing: Vec<char>,
}

const URL_BREAK_AFTER: &[char] = &['/', '.', '-', '?', '&', '=', '_', '#', ':', ',', ';'];

/// How far an interword space stretches, as a share of its width.
const SPACE_STRETCH: f64 = 0.6;

impl Composer<'_> {
    /// Sets `text` into lines of `width` (the first line may be narrower by `indent`).
    pub fn set(&mut self, text: &Text, width: f32, align: Align) -> Vec<Line> {
        if text.text.trim().is_empty() {
            return Vec::new();
        }
        let (items, pieces) = self.items(text, width);
        let em = f64::from(text.style_at(0).size);
        let th = self.theme;
        let params = Params {
            tolerance: if align == Align::Justify { 2.5 } else { 4.0 },
            flagged_demerits: th.double_hyphen_demerits,
            final_flagged_demerits: th.final_hyphen_demerits,
            emergency_stretch: f64::from(th.emergency_stretch) * em,
            runt_width: f64::from(th.runt_width) * em,
            runt_demerits: th.runt_demerits,
            ..Params::default()
        };
        // A justified line whose spaces would pass the widest allowed is set ragged: the
        // last resort after every pass of the breaker.
        let max_ratio = (f64::from(th.max_word_space) - 1.0) / SPACE_STRETCH;
        let widths = [width as f64];
        let ragged;
        let items_for_breaking: &[Item] = if align == Align::Justify {
            &items
        } else {
            // Ragged lines: glue may not stretch beyond a little, so the breaker keeps
            // lines even without justifying them (TeX's \raggedright).
            ragged = items
                .iter()
                .map(|i| match *i {
                    Item::Glue {
                        width,
                        stretch,
                        shrink,
                    } if stretch < 1e6 => Item::Glue {
                        width,
                        stretch: stretch + width * 3.0,
                        shrink,
                    },
                    other => other,
                })
                .collect::<Vec<_>>();
            &ragged
        };
        let mut breaks = break_lines(items_for_breaking, &widths, &params);
        if align == Align::Center && breaks.len() > 1 {
            // Centred lines (titles) look best balanced: the narrowest measure that keeps
            // the same number of lines, found by bisection.
            let (mut lo, mut hi) = (width * 0.4, width);
            for _ in 0..8 {
                let mid = (lo + hi) / 2.0;
                let trial = break_lines(items_for_breaking, &[f64::from(mid)], &params);
                let fits = trial.len() == breaks.len() && trial.iter().all(|b| b.ratio >= -1.0);
                if fits {
                    hi = mid;
                    breaks = trial;
                } else {
                    lo = mid;
                }
            }
        }
        let mut lines = Vec::with_capacity(breaks.len());
        let mut start = 0;
        for (n, b) in breaks.iter().enumerate() {
            let last = n + 1 == breaks.len()
                || matches!(items[b.at], Item::Penalty { cost, .. } if cost <= FORCED);
            let ratio = if align == Align::Justify && !last && b.ratio <= max_ratio {
                b.ratio.max(-1.0)
            } else {
                b.ratio.clamp(-1.0, 0.0)
            };
            lines.push(self.place(&items, &pieces, start, b.at, ratio, width, align));
            start = b.at + 1;
        }
        lines
    }

    fn space_width(&self, style: &Style) -> f32 {
        let font = self.book.primary(style.variant);
        self.book.shape(font, " ").width * style.size
    }

    fn items(&mut self, text: &Text, width: f32) -> (Vec<Item>, Vec<Piece>) {
        let s = &text.text;
        let mut items = Vec::new();
        let mut pieces = Vec::new();
        let mut opportunities: Vec<(usize, BreakOpportunity)> = linebreaks(s).collect();
        // URL-like text may break after its punctuation as well.
        for (range, style) in text.style_ranges(0..s.len()) {
            if style.url_breaks {
                for (i, c) in s[range.clone()].char_indices() {
                    let at = range.start + i + c.len_utf8();
                    if URL_BREAK_AFTER.contains(&c) && at < range.end {
                        opportunities.push((at, BreakOpportunity::Allowed));
                    }
                }
            }
        }
        opportunities.sort_by_key(|(at, _)| *at);
        opportunities.dedup_by_key(|(at, _)| *at);
        let mut prev = 0;
        // The word before ended in a hyphen with no space: a compound ("lineage-driven")
        // breaks at its hyphen only, so neither part is hyphenated.
        let mut compound = false;
        for (at, kind) in opportunities {
            if at <= prev {
                continue;
            }
            let segment = &s[prev..at];
            let content = segment.trim_end_matches(|c: char| c.is_whitespace());
            let word = prev..prev + content.len();
            let has_space = content.len() < segment.len();
            let joined = !has_space && content.ends_with(['-', '\u{2010}']);
            self.word(
                text,
                word.clone(),
                !(compound || joined),
                &mut items,
                &mut pieces,
            );
            compound = joined;
            let hard = kind == BreakOpportunity::Mandatory && at < s.len();
            if hard {
                items.extend(Item::finishing());
                pieces.extend([Piece::Nothing, Piece::Nothing, Piece::Nothing]);
            } else if has_space {
                // No break after « or before » (French quotes hold their spaces): a
                // forbidden penalty before the glue, which is then no break.
                if content.ends_with('\u{AB}') || s[at..].starts_with('\u{BB}') {
                    items.push(Item::Penalty {
                        width: 0.0,
                        cost: FORBIDDEN,
                        flagged: false,
                    });
                    pieces.push(Piece::Nothing);
                }
                let style = text.style_at(word.end).clone();
                let w = f64::from(self.space_width(&style));
                // A monospaced space is already wide: it stretches little (as TeX's
                // typewriter fonts), so justification widens the text's spaces instead.
                let stretch = if style.variant.mono {
                    SPACE_STRETCH / 4.0
                } else {
                    SPACE_STRETCH
                };
                items.push(Item::Glue {
                    width: w,
                    stretch: w * stretch,
                    shrink: w * 0.3,
                });
                pieces.push(Piece::Space { style });
            } else if at < s.len() {
                let ends_hyphen = content.ends_with(['-', '\u{2010}']);
                items.push(Item::Penalty {
                    width: 0.0,
                    cost: if ends_hyphen { 50.0 } else { 100.0 },
                    flagged: ends_hyphen,
                });
                pieces.push(Piece::Break { hyphen: None });
            }
            prev = at;
        }
        items.extend(Item::finishing());
        pieces.extend([Piece::Nothing, Piece::Nothing, Piece::Nothing]);
        self.split_overlong(&mut items, &mut pieces, width);
        (items, pieces)
    }

    /// Boxes for one word (no break opportunity inside, but hyphenation points).
    fn word(
        &mut self,
        text: &Text,
        word: Range<usize>,
        may_hyphenate: bool,
        items: &mut Vec<Item>,
        pieces: &mut Vec<Piece>,
    ) {
        if word.is_empty() {
            return;
        }
        let ranges = text.style_ranges(word.clone());
        for (range, style) in &ranges {
            if let Some(image) = style.image {
                items.push(Item::Box {
                    width: f64::from(image.w),
                });
                pieces.push(Piece::Image {
                    image,
                    style: (*style).clone(),
                });
                continue;
            }
            let part = &text.text[range.clone()];
            if let Some(b) = &style.math {
                for _ in part.chars().filter(|&c| c == MATH_OBJECT) {
                    items.push(Item::Box {
                        width: f64::from(b.width),
                    });
                    pieces.push(Piece::Math {
                        style: (*style).clone(),
                    });
                }
                continue;
            }
            let runs = self
                .book
                .shape_styled(style.variant, part, &mut self.missing);
            let hyphenable =
                may_hyphenate && ranges.len() == 1 && runs.len() == 1 && !style.no_hyphens;
            let points = if hyphenable {
                // Hyphenate the letters only: leading/trailing punctuation stays put.
                let start = part.find(char::is_alphabetic).unwrap_or(0);
                let letters = part[start..]
                    .find(|c: char| !c.is_alphabetic())
                    .map_or(&part[start..], |end| &part[start..start + end]);
                self.hyphenate
                    .points(letters)
                    .into_iter()
                    .map(|p| p + start)
                    .collect()
            } else {
                Vec::new()
            };
            for run in runs {
                let mut cuts = vec![0];
                if !points.is_empty() {
                    // Glyph indices where a hyphenation point starts a cluster (never
                    // inside a ligature).
                    let mut offset = 0;
                    for (i, g) in run.glyphs.iter().enumerate() {
                        if i > 0 && !g.text.is_empty() && points.contains(&offset) {
                            cuts.push(i);
                        }
                        offset += g.text.len();
                    }
                }
                cuts.push(run.glyphs.len());
                for (k, pair) in cuts.windows(2).enumerate() {
                    if k > 0 {
                        let hyphen = self.book.shape(run.font, "-");
                        items.push(Item::Penalty {
                            width: f64::from(hyphen.width * style.size),
                            cost: f64::from(self.theme.hyphen_penalty),
                            flagged: true,
                        });
                        pieces.push(Piece::Break {
                            hyphen: Some((hyphen, (*style).clone())),
                        });
                    }
                    let r = pair[0]..pair[1];
                    let w: f32 =
                        run.glyphs[r.clone()].iter().map(|g| g.advance).sum::<f32>() * style.size;
                    items.push(Item::Box {
                        width: f64::from(w),
                    });
                    pieces.push(Piece::Glyphs {
                        run: run.clone(),
                        range: r,
                        style: (*style).clone(),
                    });
                }
            }
        }
    }

    /// A box wider than the measure becomes one box per glyph with a costly break
    /// between each: the last resort that keeps every line inside the measure.
    fn split_overlong(&self, items: &mut Vec<Item>, pieces: &mut Vec<Piece>, width: f32) {
        // Whole words (boxes with no break between them) that exceed the measure.
        let mut i = 0;
        while i < items.len() {
            let start = i;
            let mut total = 0.0;
            while i < items.len() && matches!(items[i], Item::Box { .. }) {
                if let Item::Box { width } = items[i] {
                    total += width;
                }
                i += 1;
            }
            if total > f64::from(width) && i > start {
                let mut new_items = Vec::new();
                let mut new_pieces = Vec::new();
                for (k, piece) in pieces[start..i].iter().enumerate() {
                    // An inline image or a formula stays one box: only words split.
                    if let Piece::Image { .. } | Piece::Math { .. } = piece {
                        if !new_items.is_empty() {
                            new_items.push(Item::Penalty {
                                width: 0.0,
                                cost: 500.0,
                                flagged: false,
                            });
                            new_pieces.push(Piece::Break { hyphen: None });
                        }
                        new_items.push(items[start + k]);
                        new_pieces.push(piece.clone());
                    }
                    if let Piece::Glyphs { run, range, style } = piece {
                        for g in range.clone() {
                            if !new_items.is_empty() {
                                new_items.push(Item::Penalty {
                                    width: 0.0,
                                    cost: 500.0,
                                    flagged: false,
                                });
                                new_pieces.push(Piece::Break { hyphen: None });
                            }
                            new_items.push(Item::Box {
                                width: f64::from(run.glyphs[g].advance * style.size),
                            });
                            new_pieces.push(Piece::Glyphs {
                                run: run.clone(),
                                range: g..g + 1,
                                style: style.clone(),
                            });
                        }
                    }
                }
                let n = new_items.len();
                items.splice(start..i, new_items);
                pieces.splice(start..i, new_pieces);
                i = start + n;
            }
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::Color;

    /// A composer over `book` with the default theme, as layout makes one.
    fn composer<'a>(book: &'a FontBook, h: &'a Hyphenate) -> Composer<'a> {
        Composer {
            book,
            hyphenate: h,
            leading: 1.35,
            theme: &DEFAULT_THEME,
            missing: vec![],
        }
    }

    static DEFAULT_THEME: std::sync::LazyLock<Theme> = std::sync::LazyLock::new(Theme::default);

    fn style(size: f32) -> Style {
        Style::plain(size, Color::BLACK)
    }

    fn line_text(line: &Line) -> String {
        let mut s = String::new();
        for e in &line.elements {
            if let Element::Text(run) = e {
                if !s.is_empty() && !s.ends_with(' ') {
                    s.push(' ');
                }
                for g in &run.glyphs {
                    s.push_str(&g.text);
                }
            }
        }
        s
    }

    fn right_edge(line: &Line) -> f32 {
        line.elements
            .iter()
            .filter_map(|e| match e {
                Element::Text(r) => Some(r.end()),
                _ => None,
            })
            .fold(0.0, f32::max)
    }

    #[test]
    fn justified_lines_fill_the_measure_and_keep_every_word() {
        let book = FontBook::builtin();
        let h = Hyphenate::new("en");
        let mut c = composer(&book, &h);
        let mut t = Text::default();
        let words = "The quick brown fox jumps over the lazy dog while typesetting engines \
                     everywhere consider the paragraph as a whole rather than line by line.";
        t.push(words, &style(11.0));
        let lines = c.set(&t, 200.0, Align::Justify);
        assert!(lines.len() >= 3);
        for l in &lines[..lines.len() - 1] {
            let edge = right_edge(l);
            assert!((edge - 200.0).abs() < 0.5, "line ends at {edge}");
        }
        let joined: String = lines.iter().map(line_text).collect::<Vec<_>>().join(" ");
        let normal = joined.replace("- ", "").replace("  ", " ");
        assert_eq!(
            normal.split_whitespace().collect::<Vec<_>>(),
            words.split_whitespace().collect::<Vec<_>>()
        );
    }

    /// Issue 17: no line starts with » nor ends with «.
    #[test]
    fn french_quotes_keep_their_spaces() {
        let book = FontBook::builtin();
        let h = Hyphenate::new("fr");
        let mut c = composer(&book, &h);
        let mut t = Text::default();
        let words =
            "Il a dit \u{AB} oui \u{BB} puis \u{AB} non \u{BB} et encore \u{AB} peut-être \u{BB} ";
        t.push(&words.repeat(6), &style(11.0));
        for width in [90.0, 110.0, 130.0, 150.0] {
            for l in c.set(&t, width, Align::Justify) {
                let text = line_text(&l);
                assert!(!text.trim_end().ends_with('\u{AB}'), "{text}");
                assert!(!text.trim_start().starts_with('\u{BB}'), "{text}");
            }
        }
    }

    #[test]
    fn an_unbreakable_url_is_split_inside_the_measure() {
        let book = FontBook::builtin();
        let h = Hyphenate::none();
        let mut c = composer(&book, &h);
        let mut t = Text::default();
        t.push("see ", &style(11.0));
        t.push(
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            &style(11.0),
        );
        let lines = c.set(&t, 120.0, Align::Left);
        assert!(lines.len() >= 3);
        for l in &lines {
            assert!(right_edge(l) <= 120.01, "{}", right_edge(l));
        }
    }
}
