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

/// The code's lines as coloured spans, or `None` when the language is unknown (the
/// caller sets it plain).
pub fn highlight(code: &str, lang: &str) -> Option<Vec<Vec<Span>>> {
    let set = syntaxes();
    let token = quire_core::code::syntax_token(lang)?;
    let syntax = set
        .find_syntax_by_token(&token)
        .or_else(|| set.find_syntax_by_token(&lang.to_ascii_lowercase()))?;
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
