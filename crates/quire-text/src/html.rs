//! Raw HTML in a text output: keep what a reader would see, drop the rest.

/// The visible text of an HTML fragment: tags, comments, scripts and styles removed,
/// common entities decoded, block-level tags turned into paragraph breaks.
pub(crate) fn to_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else {
            // A lone `<` is text.
            out.push('<');
            rest = &rest[1..];
            continue;
        };
        let tag = &rest[1..gt];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        rest = &rest[gt + 1..];
        if !tag.starts_with('/')
            && matches!(
                name.as_str(),
                "script" | "style" | "iframe" | "object" | "template"
            )
        {
            let close = format!("</{name}");
            rest = find_ci(rest, &close).map_or("", |i| {
                rest[i..].find('>').map_or("", |g| &rest[i + g + 1..])
            });
            continue;
        }
        if matches!(
            name.as_str(),
            "p" | "div"
                | "br"
                | "li"
                | "tr"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "section"
                | "blockquote"
                | "pre"
                | "table"
                | "ul"
                | "ol"
                | "details"
                | "summary"
                | "figure"
                | "figcaption"
                | "aside"
        ) {
            out.push_str("\n\n");
        } else if name == "td" || name == "th" {
            out.push(' ');
        }
    }
    out.push_str(rest);
    let decoded = decode_entities(&out);
    decoded
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.to_ascii_lowercase().find(needle)
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..].find(';').map(|i| i + 1).filter(|&i| i <= 10);
        let decoded = end.and_then(|e| entity(&rest[1..e]));
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "copy" => '©',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        _ => return None,
    })
}

/// `<br>`, `<br/>`, `<br />`.
pub(crate) fn is_line_break(html: &str) -> bool {
    let t = html.trim().to_ascii_lowercase();
    t.starts_with("<br") && t[3..].trim_start_matches([' ', '/']).starts_with('>')
}

/// Only comments (`<!--more-->` excerpt markers) and white space.
pub(crate) fn is_comment_only(html: &str) -> bool {
    let mut rest = html.trim();
    while let Some(after) = rest.strip_prefix("<!--") {
        match after.find("-->") {
            Some(e) => rest = after[e + 3..].trim(),
            None => return false,
        }
    }
    rest.is_empty()
}

/// The first tag of a fragment, for messages: `<iframe>`.
pub(crate) fn describe(html: &str) -> String {
    let t = html.trim_start();
    let name: String = t
        .trim_start_matches('<')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    if name.is_empty() {
        "HTML block".to_owned()
    } else {
        format!("<{}>", name.to_ascii_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_visible_text_only() {
        let html = "<div class=\"x\"><p>Hello &amp; <b>world</b></p><script>alert(1)</script><p>Two</p></div>";
        assert_eq!(to_text(html), "Hello & world\n\nTwo");
    }

    #[test]
    fn iframe_has_no_text() {
        assert_eq!(to_text("<iframe src=\"https://x\"></iframe>\n"), "");
        assert_eq!(describe("<iframe src=x>"), "<iframe>");
    }

    #[test]
    fn recognizes_breaks_and_comments() {
        assert!(is_line_break("<br/>") && is_line_break("<BR >") && !is_line_break("<bra>"));
        assert!(is_comment_only("<!--more--> \n") && !is_comment_only("<!-- a --><p>"));
    }
}
