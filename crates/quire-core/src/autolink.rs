//! GFM extended autolinks: `www.` addresses, `http(s)://` and `ftp://` URLs, and e-mail
//! addresses in text become links. pulldown-cmark does not do this.
//!
//! This follows the GFM spec's algorithm exactly (domain validation, trailing punctuation,
//! balanced parentheses, entity-like endings). linkify was tried first; its rules differ
//! from GFM's in the cases the spec tests, so the scanner is our own.

use crate::model::{Inline, Link, LinkKind};

/// Appends `text` to `out` as text and link nodes.
pub(crate) fn split(owned: String, line: u32, out: &mut Vec<Inline>) {
    let text = owned.as_str();
    let b = text.as_bytes();
    let mut last = 0;
    let mut i = 0;
    // Links can only begin at these: jump from one to the next (vectorized searches)
    // instead of looking at every byte.
    let www_from = |i: usize| memchr::memmem::find(&b[i..], b"www.").map_or(b.len(), |k| i + k);
    let mut www_at = www_from(0);
    while i < b.len() {
        if www_at < i {
            www_at = www_from(i);
        }
        i = memchr::memchr2(b':', b'@', &b[i..www_at]).map_or(www_at, |k| i + k);
        if i >= b.len() {
            break;
        }
        let found = match b[i] {
            b'w' if b[i..].starts_with(b"www.") && boundary_before(b, i) => {
                www(b, i).map(|end| (i, end, "http://"))
            }
            b':' => url(b, i),
            b'@' => email(b, i, last),
            _ => None,
        };
        match found {
            Some((start, end, prefix)) => {
                if start > last {
                    push_text(out, &text[last..start]);
                }
                let shown = &text[start..end];
                let url = if prefix.is_empty() {
                    shown.to_owned()
                } else {
                    format!("{prefix}{shown}")
                };
                out.push(Inline::Link(Box::new(Link {
                    url,
                    title: String::new(),
                    content: vec![Inline::text(shown)],
                    kind: LinkKind::Bare,
                    line,
                })));
                last = end;
                i = end;
            }
            None => i += 1,
        }
    }
    if last == 0 {
        // No link: the text goes on as it was, without a copy (most texts that pass the
        // cheap filter hold a `:` or `@` and no link).
        match out.last_mut() {
            Some(Inline::Text { text }) => text.push_str(&owned),
            _ => out.push(Inline::Text { text: owned }),
        }
    } else if last < text.len() {
        push_text(out, &text[last..]);
    }
}

/// `www.` links start the text or follow white space or `*`, `_`, `~`, `(`.
fn boundary_before(b: &[u8], i: usize) -> bool {
    i == 0
        || matches!(
            b[i - 1],
            b' ' | b'\t' | b'\n' | b'\r' | b'*' | b'_' | b'~' | b'('
        )
}

fn is_host_char(c: u8) -> bool {
    // Non-ASCII bytes belong to internationalized names.
    c >= 0x80 || c.is_ascii_alphanumeric()
}

/// The end of a valid domain starting at `start`, or `None`. A domain is segments of
/// alphanumerics, `-` and `_` separated by `.`, with no `_` in its last two segments;
/// unless `allow_short`, it needs at least one `.`.
fn domain(b: &[u8], start: usize, allow_short: bool) -> Option<usize> {
    let (mut periods, mut under1, mut under2) = (0, 0, 0);
    let mut i = start;
    while i < b.len() {
        match b[i] {
            b'_' => under2 += 1,
            b'.' => {
                under1 = under2;
                under2 = 0;
                periods += 1;
            }
            b'-' => {}
            c if is_host_char(c) => {}
            _ => break,
        }
        i += 1;
    }
    if i == start || under1 > 0 || under2 > 0 || (!allow_short && periods == 0) {
        return None;
    }
    Some(i)
}

/// Extends a link over its path (to white space or `<`), then trims what GFM trims.
fn path_end(b: &[u8], from: usize, link_start: usize) -> usize {
    let mut end = from;
    while end < b.len() && !b[end].is_ascii_whitespace() && b[end] != b'<' {
        end += 1;
    }
    trim_end(b, link_start, end)
}

fn trim_end(b: &[u8], start: usize, mut end: usize) -> usize {
    while end > start {
        let last = b[end - 1];
        match last {
            b'?' | b'!' | b'.' | b',' | b':' | b'*' | b'_' | b'~' | b'\'' | b'"' => end -= 1,
            b';' => {
                // `&hl;` at the end looks like an entity: it is not part of the link.
                let mut j = end - 1;
                while j > start && b[j - 1].is_ascii_alphanumeric() {
                    j -= 1;
                }
                if j < end - 1 && j > start && b[j - 1] == b'&' {
                    end = j - 1;
                } else {
                    end -= 1;
                }
            }
            b')' => {
                let (open, close) = b[start..end].iter().fold((0, 0), |(o, c), &x| match x {
                    b'(' => (o + 1, c),
                    b')' => (o, c + 1),
                    _ => (o, c),
                });
                if close <= open {
                    break;
                }
                end -= 1;
            }
            _ => break,
        }
    }
    end
}

