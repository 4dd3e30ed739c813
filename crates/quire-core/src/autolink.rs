//! GFM extended autolinks: bare `http(s)://`, `ftp://`, `www.` addresses and e-mail
//! addresses in text become links. pulldown-cmark does not do this; linkify finds the
//! candidates and GFM's rules decide which to keep.

use std::sync::OnceLock;

use linkify::{LinkFinder, LinkKind as Found};

use crate::model::{Inline, Link, LinkKind};

fn finder() -> &'static LinkFinder {
    static FINDER: OnceLock<LinkFinder> = OnceLock::new();
    FINDER.get_or_init(|| {
        let mut f = LinkFinder::new();
        f.kinds(&[Found::Url, Found::Email])
            .url_must_have_scheme(false);
        f
    })
}

/// Appends `text` to `out` as text and link nodes.
pub(crate) fn split(text: &str, line: u32, out: &mut Vec<Inline>) {
    let mut last = 0;
    for link in finder().links(text) {
        let s = link.as_str();
        let url = match link.kind() {
            Found::Email => format!("mailto:{s}"),
            _ => {
                let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
                if lower.starts_with("http://")
                    || lower.starts_with("https://")
                    || lower.starts_with("ftp://")
                {
                    s.to_owned()
                } else if lower.starts_with("www.") {
                    format!("http://{s}")
                } else {
                    continue;
                }
            }
        };
        if link.start() > last {
            push_text(out, &text[last..link.start()]);
        }
        out.push(Inline::Link(Link {
            url,
            title: String::new(),
            content: vec![Inline::text(s)],
            kind: LinkKind::Bare,
            line,
        }));
        last = link.end();
    }
    if last < text.len() {
        push_text(out, &text[last..]);
    }
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

    fn links(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        split(text, 1, &mut out);
        out.into_iter()
            .filter_map(|i| match i {
                Inline::Link(l) => Some(l.url),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn finds_gfm_autolinks() {
        assert_eq!(
            links("see https://example.com/a?b=c. ok"),
            ["https://example.com/a?b=c"]
        );
        assert_eq!(
            links("visit www.commonmark.org/help"),
            ["http://www.commonmark.org/help"]
        );
        assert_eq!(links("mail foo@bar.example"), ["mailto:foo@bar.example"]);
    }

    #[test]
    fn leaves_bare_domains_and_schemes_gfm_does_not_link() {
        assert!(links("example.com is not linked").is_empty());
        assert!(links("ratio 3:4 and C:\\path").is_empty());
    }

    #[test]
    fn keeps_surrounding_text() {
        let mut out = Vec::new();
        split("a https://x.org b", 1, &mut out);
        assert_eq!(out.len(), 3);
        assert_eq!(out[0], Inline::text("a "));
        assert_eq!(out[2], Inline::text(" b"));
    }
}
