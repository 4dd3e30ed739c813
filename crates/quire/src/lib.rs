//! quire as a library: one call per job, over the same crates the `quire` command uses.
//!
//! [`convert`] turns one post into one format; [`bundle`] makes one book (EPUB or PDF) of
//! many posts. Both are pure: they read no file, no environment and no clock. Images are
//! found through a [`Resources`] you give to [`convert_with`] or [`bundle_with`] (the plain
//! calls find none, and say so in their warnings).
//!
//! ```
//! use quire::{convert, Format, Options};
//!
//! let post = "---\ntitle: A talk\n---\n## Intro\n\nHello, *world*.\n";
//! let html = convert(post, Format::Html, &Options::default())?;
//! let html = String::from_utf8(html).unwrap();
//! assert!(html.contains("<title>A talk</title>"));
//! assert!(html.contains("<em>world</em>"));
//!
//! // pandoc's -N and -M, as options.
//! let mut options = Options::default();
//! options.number_sections = true;
//! options.metadata.push(("title".into(), quire::MetaValue::String("Another".into())));
//! let text = convert(post, Format::Text, &options)?;
//! assert_eq!(String::from_utf8(text).unwrap(), "Another\n=======\n\n1 Intro\n-------\n\nHello, world.\n");
//! # Ok::<(), quire::Error>(())
//! ```

pub use quire_core::{Diagnostic, Document, Meta, MetaValue, NoResources, Resource, Resources};
pub use quire_epub::EpubOptions;
pub use quire_html::HtmlOptions;
pub use quire_text::TextOptions;
pub use quire_typeset::{FontBook, TypesetOptions};

use quire_core::{sections, ReadOptions};

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// An HTML5 page, or its body with `html.standalone = false`.
    Html,
    /// The same page as well-formed XHTML.
    Xhtml,
    /// An EPUB 3 ebook.
    Epub,
    /// A PDF typeset by quire, in its built-in fonts.
    Pdf,
    /// Plain text.
    Text,
    /// The document model as JSON.
    Json,
}

/// How Markdown is read (pandoc's `-f`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum InputFormat {
    /// quire's reading: front matter, smart punctuation, heading ids, GFM extensions.
    #[default]
    Markdown,
    /// The CommonMark spec, strictly: no front matter, smart punctuation or heading ids.
    Commonmark,
    /// GitHub Flavored Markdown: straight quotes, bare links, the tag filter.
    Gfm,
}

/// Everything a conversion can be told. Start from `Options::default()` and set fields.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Options {
    /// How the Markdown is read.
    pub from: InputFormat,
    /// The post's name in warnings and errors (`post.md:12: ...`).
    pub source: Option<String>,
    /// Metadata over the front matter, in order (`title`, `author`, `lang`, any key).
    pub metadata: Vec<(String, MetaValue)>,
    /// Number the sections (1, 1.1, ...), in every format and every table of contents.
    pub number_sections: bool,
    /// Move every heading this many levels down (negative: up), within 1 to 6.
    pub shift_heading_level_by: i8,
    /// HTML and XHTML options.
    pub html: HtmlOptions,
    /// Plain text options.
    pub text: TextOptions,
    /// PDF layout options.
    pub typeset: TypesetOptions,
    /// EPUB options (title, authors, cover... of a book).
    pub epub: EpubOptions,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            from: InputFormat::Markdown,
            source: None,
            metadata: Vec::new(),
            number_sections: false,
            shift_heading_level_by: 0,
            html: HtmlOptions::default(),
            text: TextOptions::default(),
            typeset: TypesetOptions::default(),
            epub: EpubOptions::default(),
        }
    }
}

/// Why a conversion failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The post could not be read (broken front matter, say), with its line and column.
    #[error("{0}")]
    Read(Box<Diagnostic>),
    /// The EPUB could not be written.
    #[error(transparent)]
    Epub(#[from] quire_epub::EpubError),
    /// The PDF could not be written.
    #[error(transparent)]
    Pdf(#[from] quire_pdf::PdfError),
    /// The model could not be serialized.
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// A book is an EPUB or a PDF.
    #[error("a book of several posts is an EPUB or a PDF, not {0:?}")]
    NotABookFormat(Format),
}

/// A result with its warnings (missing images, unknown languages...), each with its line.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Output {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Non-fatal problems, in the order found.
    pub warnings: Vec<Diagnostic>,
}

