//! Passes over a read document that the command line asks for: shifting heading levels,
//! numbering sections and overriding metadata. Each is decided once here, so every writer
//! (HTML, EPUB, PDF, text, JSON) and every table of contents shows the same result.

use crate::meta::{self, Meta, MetaValue};
use crate::model::{Attr, Block, Document, Inline, Span};

/// The class of the span that holds a heading's number (pandoc's name, so stylesheets
/// written for pandoc apply).
pub const SECTION_NUMBER_CLASS: &str = "header-section-number";

/// Moves every heading `by` levels (negative: up), clamped to 1..=6, as pandoc's
/// `--shift-heading-level-by` does. Headings inside quotes, lists and footnotes move too:
/// their level is relative to the document's.
pub fn shift_headings(doc: &mut Document, by: i8) {
    if by == 0 {
        return;
    }
    let mut shift = |h: &mut crate::Heading| {
        h.level = (i16::from(h.level) + i16::from(by)).clamp(1, 6) as u8;
    };
    crate::for_each_heading_mut(&mut doc.blocks, &mut shift);
    for note in &mut doc.footnotes {
        crate::for_each_heading_mut(&mut note.blocks, &mut shift);
    }
}

/// Numbers the document's sections (`1`, `1.1`, `1.2`, `2`...): each heading of the body,
/// outside quotes and lists, gets a leading span of class [`SECTION_NUMBER_CLASS`] with its
/// number, followed by a space. The heading that repeats the title is the title, not a
/// section, and is left alone. Numbers count from the body's highest heading level, so a
/// post whose sections are `##` numbers them `1`, `2` (pandoc would say `0.1`, `0.2`).
/// Heading ids are already assigned and do not change.
pub fn number_sections(doc: &mut Document) {
    let title = doc.title_heading();
    let mut top = 6u8;
    visit_headings(&mut doc.blocks, title, &mut |h| top = top.min(h.level));
    let mut counters = [0u32; 6];
    visit_headings(&mut doc.blocks, title, &mut |h| {
        let depth = usize::from(h.level - top);
        counters[depth] += 1;
        for c in &mut counters[depth + 1..] {
            *c = 0;
        }
        let number: Vec<String> = counters[..=depth].iter().map(u32::to_string).collect();
        let span = Inline::Span(Box::new(Span {
            attr: Attr {
                classes: vec![SECTION_NUMBER_CLASS.to_owned()],
                ..Attr::default()
            },
            content: vec![Inline::text(number.join("."))],
        }));
        h.content.splice(0..0, [span, Inline::text(" ")]);
        merge_leading_space(&mut h.content);
    });
}

/// The space after the number merges with text that follows it, as the model keeps
/// adjacent text in one node.
fn merge_leading_space(content: &mut Vec<Inline>) {
    if let [_, Inline::Text { .. }, Inline::Text { .. }, ..] = content.as_slice() {
        let Inline::Text { text } = content.remove(2) else {
            unreachable!("matched above")
        };
        if let Inline::Text { text: space } = &mut content[1] {
            space.push_str(&text);
        }
    }
}

/// Calls `f` on every heading at the top level or inside divs, skipping the title's.
fn visit_headings(
    blocks: &mut [Block],
    skip: Option<usize>,
    f: &mut dyn FnMut(&mut crate::model::Heading),
) {
    for (i, b) in blocks.iter_mut().enumerate() {
        match b {
            Block::Heading(h) if Some(i) != skip => f(h),
            Block::Div(div) => visit_headings(&mut div.blocks, None, f),
            _ => {}
        }
    }
}

/// Sets metadata keys over what the front matter said (`-M key=value`, `--title`, a
/// metadata file): a known key replaces its field (lists included, not appended to), any
/// other key replaces its `extra` entry. Returns the problems found, e.g. a date that does
/// not parse, each naming its key.
pub fn override_meta(meta: &mut Meta, pairs: Vec<(String, MetaValue)>) -> Vec<String> {
    let mut problems = Vec::new();
    for (key, value) in pairs {
        let (new, issues) = meta::normalize(vec![(key.clone(), value)]);
        problems.extend(issues.into_iter().map(|i| i.message));
        match meta::field_for_key(&key) {
            None => meta.extra.extend(new.extra),
            Some(field) => {
                use meta::Field;
                match field {
                    Field::Title => meta.title = new.title,
                    Field::Subtitle => meta.subtitle = new.subtitle,
                    Field::Authors => meta.authors = new.authors,
                    Field::Date => {
                        if new.date.is_some() {
                            meta.date = new.date;
                        }
                        meta.extra.extend(new.extra);
                    }
                    Field::Updated => {
                        if new.updated.is_some() {
                            meta.updated = new.updated;
                        }
                        meta.extra.extend(new.extra);
                    }
                    Field::Description => meta.description = new.description,
                    Field::Tags => meta.tags = new.tags,
                    Field::Image => meta.image = new.image,
                    Field::Lang => meta.lang = new.lang,
                    Field::Slug => meta.slug = new.slug,
                }
            }
        }
    }
    problems
}

