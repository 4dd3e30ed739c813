//! Maths delimiters pulldown-cmark does not know, rewritten into ones it does before the
//! body is parsed: `\(...\)` to `$...$`, `\[...\]` to `$$...$$`, and FSharp.Formatting's
//! `$$$` line (display maths running to the blank line) to a ```` ```math ```` fence.
//!
//! Markdown reads `\(` as an escaped `(`, so the pairs are found among the escapes a first
//! parse reports as text: never in code, raw HTML or link destinations. No line is added
//! or removed (a `$$$` block's closing fence takes the place of its blank line; one at the
//! end of the body is appended), so every later line number is still the file's.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The body with the delimiters rewritten, or `None` when it has none.
/// A line holding `$ ...$` (or `$... $`) with something TeX-like between (a command, a
/// script, a group): the only lines the spaced form can rewrite.
fn spaced_tex_on_line(line: &str) -> bool {
    if !line.contains("$ ") && !line.contains(" $") {
        return false;
    }
    let mut parts = line.split('$').skip(1).step_by(2);
    parts.any(|between| between.contains(['\\', '^', '_', '{']))
}

pub(crate) fn rewrite(body: &str, opts: Options) -> Option<String> {
    // Each needs an opener AND a closer after it: otherwise the body is not parsed a
    // second time (a 1.3 MB changelog with a few `\(` in regexes and `$ ` in shell lines
    // spent a third of its conversion here).
    let b = body.as_bytes();
    let pair = |open: &[u8], close: &[u8]| {
        memchr::memmem::find(b, open)
            .is_some_and(|at| memchr::memmem::find(&b[at + open.len()..], close).is_some())
    };
    let has_escape = pair(b"\\(", b"\\)") || pair(b"\\[", b"\\]");
    let has_triple = memchr::memmem::find(b, b"$$$").is_some();
    let has_spaced = body.lines().any(spaced_tex_on_line);
    if !has_escape && !has_triple && !has_spaced {
        return None;
    }
    // Paragraphs, and what in them is not text (code, maths, HTML), for `$ x $`.
    let mut paragraphs: Vec<(usize, usize)> = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    // Byte ranges of code and HTML blocks, and the escapes that may delimit maths.
    let mut blocks: Vec<(usize, usize)> = Vec::new();
    let mut escapes: Vec<(usize, u8)> = Vec::new();
    let mut open_block: Option<usize> = None;
    for (event, range) in Parser::new_ext(body, opts).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph) if has_spaced => paragraphs.push((range.start, range.end)),
            Event::Code(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::InlineHtml(_)
                if has_spaced =>
            {
                taken.push((range.start, range.end));
            }
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => open_block = Some(range.start),
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock) => {
                if let Some(start) = open_block.take() {
                    blocks.push((start, range.end));
                }
            }
            // An escape's text starts at the escaped character, after the backslash.
            Event::Text(_) if has_escape && range.start > 0 => {
                let b = body.as_bytes();
                let c = b[range.start];
                let backslashes = b[..range.start]
                    .iter()
                    .rev()
                    .take_while(|&&x| x == b'\\')
                    .count();
                if backslashes % 2 == 1 && matches!(c, b'(' | b')' | b'[' | b']') {
                    escapes.push((range.start - 1, c));
                }
            }
            _ => {}
        }
    }
    let in_block = |at: usize| blocks.iter().any(|&(s, e)| s <= at && at < e);
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    // `\(` ... `\)` and `\[` ... `\]`, within one paragraph, holding something maths-like.
    let mut i = 0;
    while i < escapes.len() {
        let (start, kind) = escapes[i];
        let close = match kind {
            b'(' => b')',
            b'[' => b']',
            _ => {
                i += 1;
                continue;
            }
        };
        let Some(j) =
            (i + 1..escapes.len()).find(|&j| escapes[j].1 == close || escapes[j].1 == kind)
        else {
            i += 1;
            continue;
        };
        if escapes[j].1 != close {
            i = j;
            continue;
        }
        let end = escapes[j].0;
        let inner = &body[start + 2..end];
        if !has_blank_line(inner) && !inner.contains('$') && maths_like(inner, kind == b'[') {
            let delim = if kind == b'(' { "$" } else { "$$" };
            let content = if kind == b'(' { inner.trim() } else { inner };
            edits.push((start, end + 2, format!("{delim}{content}{delim}")));
            i = j + 1;
        } else {
            i += 1;
        }
    }
    // `$ x $`: MathJax and KaTeX's auto-render take dollars with spaces inside, which
    // pulldown-cmark (like pandoc) refuses; taken when what they hold is plainly TeX (a
    // command or a script), so `$5 and $10` stays text.
    for &(ps, pe) in &paragraphs {
        let b = body.as_bytes();
        let dollars: Vec<usize> = (ps..pe.min(b.len()))
            .filter(|&i| {
                b[i] == b'$'
                    && (i == 0 || (b[i - 1] != b'\\' && b[i - 1] != b'$'))
                    && b.get(i + 1) != Some(&b'$')
                    && !taken.iter().any(|&(s, e)| s <= i && i < e)
            })
            .collect();
        for pair in dollars.chunks_exact(2) {
            let (open, close) = (pair[0], pair[1]);
            let inner = &body[open + 1..close];
            let t = inner.trim();
            let spaced =
                inner.starts_with(char::is_whitespace) || inner.ends_with(char::is_whitespace);
            let texish = t.contains('\\') || t.contains('^') || t.contains('_');
            if spaced && texish && !t.is_empty() && !has_blank_line(inner) && !t.contains('`') {
                edits.push((open, close + 1, format!("${t}$")));
            }
        }
    }
    // `$$$` lines.
    if has_triple {
        let mut offset = 0;
        let lines: Vec<&str> = body.split_inclusive('\n').collect();
        let mut k = 0;
        while k < lines.len() {
            let line = lines[k];
            let start = offset;
            offset += line.len();
            k += 1;
            if line.trim_end() != "$$$" || in_block(start) {
                continue;
            }
            edits.push((start, start + 3, "```math".to_owned()));
            // The block runs to the next blank line, which becomes the closing fence.
            let mut closed = false;
            while k < lines.len() {
                let l = lines[k];
                let s = offset;
                offset += l.len();
                k += 1;
                if l.trim().is_empty() {
                    edits.push((s, s + l.trim_end_matches('\n').len(), "```".to_owned()));
                    closed = true;
                    break;
                }
            }
            if !closed {
                let tail = if body.ends_with('\n') {
                    "```\n"
                } else {
                    "\n```\n"
                };
                edits.push((body.len(), body.len(), tail.to_owned()));
            }
        }
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| e.0);
    let mut out = String::with_capacity(body.len() + 16);
    let mut at = 0;
    for (s, e, text) in edits {
        if s < at {
            continue;
        }
        out.push_str(&body[at..s]);
        out.push_str(&text);
        at = e;
    }
    out.push_str(&body[at..]);
    Some(out)
}

