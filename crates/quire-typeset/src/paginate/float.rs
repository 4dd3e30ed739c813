//! Figures float: an image that does not fit in what is left of a page shrinks by up to
//! a quarter when that keeps it there, or else lets the text that follows it fill that
//! page and goes to the top of the next, as books set figures, so a page is not left half
//! empty before a tall image (issue 17). Placeholders of images that could not be had
//! float alike (they do not shrink: their text would).

use super::plan;
use crate::layout::Flow;
use crate::page::Element;
use crate::Theme;

/// The most figures moved in one flow: each move re-plans the pages once, so the work
/// stays linear in the flow (times this constant).
const MAX_FLOATS: usize = 64;

/// Whether a chunk shows an image (not a placeholder), which may be scaled.
fn is_image(chunk: &crate::layout::Chunk) -> bool {
    chunk
        .elements
        .iter()
        .any(|e| matches!(e, Element::Image { .. }))
}

/// Scales a figure's image by `f` about its centre; the chunk takes its new height.
fn shrink(chunk: &mut crate::layout::Chunk, f: f32) {
    for e in &mut chunk.elements {
        if let Element::Image { x, w, h, .. } = e {
            *x += *w * (1.0 - f) / 2.0;
            *w *= f;
            *h *= f;
        }
    }
    chunk.height *= f;
}

/// What is done to one figure.
enum Move {
    /// Scale the image of chunk `.0` by `.1`.
    Shrink(usize, f32),
    /// Move the figure and its caption (chunks from `.0` to before `.1`) after the text
    /// that follows them, up to before `.2`.
    Float(usize, usize, usize),
}

/// Shrinks an image that starts a page when, by up to `Theme::figure_min_scale`, it (and
/// its caption) fits at the foot of the page before; else moves figures past the text
/// after them where a page would otherwise end less than `Theme::float_min_fill` full
/// before a figure that starts the next page. Only plain text
/// moves ahead (no heading, anchor, page break, footnote or table), and only to a place
/// where a page may break, so every keep rule still holds.
pub(crate) fn float_figures(flow: &mut Flow, text_height: f32, theme: &Theme) {
    for _ in 0..MAX_FLOATS {
        let plans = plan(flow, text_height, theme);
        let chunks = &flow.chunks;
        let mut found = None;
        for pair in plans.windows(2) {
            let (page, next) = (&pair[0], &pair[1]);
            let s = next.body.start;
            if page.body.is_empty() || s >= chunks.len() || s != page.body.end {
                continue;
            }
            let c = &chunks[s];
            if !c.figure || c.floated || c.page_break_before || c.keep_with_prev {
                continue;
            }
            let notes: f32 = page
                .notes
                .iter()
                .map(|(k, r)| super::note_height(flow, *k, r.clone()))
                .sum();
            let used: f32 = chunks[page.body.clone()]
                .iter()
                .enumerate()
                .map(|(i, c)| c.height + if i == 0 { 0.0 } else { c.space_before })
                .sum::<f32>()
                + notes
                + if notes > 0.0 {
                    theme.page_note_space
                } else {
                    0.0
                };
            // The figure and what is kept with it (its caption).
            let mut group_end = s + 1;
            while group_end < chunks.len() && chunks[group_end].keep_with_prev {
                group_end += 1;
            }
            let room = text_height - used;
            if is_image(c) && c.height > 0.0 {
                let kept: f32 = chunks[s + 1..group_end]
                    .iter()
                    .map(|c| c.height + c.space_before)
                    .sum();
                // A hair under the exact fit, so rounding cannot push it over.
                let f = (room - c.space_before - kept) / c.height * 0.999;
                if f >= theme.figure_min_scale && f < 1.0 {
                    found = Some(Move::Shrink(s, f));
                    break;
                }
            }
            if used >= text_height * theme.float_min_fill {
                continue;
            }
            // The text after it that fits in the room left, up to a place a page may
            // break before.
            let mut y = 0.0;
            let mut end = None;
            let mut k = group_end;
            while k < chunks.len() {
                let c = &chunks[k];
                let movable = c.outline.is_none()
                    && c.anchors.is_empty()
                    && c.notes.is_empty()
                    && c.repeat.is_none()
                    && !c.page_break_before
                    && !c.figure
                    && c.section == chunks[s].section
                    && c.part == chunks[s].part;
                if !movable {
                    break;
                }
                y += c.height + c.space_before;
                if y > room {
                    break;
                }
                k += 1;
                if k == chunks.len() || !chunks[k].keep_with_prev {
                    end = Some(k);
                }
            }
            if let Some(end) = end {
                found = Some(Move::Float(s, group_end, end));
                break;
            }
        }
        let (s, group_end, end) = match found {
            None => return,
            Some(Move::Shrink(s, f)) => {
                shrink(&mut flow.chunks[s], f);
                flow.chunks[s].floated = true;
                continue;
            }
            Some(Move::Float(s, group_end, end)) => (s, group_end, end),
        };
        flow.chunks[s].floated = true;
        // The text takes the figure's space above it, the figure the text's.
        let figure_gap = flow.chunks[s].space_before;
        let text_gap = flow.chunks[group_end].space_before;
        flow.chunks[s].space_before = text_gap;
        flow.chunks[group_end].space_before = figure_gap;
        flow.chunks[s..end].rotate_left(group_end - s);
    }
}
