//! Building the pages of a plan: chunks placed at their y with their decorations, the
//! footnotes at the foot, anchors and outline entries recorded, internal links pointed
//! at their anchors.

use std::collections::HashMap;

use super::decorate::{page_number, running_header};
use super::{note_height, page_labels, PagePlan};
use crate::fonts::FontBook;
use crate::layout::{shift, Chunk, Flow, Part};
use crate::page::{Element, LinkTarget, OutlineEntry, Page, PageLabel};
use crate::TypesetOptions;

pub(crate) struct Placed {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    pub labels: Vec<PageLabel>,
}

/// Builds the pages of a plan, moving the chunks' elements out of the flow.
pub(crate) fn assemble(
    flow: &mut Flow,
    plans: &[PagePlan],
    book: &FontBook,
    options: &TypesetOptions,
) -> Placed {
    let theme = &options.theme;
    let (page_w, page_h) = options.paper.size();
    let m = options.margins();
    let text_height = page_h - m.top - m.bottom;
    let (printed, labels) = page_labels(flow, plans);
    let mut pages = Vec::with_capacity(plans.len());
    let mut anchors: HashMap<String, (usize, f32)> = HashMap::new();
    let mut outline = Vec::new();
    for (p, plan) in plans.iter().enumerate() {
        let mut decor: Vec<Element> = Vec::new();
        let mut elements: Vec<Element> = Vec::new();
        let mut y = m.top;
        if let Some(header) = plan.repeat.and_then(|r| flow.repeats.get(r as usize)) {
            place(
                header,
                header.elements.clone(),
                m.left,
                y,
                y,
                true,
                &mut decor,
                &mut elements,
            );
            y += header.height;
        }
        for i in plan.body.clone() {
            let moved = std::mem::take(&mut flow.chunks[i].elements);
            let chunk = &flow.chunks[i];
            let gap_top = y;
            if i > plan.body.start {
                y += chunk.space_before;
            }
            for id in &chunk.anchors {
                anchors.entry(id.clone()).or_insert((p, y));
            }
            if let Some((level, title)) = &chunk.outline {
                outline.push(OutlineEntry {
                    level: *level,
                    title: title.clone(),
                    page: p,
                    y,
                });
            }
            place(
                chunk,
                moved,
                m.left,
                y,
                gap_top,
                i == plan.body.start,
                &mut decor,
                &mut elements,
            );
            y += chunk.height;
        }
        if !plan.notes.is_empty() {
            let total: f32 = plan
                .notes
                .iter()
                .map(|(k, r)| note_height(flow, *k, r.clone()))
                .sum();
            let mut ny = m.top + text_height - total;
            let rule_y = ny - theme.page_note_space * theme.page_note_rule_y;
            elements.push(Element::Line {
                x1: m.left,
                y1: rule_y,
                x2: m.left + options.measure() * theme.page_note_rule_length,
                y2: rule_y,
                width: theme.note_rule_width,
                color: theme.page_note_rule,
            });
            for (key, range) in &plan.notes {
                for chunk in &flow.notes[key][range.clone()] {
                    ny += chunk.space_before;
                    for id in &chunk.anchors {
                        anchors.entry(id.clone()).or_insert((p, ny));
                    }
                    place(
                        chunk,
                        chunk.elements.clone(),
                        m.left,
                        ny,
                        ny,
                        true,
                        &mut decor,
                        &mut elements,
                    );
                    ny += chunk.height;
                }
            }
        }
        decor.append(&mut elements);
        let body = &flow.chunks[plan.body.start.min(flow.chunks.len().saturating_sub(1))
            ..plan.body.end.max(plan.body.start)];
        let plain =
            body.iter().any(|c| c.plain) || body.first().is_some_and(|c| c.part == Part::Cover);
        let size = options.font_size * theme.folio_size;
        if !plain {
            let section = body.first().map_or(0, |c| c.section) as usize;
            if let Some(text) = flow.headers.get(section).filter(|t| !t.is_empty()) {
                decor.extend(running_header(
                    book,
                    text,
                    page_w,
                    m.top * theme.header_baseline,
                    size,
                    options.measure(),
                    theme.folio,
                ));
            }
        }
        if let Some(Some(number)) = printed.get(p) {
            decor.extend(page_number(
                book,
                number,
                page_w,
                page_h - m.bottom * theme.number_baseline,
                size,
                theme.folio,
            ));
        }
        pages.push(Page {
            width: page_w,
            height: page_h,
            elements: decor,
        });
    }
    // Internal links point at their anchors; links to ids that do not exist go.
    for page in &mut pages {
        page.elements.retain_mut(|e| match e {
            Element::Link {
                target: LinkTarget::Uri(uri),
                ..
            } if uri.starts_with('#') => match anchors.get(&uri[1..]) {
                Some(&(page, y)) => {
                    if let Element::Link { target, .. } = e {
                        *target = LinkTarget::Internal { page, y };
                    }
                    true
                }
                None => false,
            },
            _ => true,
        });
    }
    Placed {
        pages,
        outline,
        labels,
    }
}

/// Places a chunk's decorations and elements with its top at `y`.
#[allow(clippy::too_many_arguments)]
fn place(
    chunk: &Chunk,
    moved: Vec<Element>,
    left: f32,
    y: f32,
    gap_top: f32,
    first: bool,
    decor: &mut Vec<Element>,
    elements: &mut Vec<Element>,
) {
    for d in &chunk.decor {
        let top = if d.covers_gap && !first { gap_top } else { y };
        let (x, w, h) = (left + d.x, d.w, y + chunk.height - top);
        match decor.last_mut() {
            Some(Element::Rect {
                x: lx,
                y: ly,
                w: lw,
                h: lh,
                fill: Some(c),
                ..
            }) if (*lx - x).abs() < 0.01
                && (*lw - w).abs() < 0.01
                && *c == d.color
                && (*ly + *lh - top).abs() < 0.01 =>
            {
                *lh += h;
            }
            _ => decor.push(Element::Rect {
                x,
                y: top,
                w,
                h,
                fill: Some(d.color),
                stroke: None,
            }),
        }
    }
    for mut e in moved {
        shift(&mut e, left, y);
        elements.push(e);
    }
}
