//! The quire document model, and the reader that turns a post (front matter + Markdown) into it.
//!
//! Writers live in their own crates and depend on this one only. Nothing here touches the
//! file system, the environment or the clock: [`read_post`] takes bytes and a name for them.

mod autolink;
pub mod book;
pub mod code;
pub mod decode;
pub mod diag;
pub mod escape;
mod front;
pub mod markdown;
pub mod math;
pub mod meta;
pub mod model;
pub mod rawhtml;
pub mod resolve;
pub mod resource;
mod slug;

pub use diag::{Diagnostic, LineIndex, ReadError, Severity};
pub use front::FrontStyle;
pub use markdown::MarkdownOptions;
pub use meta::{Date, Meta, MetaValue, Time};
pub use model::*;
pub use resolve::{
    resolve, resolve_book, ImageTarget, LinkTarget, Resolution, ResolveOptions, Resolved,
};
pub use resource::{NoResources, Resource, ResourceError, Resources};
pub use slug::slugify;

/// Options of the post reader.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ReadOptions {
    /// How the Markdown body is parsed.
    pub markdown: MarkdownOptions,
    /// Look for front matter at the top (off: the whole file is Markdown).
    pub front_matter: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            markdown: MarkdownOptions::default(),
            front_matter: true,
        }
    }
}

/// A post that was read, with the warnings reading it gave.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Read {
    /// The document.
    pub document: Document,
    /// Which front-matter dialect the post used, if any.
    pub front_style: Option<FrontStyle>,
    /// Non-fatal problems, each with its line.
    pub warnings: Vec<Diagnostic>,
}

/// Reads a post from its bytes. `source` names it in the document and in messages.
///
/// Never panics: malformed front matter and undecodable bytes are a [`ReadError`] that
/// names the line and column; everything else becomes a document, with warnings.
pub fn read_post(
    bytes: &[u8],
    source: Option<&str>,
    options: &ReadOptions,
) -> Result<Read, ReadError> {
    // `decode` has already made every newline LF.
    let text = decode::decode(bytes, source)?;
    read_lf(&text, source, options)
}

/// Reads a post that is already text (any newline convention; a leading BOM is ignored).
pub fn read_text(
    text: &str,
    source: Option<&str>,
    options: &ReadOptions,
) -> Result<Read, ReadError> {
    let normalized;
    let text = if decode::has_cr(text) {
        normalized = decode::normalize_newlines(text.to_owned());
        normalized.as_str()
    } else {
        text
    };
    read_lf(text, source, options)
}

/// Reads a post whose newlines are all LF.
fn read_lf(text: &str, source: Option<&str>, options: &ReadOptions) -> Result<Read, ReadError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let split = if options.front_matter {
        front::split(text, source)?
    } else {
        front::Split {
            style: None,
            entries: Vec::new(),
            body_start: 0,
        }
    };
    let body = &text[split.body_start..];
    let body_first_line = 1 + text[..split.body_start].matches('\n').count() as u32;

    let mut warnings = Vec::new();
    let unescaped;
    let body = if split.style == Some(FrontStyle::Razor) && body.contains("@@") {
        // Razor writes a literal `@` as `@@`. Same line count, so positions hold.
        unescaped = body.replace("@@", "@");
        unescaped.as_str()
    } else {
        body
    };

    let key_lines: Vec<(String, u32)> = split
        .entries
        .iter()
        .map(|e| (e.key.clone(), e.line))
        .collect();
    let (mut meta, issues) = meta::normalize(
        split
            .entries
            .into_iter()
            .map(|e| (e.key, e.value))
            .collect(),
    );
    for issue in issues {
        let line = key_lines
            .iter()
            .find(|(k, _)| *k == issue.key)
            .map_or(0, |(_, l)| *l);
        warnings.push(Diagnostic::warning(source, line, issue.message));
    }

    let parsed = markdown::parse(body, body_first_line - 1, source, &options.markdown);
    warnings.extend(parsed.warnings);
    let mut blocks = parsed.blocks;
    let mut footnotes = parsed.footnotes;
    match parsed.slugger {
        Some(mut slugger) => slugger.assign_in_footnotes(&mut footnotes),
        None => slug::assign_ids(&mut blocks, &mut footnotes),
    }

    if meta.title.is_none() {
        meta.title = blocks
            .iter()
            .find_map(|b| match b {
                Block::Heading(h) if h.level == 1 => Some(plain_text(&h.content).trim().to_owned()),
                _ => None,
            })
            .filter(|t| !t.is_empty())
            .or_else(|| source.and_then(title_from_file_name));
    }

    Ok(Read {
        document: Document {
            source: source.map(str::to_owned),
            meta,
            blocks,
            footnotes,
        },
        front_style: split.style,
        warnings,
    })
}

/// `2016-03-18-my-first-post.md` gives `my first post`.
fn title_from_file_name(path: &str) -> Option<String> {
    let name = path.rsplit(['/', '\\']).next()?;
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    // Jekyll `YYYY-MM-DD-` and FsBlog `MM-DD-` prefixes are dates, not title words.
    let stem = ["dddd-dd-dd-", "dd-dd-"]
        .iter()
        .find(|p| matches_pattern(stem, p))
        .map_or(stem, |p| &stem[p.len()..]);
    let title: String = stem
        .chars()
        .map(|c| if c == '-' || c == '_' { ' ' } else { c })
        .collect();
    let title = title.trim().to_owned();
    (!title.is_empty()).then_some(title)
}

/// Whether `s` starts with `pattern`, where `d` stands for an ASCII digit.
fn matches_pattern(s: &str, pattern: &str) -> bool {
    s.len() > pattern.len()
        && s.bytes().zip(pattern.bytes()).all(|(c, p)| {
            if p == b'd' {
                c.is_ascii_digit()
            } else {
                c == p
            }
        })
}

impl Document {
    /// The body without its first block when that block is a level-1 heading repeating the
    /// title: writers that print a title block use this to avoid printing the title twice.
    pub fn body_after_title(&self) -> &[Block] {
        match (self.blocks.first(), &self.meta.title) {
            (Some(Block::Heading(h)), Some(title))
                if h.level == 1 && plain_text(&h.content).trim() == title =>
            {
                &self.blocks[1..]
            }
            _ => &self.blocks,
        }
    }
}

#[cfg(test)]
mod tests;
