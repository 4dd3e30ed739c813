//! Which URLs may be written: script URLs never in XHTML (EPUB), and under `--safe` only
//! the schemes a reader's link can do no harm with.

/// The URL as a browser reads its scheme: whitespace and control characters inside are
/// ignored (`java\tscript:` is `javascript:`), letters compared in lower case.
fn normalized(url: &str) -> String {
    url.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The scheme of `url` (lowercase, without `:`), or `None` for a relative URL.
fn scheme(url: &str) -> Option<String> {
    let n = normalized(url);
    let colon = n.find(':')?;
    let head = &n[..colon];
    let is_scheme = head.starts_with(|c: char| c.is_ascii_alphabetic())
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // `a/b:c` and `?x:y` are relative: a scheme comes before any `/`, `?` or `#`.
    (is_scheme && !head.contains(['/', '?', '#'])).then(|| head.to_owned())
}

/// A URL that runs code or carries a document when followed: `javascript:`, `vbscript:`,
/// `livescript:`, `mocha:`, and `data:` with anything but a raster image.
pub(crate) fn is_script_url(url: &str) -> bool {
    match scheme(url).as_deref() {
        Some("javascript" | "vbscript" | "livescript" | "mocha") => true,
        Some("data") => {
            let n = normalized(url);
            ![
                "data:image/png",
                "data:image/jpeg",
                "data:image/gif",
                "data:image/webp",
            ]
            .iter()
            .any(|p| n.starts_with(p))
        }
        _ => false,
    }
}

/// What `--safe` lets through: relative URLs and `http:`, `https:`, `mailto:` (an allow
/// list: deny lists of schemes always miss one).
pub(crate) fn safe_allows(url: &str) -> bool {
    matches!(
        scheme(url).as_deref(),
        None | Some("http" | "https" | "mailto")
    )
}

/// `javascript:` and the like, for messages.
pub(crate) fn scheme_of(url: &str) -> String {
    format!("{}:", scheme(url).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_urls_whatever_their_spelling() {
        for url in [
            "javascript:alert(1)",
            " JaVa\tScRiPt:alert(1)",
            "vbscript:x",
            "livescript:x",
            "mocha:x",
            "data:text/html,<script>",
            "data:image/svg+xml,<svg onload=x>",
        ] {
            assert!(is_script_url(url), "{url}");
            assert!(!safe_allows(url), "{url}");
        }
        for url in [
            "https://example.com/javascript:",
            "#x",
            "a/b:c",
            "data:image/png;base64,AA",
        ] {
            assert!(!is_script_url(url), "{url}");
        }
    }

    #[test]
    fn safe_mode_allows_web_mail_and_relative_links_only() {
        for url in [
            "https://x",
            "http://x",
            "mailto:a@b",
            "/p",
            "p.html#a",
            "#a",
            "?q=1:2",
        ] {
            assert!(safe_allows(url), "{url}");
        }
        for url in [
            "ftp://x",
            "file:///etc/passwd",
            "tel:1",
            "data:image/png;base64,AA",
        ] {
            assert!(!safe_allows(url), "{url}");
        }
    }
}
