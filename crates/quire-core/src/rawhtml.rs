//! Raw HTML in text outputs (plain text, PDF): keep what a reader would see, drop the rest.

/// The visible text of an HTML fragment: tags, comments, scripts and styles removed,
/// common entities decoded, block-level tags turned into paragraph breaks.
pub fn to_text(html: &str) -> String {
    let mut out = String::new();
    // Lowercased once: ASCII lowercasing keeps byte offsets, so end tags are found by offset
    // (lowercasing the rest at each `<script>` was quadratic).
    let lower = html.to_ascii_lowercase();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else {
            // No `>` anywhere after: no tag can follow, the rest is text.
            out.push_str(rest);
            rest = "";
            break;
        };
        let tag = &rest[1..gt];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        rest = &rest[gt + 1..];
        if name == "img" {
            let alt = attribute(tag, "alt").unwrap_or_default().trim();
            let src = attribute(tag, "src").unwrap_or_default();
            let shown = if alt.is_empty() {
                src.rsplit('/').next().unwrap_or("")
            } else {
                alt
            };
            out.push_str(&format!("[image: {shown}]"));
            continue;
        }
        if !tag.starts_with('/')
            && matches!(
                name.as_str(),
                "script" | "style" | "iframe" | "object" | "template"
            )
        {
            let close = format!("</{name}");
            let at = html.len() - rest.len();
            rest = lower[at..].find(&close).map_or("", |i| {
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
        // A reference to a control character stays as written: text outputs and
        // terminals must not get one.
        return char::from_u32(code).filter(|c| !c.is_control() || matches!(c, '\t' | '\n'));
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
pub fn is_line_break(html: &str) -> bool {
    let t = html.trim().to_ascii_lowercase();
    t.starts_with("<br") && t[3..].trim_start_matches([' ', '/']).starts_with('>')
}

/// The value of `name="..."` (or `'...'`, or bare) in a tag's text.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value = tag[tag.len() - rest.len() + 1..].trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        });
    }
    None
}

/// A start tag found in raw HTML: its lowercased name and its attributes (names
/// lowercased, values with entities decoded), in source order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartTag {
    /// The element's name, lowercased.
    pub name: String,
    /// `(name, value)` pairs; a bare attribute has an empty value.
    pub attributes: Vec<(String, String)>,
}

impl StartTag {
    /// The value of attribute `name` (lowercase), if the tag has it.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The start tags of an HTML fragment, in order, for the passes that need its URLs and ids
/// (the resolution pass reads `<img src>`, `<a href>`, `id` and `<a name>` from it).
///
/// One linear scan: comments and the content of raw-text elements (`<script>`, `<style>`,
/// `<noscript>`...) are skipped,
/// quoted values may hold `>`. It is a reader of what authors write, not a validator:
/// the writers that must produce valid markup parse with html5ever.
pub fn start_tags(html: &str) -> Vec<StartTag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    // Lowercased once, when needed: ASCII lowercasing keeps offsets.
    let mut lower: Option<String> = None;
    let mut i = 0;
    while let Some(off) = memchr_lt(&b[i..]) {
        i += off + 1;
        if b[i..].starts_with(b"!--") {
            i = html[i..].find("-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_end = b[i..]
            .iter()
            .position(|c| !(c.is_ascii_alphanumeric() || *c == b'-' || *c == b':'))
            .map_or(b.len(), |p| i + p);
        let name = html[i..name_end].to_ascii_lowercase();
        let mut attributes = Vec::new();
        let mut j = name_end;
        loop {
            while b
                .get(j)
                .is_some_and(|c| c.is_ascii_whitespace() || *c == b'/')
            {
                j += 1;
            }
            match b.get(j) {
                None => break,
                Some(b'>') => {
                    j += 1;
                    break;
                }
                // A new tag before this one ended: the author forgot a `>`.
                Some(b'<') => break,
                _ => {}
            }
            let key_end = b[j..]
                .iter()
                .position(|c| c.is_ascii_whitespace() || matches!(c, b'=' | b'>' | b'/' | b'<'))
                .map_or(b.len(), |p| j + p);
            let key = html[j..key_end].to_ascii_lowercase();
            j = key_end;
            while b.get(j).is_some_and(u8::is_ascii_whitespace) {
                j += 1;
            }
            let mut value = String::new();
            if b.get(j) == Some(&b'=') {
                j += 1;
                while b.get(j).is_some_and(u8::is_ascii_whitespace) {
                    j += 1;
                }
                let (start, end, next) = match b.get(j) {
                    Some(q @ (b'"' | b'\'')) => {
                        let start = j + 1;
                        let end = b[start..]
                            .iter()
                            .position(|c| c == q)
                            .map_or(b.len(), |p| start + p);
                        (start, end, (end + 1).min(b.len()))
                    }
                    _ => {
                        let end = b[j..]
                            .iter()
                            .position(|c| c.is_ascii_whitespace() || *c == b'>')
                            .map_or(b.len(), |p| j + p);
                        (j, end, end)
                    }
                };
                value = decode_entities(&html[start..end]);
                j = next;
            }
            if key.is_empty() {
                j += 1;
                continue;
            }
            attributes.push((key, value));
        }
        i = j;
        // Elements whose content is text to an HTML parser (with scripting on, as
        // browsers and our writers parse): no tag inside them is a tag.
        if matches!(
            name.as_str(),
            "script"
                | "style"
                | "noscript"
                | "textarea"
                | "title"
                | "xmp"
                | "iframe"
                | "noembed"
                | "noframes"
        ) {
            let close = format!("</{name}");
            let lower = lower.get_or_insert_with(|| html.to_ascii_lowercase());
            i = lower[i..].find(&close).map_or(b.len(), |e| i + e);
        }
        out.push(StartTag { name, attributes });
    }
    out
}

fn memchr_lt(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'<')
}

/// Elements whose content a text output cannot show: dropping them loses something.
const CONTENT_TAGS: &[&str] = &[
    "iframe", "script", "video", "audio", "object", "embed", "svg", "canvas", "form", "math",
];

/// The first element of a fragment that carries content text cannot show, e.g. `<iframe>`.
pub fn dropped_content(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if CONTENT_TAGS.contains(&name.as_str()) {
            return Some(format!("<{name}>"));
        }
    }
    None
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
    fn iframe_has_no_text_and_is_reported() {
        assert_eq!(to_text("<iframe src=\"https://x\"></iframe>\n"), "");
        assert_eq!(
            dropped_content("<div>\n<iframe src=x>"),
            Some("<iframe>".into())
        );
        assert_eq!(dropped_content("</div>\n<br>"), None);
    }

    #[test]
    fn images_show_their_alt_text() {
        assert_eq!(
            to_text("<p><img src=\"/a/b.png\" alt='A cat'></p>"),
            "[image: A cat]"
        );
        assert_eq!(to_text("<img src=\"/a/b.png\">"), "[image: b.png]");
    }

    #[test]
    fn regression_many_scripts_and_lone_angles_stay_linear() {
        let scripts = "<script>x</script>a".repeat(20_000);
        assert_eq!(to_text(&scripts).len(), 20_000);
        let angles = "a < b ".repeat(20_000);
        assert_eq!(
            to_text(&angles),
            angles.split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }

    #[test]
    fn start_tags_read_urls_and_ids() {
        let tags = start_tags(
            "<!-- <img src=no> --><noscript><img src=no></noscript><p id=a><IMG SRC='x.png?a=1&amp;b=2' alt=\"a > b\"><a name=\"n\" href=\"#t\">x</a><script>'<img src=s>'</script><br/>",
        );
        let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["noscript", "p", "img", "a", "script", "br"]);
        assert_eq!(tags[1].attr("id"), Some("a"));
        assert_eq!(tags[2].attr("src"), Some("x.png?a=1&b=2"));
        assert_eq!(tags[2].attr("alt"), Some("a > b"));
        assert_eq!(tags[3].attr("name"), Some("n"));
        assert_eq!(tags[3].attr("href"), Some("#t"));
    }

    #[test]
    fn regression_start_tags_stay_linear_on_unclosed_tags() {
        let html = "<a<a<a b=\"".repeat(20_000);
        assert!(start_tags(&html).len() >= 20_000);
        let scripts = "<script>x</script><img src=a>".repeat(20_000);
        assert_eq!(start_tags(&scripts).len(), 40_000);
    }

    #[test]
    fn recognizes_line_breaks() {
        assert!(is_line_break("<br/>") && is_line_break("<BR >") && !is_line_break("<bra>"));
    }
}
