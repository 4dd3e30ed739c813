//! Line wrapping by display width, with break opportunities at spaces and around wide
//! (CJK) characters only: breaking after `/` or `-` would cut URLs and code in two.

use textwrap::core::Word;
use textwrap::{Options, WordSeparator};
use unicode_width::UnicodeWidthChar;

/// Wraps `text` (`\n` forces a break) to `width` columns. Words longer than the width
/// stay whole on a line of their own.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let options = Options::new(width)
        .break_words(false)
        .word_separator(WordSeparator::Custom(words));
    textwrap::wrap(text, options)
        .into_iter()
        .map(|l| l.into_owned())
        .collect()
}

/// Wide characters may break between each other (CJK ideographs, kana), except Hangul:
/// Korean separates its words with spaces and breaks only there.
fn is_wide(c: Option<char>) -> bool {
    c.is_some_and(|c| {
        c.width() == Some(2) && !matches!(c, '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{AC00}'..='\u{D7AF}')
    })
}

fn words(line: &str) -> Box<dyn Iterator<Item = Word<'_>> + '_> {
    if line.is_ascii() {
        return WordSeparator::AsciiSpace.find_words(line);
    }
    let mut out = Vec::new();
    let mut prev = 0;
    for (pos, _) in unicode_linebreak::linebreaks(line) {
        if pos >= line.len() {
            break;
        }
        let before = line[..pos].chars().next_back();
        let after = line[pos..].chars().next();
        if before == Some(' ') || is_wide(before) || is_wide(after) {
            out.push(Word::from(&line[prev..pos]));
            prev = pos;
        }
    }
    out.push(Word::from(&line[prev..]));
    Box::new(out.into_iter())
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn wraps_at_spaces_by_display_width() {
        let lines = wrap("aaa bbb ccc ddd", 7);
        assert_eq!(lines, ["aaa bbb", "ccc ddd"]);
    }

    #[test]
    fn cjk_counts_two_columns_and_breaks_between_characters() {
        let lines = wrap("日本語の文章はスペースがなくても折り返せる", 10);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.width() <= 10), "{lines:?}");
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
