//! Typesetting for quire: fonts, shaping, line breaking and pagination, from the document
//! model to positioned pages, independently of any PDF library (so that layout is tested
//! on positions rather than on PDF bytes).
//!
//! [`typeset`] runs the pipeline: blocks become chunks ([`layout`]), paragraphs are shaped
//! and broken into lines with Knuth-Plass ([`linebreak`]), and the chunks are cut into
//! pages where their keep rules allow.

pub mod fonts;
pub mod highlight;
pub mod hyphen;
mod layout;
pub mod linebreak;
pub mod page;
mod paginate;
mod para;
pub mod shape;

use quire_core::{Document, Resources};

pub use fonts::{FontBook, FontConfig};
pub use page::{Element, Page, Pages};

/// Paper sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Paper {
    /// ISO A4, 210 x 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 x 11 in.
    Letter,
    /// ISO A5, 148 x 210 mm.
    A5,
}

impl Paper {
    /// Width and height in points.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.276, 841.89),
            Paper::Letter => (612.0, 792.0),
            Paper::A5 => (419.528, 595.276),
        }
    }
}

/// Page margins in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    /// Top.
    pub top: f32,
    /// Right.
    pub right: f32,
    /// Bottom (the page number sits in it).
    pub bottom: f32,
    /// Left.
    pub left: f32,
}

/// How to typeset.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TypesetOptions {
    /// Paper size.
    pub paper: Paper,
    /// Margins; `None` for the paper's defaults (a measure of about 70 characters).
    pub margins: Option<Margins>,
    /// Body text size in points.
    pub font_size: f32,
    /// Justify paragraphs (else ragged right).
    pub justify: bool,
    /// Hyphenate by the post's language.
    pub hyphenate: bool,
    /// Colour code blocks with a known language.
    pub highlight: bool,
    /// Set the title block (title, subtitle, byline, description) at the top.
    pub title_block: bool,
}

impl Default for TypesetOptions {
    fn default() -> Self {
        TypesetOptions {
            paper: Paper::A4,
            margins: None,
            font_size: 10.5,
            justify: true,
            hyphenate: true,
            highlight: true,
            title_block: true,
        }
    }
}

impl TypesetOptions {
    /// The margins in effect.
    pub fn margins(&self) -> Margins {
        self.margins.unwrap_or(match self.paper {
            Paper::A4 => Margins {
                top: 72.0,
                right: 85.0,
                bottom: 78.0,
                left: 85.0,
            },
            Paper::Letter => Margins {
                top: 68.0,
                right: 90.0,
                bottom: 74.0,
                left: 90.0,
            },
            Paper::A5 => Margins {
                top: 50.0,
                right: 48.0,
                bottom: 56.0,
                left: 48.0,
            },
        })
    }

    /// The text width.
    pub fn measure(&self) -> f32 {
        let m = self.margins();
        (self.paper.size().0 - m.left - m.right).max(72.0)
    }
}

/// Typesets one document into pages.
pub fn typeset(
    doc: &Document,
    fonts: &FontBook,
    options: &TypesetOptions,
    resources: &dyn Resources,
) -> Pages {
    let hyphenate = if options.hyphenate {
        hyphen::Hyphenate::new(doc.meta.lang.as_deref().unwrap_or(""))
    } else {
        hyphen::Hyphenate::none()
    };
    let (_, page_h) = options.paper.size();
    let m = options.margins();
    let mut layout = layout::Layout::new(
        fonts,
        &hyphenate,
        options,
        resources,
        doc.source.clone(),
        page_h - m.top - m.bottom,
    );
    if options.title_block {
        layout.title_block(doc);
    }
    layout.document(doc);
    let images = std::mem::take(&mut layout.images);
    let warnings = std::mem::take(&mut layout.warnings);
    let placed = paginate::paginate(std::mem::take(&mut layout.chunks), fonts, options);
    Pages {
        pages: placed.pages,
        images,
        outline: placed.outline,
        warnings,
    }
}
#[cfg(test)]
mod tests;