/// Converts one post (Markdown, with or without front matter) to `format`.
///
/// Warnings are dropped; use [`convert_with`] to see them and to give the post images.
///
/// ```
/// let pdf = quire::convert("# Hello\n\nA PDF.\n", quire::Format::Pdf, &Default::default())?;
/// assert!(pdf.starts_with(b"%PDF-"));
/// # Ok::<(), quire::Error>(())
/// ```
pub fn convert(input: &str, format: Format, options: &Options) -> Result<Vec<u8>, Error> {
    convert_with(input, format, options, &NoResources).map(|o| o.bytes)
}

/// [`convert`], with the post's images found through `resources`, and the warnings.
///
/// ```
/// let out = quire::convert_with(
///     "![a cat](cat.png)\n",
///     quire::Format::Html,
///     &Default::default(),
///     &quire::NoResources,
/// )?;
/// assert!(out.warnings.iter().any(|w| w.to_string().contains("cat.png")));
/// # Ok::<(), quire::Error>(())
/// ```
pub fn convert_with(
    input: &str,
    format: Format,
    options: &Options,
    resources: &(dyn Resources + Sync),
) -> Result<Output, Error> {
    let (doc, mut warnings) = read(input, options)?;
    let bytes = match format {
        Format::Html | Format::Xhtml => {
            let mut html = html_options(options);
            html.xhtml = format == Format::Xhtml;
            let out = quire_html::convert(&doc, &html, resources);
            warnings.extend(out.warnings);
            out.html.into_bytes()
        }
        Format::Text => {
            let out = quire_text::to_text(&doc, &options.text);
            warnings.extend(out.warnings);
            out.text.into_bytes()
        }
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&doc)?;
            s.push('\n');
            s.into_bytes()
        }
        Format::Epub => {
            let post = quire_epub::Post::new(&doc, resources);
            let book = quire_epub::to_epub(&[post], &options.epub)?;
            warnings.extend(book.warnings);
            book.bytes
        }
        Format::Pdf => {
            let fonts = fonts(options);
            let mut pages = quire_typeset::typeset_post(&doc, &fonts, &options.typeset, resources);
            warnings.append(&mut pages.warnings);
            quire_pdf::write_pages(pages, &fonts, &quire_pdf::PdfOptions::default())?
        }
    };
    Ok(Output { bytes, warnings })
}

/// Makes one book of `posts` (each Markdown text, in book order): an EPUB or a PDF with a
/// cover, contents and one chapter per post; links between posts lead to their chapters.
///
/// ```
/// let mut options = quire::Options::default();
/// options.epub.title = Some("Two posts".into());
/// let book = quire::bundle(&["# One\n", "# Two\n"], quire::Format::Epub, &options)?;
/// assert!(book.starts_with(b"PK"));
/// # Ok::<(), quire::Error>(())
/// ```
pub fn bundle(posts: &[&str], format: Format, options: &Options) -> Result<Vec<u8>, Error> {
    let resources: Vec<&(dyn Resources + Sync)> = posts.iter().map(|_| &NoResources as _).collect();
    bundle_with(posts, format, options, &resources).map(|o| o.bytes)
}

