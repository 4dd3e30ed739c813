//! EPUB writer: one or many quire documents as an EPUB 3 book (with an EPUB 2 NCX), built
//! with epub-builder over quire-html's XHTML.
//!
//! [`to_epub`] is a pure function of the posts, their resources and [`EpubOptions`]: the
//! same input gives the same bytes (entry times are fixed, the identifier is derived from
//! the content unless given, the modification date is passed in).

mod book;
mod cover;
mod repack;

use quire_core::{Date, Diagnostic, Document, Resources};

pub use book::{resolve_options, to_epub, write_epub};

/// One post of a book and where its images are found.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub struct Post<'a> {
    /// The document.
    pub document: &'a Document,
    /// Its images: each post resolves them from its own folder. `Sync`: chapters are
    /// written in parallel.
    pub resources: &'a (dyn Resources + Sync),
}

impl<'a> Post<'a> {
    /// A post.
    pub fn new(document: &'a Document, resources: &'a (dyn Resources + Sync)) -> Self {
        Post {
            document,
            resources,
        }
    }
}

/// A cover image given by the user.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct CoverImage {
    /// Its bytes (JPEG, PNG, GIF, WebP or SVG).
    pub bytes: Vec<u8>,
    /// Its name, for messages.
    pub name: String,
}

impl CoverImage {
    /// A cover image from its name and bytes.
    pub fn new(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        CoverImage {
            bytes,
            name: name.into(),
        }
    }
}

/// Options of the EPUB writer.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct EpubOptions {
    /// The book's title; by default the only post's title, or "Collected posts".
    pub title: Option<String>,
    /// The book's authors; by default every post author, in order of appearance.
    pub authors: Vec<String>,
    /// BCP 47 language; by default the first post's, else `en`. Invalid tags become `en`.
    pub lang: Option<String>,
    /// `dc:identifier`; by default a `urn:uuid` derived from the content.
    pub identifier: Option<String>,
    /// `dcterms:modified`, from `SOURCE_DATE_EPOCH` in the CLI; by default the newest
    /// post date (else 1970-01-01), never the clock.
    pub modified: Option<Date>,
    /// Headings below the post titles that go in the navigation (1: titles only).
    pub toc_depth: u8,
    /// The cover; without one, a cover is generated from the title and authors.
    pub cover: Option<CoverImage>,
    /// A description of the book (a one-post book uses the post's).
    pub description: Option<String>,
}

impl Default for EpubOptions {
    fn default() -> Self {
        EpubOptions {
            title: None,
            authors: Vec::new(),
            lang: None,
            identifier: None,
            modified: None,
            toc_depth: 2,
            cover: None,
            description: None,
        }
    }
}

/// The book and the warnings writing it gave.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct EpubOutput {
    /// The `.epub` file.
    pub bytes: Vec<u8>,
    /// Missing or remote images, dropped raw HTML, ...; each with its file and line.
    pub warnings: Vec<Diagnostic>,
}

/// Why a book could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EpubError {
    /// A book needs at least one post.
    #[error("a book needs at least one post")]
    Empty,
    /// The cover image is not an image quire can embed.
    #[error("{0}: the cover is not a PNG, JPEG, GIF, WebP or SVG image")]
    BadCover(String),
    /// epub-builder failed.
    #[error("building the EPUB failed: {0}")]
    Builder(String),
    /// Re-packing the zip failed.
    #[error("writing the EPUB zip failed: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// An I/O error in memory (should not happen).
    #[error("writing the EPUB failed: {0}")]
    Io(#[from] std::io::Error),
    /// A bug in quire.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<epub_builder::Error> for EpubError {
    fn from(e: epub_builder::Error) -> Self {
        EpubError::Builder(e.to_string())
    }
}

#[cfg(test)]
mod tests;