/// `www.example.com/path`: returns the end.
fn www(b: &[u8], start: usize) -> Option<usize> {
    let end = domain(b, start, false)?;
    Some(path_end(b, end, start))
}

/// At a `:`: `http://`, `https://` or `ftp://` before it and a domain after.
fn url(b: &[u8], colon: usize) -> Option<(usize, usize, &'static str)> {
    if !b[colon..].starts_with(b"://") {
        return None;
    }
    let start = ["https", "http", "ftp"].iter().find_map(|scheme| {
        let s = colon.checked_sub(scheme.len())?;
        (b[s..colon].eq_ignore_ascii_case(scheme.as_bytes())
            && (s == 0 || !b[s - 1].is_ascii_alphanumeric()))
        .then_some(s)
    })?;
    let host = colon + 3;
    let end = domain(b, host, true)?;
    let end = path_end(b, end, start);
    (end > host).then_some((start, end, ""))
}

/// At an `@`: a local part before it (from `not_before` on) and a domain with a `.` after.
fn email(b: &[u8], at: usize, not_before: usize) -> Option<(usize, usize, &'static str)> {
    let mut start = at;
    while start > not_before
        && (b[start - 1].is_ascii_alphanumeric()
            || matches!(b[start - 1], b'.' | b'+' | b'-' | b'_'))
    {
        start -= 1;
    }
    if start == at {
        return None;
    }
    let mut end = at + 1;
    let mut periods = 0;
    while end < b.len() {
        let c = b[end];
        if c.is_ascii_alphanumeric() || c == b'-' || c == b'_' {
        } else if c == b'.' && end + 1 < b.len() && b[end + 1].is_ascii_alphanumeric() {
            periods += 1;
        } else {
            break;
        }
        end += 1;
    }
    let last = b[end - 1];
    if end - at < 2 || periods == 0 || !(last.is_ascii_alphanumeric() || last == b'.') {
        return None;
    }
    Some((start, trim_end(b, start, end), "mailto:"))
}

fn push_text(out: &mut Vec<Inline>, s: &str) {
    if let Some(Inline::Text { text }) = out.last_mut() {
        text.push_str(s);
    } else {
        out.push(Inline::text(s));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        split(text.to_owned(), 1, &mut out);
        out.into_iter()
            .filter_map(|i| match i {
                Inline::Link(l) => Some((crate::model::plain_text(&l.content), l.url)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn finds_gfm_autolinks() {
        assert_eq!(
            links("see https://example.com/a?b=c. ok")[0].1,
            "https://example.com/a?b=c"
        );
        assert_eq!(
            links("visit www.commonmark.org/help")[0].1,
            "http://www.commonmark.org/help"
        );
        assert_eq!(links("mail foo@bar.example")[0].1, "mailto:foo@bar.example");
    }

    #[test]
    fn trailing_punctuation_parentheses_and_entities() {
        assert_eq!(
            links("www.google.com/search?q=(business))+ok")[0].0,
            "www.google.com/search?q=(business))+ok"
        );
        assert_eq!(
            links("(www.google.com/search?q=Markup+(business))")[0].0,
            "www.google.com/search?q=Markup+(business)"
        );
        assert_eq!(
            links("www.google.com/search?q=commonmark&hl;")[0].0,
            "www.google.com/search?q=commonmark"
        );
        assert_eq!(
            links("Visit www.commonmark.org.")[0].0,
            "www.commonmark.org"
        );
    }

    #[test]
    fn what_gfm_does_not_link() {
        assert!(links("example.com is not linked").is_empty());
        assert!(links("ratio 3:4 and C:\\path, xhttp://x.org").is_empty());
        assert!(links("www.xn--_a.b_c").is_empty());
        assert!(links("a.b-c_d@a.b-").is_empty());
        assert!(links("@alone and me@localhost").is_empty());
    }

    #[test]
    fn keeps_surrounding_text_and_unicode() {
        let mut out = Vec::new();
        split("é https://x.org/ä b".to_owned(), 1, &mut out);
        assert_eq!(out.len(), 3);
        assert_eq!(out[0], Inline::text("é "));
        assert_eq!(out[2], Inline::text(" b"));
    }
}
