//! Bytes to text: BOMs, UTF-16, newline normalization, and errors that point at the byte.

use std::borrow::Cow;

use crate::diag::{Diagnostic, LineIndex};

/// Decodes a post's bytes into text with `\n` line ends.
///
/// A UTF-8 BOM is stripped; UTF-16 with a BOM is decoded; CRLF and lone CR become LF.
/// Anything else that is not UTF-8 is an error naming the line, column and byte offset.
/// Borrows the input when it needs no change (UTF-8 without CR).
pub fn decode<'a>(bytes: &'a [u8], file: Option<&str>) -> Result<Cow<'a, str>, Diagnostic> {
    let text = match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => Cow::Borrowed(utf8(rest, 3, file)?),
        [0xFF, 0xFE, rest @ ..] => Cow::Owned(utf16(rest, u16::from_le_bytes, file)?),
        [0xFE, 0xFF, rest @ ..] => Cow::Owned(utf16(rest, u16::from_be_bytes, file)?),
        _ => Cow::Borrowed(utf8(bytes, 0, file)?),
    };
    Ok(if has_cr(&text) {
        Cow::Owned(normalize_newlines(text.into_owned()))
    } else {
        text
    })
}

/// Text with its control characters dealt with, from [`strip_controls`].
pub struct Stripped {
    /// The text: NUL replaced by U+FFFD, other C0 controls but tab and newline removed.
    pub text: String,
    /// How many characters were replaced or removed.
    pub count: usize,
    /// The line of the first (1-based).
    pub first_line: u32,
}

/// `None` when `text` holds no control character but tab and newline (the usual case,
/// found in one pass over the bytes); else the text cleaned. NUL becomes U+FFFD, as
/// CommonMark says; other C0 controls (and ESC sequences' introducers with them) are
/// removed: XML forbids them and a terminal would obey them. Lines stay where they were.
pub fn strip_controls(text: &str) -> Option<Stripped> {
    let bad = |b: u8| b < 0x20 && b != b'\t' && b != b'\n';
    let first = text.bytes().position(bad)?;
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    let mut count = 0;
    for c in text[first..].chars() {
        match c {
            '\0' => {
                out.push('\u{FFFD}');
                count += 1;
            }
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => count += 1,
            c => out.push(c),
        }
    }
    let first_line = 1 + text[..first].matches('\n').count() as u32;
    Some(Stripped {
        text: out,
        count,
        first_line,
    })
}

fn utf8<'a>(bytes: &'a [u8], skipped: usize, file: Option<&str>) -> Result<&'a str, Diagnostic> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let at = e.valid_up_to();
            let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
            let (line, col) = LineIndex::new(valid).line_col(valid, at);
            let sniff = &bytes[..bytes.len().min(8192)];
            let (message, hint) = if sniff.contains(&0) {
                (
                    "this looks like a binary file, not a Markdown post".to_owned(),
                    "give quire a .md file written in UTF-8",
                )
            } else {
                (
                    format!(
                        "invalid UTF-8 (byte 0x{:02X} at offset {})",
                        bytes[at],
                        at + skipped
                    ),
                    "save the file as UTF-8, e.g. `iconv -f windows-1252 -t utf-8`",
                )
            };
            Err(Diagnostic::error(file, line, col, message).with_hint(hint))
        }
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16, file: Option<&str>) -> Result<String, Diagnostic> {
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut out = String::with_capacity(bytes.len() / 2);
    for (i, ch) in char::decode_utf16(units).enumerate() {
        match ch {
            Ok(c) => out.push(c),
            Err(_) => {
                let (line, col) = LineIndex::new(&out).line_col(&out, out.len());
                return Err(Diagnostic::error(
                    file,
                    line,
                    col,
                    format!(
                        "invalid UTF-16 (unpaired surrogate at byte offset {})",
                        2 + i * 2
                    ),
                )
                .with_hint("re-save the file as UTF-8"));
            }
        }
    }
    if bytes.len() % 2 == 1 {
        let (line, col) = LineIndex::new(&out).line_col(&out, out.len());
        return Err(
            Diagnostic::error(file, line, col, "UTF-16 file ends in half a character")
                .with_hint("the file may be truncated; re-save it as UTF-8"),
        );
    }
    Ok(out)
}

/// Whether `text` has a carriage return (a vectorized search: posts are mostly LF-only, and
/// this runs on every byte of each).
pub(crate) fn has_cr(text: &str) -> bool {
    memchr::memchr(b'\r', text.as_bytes()).is_some()
}

/// CRLF and lone CR to LF, without copying when there is no CR.
pub fn normalize_newlines(text: String) -> String {
    if !has_cr(&text) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            out.push('\n');
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_utf8_bom_and_normalizes_newlines() {
        let got = decode(b"\xEF\xBB\xBFa\r\nb\rc\n", None).unwrap();
        assert_eq!(got, "a\nb\nc\n");
    }

    #[test]
    fn decodes_utf16_le_and_be_with_bom() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("é\r\nx".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&le, None).unwrap(), "é\nx");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("ü".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&be, None).unwrap(), "ü");
    }

    #[test]
    fn invalid_utf8_names_line_column_and_offset() {
        let err = decode(b"ok\nab\xE9cd", Some("p.md")).unwrap_err();
        assert_eq!((err.line, err.column), (2, Some(3)));
        assert!(err.message.contains("offset 5"), "{}", err.message);
        assert!(err.hint.is_some());
    }

    #[test]
    fn binary_file_is_called_binary() {
        let err = decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff", Some("x.png")).unwrap_err();
        assert!(err.message.contains("binary"), "{}", err.message);
    }

    #[test]
    fn odd_length_utf16_is_an_error() {
        assert!(decode(&[0xFF, 0xFE, 0x41, 0x00, 0x42], None).is_err());
    }
}
