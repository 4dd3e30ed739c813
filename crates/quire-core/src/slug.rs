//! Heading ids: GitHub-style slugs, unique within a document; explicit `{#id}` wins.

use std::collections::{HashMap, HashSet};

use crate::model::{for_each_heading_mut, plain_text, Block, Footnote, Heading};

/// The GitHub slug of a heading's text: lower case, punctuation dropped, spaces to `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            out.extend(c.to_lowercase());
        } else if c == ' ' {
            out.push('-');
        }
    }
    out
}

/// Gives every heading an id: explicit ids are kept and reserved first, then each other
/// heading gets its slug, suffixed `-1`, `-2`, ... when taken.
///
/// `explicit` says whether any heading has an explicit id (the reader knows): without
/// one, the walk that reserves them is skipped.
pub(crate) fn assign_ids(blocks: &mut [Block], footnotes: &mut [Footnote], explicit: bool) {
    let mut used = HashSet::new();
    let mut next: HashMap<String, usize> = HashMap::new();
    let mut all = |f: &mut dyn FnMut(&mut Heading)| {
        for_each_heading_mut(blocks, f);
        for note in footnotes.iter_mut() {
            for_each_heading_mut(&mut note.blocks, f);
        }
    };
    if explicit {
        all(&mut |h| {
            if !h.id.is_empty() {
                used.insert(h.id.clone());
            }
        });
    }
    all(&mut |h| {
        if !h.id.is_empty() {
            return;
        }
        let base = match slugify(&plain_text(&h.content)) {
            s if s.is_empty() => "section".to_owned(),
            s => s,
        };
        // The next suffix to try is remembered per base: a post with thousands of equal
        // headings would otherwise retry `-1`, `-2`, ... each time (quadratic).
        let n = next.entry(base.clone()).or_insert(0);
        let mut id = if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        while used.contains(&id) {
            *n += 1;
            id = format!("{base}-{n}");
        }
        *n += 1;
        used.insert(id.clone());
        h.id = id;
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_style_slugs() {
        assert_eq!(
            slugify("Talk: Monkeys in Lab Coats -  Applying"),
            "talk-monkeys-in-lab-coats----applying"
        );
        assert_eq!(slugify("What's new in C++?"), "whats-new-in-c");
        assert_eq!(slugify("Ünïcödé Straße"), "ünïcödé-straße");
        assert_eq!(slugify("snake_case and-dash"), "snake_case-and-dash");
    }
}
