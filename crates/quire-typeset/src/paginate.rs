//! Chunks to pages: fill each page, break only where the chunks' keep rules allow (no
//! heading at a page foot, no widow or orphan line), then place decorations, anchors,
//! internal links and the page number.

use std::collections::HashMap;

use crate::fonts::{FontBook, Variant};
use crate::layout::{shift, Chunk};
use crate::page::{Color, Element, LinkTarget, OutlineEntry, Page, PlacedGlyph, TextRun};
use crate::TypesetOptions;

/// Indices where pages start.
pub(crate) fn page_starts(chunks: &[Chunk], text_height: f32) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut start = 0;
    while start < chunks.len() {
        starts.push(start);
        let mut y = 0.0;
        let mut i = start;
        let mut last_break = None;
        while i < chunks.len() {
            let c = &chunks[i];
            if i > start && c.page_break_before {
                last_break = Some(i);
                break;
            }
            if i > start && !c.keep_with_prev {
                last_break = Some(i);
            }
            let gap = if i == start { 0.0 } else { c.space_before };
            if i > start && y + gap + c.height > text_height {
                break;
            }
            y += gap + c.height;
            i += 1;
        }
        if i >= chunks.len() {
            break;
        }
        // Break at the last allowed place on this page; when a keep group is taller
        // than a page, break where it overflows.
        start = match last_break {
            Some(b) if b > start => b,
            _ => i.max(start + 1),
        };
    }
    starts
}

pub(crate) struct Placed {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
}

pub(crate) fn paginate(chunks: Vec<Chunk>, book: &FontBook, options: &TypesetOptions) -> Placed {
    let (page_w, page_h) = options.paper.size();
    let m = options.margins();
    let text_height = page_h - m.top - m.bottom;
    let starts = page_starts(&chunks, text_height);
    let mut pages = Vec::with_capacity(starts.len());
    let mut anchors: HashMap<String, (usize, f32)> = HashMap::new();
    let mut outline = Vec::new();
    let mut chunks = chunks.into_iter().enumerate().peekable();
    for (p, &start) in starts.iter().enumerate() {
        let end = starts.get(p + 1).copied().unwrap_or(usize::MAX);
        let mut decor: Vec<Element> = Vec::new();
        let mut elements: Vec<Element> = Vec::new();
        let mut y = m.top;
        while let Some((i, _)) = chunks.peek() {
            if *i >= end {
                break;
            }
            let (i, chunk) = chunks.next().expect("peeked");
            let gap_top = y;
            if i > start {
                y += chunk.space_before;
            }
            for id in chunk.anchors {
                anchors.entry(id).or_insert((p, y));
            }
            if let Some((level, title)) = chunk.outline {
                outline.push(OutlineEntry {
                    level,
                    title,
                    page: p,
                    y,
                });
            }
            for d in &chunk.decor {
                let top = if d.covers_gap && i > start {
                    gap_top
                } else {
                    y
                };
                let (x, w, h) = (m.left + d.x, d.w, y + chunk.height - top);
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
            for mut e in chunk.elements {
                shift(&mut e, m.left, y);
                elements.push(e);
            }
            y += chunk.height;
        }
        decor.append(&mut elements);
        decor.extend(page_number(
            book,
            p + 1,
            page_w,
            page_h - m.bottom * 0.55,
            options.font_size * 0.85,
        ));
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
    Placed { pages, outline }
}

fn page_number(
    book: &FontBook,
    n: usize,
    page_w: f32,
    baseline: f32,
    size: f32,
) -> Option<Element> {
    let font = book.primary(Variant {
        mono: false,
        bold: false,
        italic: false,
    });
    let run = book.shape(font, &n.to_string());
    let width = run.width * size;
    Some(Element::Text(TextRun {
        font,
        size,
        x: (page_w - width) / 2.0,
        y: baseline,
        color: Color::rgb(0.35, 0.35, 0.38),
        glyphs: run
            .glyphs
            .iter()
            .map(|g| PlacedGlyph {
                id: g.id,
                advance: g.advance * size,
                text: g.text.clone(),
            })
            .collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(h: f32, keep: bool) -> Chunk {
        Chunk {
            height: h,
            keep_with_prev: keep,
            ..Chunk::default()
        }
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
        assert_eq!(page_starts(&chunks, 100.0), vec![0, 2]);
    }

    #[test]
    fn a_group_taller_than_a_page_is_cut_where_it_overflows() {
        let chunks: Vec<Chunk> = (0..10).map(|i| chunk(30.0, i > 0)).collect();
        assert_eq!(page_starts(&chunks, 100.0), vec![0, 3, 6, 9]);
    }
}
