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

/// Gives headings their ids in the order it is handed them: an explicit id is kept, any
/// other heading gets its slug, suffixed `-1`, `-2`, ... when taken.
#[derive(Debug, Default)]
pub(crate) struct Slugger {
    used: HashSet<String>,
    /// The next suffix to try, per slug: a post with thousands of equal headings would
    /// otherwise retry `-1`, `-2`, ... each time (quadratic).
    next: HashMap<String, usize>,
}

impl Slugger {
    /// Keeps `id` from being given to another heading.
    fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_owned());
    }

    /// Gives `h` an id unless it has one.
    pub(crate) fn assign(&mut self, h: &mut Heading) {
        if !h.attr.id.is_empty() {
            return;
        }
        let base = match slugify(&plain_text(&h.content)) {
            s if s.is_empty() => "section".to_owned(),
            s => s,
        };
        let n = self.next.entry(base.clone()).or_insert(0);
        let mut id = if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        while self.used.contains(&id) {
            *n += 1;
            id = format!("{base}-{n}");
        }
        *n += 1;
        self.used.insert(id.clone());
        h.attr.id = id;
    }

    /// Gives ids to the headings in footnotes, after the body's (which the reader gave
    /// theirs as it went).
    pub(crate) fn assign_in_footnotes(&mut self, footnotes: &mut [Footnote]) {
        for note in footnotes {
            for_each_heading_mut(&mut note.blocks, &mut |h| self.assign(h));
        }
    }
}

/// Gives every heading an id: explicit ids are kept and reserved first, then each other
/// heading gets its slug, suffixed `-1`, `-2`, ... when taken.
pub(crate) fn assign_ids(blocks: &mut [Block], footnotes: &mut [Footnote]) {
    let mut slugger = Slugger::default();
    let mut all = |f: &mut dyn FnMut(&mut Heading)| {
        for_each_heading_mut(blocks, f);
        for note in footnotes.iter_mut() {
            for_each_heading_mut(&mut note.blocks, f);
        }
    };
    all(&mut |h| {
        if !h.attr.id.is_empty() {
            slugger.reserve(&h.attr.id);
        }
    });
    all(&mut |h| slugger.assign(h));
}

/// Whether `body` may hold a heading with an explicit id (`{#id}`, `{.class #id}`): a line
/// that ends with `}` (closing `#`s and spaces aside) and has a `#` after a `{`. Without
/// one, the reader can give ids as it goes, since no later heading can claim an id first.
pub(crate) fn may_have_explicit_ids(body: &str) -> bool {
    let b = body.as_bytes();
    let mut checked_to = 0;
    memchr::memchr_iter(b'{', b).any(|i| {
        if i < checked_to {
            return false;
        }
        let end = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |k| i + k);
        checked_to = end;
        let line = &b[i..end];
        let trimmed = match line
            .iter()
            .rposition(|&c| !matches!(c, b' ' | b'\t' | b'#'))
        {
            Some(last) => &line[..=last],
            None => return false,
        };
        trimmed.ends_with(b"}") && trimmed.contains(&b'#')
    })
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

    #[test]
    fn explicit_ids_are_spotted_by_their_line() {
        assert!(may_have_explicit_ids("# Title {#id}\n"));
        assert!(may_have_explicit_ids("Title {.c #id}  \n=====\n"));
        assert!(may_have_explicit_ids("## Title {#id} ##\n"));
        assert!(may_have_explicit_ids("> - # In a list {#x}"));
        assert!(!may_have_explicit_ids("println!(\"{:#?}\", x);\n# Title\n"));
        assert!(!may_have_explicit_ids("fn f() {\n    # not a heading\n}\n"));
        assert!(!may_have_explicit_ids("no braces # at all\n"));
    }
}
