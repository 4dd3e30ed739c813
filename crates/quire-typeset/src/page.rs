//! The typesetter's output: pages of positioned glyph runs, rules, boxes, images and link
//! areas, in points, with the origin at the top left and y growing downwards.

use std::sync::Arc;

use quire_core::Diagnostic;

use crate::fonts::FontId;

/// An sRGB colour, components 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color {
    /// Red.
    pub r: f32,
    /// Green.
    pub g: f32,
    /// Blue.
    pub b: f32,
}

impl Color {
    /// Black.
    pub const BLACK: Color = Color::rgb(0.0, 0.0, 0.0);

    /// A colour from its components.
    pub const fn rgb(r: f32, g: f32, b: f32) -> Color {
        Color { r, g, b }
    }

    /// A colour from 8-bit components.
    pub fn rgb8(r: u8, g: u8, b: u8) -> Color {
        Color::rgb(
            f32::from(r) / 255.0,
            f32::from(g) / 255.0,
            f32::from(b) / 255.0,
        )
    }
}

/// A glyph placed in a run.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    /// Glyph id in the run's font.
    pub id: u16,
    /// How far the pen moves after it, in points (kerning and justification included).
    pub advance: f32,
    /// The text it stands for (for extraction); empty after the first glyph of a cluster.
    pub text: std::sync::Arc<str>,
}

/// A run of glyphs in one font, size and colour on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    /// The font.
    pub font: FontId,
    /// Size in points.
    pub size: f32,
    /// Pen position of the first glyph.
    pub x: f32,
    /// Baseline.
    pub y: f32,
    /// Fill colour.
    pub color: Color,
    /// The glyphs.
    pub glyphs: Vec<PlacedGlyph>,
    /// The text the run stands for when it is not its glyphs' (for copying and search):
    /// on the halves of a word hyphenated at a line break, the whole word on the first
    /// half (its hyphen included in the run) and nothing on the second. `None`: the
    /// glyphs' own text.
    pub actual: Option<Arc<str>>,
}

impl TextRun {
    /// Runs of shaped text set one after another from `x` on a baseline: the elements and
    /// the width they take.
    pub(crate) fn line_of(
        runs: &[std::sync::Arc<crate::shape::Shaped>],
        x: f32,
        y: f32,
        size: f32,
        color: Color,
    ) -> (Vec<Element>, f32) {
        let mut pen = x;
        let elements = runs
            .iter()
            .map(|run| {
                let e = Element::Text(TextRun {
                    font: run.font,
                    size,
                    x: pen,
                    y,
                    color,
                    glyphs: run
                        .glyphs
                        .iter()
                        .map(|g| PlacedGlyph {
                            id: g.id,
                            advance: g.advance * size,
                            text: g.text.clone(),
                        })
                        .collect(),
                    actual: None,
                });
                pen += run.width * size;
                e
            })
            .collect();
        (elements, pen - x)
    }

    /// Where the run ends.
    pub fn end(&self) -> f32 {
        self.x + self.glyphs.iter().map(|g| g.advance).sum::<f32>()
    }
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum LinkTarget {
    /// A URI.
    Uri(String),
    /// A place in the document: page index (0-based) and y from the top.
    Internal {
        /// Page index.
        page: usize,
        /// Distance from the top of the page.
        y: f32,
    },
}

/// One thing drawn on a page.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Element {
    /// Text.
    Text(TextRun),
    /// A rectangle, filled and/or stroked.
    Rect {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill colour.
        fill: Option<Color>,
        /// Stroke colour and line width.
        stroke: Option<(Color, f32)>,
    },
    /// A straight line.
    Line {
        /// Start x.
        x1: f32,
        /// Start y.
        y1: f32,
        /// End x.
        x2: f32,
        /// End y.
        y2: f32,
        /// Line width.
        width: f32,
        /// Colour.
        color: Color,
    },
    /// An image from [`Pages::images`], scaled into a box.
    Image {
        /// Index in [`Pages::images`].
        image: usize,
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
    },
    /// The start (`Some`, with the text) or the end (`None`) of a stretch of elements
    /// whose text, for extraction and copying, is the given text rather than their glyphs'
    /// (a formula: `x² + y²` in reading order where its glyphs sit in two dimensions).
    ActualText(Option<String>),
    /// A clickable area.
    Link {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Where it goes.
        target: LinkTarget,
    },
}

/// One page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// What is drawn, in painting order.
    pub elements: Vec<Element>,
}

/// An image's data, as found.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageData {
    /// The file's bytes.
    pub bytes: Arc<Vec<u8>>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Its MIME type (`image/jpeg`, `image/png`, ...).
    pub media_type: &'static str,
}

/// An outline (bookmark) entry.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// Heading level (1 to 6; the title is 0).
    pub level: u8,
    /// The heading's text.
    pub title: String,
    /// Page index.
    pub page: usize,
    /// Distance from the top of the page.
    pub y: f32,
}

/// Where a numbering style starts, for the PDF's page labels (viewers then show the
/// numbers printed on the pages).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PageLabel {
    /// From `page` on, a fixed name (the cover).
    Named {
        /// Page index.
        page: usize,
        /// The label.
        prefix: String,
    },
    /// From `page` on, lower-case roman numerals from i.
    Roman {
        /// Page index.
        page: usize,
    },
    /// From `page` on, arabic numerals from 1.
    Arabic {
        /// Page index.
        page: usize,
    },
}

/// A moment in UTC, to the second (what a file's metadata dates are written with).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp {
    /// Year.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, 1 to 31.
    pub day: u8,
    /// Hour, 0 to 23.
    pub hour: u8,
    /// Minute.
    pub minute: u8,
    /// Second.
    pub second: u8,
}

impl Timestamp {
    /// The UTC time `secs` seconds after 1970.
    pub fn from_unix_seconds(secs: i64) -> Timestamp {
        let d = quire_core::Date::from_unix_seconds(secs);
        let (hour, minute, second) = d
            .time
            .map(|t| (t.hour, t.minute, t.second))
            .unwrap_or((0, 0, 0));
        Timestamp {
            year: d.year,
            month: d.month,
            day: d.day,
            hour,
            minute,
            second,
        }
    }
}

/// What the document says about itself, for a file's metadata (a PDF's Info and XMP):
/// taken from the post's front matter, or from the book's options.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct DocInfo {
    /// Title.
    pub title: String,
    /// Authors.
    pub authors: Vec<String>,
    /// Subject (the post's description).
    pub subject: String,
    /// Keywords (the post's tags).
    pub keywords: Vec<String>,
    /// BCP 47 language.
    pub lang: Option<String>,
    /// Creation time: the post's date (a book's newest post's), else the options'
    /// `source_date`.
    pub created: Option<Timestamp>,
    /// Modification time.
    pub modified: Option<Timestamp>,
}

/// A typeset document.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Pages {
    /// The pages.
    pub pages: Vec<Page>,
    /// The images the pages use.
    pub images: Vec<ImageData>,
    /// Headings, in order, for bookmarks.
    pub outline: Vec<OutlineEntry>,
    /// Warnings (missing images, characters no font has).
    pub warnings: Vec<Diagnostic>,
    /// Page numbering ranges.
    pub labels: Vec<PageLabel>,
    /// Title, authors, language, dates.
    pub info: DocInfo,
}
