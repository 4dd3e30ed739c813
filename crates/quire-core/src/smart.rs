//! Smart punctuation for text that does not go through the Markdown reader (titles,
//! subtitles, book titles), so that it matches the body the reader curls: quotes, dashes,
//! ellipses, and a spaced hyphen between words as an en dash.

use std::borrow::Cow;

/// `s` with straight quotes curled, `--` and `---` as en and em dashes, `...` as an
/// ellipsis and a hyphen spaced between two words as an en dash, as the reader's smart
/// punctuation sets the body.
pub fn punctuate(s: &str) -> Cow<'_, str> {
    if !s.contains(['\'', '"', '-', '.']) {
        return Cow::Borrowed(s);
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let before = i.checked_sub(1).map(|j| chars[j]);
        // An opening quote follows nothing, a space or an opening bracket or dash.
        let opening = before.is_none_or(|b| b.is_whitespace() || "([{\u{2013}\u{2014}".contains(b));
        match c {
            '"' => out.push(if opening { '\u{201C}' } else { '\u{201D}' }),
            '\'' => out.push(if opening { '\u{2018}' } else { '\u{2019}' }),
            '-' if chars.get(i + 1) == Some(&'-') => {
                if chars.get(i + 2) == Some(&'-') {
                    out.push('\u{2014}');
                    i += 2;
                } else {
                    out.push('\u{2013}');
                    i += 1;
                }
            }
            '.' if chars.get(i + 1) == Some(&'.') && chars.get(i + 2) == Some(&'.') => {
                out.push('\u{2026}');
                i += 2;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    match en_dashes(&out) {
        Cow::Borrowed(_) => Cow::Owned(out),
        Cow::Owned(o) => Cow::Owned(o),
    }
}

/// A hyphen with a space on each side between two words (" - ", letters on both sides,
/// past any closing mark before it or opening mark after it: "thing) - and") as an en
/// dash: prose's spaced dash, typed as a hyphen. Code never comes here.
pub fn en_dashes(s: &str) -> Cow<'_, str> {
    if !s.contains(" - ") {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 4);
    let mut rest = s;
    while let Some(at) = rest.find(" - ") {
        let (head, tail) = rest.split_at(at);
        let letter_before =
            word_end(head.chars().rev()) || (head.is_empty() && word_end(out.chars().rev()));
        let letter_after = tail[3..]
            .chars()
            .find(|c| !OPENING.contains(*c))
            .is_some_and(char::is_alphabetic);
        out.push_str(head);
        out.push_str(if letter_before && letter_after {
            " \u{2013} "
        } else {
            " - "
        });
        rest = &tail[3..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Marks that may close a word before a spaced dash, and open one after it.
const CLOSING: &str = ")]}\u{201D}\u{2019}\"'.,;:!?";
const OPENING: &str = "([{\u{201C}\u{2018}\"'";

/// Whether text read backwards from its end ends in a letter, past closing marks.
fn word_end(mut rev: impl Iterator<Item = char>) -> bool {
    rev.find(|c| !CLOSING.contains(*c))
        .is_some_and(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_curled_like_the_body() {
        assert_eq!(
            punctuate("Don't say \"never\""),
            "Don\u{2019}t say \u{201C}never\u{201D}"
        );
        assert_eq!(
            punctuate("'Quoted' -- and... more---"),
            "\u{2018}Quoted\u{2019} \u{2013} and\u{2026} more\u{2014}"
        );
        assert_eq!(punctuate("Plain"), "Plain");
    }

    /// Issue 17: " - " between words is an en dash in prose; not between numbers or at
    /// a line's start.
    #[test]
    fn spaced_hyphen_between_words_is_an_en_dash() {
        assert_eq!(en_dashes("Budgets - Spending"), "Budgets \u{2013} Spending");
        assert_eq!(en_dashes("3 - 2 and a - b"), "3 - 2 and a \u{2013} b");
        assert_eq!(en_dashes("no dash-here"), "no dash-here");
        // Past closing and opening marks (the seed: "a good thing) - and how").
        assert_eq!(
            en_dashes("a good thing) - and (so) - \u{201C}quoted\u{201D}"),
            "a good thing) \u{2013} and (so) \u{2013} \u{201C}quoted\u{201D}"
        );
        assert_eq!(en_dashes("x = (3) - 2"), "x = (3) - 2");
    }
}
