//! Figures float: an image that does not fit in what is left of a page lets the text that
//! follows it fill that page and goes to the top of the next, as books set figures, so a
//! page is not left half empty before a tall image (issue 17).

use std::collections::HashSet;

use super::plan;
use crate::layout::Flow;
use crate::page::Element;
use crate::Theme;

/// The most figures moved in one flow: each move re-plans the pages once, so the work
/// stays linear in the flow (times this constant).
const MAX_FLOATS: usize = 64;

/// The image a chunk shows, if it is an image's chunk.
fn image_of(chunk: &crate::layout::Chunk) -> Option<usize> {
    chunk.elements.iter().find_map(|e| match e {
        Element::Image { image, .. } => Some(*image),
        _ => None,
    })
}

/// Moves figures past the text after them where a page would otherwise end less than
/// `Theme::float_min_fill` full before a figure that starts the next page. Only plain text
/// moves ahead (no heading, anchor, page break, footnote or table), and only to a place
/// where a page may break, so every keep rule still holds.
pub(crate) fn float_figures(flow: &mut Flow, text_height: f32, theme: &Theme) {
    let mut moved: HashSet<(u32, usize)> = HashSet::new();
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
            let Some(image) = image_of(&chunks[s]) else {
                continue;
            };
            let c = &chunks[s];
            if moved.contains(&(c.section, image)) || c.page_break_before || c.keep_with_prev {
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
            if used >= text_height * theme.float_min_fill {
                continue;
            }
            // The figure and what is kept with it (its caption).
            let mut group_end = s + 1;
            while group_end < chunks.len() && chunks[group_end].keep_with_prev {
                group_end += 1;
            }
            // The text after it that fits in the room left, up to a place a page may
            // break before.
            let room = text_height - used;
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
                    && image_of(c).is_none()
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
                found = Some((s, group_end, end, image));
                break;
            }
        }
        let Some((s, group_end, end, image)) = found else {
            return;
        };
        moved.insert((flow.chunks[s].section, image));
        // The text takes the figure's space above it, the figure the text's.
        let figure_gap = flow.chunks[s].space_before;
        let text_gap = flow.chunks[group_end].space_before;
        flow.chunks[s].space_before = text_gap;
        flow.chunks[group_end].space_before = figure_gap;
        flow.chunks[s..end].rotate_left(group_end - s);
    }
}