/// [`bundle`], each post with its own `resources` (same order), and the warnings.
pub fn bundle_with(
    posts: &[&str],
    format: Format,
    options: &Options,
    resources: &[&(dyn Resources + Sync)],
) -> Result<Output, Error> {
    let mut warnings = Vec::new();
    let mut docs = Vec::with_capacity(posts.len());
    for post in posts {
        let (doc, w) = read(post, options)?;
        warnings.extend(w);
        docs.push(doc);
    }
    let resource_of = |i: usize| resources.get(i).copied().unwrap_or(&NoResources);
    let bytes = match format {
        Format::Epub => {
            let book: Vec<quire_epub::Post<'_>> = docs
                .iter()
                .enumerate()
                .map(|(i, d)| quire_epub::Post::new(d, resource_of(i)))
                .collect();
            let out = quire_epub::to_epub(&book, &options.epub)?;
            warnings.extend(out.warnings);
            out.bytes
        }
        Format::Pdf => {
            let fonts = fonts(options);
            let inputs: Vec<quire_core::resolve::PostInput<'_>> = docs
                .iter()
                .enumerate()
                .map(|(i, doc)| quire_core::resolve::PostInput {
                    doc,
                    resources: resource_of(i),
                })
                .collect();
            let refs: Vec<&Document> = docs.iter().collect();
            let resolution =
                quire_core::resolve_book(&inputs, &quire_typeset::resolve_options(true));
            let mut book = quire_typeset::BookOptions::default();
            book.title = options
                .epub
                .title
                .clone()
                .unwrap_or_else(|| "Posts".to_owned());
            book.authors = options.epub.authors.clone();
            book.lang = options.epub.lang.clone();
            let mut pages =
                quire_typeset::typeset_book(&refs, &resolution, &fonts, &options.typeset, &book);
            warnings.extend(resolution.warnings);
            warnings.append(&mut pages.warnings);
            quire_pdf::write_pages(pages, &fonts, &quire_pdf::PdfOptions::default())?
        }
        other => return Err(Error::NotABookFormat(other)),
    };
    Ok(Output { bytes, warnings })
}

/// Reads a post and applies the model passes the options ask for (metadata, heading
/// levels, numbers), once, before any writer.
fn read(input: &str, options: &Options) -> Result<(Document, Vec<Diagnostic>), Error> {
    let mut read = ReadOptions::default();
    match options.from {
        InputFormat::Markdown => {}
        InputFormat::Commonmark => {
            read.front_matter = false;
            read.markdown.smart_punctuation = false;
            read.markdown.bare_autolinks = false;
        }
        InputFormat::Gfm => read.markdown.smart_punctuation = false,
    }
    let source = options.source.as_deref();
    let r = quire_core::read_text(input, source, &read).map_err(|e| Error::Read(e.0))?;
    let mut doc = r.document;
    let mut warnings = r.warnings;
    for problem in sections::override_meta(&mut doc.meta, options.metadata.clone()) {
        warnings.push(Diagnostic::warning(source, 0, problem));
    }
    sections::shift_headings(&mut doc, options.shift_heading_level_by);
    if options.number_sections {
        sections::number_sections(&mut doc);
    }
    Ok((doc, warnings))
}

/// The HTML options, with what strict CommonMark and GFM reading imply.
fn html_options(options: &Options) -> HtmlOptions {
    let mut html = options.html.clone();
    match options.from {
        InputFormat::Markdown => {}
        InputFormat::Commonmark => {
            html.heading_ids = false;
            html.highlight = false;
        }
        InputFormat::Gfm => html.tagfilter = true,
    }
    html
}

/// PDFs are set in the built-in fonts: choosing system fonts means reading font files,
/// which is the command line's business (`--main-font`, `--font-dir`).
fn fonts(_options: &Options) -> FontBook {
    FontBook::builtin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commonmark_reading_is_strict() {
        let o = Options {
            from: InputFormat::Commonmark,
            html: HtmlOptions::fragment(),
            ..Options::default()
        };
        let html = convert("## \"Hi\" -- x\n", Format::Html, &o).unwrap();
        assert_eq!(
            String::from_utf8(html).unwrap(),
            "<h2>&quot;Hi&quot; -- x</h2>\n"
        );
    }

    #[test]
    fn a_read_error_names_its_line() {
        let err = convert("---\ntitle: [x\n---\n", Format::Text, &Options::default()).unwrap_err();
        assert!(matches!(err, Error::Read(_)));
        assert!(
            err.to_string().starts_with("<input>:3:1: invalid YAML"),
            "{err}"
        );
    }

    #[test]
    fn books_are_epub_or_pdf() {
        let pdf = bundle(&["# A\n", "# B\n"], Format::Pdf, &Options::default()).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(matches!(
            bundle(&["# A\n"], Format::Html, &Options::default()),
            Err(Error::NotABookFormat(Format::Html))
        ));
    }
}
