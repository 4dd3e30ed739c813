//! Diagnostics: errors and warnings that name a file, a line and, where known, a column.

use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The output is still produced.
    Warning,
    /// The conversion failed.
    Error,
}

/// A message about a place in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Diagnostic {
    /// Warning or error.
    pub severity: Severity,
    /// The file, as the user named it; `None` when the input has no name.
    pub file: Option<String>,
    /// 1-based line; 0 when the message is about the whole file.
    pub line: u32,
    /// 1-based column in characters, when known.
    pub column: Option<u32>,
    /// What is wrong.
    pub message: String,
    /// What the user can do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A warning at `line` (0 for the whole file).
    pub fn warning(file: Option<&str>, line: u32, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            file: file.map(str::to_owned),
            line,
            column: None,
            message: message.into(),
            hint: None,
        }
    }

    /// An error at `line` and `column`.
    pub fn error(file: Option<&str>, line: u32, column: u32, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.map(str::to_owned),
            line,
            column: Some(column),
            message: message.into(),
            hint: None,
        }
    }

    /// The same diagnostic with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// `file:line:col: message`, then `  = hint: ...` on its own line.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.file.as_deref().unwrap_or("<input>"))?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// Why a post could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ReadError(pub Box<Diagnostic>);

impl ReadError {
    /// The diagnostic describing the failure.
    pub fn diagnostic(&self) -> &Diagnostic {
        &self.0
    }
}

impl From<Diagnostic> for ReadError {
    fn from(d: Diagnostic) -> Self {
        ReadError(Box::new(d))
    }
}

/// Maps byte offsets in a text to 1-based line and column numbers.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text` (lines end with `\n`).
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> u32 {
        self.starts.partition_point(|&s| s <= offset) as u32
    }

    /// 1-based line and character column of a byte offset in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let line = self.line(offset);
        let start = self.starts[line as usize - 1];
        let end = offset.min(text.len());
        let col = text
            .get(start..end)
            .map_or(end - start, |s| s.chars().count())
            + 1;
        (line, col as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_maps_offsets() {
        let text = "ab\ncé\n\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line(0), 1);
        assert_eq!(idx.line(2), 1);
        assert_eq!(idx.line(3), 2);
        assert_eq!(idx.line_col(text, 6), (2, 3));
        assert_eq!(idx.line(8), 4);
    }

    #[test]
    fn display_names_file_line_col_and_hint() {
        let d = Diagnostic::error(Some("post.md"), 3, 7, "bad").with_hint("fix it");
        assert_eq!(d.to_string(), "post.md:3:7: bad\n  = hint: fix it");
        let w = Diagnostic::warning(Some("post.md"), 0, "whole file");
        assert_eq!(w.to_string(), "post.md: whole file");
    }
}
