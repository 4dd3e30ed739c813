//! Front matter: finding it, parsing each dialect, and reporting errors at their place.
//!
//! Every dialect produces the same thing, key/value pairs in source order, which
//! [`crate::meta`] then normalizes. The body starts where the front matter ends, and
//! line numbers in the body stay those of the whole file.

mod razor;
mod structured;

use std::cell::OnceCell;
use std::collections::HashMap;

use crate::diag::Diagnostic;
use crate::meta::MetaValue;

/// Which front-matter dialect a post used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FrontStyle {
    /// `---` ... `---` (or `...`).
    Yaml,
    /// `+++` ... `+++`.
    Toml,
    /// A JSON object at the top of the file.
    Json,
    /// The FsBlog Razor header `@{ Key = "value"; ... }`.
    Razor,
}

/// A front-matter key with its value and the line it is on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub key: String,
    pub value: MetaValue,
    pub line: u32,
}

/// The result of splitting a post.
#[derive(Debug)]
pub(crate) struct Split {
    pub style: Option<FrontStyle>,
    pub entries: Vec<Entry>,
    /// Byte offset of the body in the text.
    pub body_start: usize,
}

/// Where a front matter would be parsed: its text and where it sits in the file.
pub(crate) struct Span<'a> {
    pub text: &'a str,
    /// 1-based line of `text`'s first line in the file.
    pub first_line: u32,
    pub file: Option<&'a str>,
    /// Key to line, built on first use by [`Span::key_line`].
    pub keys: OnceCell<HashMap<String, u32>>,
}

impl Span<'_> {
    /// An error at a byte offset of this span.
    pub fn error_at(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let idx = crate::diag::LineIndex::new(self.text);
        let (line, col) = idx.line_col(self.text, offset);
        Diagnostic::error(self.file, self.first_line + line - 1, col, message)
    }

    /// The line on which `key` is defined, for messages about its value. The map of all
    /// keys is built once per front matter: scanning every line for each key would be
    /// quadratic in a front matter of many keys.
    pub fn key_line(&self, key: &str) -> u32 {
        let lines = self.keys.get_or_init(|| {
            let mut lines = HashMap::new();
            for (i, line) in self.text.lines().enumerate() {
                let l = line.trim_start().trim_start_matches(['"', '\'']);
                let end = l.find([':', '=', '"', '\'']).unwrap_or(l.len());
                let k = l[..end].trim_end();
                if !k.is_empty() {
                    lines
                        .entry(k.to_owned())
                        .or_insert(self.first_line + i as u32);
                }
            }
            lines
        });
        lines.get(key).copied().unwrap_or(self.first_line)
    }
}

/// Finds and parses the front matter at the top of `text` (already decoded and
/// newline-normalized). Blank lines before it are allowed.
pub(crate) fn split(text: &str, file: Option<&str>) -> Result<Split, Diagnostic> {
    let start = skip_blank_lines(text);
    let first_line_no = 1 + text[..start].matches('\n').count() as u32;
    let rest = &text[start..];
    let first = rest.split('\n').next().unwrap_or("");
    let none = Split {
        style: None,
        entries: Vec::new(),
        body_start: 0,
    };

    if first.starts_with("@{") || first.starts_with("@ {") {
        return razor::parse(text, start, first_line_no, file);
    }
    let fence = first.trim_end();
    if fence == "---" || fence == "+++" {
        let style = if fence == "---" {
            FrontStyle::Yaml
        } else {
            FrontStyle::Toml
        };
        let inner_start = start + first.len() + 1;
        let Some((inner_end, body_start)) = closing_fence(text, inner_start, fence) else {
            return Ok(none);
        };
        let span = Span {
            text: &text[inner_start..inner_end],
            first_line: first_line_no + 1,
            file,
            keys: Default::default(),
        };
        let entries = match style {
            FrontStyle::Yaml => match structured::yaml(&span)? {
                Some(entries) => entries,
                // A scalar between two rules is Markdown (a rule and a setext heading).
                None => return Ok(none),
            },
            _ => structured::toml(&span)?,
        };
        return Ok(Split {
            style: Some(style),
            entries,
            body_start,
        });
    }
    if looks_like_json(rest) {
        let (entries, consumed) = structured::json(rest, first_line_no, file)?;
        let mut body_start = start + consumed;
        // The rest of the closing line belongs to the front matter.
        match text[body_start..].find('\n') {
            Some(nl) if text[body_start..body_start + nl].trim().is_empty() => body_start += nl + 1,
            None if text[body_start..].trim().is_empty() => body_start = text.len(),
            _ => {}
        }
        return Ok(Split {
            style: Some(FrontStyle::Json),
            entries,
            body_start,
        });
    }
    Ok(none)
}

fn skip_blank_lines(text: &str) -> usize {
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        if !line.trim().is_empty() || !line.ends_with('\n') {
            break;
        }
        pos += line.len();
    }
    pos
}

/// Finds the closing fence line: `---`/`...` for YAML, `+++` for TOML, trailing blanks allowed.
/// Returns the end of the inner text and the start of the body.
fn closing_fence(text: &str, from: usize, fence: &str) -> Option<(usize, usize)> {
    let mut pos = from;
    if from > text.len() {
        return None;
    }
    for line in text[from..].split_inclusive('\n') {
        let t = line.trim_end();
        if t == fence || (fence == "---" && t == "...") {
            return Some((pos, pos + line.len()));
        }
        pos += line.len();
    }
    None
}

/// A JSON object: `{` then optional white space then `"` or `}`.
fn looks_like_json(rest: &str) -> bool {
    rest.strip_prefix('{')
        .map(|r| r.trim_start().starts_with(['"', '}']))
        .unwrap_or(false)
}

/// Reads a metadata file (pandoc's `--metadata-file`): a YAML mapping, or TOML when `toml`
/// is set, into key/value pairs in file order. Errors name the file, line and column.
pub fn read_metadata_file(
    text: &str,
    file: Option<&str>,
    toml: bool,
) -> Result<Vec<(String, MetaValue)>, Diagnostic> {
    let span = Span {
        text,
        first_line: 1,
        file,
        keys: Default::default(),
    };
    let entries = if toml {
        structured::toml(&span)?
    } else {
        match structured::yaml(&span)? {
            Some(entries) => entries,
            None if text.trim().is_empty() => Vec::new(),
            None => {
                return Err(span
                    .error_at(0, "a metadata file must be a mapping of keys to values")
                    .with_hint("write `key: value` lines"))
            }
        }
    };
    Ok(entries.into_iter().map(|e| (e.key, e.value)).collect())
}
