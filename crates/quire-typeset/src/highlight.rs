//! Code colours: syntect with bat's syntaxes (two-face) and the light theme the HTML
//! writer prints with (InspiredGitHub), so a code block looks alike on paper and screen.

use std::sync::OnceLock;

use syntect::easy::HighlightLines;
use syntect::highlighting::{FontStyle, Theme};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::page::Color;

/// A piece of a code line in one colour and weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The text.
    pub text: String,
    /// Its colour.
    pub color: Color,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
}

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

fn theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME.get_or_init(|| {
        two_face::theme::extra()
            .get(two_face::theme::EmbeddedThemeName::InspiredGithub)
            .clone()
    })
}

/// The syntax an info string names (by `quire_core::code::syntax_token`, then as
/// written), as the HTML writer finds it.
fn find(lang: &str) -> Option<&'static syntect::parsing::SyntaxReference> {
    let set = syntaxes();
    let token = quire_core::code::syntax_token(lang)?;
    set.find_syntax_by_token(&token)
        .or_else(|| set.find_syntax_by_token(&lang.to_ascii_lowercase()))
}

/// The code's lines as coloured spans, or `None` when the language is unknown (the
/// caller sets it plain).
pub fn highlight(code: &str, lang: &str) -> Option<Vec<Vec<Span>>> {
    let set = syntaxes();
    let syntax = find(lang)?;
    let mut h = HighlightLines::new(syntax, theme());
    let mut lines = Vec::new();
    for line in LinesWithEndings::from(code) {
        let ranges = h.highlight_line(line, set).ok()?;
        lines.push(
            ranges
                .into_iter()
                .map(|(style, text)| Span {
                    text: text.trim_end_matches(['\n', '\r']).to_owned(),
                    color: Color::rgb8(style.foreground.r, style.foreground.g, style.foreground.b),
                    bold: style.font_style.contains(FontStyle::BOLD),
                    italic: style.font_style.contains(FontStyle::ITALIC),
                })
                .filter(|s| !s.text.is_empty())
                .collect(),
        );
    }
    Some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 17: `fsharp` was coloured as GLSL. The 28 info strings the corpus uses most
    /// (all that occur more than once, and the rest of its top 30), with the syntax each
    /// must get; `None` is plain text.
    #[test]
    fn the_corpus_most_common_info_strings_find_their_syntax() {
        let expected: [(&str, Option<&str>); 28] = [
            ("rust", Some("Rust")),
            ("jinja", Some("Jinja2")),
            ("lua", Some("Lua")),
            ("go-html-template", None),
            ("md", Some("Markdown")),
            ("html", Some("HTML")),
            ("fsharp", Some("F#")),
            ("toml", Some("TOML")),
            ("liquid", None),
            ("sh", Some("Bourne Again Shell (bash)")),
            ("js", Some("JavaScript (Babel)")),
            ("yml", Some("YAML")),
            ("yaml", Some("YAML")),
            ("text", None),
            ("markdown", Some("Markdown")),
            ("css", Some("CSS")),
            ("cmd", Some("Batch File")),
            ("bash", Some("Bourne Again Shell (bash)")),
            ("json", Some("JSON")),
            ("haskell", Some("Haskell")),
            ("console", Some("Bourne Again Shell (bash)")),
            ("tree", None),
            ("scss", Some("SCSS")),
            ("ruby", Some("Ruby")),
            ("c", Some("C")),
            ("ts", Some("TypeScript")),
            ("csv", Some("Separated Values")),
            ("math", None),
        ];
        let got: Vec<_> = expected
            .iter()
            .map(|(lang, _)| (*lang, find(lang).map(|s| s.name.as_str())))
            .collect();
        assert_eq!(got, expected);
    }
}
