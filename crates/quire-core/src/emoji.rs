//! `:shortcode:` emoji (GitHub's gemoji names, from the `emojis` crate) in prose.

/// `text` with every known `:name:` shortcode replaced by its emoji, or `None` when it
/// holds none (the common case, found with one vectorized search for `:`).
///
/// The reader calls this on prose text only: code spans and code blocks never reach it.
/// An unknown name (`:foo:`, `12:30:45`) stays as written.
pub fn replace_shortcodes(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut search = 0;
    while let Some(open) = memchr::memchr(b':', &bytes[search..]).map(|i| i + search) {
        let name_len = bytes[open + 1..]
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-'))
            .count();
        let close = open + 1 + name_len;
        if name_len == 0 || bytes.get(close) != Some(&b':') {
            search = open + 1;
            continue;
        }
        match emojis::get_by_shortcode(&text[open + 1..close]) {
            Some(emoji) => {
                let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
                buf.push_str(&text[copied..open]);
                buf.push_str(emoji.as_str());
                copied = close + 1;
                search = close + 1;
            }
            // The closing colon may open the next shortcode (`:x::tada:`).
            None => search = close,
        }
    }
    let mut buf = out?;
    buf.push_str(&text[copied..]);
    Some(buf)
}

#[cfg(test)]
mod tests {
    use super::replace_shortcodes;

    #[test]
    fn known_names_become_emoji() {
        assert_eq!(
            replace_shortcodes("Shipped :tada: and :+1:!").as_deref(),
            Some("Shipped 🎉 and 👍!")
        );
        assert_eq!(replace_shortcodes(":x::rocket:").as_deref(), Some("❌🚀"));
    }

    #[test]
    fn times_and_unknown_names_stay() {
        assert_eq!(replace_shortcodes("at 12:30:45"), None);
        assert_eq!(replace_shortcodes("a :notanemoji: b"), None);
        assert_eq!(replace_shortcodes("no colon"), None);
        assert_eq!(replace_shortcodes("::"), None);
    }
}
