//! Chunks to pages: fill each page, break only where the chunks' keep rules allow (no
//! heading at a page foot, no widow or orphan line), reserve room at the foot for the
//! footnotes a page references, repeat table headers on continuation pages; then place
//! decorations, anchors, internal links, running headers and page numbers.

mod assemble;
mod decorate;
mod float;
mod labels;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::layout::Flow;
use crate::{Theme, TypesetOptions};

pub(crate) use assemble::{assemble, Placed};
pub(crate) use float::float_figures;
use labels::page_labels;

type NoteKey = (u32, u32);

/// Each anchor's page index and y.
pub(crate) type Anchors = HashMap<String, (usize, f32)>;

/// What goes on one page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PagePlan {
    pub body: Range<usize>,
    /// Footnote chunks at the foot: which note, which of its chunks.
    pub notes: Vec<(NoteKey, Range<usize>)>,
    pub repeat: Option<u32>,
}

/// The height of a footnote's chunks in `range`.
fn note_height(flow: &Flow, key: NoteKey, range: Range<usize>) -> f32 {
    flow.notes
        .get(&key)
        .map(|chunks| {
            chunks[range.clone()]
                .iter()
                .map(|c| c.height + c.space_before)
                .sum()
        })
        .unwrap_or(0.0)
}

/// Plans the pages of a flow whose text area is `text_height` tall.
pub(crate) fn plan(flow: &Flow, text_height: f32, theme: &Theme) -> Vec<PagePlan> {
    // Height of the rule and gap above a page's footnotes.
    let note_rule = theme.page_note_space;
    let chunks = &flow.chunks;
    let n = chunks.len();
    let mut pages = Vec::new();
    let mut placed: HashSet<NoteKey> = HashSet::new();
    // Footnote chunks that did not fit on their page continue at the next page's foot.
    let mut carry: Vec<(NoteKey, Range<usize>)> = Vec::new();
    let mut s = 0;
    while s < n || !carry.is_empty() {
        let mut page_notes: Vec<(NoteKey, Range<usize>)> = Vec::new();
        let mut notes_h = 0.0;
        // Carried notes first, as much as half a page takes.
        let mut still = Vec::new();
        for (key, range) in std::mem::take(&mut carry) {
            let mut end = range.start;
            while end < range.end
                && (notes_h + note_rule + note_height(flow, key, range.start..end + 1)
                    <= text_height * theme.carried_notes_max
                    || end == range.start && page_notes.is_empty())
            {
                end += 1;
            }
            if end > range.start {
                notes_h += note_height(flow, key, range.start..end);
                page_notes.push((key, range.start..end));
            }
            if end < range.end {
                still.push((key, end..range.end));
            }
        }
        carry = still;
        if s >= n {
            pages.push(PagePlan {
                body: n..n,
                notes: page_notes,
                repeat: None,
            });
            continue;
        }
        let repeat = chunks[s].repeat;
        let mut y = repeat
            .and_then(|r| flow.repeats.get(r as usize))
            .map_or(0.0, |c| c.height);
        let mut i = s;
        // (chunk index, number of page notes) at the last allowed break.
        let mut last_break: Option<(usize, usize)> = None;
        let mut forced = false;
        while i < n {
            let c = &chunks[i];
            if i > s && c.page_break_before {
                forced = true;
                break;
            }
            if i > s && !c.keep_with_prev {
                last_break = Some((i, page_notes.len()));
            }
            let gap = if i == s { 0.0 } else { c.space_before };
            let new: Vec<NoteKey> = c
                .notes
                .iter()
                .map(|&num| (c.section, num))
                .filter(|k| {
                    flow.notes.contains_key(k)
                        && !placed.contains(k)
                        && !page_notes.iter().any(|(p, _)| p == k)
                })
                .collect();
            let new_h: f32 = new
                .iter()
                .map(|k| note_height(flow, *k, 0..flow.notes[k].len()))
                .sum();
            let rule = if notes_h == 0.0 && new_h > 0.0 || notes_h > 0.0 {
                note_rule
            } else {
                0.0
            };
            if i > s && y + gap + c.height + notes_h + new_h + rule > text_height {
                break;
            }
            y += gap + c.height;
            for k in new {
                let all = flow.notes[&k].len();
                // The first chunk on a page always goes; its notes take what room is left
                // and continue on the next page.
                let room = text_height - y - notes_h - note_rule;
                let mut end = 0;
                while end < all && note_height(flow, k, 0..end + 1) <= room.max(0.0) {
                    end += 1;
                }
                if end > 0 {
                    notes_h += note_height(flow, k, 0..end);
                    page_notes.push((k, 0..end));
                }
                if end < all {
                    carry.push((k, end..all));
                }
            }
            i += 1;
        }
        let end = if i >= n || forced {
            i
        } else {
            match last_break {
                Some((b, count)) if b > s => {
                    // Notes of the chunks that move to the next page go with them.
                    for (k, _) in page_notes.drain(count..) {
                        carry.retain(|(c, _)| *c != k);
                    }
                    b
                }
                _ => i.max(s + 1),
            }
        };
        for (k, _) in &page_notes {
            placed.insert(*k);
        }
        for (k, _) in &carry {
            placed.insert(*k);
        }
        pages.push(PagePlan {
            body: s..end,
            notes: page_notes,
            repeat: repeat.filter(|_| s < end),
        });
        s = end;
    }
    pages
}