/// Fills the fields the front matter left empty from defaults (pandoc's
/// `--metadata-file`, where the document wins): a field already set keeps its value.
/// Returns the problems found in the defaults, as [`override_meta`] does.
pub fn default_meta(meta: &mut Meta, pairs: Vec<(String, MetaValue)>) -> Vec<String> {
    let mut d = Meta::default();
    let problems = override_meta(&mut d, pairs);
    fn fill<T>(field: &mut Option<T>, default: Option<T>) {
        if field.is_none() {
            *field = default;
        }
    }
    fill(&mut meta.title, d.title);
    fill(&mut meta.subtitle, d.subtitle);
    fill(&mut meta.date, d.date);
    fill(&mut meta.updated, d.updated);
    fill(&mut meta.description, d.description);
    fill(&mut meta.image, d.image);
    fill(&mut meta.lang, d.lang);
    fill(&mut meta.slug, d.slug);
    if meta.authors.is_empty() {
        meta.authors = d.authors;
    }
    if meta.tags.is_empty() {
        meta.tags = d.tags;
    }
    for (k, v) in d.extra {
        meta.extra.entry(k).or_insert(v);
    }
    problems
}

/// A `-M KEY=VALUE` value as pandoc reads it: `true`/`false` are booleans, anything else
/// a string (`-M key` alone is `true`).
pub fn metadata_value(text: Option<&str>) -> MetaValue {
    match text {
        None | Some("true") => MetaValue::Bool(true),
        Some("false") => MetaValue::Bool(false),
        Some(s) => MetaValue::String(s.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{read_text, ReadOptions};

    fn doc(md: &str) -> Document {
        read_text(md, None, &ReadOptions::default())
            .unwrap()
            .document
    }

    fn heading_texts(d: &Document) -> Vec<(u8, String)> {
        d.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading(h) => Some((h.level, crate::plain_text(&h.content))),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn numbers_count_from_the_top_level_and_skip_the_title() {
        let mut d = doc("# Title\n\n## One\n\n### One a\n\n### One b\n\n## Two\n\n#### Deep\n");
        number_sections(&mut d);
        assert_eq!(
            heading_texts(&d),
            [
                (1, "Title".to_owned()),
                (2, "1 One".to_owned()),
                (3, "1.1 One a".to_owned()),
                (3, "1.2 One b".to_owned()),
                (2, "2 Two".to_owned()),
                (4, "2.0.1 Deep".to_owned()),
            ]
        );
        let Block::Heading(h) = &d.blocks[1] else {
            panic!()
        };
        assert!(
            matches!(&h.content[0], Inline::Span(s) if s.attr.classes == [SECTION_NUMBER_CLASS])
        );
        assert_eq!(h.content.len(), 2, "the space merged with the text");
        assert_eq!(h.attr.id, "one", "ids do not change");
    }

    #[test]
    fn shifting_clamps_to_one_through_six() {
        let mut d = doc("# A\n\n###### B\n\n> ## C\n");
        shift_headings(&mut d, 1);
        assert_eq!(heading_texts(&d), [(2, "A".into()), (6, "B".into())]);
        shift_headings(&mut d, -3);
        assert_eq!(heading_texts(&d), [(1, "A".into()), (3, "B".into())]);
        let Block::BlockQuote { blocks } = &d.blocks[2] else {
            panic!()
        };
        assert!(matches!(&blocks[0], Block::Heading(h) if h.level == 1));
    }

    #[test]
    fn overrides_replace_fields_and_extra_keys() {
        let mut d = doc("---\ntitle: Old\nauthors: [A, B]\nfoo: 1\n---\nx\n");
        let problems = override_meta(
            &mut d.meta,
            vec![
                ("title".into(), metadata_value(Some("New"))),
                ("author".into(), metadata_value(Some("C"))),
                ("foo".into(), metadata_value(Some("bar"))),
                ("date".into(), metadata_value(Some("not a date"))),
                ("draft".into(), metadata_value(None)),
            ],
        );
        assert_eq!(d.meta.title.as_deref(), Some("New"));
        assert_eq!(d.meta.authors, ["C"]);
        assert_eq!(d.meta.extra["foo"], MetaValue::String("bar".into()));
        assert_eq!(d.meta.extra["draft"], MetaValue::Bool(true));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(d.meta.date.is_none());
    }

    #[test]
    fn defaults_fill_only_what_the_front_matter_left_empty() {
        let mut d = doc("---\ntitle: Mine\n---\nx\n");
        default_meta(
            &mut d.meta,
            vec![
                ("title".into(), metadata_value(Some("Theirs"))),
                ("lang".into(), metadata_value(Some("fr"))),
            ],
        );
        assert_eq!(d.meta.title.as_deref(), Some("Mine"));
        assert_eq!(d.meta.lang.as_deref(), Some("fr"));
    }
}
