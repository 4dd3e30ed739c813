//! Line wrapping by display width, with break opportunities at spaces and around wide
//! (CJK) characters only: breaking after `/` or `-` would cut URLs and code in two.
//!
//! First fit, as every plain-text tool does. Written here rather than with textwrap:
//! our break rule is narrower than UAX #14, and the specialised loop (with an ASCII fast
//! path) is several times faster on large posts, where wrapping dominated the writer.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Wraps `text` (`\n` forces a break) to `width` columns. Words longer than the width
/// stay whole on a line of their own.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for line in text.split('\n') {
        let mut w = Wrapper {
            lines: &mut lines,
            current: String::new(),
            used: 0,
            width,
            space: "",
        };
        if line.is_ascii() {
            for word in line.split(' ') {
                w.word(word, word.len(), " ");
            }
        } else {
            for word in line.split(' ') {
                if word.chars().any(is_wide) {
                    segments(word, |piece, gap| w.word(piece, piece.width(), gap));
                } else {
                    w.word(word, word.width(), " ");
                }
            }
        }
        w.finish();
    }
    lines
}

struct Wrapper<'a, 'l> {
    lines: &'l mut Vec<String>,
    current: String,
    used: usize,
    width: usize,
    /// What joins the last word to the next one if they share a line.
    space: &'a str,
}

impl<'a> Wrapper<'a, '_> {
    /// Adds a word, then remembers `gap` (a space, or nothing between CJK characters).
    fn word(&mut self, word: &str, word_width: usize, gap: &'a str) {
        if word.is_empty() {
            return;
        }
        if self.used > 0 {
            if self.used + self.space.len() + word_width > self.width {
                let next = String::with_capacity(self.current.capacity());
                self.lines.push(std::mem::replace(&mut self.current, next));
                self.used = 0;
            } else {
                self.current.push_str(self.space);
                self.used += self.space.len();
            }
        }
        self.current.push_str(word);
        self.used += word_width;
        self.space = gap;
    }

    fn finish(self) {
        self.lines.push(self.current);
    }
}

/// Wide characters may break between each other (CJK ideographs, kana), except Hangul:
/// Korean separates its words with spaces and breaks only there.
fn is_wide(c: char) -> bool {
    !c.is_ascii()
        && c.width() == Some(2)
        && !matches!(c, '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{AC00}'..='\u{D7AF}')
}

/// Calls `f(piece, gap)` for each unbreakable piece of a space-free word that holds wide
/// characters: it breaks before or after a wide character where UAX #14 allows it.
/// The last piece is followed by a space, as the word was.
fn segments<'a>(word: &'a str, mut f: impl FnMut(&'a str, &'a str)) {
    let mut start = 0;
    for (pos, _) in unicode_linebreak::linebreaks(word) {
        if pos >= word.len() {
            break;
        }
        let before = word[..pos].chars().next_back();
        let after = word[pos..].chars().next();
        if before.is_some_and(is_wide) || after.is_some_and(is_wide) {
            f(&word[start..pos], "");
            start = pos;
        }
    }
    f(&word[start..], " ");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_by_display_width() {
        let lines = wrap("aaa bbb ccc ddd", 7);
        assert_eq!(lines, ["aaa bbb", "ccc ddd"]);
    }

    #[test]
    fn hard_breaks_and_empty_text() {
        assert_eq!(wrap("a\nb", 10), ["a", "b"]);
        assert_eq!(wrap("", 10), [""]);
    }

    #[test]
    fn cjk_counts_two_columns_and_breaks_between_characters() {
        let lines = wrap("日本語の文章はスペースがなくても折り返せる", 10);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.width() <= 10), "{lines:?}");
        assert_eq!(lines.concat(), "日本語の文章はスペースがなくても折り返せる");
    }

    #[test]
    fn mixed_latin_and_cjk_keep_their_spaces() {
        let lines = wrap("Tokyo 東京 is big", 80);
        assert_eq!(lines, ["Tokyo 東京 is big"]);
    }

    #[test]
    fn korean_breaks_only_at_spaces() {
        let lines = wrap("한국어 문장은 띄어쓰기로 나눕니다", 8);
        assert!(lines.iter().all(|l| !l.starts_with(' ')), "{lines:?}");
        assert_eq!(
            lines.concat().replace(' ', ""),
            "한국어문장은띄어쓰기로나눕니다"
        );
        assert!(lines.contains(&"한국어".to_owned()), "{lines:?}");
    }

    #[test]
    fn urls_are_never_cut() {
        let url = "https://example.com/a/very/long/path/that/does/not/fit";
        let lines = wrap(&format!("see {url} now"), 20);
        assert!(lines.iter().any(|l| l == url), "{lines:?}");
    }

    #[test]
    fn nbsp_is_not_a_break() {
        let lines = wrap("aa bb\u{a0}cc dd", 6);
        assert!(lines.iter().any(|l| l.contains("bb\u{a0}cc")), "{lines:?}");
    }
}