/// Where every anchor lands and the number printed on every page, without building the
/// pages (what the table of contents needs between its passes).
pub(crate) fn locate(
    flow: &Flow,
    plans: &[PagePlan],
    options: &TypesetOptions,
) -> (Anchors, Vec<Option<String>>) {
    let m = options.margins();
    let (printed, _) = page_labels(flow, plans);
    let mut anchors: HashMap<String, (usize, f32)> = HashMap::new();
    for (p, plan) in plans.iter().enumerate() {
        let mut y = m.top
            + plan
                .repeat
                .and_then(|r| flow.repeats.get(r as usize))
                .map_or(0.0, |c| c.height);
        for i in plan.body.clone() {
            let chunk = &flow.chunks[i];
            if i > plan.body.start {
                y += chunk.space_before;
            }
            for id in &chunk.anchors {
                anchors.entry(id.clone()).or_insert((p, y));
            }
            y += chunk.height;
        }
    }
    (anchors, printed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Chunk;

    fn chunk(h: f32, keep: bool) -> Chunk {
        Chunk {
            height: h,
            keep_with_prev: keep,
            ..Chunk::default()
        }
    }

    fn starts(chunks: Vec<Chunk>, h: f32) -> Vec<usize> {
        let flow = Flow {
            chunks,
            ..Flow::default()
        };
        plan(&flow, h, &Theme::default())
            .iter()
            .map(|p| p.body.start)
            .collect()
    }

    #[test]
    fn breaks_before_a_kept_pair_not_inside_it() {
        // A heading (index 2) kept with the line after it must not end page 1.
        let chunks = vec![
            chunk(40.0, false),
            chunk(40.0, false),
            chunk(15.0, false),
            chunk(20.0, true),
        ];
        assert_eq!(starts(chunks, 100.0), vec![0, 2]);
    }

    #[test]
    fn a_group_taller_than_a_page_is_cut_where_it_overflows() {
        let chunks: Vec<Chunk> = (0..10).map(|i| chunk(30.0, i > 0)).collect();
        assert_eq!(starts(chunks, 100.0), vec![0, 3, 6, 9]);
    }

    #[test]
    fn a_note_goes_on_the_page_of_its_reference() {
        let mut chunks: Vec<Chunk> = (0..6).map(|_| chunk(30.0, false)).collect();
        chunks[2].notes = vec![1];
        let mut flow = Flow {
            chunks,
            ..Flow::default()
        };
        flow.notes.insert((0, 1), vec![chunk(20.0, false)]);
        let plans = plan(&flow, 100.0, &Theme::default());
        // 30 + 30 + 30 + 20 + rule > 100: the referencing chunk moves to page 2, with its note.
        assert_eq!(plans[0].body, 0..2);
        assert_eq!(plans[1].body.start, 2);
        assert_eq!(plans[1].notes.len(), 1);
    }

    #[test]
    fn a_long_note_continues_on_the_next_page() {
        let mut chunks: Vec<Chunk> = (0..2).map(|_| chunk(20.0, false)).collect();
        chunks[0].notes = vec![1];
        let mut flow = Flow {
            chunks,
            ..Flow::default()
        };
        flow.notes
            .insert((0, 1), (0..8).map(|_| chunk(15.0, false)).collect());
        let plans = plan(&flow, 100.0, &Theme::default());
        let placed: usize = plans
            .iter()
            .flat_map(|p| &p.notes)
            .map(|(_, r)| r.len())
            .sum();
        assert_eq!(placed, 8);
        assert!(plans.len() >= 2);
    }
}
