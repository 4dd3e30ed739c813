//! The quire document model, and the reader that turns a post (front matter + Markdown) into it.
//!
//! Writers live in their own crates and depend on this one only. Nothing here touches the
//! file system, the environment or the clock: [`read_post`] takes bytes and a name for them.

mod autolink;
pub mod book;
pub mod code;
pub mod decode;
pub mod diag;
pub mod dialect;
pub mod emoji;
pub mod escape;
mod front;
pub mod literate;
pub mod markdown;
pub mod math;
pub mod meta;
pub mod model;
pub mod rawhtml;
pub mod resolve;
pub mod resource;
pub mod sections;
mod slug;
pub mod smart;

pub use diag::{Diagnostic, LineIndex, ReadError, Severity};
pub use front::{read_metadata_file, FrontStyle};
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
    /// The site engine the post belongs to (`None`: recognise every engine's syntax).
    pub site: Option<dialect::Site>,
    /// The site config's values that Liquid's `{{ site.name }}` prints
    /// (`dialect::SiteFiles::config_values`).
    pub site_values: Vec<(String, String)>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            markdown: MarkdownOptions::default(),
            front_matter: true,
            site: None,
            site_values: Vec::new(),
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

/// Whether `source` names an FsBlog literate script (`.fsx`).
pub fn is_literate_script(source: &str) -> bool {
    source
        .rsplit_once('.')
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("fsx"))
}

/// Reads a post whose newlines are all LF.
fn read_lf(text: &str, source: Option<&str>, options: &ReadOptions) -> Result<Read, ReadError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut control_warning = None;
    let cleaned;
    let text = match decode::strip_controls(text) {
        None => text,
        Some(stripped) => {
            control_warning = Some(Diagnostic::warning(
                source,
                stripped.first_line,
                format!(
                    "{} control character(s) removed (first at this line); NUL became U+FFFD",
                    stripped.count
                ),
            ));
            cleaned = stripped.text;
            cleaned.as_str()
        }
    };
    let script;
    let text = if source.is_some_and(is_literate_script) {
        script = literate::fsx_to_markdown(text);
        script.as_str()
    } else {
        text
    };
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

    let mut warnings: Vec<Diagnostic> = control_warning.into_iter().collect();
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

    // Shortcodes and tags first, as the engines do: a `{{< highlight html >}}` is code.
    let rewritten = dialect::rewrite_with(
        body,
        body_first_line,
        source,
        options.site,
        &options.site_values,
    );
    let body = rewritten.body.as_deref().unwrap_or(body);
    warnings.extend(rewritten.warnings);

    let parsed = markdown::parse(body, body_first_line - 1, source, &options.markdown);
    warnings.extend(parsed.warnings);
    let mut blocks = parsed.blocks;
    let mut footnotes = parsed.footnotes;
    match parsed.slugger {
        Some(mut slugger) => slugger.assign_in_footnotes(&mut footnotes),
        None => slug::assign_ids(&mut blocks, &mut footnotes),
    }
    dialect::attach_ials(&mut blocks, rewritten.ials);

    if let Some(video) = video_post(&meta, body_first_line) {
        blocks.push(video);
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

/// An FsBlog video post (`Layout = "video"` with a `ContentUrl`, and no body) as what it
/// shows: a callout of kind `video` holding a link to the video, titled with the post's
/// title, which every writer frames. Player URLs become the video's page.
fn video_post(meta: &Meta, line: u32) -> Option<Block> {
    let get = |name: &str| {
        meta.extra
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .and_then(|(_, v)| v.as_scalar_string())
    };
    if !get("layout")?.trim().eq_ignore_ascii_case("video") {
        return None;
    }
    let url = get("contenturl")?.trim().to_owned();
    if url.is_empty() {
        return None;
    }
    let url = video_page(&url);
    let text = meta
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| url.clone());
    let link = Inline::Link(Box::new(Link::new(url, vec![Inline::text(text)], line)));
    Some(Block::Callout(Box::new(Callout {
        kind: "video".to_owned(),
        title: Vec::new(),
        foldable: None,
        blocks: vec![Block::Paragraph {
            content: vec![link],
            line,
        }],
        line,
    })))
}

/// A YouTube or Vimeo player URL as the video's own page, which a reader can open.
fn video_page(url: &str) -> String {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("//"))
        .unwrap_or(url);
    let id = |prefix: &str| {
        rest.strip_prefix(prefix)
            .map(|r| r.split(['?', '#', '/']).next().unwrap_or(""))
            .filter(|id| !id.is_empty())
    };
    if let Some(id) = id("www.youtube.com/embed/").or_else(|| id("youtube.com/embed/")) {
        format!("https://www.youtube.com/watch?v={id}")
    } else if let Some(id) = id("player.vimeo.com/video/") {
        format!("https://vimeo.com/{id}")
    } else {
        url.to_owned()
    }
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
    /// The index of the body's first heading when it repeats the title (whatever blocks
    /// come before it: an HTML comment, a picture, a lead paragraph), decided once here for
    /// every writer that prints a title block. Quotes, dashes, case and spacing are not
    /// told apart: front matter keeps straight quotes where the body's are curled.
    pub fn title_heading(&self) -> Option<usize> {
        let title = self.meta.title.as_deref()?;
        let first = self
            .blocks
            .iter()
            .position(|b| matches!(b, Block::Heading(_)))?;
        match &self.blocks[first] {
            Block::Heading(h) if same_title(&plain_text(&h.content), title) => Some(first),
            _ => None,
        }
    }

    /// The body around a heading that repeats the title ([`Document::title_heading`]):
    /// the blocks before it and the blocks after it (the whole body and nothing when there
    /// is none). Writers that print a title block set both parts, in order, so the title
    /// is printed once.
    pub fn body_parts(&self) -> [&[Block]; 2] {
        match self.title_heading() {
            Some(i) => [&self.blocks[..i], &self.blocks[i + 1..]],
            None => [&self.blocks, &[]],
        }
    }
}

/// Two titles are the same when they differ only in quotes, dashes, case and spacing.
fn same_title(a: &str, b: &str) -> bool {
    fn fold(s: &str) -> impl Iterator<Item = char> + '_ {
        s.split_whitespace()
            .flat_map(|w| w.chars().chain([' ']))
            .map(|c| match c {
                '\u{2018}' | '\u{2019}' => '\'',
                '\u{201C}' | '\u{201D}' => '"',
                '\u{2013}' | '\u{2014}' => '-',
                c => c,
            })
            .flat_map(char::to_lowercase)
    }
    fold(a).eq(fold(b))
}

#[cfg(test)]
mod tests;
