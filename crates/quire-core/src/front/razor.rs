//! The FsBlog Razor header: `@{ Key = "value"; ... }`, values being C# expressions.
//!
//! Supported: regular strings with C# escapes, verbatim `@"..."` strings (`""` is a quote),
//! `+` concatenation across lines, bare literals (numbers, `true`, identifiers), `;` and `}`
//! inside strings, stray `;`. After `}` an optional `---` line may separate the body.

use super::{Entry, FrontStyle, Span, Split};
use crate::diag::Diagnostic;
use crate::meta::MetaValue;

struct Parser<'a> {
    span: Span<'a>,
    pos: usize,
    /// The last byte offset whose line is known, and that line.
    counted: (usize, u32),
}

pub(super) fn parse(
    text: &str,
    start: usize,
    first_line: u32,
    file: Option<&str>,
) -> Result<Split, Diagnostic> {
    let mut p = Parser {
        span: Span {
            text: &text[start..],
            first_line,
            file,
            keys: Default::default(),
        },
        counted: (0, first_line),
        pos: 0,
    };
    p.pos = if p.rest().starts_with("@{") { 2 } else { 3 };
    let mut entries = Vec::new();
    loop {
        p.skip_ws_and(';');
        match p.peek() {
            None => {
                return Err(p
                    .span
                    .error_at(0, "Razor header `@{` is never closed")
                    .with_hint("end the header with a `}` line"))
            }
            Some('}') => {
                p.pos += 1;
                break;
            }
            Some(_) => entries.push(p.assignment()?),
        }
    }
    let mut body = start + p.pos;
    // The rest of the `}` line, then an optional `---` separator line after blank lines.
    let after = &text[body..];
    let line_end = after.find('\n').map_or(after.len(), |i| i + 1);
    if after[..line_end].trim().is_empty() {
        body += line_end;
        let mut probe = body;
        for line in text[body..].split_inclusive('\n') {
            let t = line.trim();
            if t == "---" {
                body = probe + line.len();
                break;
            }
            if !t.is_empty() {
                break;
            }
            probe += line.len();
        }
    }
    Ok(Split {
        style: Some(FrontStyle::Razor),
        entries,
        body_start: body,
    })
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.span.text[self.pos..]
    }
    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }
    fn skip_ws_and(&mut self, extra: char) {
        let rest = self.rest();
        let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == extra);
        self.pos += rest.len() - trimmed.len();
    }
    fn skip_ws(&mut self) {
        self.skip_ws_and(' ');
    }
    /// The file line of byte `at`. Keys come in order, so counting goes on from the last
    /// key instead of from the start (which was quadratic in the number of keys).
    fn line_of(&mut self, at: usize) -> u32 {
        let (from, line) = self.counted;
        let (from, line) = if at >= from {
            (from, line)
        } else {
            (0, self.span.first_line)
        };
        let line = line + self.span.text[from..at].matches('\n').count() as u32;
        self.counted = (at, line);
        line
    }

    /// `Key = expr ;`
    fn assignment(&mut self) -> Result<Entry, Diagnostic> {
        let key_at = self.pos;
        let key: String = self
            .rest()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if key.is_empty() {
            let c = self.peek().unwrap_or(' ');
            return Err(self
                .span
                .error_at(
                    self.pos,
                    format!("expected a key like `Title` in the Razor header, found `{c}`"),
                )
                .with_hint("each line of the header is `Key = \"value\";`"));
        }
        self.pos += key.len();
        self.skip_ws();
        if self.peek() != Some('=') {
            return Err(self
                .span
                .error_at(self.pos, format!("expected `=` after `{key}`"))
                .with_hint(format!("write `{key} = \"value\";`")));
        }
        self.pos += 1;
        let value = self.expression(&key)?;
        self.skip_ws();
        match self.peek() {
            Some(';') => self.pos += 1,
            Some('}') => {}
            _ => {
                return Err(self
                    .span
                    .error_at(self.pos, format!("expected `;` after the value of `{key}`"))
                    .with_hint("end each assignment with `;`; join strings with `+`"))
            }
        }
        Ok(Entry {
            key,
            value,
            line: self.line_of(key_at),
        })
    }

    /// One or more terms joined by `+`.
    fn expression(&mut self, key: &str) -> Result<MetaValue, Diagnostic> {
        let mut out = String::new();
        let mut literal: Option<MetaValue> = None;
        let mut terms = 0;
        loop {
            self.skip_ws();
            let at = self.pos;
            let rest = self.rest();
            if rest.starts_with('"') {
                self.pos += 1;
                out.push_str(&self.regular_string(at)?);
            } else if rest.starts_with("@\"") {
                self.pos += 2;
                out.push_str(&self.verbatim_string(at)?);
            } else {
                let token: String = rest
                    .chars()
                    .take_while(|c| !c.is_whitespace() && !matches!(c, ';' | '}' | '+'))
                    .collect();
                if token.is_empty() {
                    return Err(self
                        .span
                        .error_at(at, format!("expected a value for `{key}`"))
                        .with_hint("values are strings in double quotes, e.g. `\"2016-03-18\"`"));
                }
                self.pos += token.len();
                literal = Some(bare(&token));
                out.push_str(&token);
            }
            terms += 1;
            self.skip_ws();
            if self.peek() == Some('+') {
                self.pos += 1;
            } else {
                break;
            }
        }
        Ok(match literal {
            Some(v) if terms == 1 => v,
            _ => MetaValue::String(out),
        })
    }

    /// After the opening `"`: C# escapes, no raw newline.
    fn regular_string(&mut self, open: usize) -> Result<String, Diagnostic> {
        let mut out = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.pos += i + 1;
                    return Ok(out);
                }
                '\n' => break,
                '\\' => match chars.next() {
                    Some((_, e)) => match e {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        '0' => out.push('\0'),
                        'u' => {
                            let hex: String = chars.clone().take(4).map(|(_, c)| c).collect();
                            match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                                Some(ch) if hex.len() == 4 => {
                                    out.push(ch);
                                    for _ in 0..4 {
                                        chars.next();
                                    }
                                }
                                _ => out.push_str("\\u"),
                            }
                        }
                        '"' | '\\' | '\'' => out.push(e),
                        other => {
                            out.push('\\');
                            out.push(other);
                        }
                    },
                    None => break,
                },
                c => out.push(c),
            }
        }
        Err(self
            .span
            .error_at(open, "string in the Razor header is not closed on its line")
            .with_hint("close it with `\"`; to continue on the next line write `\" +` and start a new string"))
    }

    /// After the opening `@"`: `""` is a quote, newlines allowed.
    fn verbatim_string(&mut self, open: usize) -> Result<String, Diagnostic> {
        let mut out = String::new();
        let mut chars = self.rest().char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '"' {
                if chars.peek().map(|&(_, c)| c) == Some('"') {
                    chars.next();
                    out.push('"');
                } else {
                    self.pos += i + 1;
                    return Ok(out);
                }
            } else {
                out.push(c);
            }
        }
        Err(self
            .span
            .error_at(
                open,
                "verbatim string `@\"` in the Razor header is never closed",
            )
            .with_hint("close it with `\"` (write `\"\"` for a quote inside it)"))
    }
}

fn bare(token: &str) -> MetaValue {
    match token {
        "true" => MetaValue::Bool(true),
        "false" => MetaValue::Bool(false),
        "null" => MetaValue::Null,
        t => t
            .parse::<i64>()
            .map(MetaValue::Integer)
            .or_else(|_| t.parse::<f64>().map(MetaValue::Float))
            .unwrap_or_else(|_| MetaValue::String(t.to_owned())),
    }
}
