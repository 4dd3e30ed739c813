//! Escaping text for XML and HTML: the one helper every writer of markup uses (XHTML and
//! HTML repair, the EPUB's cover and package files, the PDF's XMP packet).

/// Appends `s` escaped for XML or HTML text (`&`, `<`, `>`), and `"` too when
/// `in_attribute`; characters XML 1.0 forbids (C0 controls but tab, newline and carriage
/// return; DEL; U+FFFE, U+FFFF) are dropped, so the result is always well-formed.
pub fn push_xml(out: &mut String, s: &str, in_attribute: bool) {
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attribute => out.push_str("&quot;"),
            // DEL is legal XML, but HTML forbids it as text.
            '\u{0}'..='\u{8}'
            | '\u{B}'
            | '\u{C}'
            | '\u{E}'..='\u{1F}'
            | '\u{7F}'
            | '\u{FFFE}'
            | '\u{FFFF}' => {}
            ch => out.push(ch),
        }
    }
}

/// `s` escaped as [`push_xml`] does, as a new string.
pub fn xml(s: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    push_xml(&mut out, s, in_attribute);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(
            xml("a < b & \"c\" > d", false),
            "a &lt; b &amp; \"c\" &gt; d"
        );
        assert_eq!(xml("\"q\"", true), "&quot;q&quot;");
        assert_eq!(xml("x\u{1}\u{7}y\tz\n\u{FFFF}", false), "xy\tz\n");
    }
}