fn has_blank_line(s: &str) -> bool {
    let parts: Vec<&str> = s.split('\n').collect();
    parts.len() > 2
        && parts[1..parts.len() - 1]
            .iter()
            .any(|l| l.trim().is_empty())
}

/// Whether what a `\(` or `\[` pair holds reads as maths rather than escaped brackets
/// (`\[citation needed\]`): a command, a script, an operator, a digit or a lone letter.
fn maths_like(inner: &str, bracket: bool) -> bool {
    let t = inner.trim();
    if t.is_empty() {
        return false;
    }
    if bracket && inner.starts_with('\n') {
        return true;
    }
    t.chars().count() == 1
        || t.bytes().any(|b| {
            matches!(
                b,
                b'\\' | b'^' | b'_' | b'=' | b'+' | b'<' | b'>' | b'0'..=b'9'
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> Options {
        Options::ENABLE_MATH | Options::ENABLE_TABLES
    }

    #[test]
    fn escaped_parens_become_dollars() {
        let r = rewrite("a \\( x^2 \\) b and \\[\\int f\\]", opts()).unwrap();
        assert_eq!(r, "a $x^2$ b and $$\\int f$$");
    }

    #[test]
    fn escaped_brackets_without_maths_stay() {
        assert_eq!(rewrite("\\[citation needed\\]", opts()), None);
    }

    #[test]
    fn dollars_with_spaces_hold_tex_only() {
        let r = rewrite("maps $ f : X \\to Y$ here", opts()).unwrap();
        assert_eq!(r, "maps $f : X \\to Y$ here");
        assert_eq!(rewrite("costs $5 and $ 10 more", opts()), None);
    }

    #[test]
    fn code_keeps_its_delimiters() {
        assert_eq!(rewrite("`\\(x^2\\)`\n\n```\n$$$\nx\n```\n", opts()), None);
    }

    #[test]
    fn triple_dollar_block_runs_to_the_blank_line() {
        let r = rewrite("$$$\nx = 1\ny\n\nnext\n", opts()).unwrap();
        assert_eq!(r, "```math\nx = 1\ny\n```\nnext\n");
        assert_eq!(r.lines().count(), 5);
        let r = rewrite("$$$\nx", opts()).unwrap();
        assert_eq!(r, "```math\nx\n```\n");
    }
}
