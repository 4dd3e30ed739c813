//! The decorations of a page outside its text area: the running header and the page
//! number, centred on the page.

use crate::fonts::{FontBook, Variant};
use crate::page::{Color, Element, TextRun};

fn runs(book: &FontBook, text: &str, italic: bool) -> Vec<std::sync::Arc<crate::shape::Shaped>> {
    let variant = Variant {
        mono: false,
        math: false,
        bold: false,
        italic,
    };
    book.shape_styled(variant, text, &mut Vec::new())
}

fn width(runs: &[std::sync::Arc<crate::shape::Shaped>], size: f32) -> f32 {
    runs.iter().map(|r| r.width * size).sum()
}

fn centered(
    book: &FontBook,
    text: &str,
    page_w: f32,
    baseline: f32,
    size: f32,
    italic: bool,
    color: Color,
) -> Vec<Element> {
    let runs = runs(book, text, italic);
    let x = (page_w - width(&runs, size)) / 2.0;
    TextRun::line_of(&runs, x, baseline, size, color).0
}

/// The page number, centred in the bottom margin.
pub(super) fn page_number(
    book: &FontBook,
    number: &str,
    page_w: f32,
    baseline: f32,
    size: f32,
    color: Color,
) -> Vec<Element> {
    centered(book, number, page_w, baseline, size, false, color)
}

/// The running header: the title, in small italics, shortened to the measure.
pub(super) fn running_header(
    book: &FontBook,
    text: &str,
    page_w: f32,
    baseline: f32,
    size: f32,
    measure: f32,
    color: Color,
) -> Vec<Element> {
    let mut text = text.to_owned();
    let fits = |t: &str| width(&runs(book, t, true), size) <= measure;
    while !fits(&text) && text.chars().count() > 4 {
        let keep = text.chars().count() - 4;
        text = text
            .chars()
            .take(keep)
            .collect::<String>()
            .trim_end()
            .to_owned()
            + "…";
    }
    centered(book, &text, page_w, baseline, size, true, color)
}
