//! The table of contents: which headings it lists, with the page numbers they landed on.

use crate::fonts::FontBook;
use crate::hyphen::Hyphenate;
use crate::layout::{Chunk, Flow, Layout, Part};
use std::collections::HashMap;

use crate::TypesetOptions;

/// One line of the contents.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    /// Indentation level: 0 for the top (posts in a book, top headings in a post).
    pub level: u8,
    pub title: String,
    pub anchor: String,
    /// The number printed on the heading's page.
    pub page: String,
}

/// The entries of a paginated flow, down to `depth` levels (a book's posts count as one).
pub(crate) fn entries(
    flow: &Flow,
    anchors: &HashMap<String, (usize, f32)>,
    printed: &[Option<String>],
    depth: u8,
    book: bool,
) -> Vec<Entry> {
    let mut tops: std::collections::HashMap<u32, u8> = std::collections::HashMap::new();
    for c in &flow.chunks {
        if let Some((level, _)) = &c.outline {
            if *level > 0 {
                let t = tops.entry(c.section).or_insert(*level);
                *t = (*t).min(*level);
            }
        }
    }
    let mut out = Vec::new();
    for c in &flow.chunks {
        let (Some((level, title)), Some(anchor)) = (&c.outline, c.anchors.first()) else {
            continue;
        };
        let shown = if *level == 0 {
            0
        } else {
            let top = tops.get(&c.section).copied().unwrap_or(1);
            level - top + u8::from(book)
        };
        if u32::from(shown) + 1 > u32::from(depth.max(1)) {
            continue;
        }
        let page = anchors
            .get(anchor)
            .and_then(|(p, _)| printed.get(*p).cloned().flatten())
            .unwrap_or_default();
        out.push(Entry {
            level: shown,
            title: if title.is_empty() {
                "Section".into()
            } else {
                title.clone()
            },
            anchor: anchor.clone(),
            page,
        });
    }
    out
}

/// The contents as chunks, in `part` (front matter in books) and `section`.
pub(crate) fn chunks(
    entries: &[Entry],
    fonts: &FontBook,
    options: &TypesetOptions,
    part: Part,
    section: u32,
) -> Vec<Chunk> {
    let none = Hyphenate::none();
    let mut layout = Layout::new(fonts, &none, options, None);
    layout.part = part;
    layout.section = section;
    layout.toc(entries, part == Part::Front);
    layout.chunks
}
