//! PDF writer for quire: typeset pages ([`quire_typeset::Pages`]) to PDF bytes with
//! printpdf, then finished with lopdf where printpdf falls short.
//!
//! Below printpdf we do three things ourselves (see `docs/ARCHITECTURE.md`): subset fonts
//! with the `subsetter` crate (printpdf only subsets under a feature that pulls in a whole
//! HTML layout engine), pass JPEG files through untouched and compress other images
//! losslessly (printpdf's default downsizes and re-encodes), and post-process the file
//! (`finish.rs`) for a nested outline, correct metadata (Info and an escaped XMP packet)
//! and a content-derived trailer `/ID`, so the same input always gives the same bytes.

mod finish;
mod images;

use std::collections::BTreeMap;

use printpdf::{
    Actions, BorderArray, Codepoint, Color as PColor, Destination, DictItem, FontId as PFontId,
    LinkAnnotation, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions,
    Pt, Rect, Rgb, TextItem, TextMatrix, XObjectId,
};
use quire_typeset::fonts::{FontBook, FontId};
use quire_typeset::page::{Color, Element, LinkTarget, Pages};
use rayon::prelude::*;

/// Why a PDF could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PdfError {
    /// A font could not be subset.
    #[error("cannot subset font {font}: {message}")]
    Subset {
        /// The font's name.
        font: String,
        /// What went wrong.
        message: String,
    },
    /// The finished file could not be re-read for post-processing.
    #[error("post-processing the PDF failed: {0}")]
    Finish(String),
}

/// How to write the PDF file. What the document says about itself (title, authors,
/// dates) travels in [`Pages::info`], set by the typesetter; this holds what is about
/// the file alone, of which there is nothing to choose yet.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct PdfOptions {}

/// A used font: its subset id and the glyphs it draws.
struct Subset {
    resource: PFontId,
    remap: subsetter::GlyphRemapper,
    /// The font is embedded whole (subsetting failed), with its own glyph ids.
    whole: bool,
}

impl Subset {
    fn gid(&self, original: u16) -> u16 {
        if self.whole {
            original
        } else {
            self.remap.get(original).unwrap_or(0)
        }
    }
}

/// Writes typeset pages ([`quire_typeset::typeset`], [`quire_typeset::typeset_book`])
/// as PDF bytes, with their document info as its metadata; their warnings are left
/// unread (take them first). The pages are consumed as they are written, so a book of
/// hundreds of pages never holds its glyphs twice.
pub fn write_pages(
    mut pages: Pages,
    fonts: &FontBook,
    _options: &PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    let mut doc = PdfDocument::new(&pages.info.title);
    // Glyphs used per font, in first-use order (stable across runs).
    let mut used: BTreeMap<FontId, Subset> = BTreeMap::new();
    for page in &pages.pages {
        for e in &page.elements {
            if let Element::Text(run) = e {
                let n = used.len();
                let entry = used.entry(run.font).or_insert_with(|| Subset {
                    resource: PFontId(format!("F{n}")),
                    remap: subsetter::GlyphRemapper::new(),
                    whole: false,
                });
                for g in &run.glyphs {
                    entry.remap.remap(g.id);
                }
            }
        }
    }
    for (index, (font_id, subset)) in used.iter_mut().enumerate() {
        let font = fonts.get(*font_id);
        // A font subsetter cannot handle (CFF2, say) is embedded whole rather than failing
        // the conversion.
        let parsed = match subsetter::subset(font.data, font.index, &subset.remap) {
            Ok(bytes) => parsed_font(
                &font,
                bytes,
                0,
                &subset.remap,
                Some(&tag(index, &font.name)),
            ),
            Err(_) => {
                subset.whole = true;
                let mut parsed =
                    parsed_font(&font, font.data.to_vec(), font.index, &subset.remap, None);
                // Whole: widths by the font's own ids.
                parsed.glyph_widths = subset
                    .remap
                    .remapped_gids()
                    .map(|g| {
                        (
                            g,
                            font.face()
                                .glyph_hor_advance(ttf_parser::GlyphId(g))
                                .unwrap_or(0),
                        )
                    })
                    .collect();
                parsed
            }
        };
        doc.resources
            .fonts
            .map
            .insert(subset.resource.clone(), PdfFont::new(parsed));
    }
    // The largest size each image is placed at, in points: decoded images are
    // downsampled to what that size shows at 300 dpi.
    let mut placed = vec![(0.0f32, 0.0f32); pages.images.len()];
    for e in pages.pages.iter().flat_map(|p| &p.elements) {
        if let Element::Image { image, w, h, .. } = e {
            if let Some(p) = placed.get_mut(*image) {
                *p = (p.0.max(*w), p.1.max(*h));
            }
        }
    }
    // Each image's XObject id and the pixel size it was written with (what scales it).
    let image_ids: Vec<(XObjectId, u32, u32)> = std::mem::take(&mut pages.images)
        .iter()
        .enumerate()
        .map(|(i, image)| {
            let id = XObjectId(format!("Im{i}"));
            let (xobject, px_w, px_h) = images::xobject(image, placed[i]);
            doc.resources.xobjects.map.insert(id.clone(), xobject);
            (id, px_w, px_h)
        })
        .collect();
    // Pages are independent: build their operations in parallel.
    let heights: Vec<f32> = pages.pages.iter().map(|p| p.height).collect();
    let pdf_pages: Vec<PdfPage> = pages
        .pages
        .par_iter_mut()
        .map(|page| {
            let h = page.height;
            let elements = std::mem::take(&mut page.elements);
            let mut ops = Vec::with_capacity(elements.len() * 3);
            let mut text = TextState::default();
            for e in &elements {
                element_ops(
                    e, h, fonts, &used, &image_ids, &heights, &mut text, &mut ops,
                );
            }
            text.end(&mut ops);
            PdfPage::new(Pt(page.width).into(), Pt(page.height).into(), ops)
        })
        .collect();
    doc.with_pages(pdf_pages);
    let mut warnings = Vec::new();
    let options = PdfSaveOptions {
        // We compress in `finish` at a level that costs milliseconds, not lopdf's best.
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    // The lopdf document directly: no serializing and parsing back before `finish`.
    let lo = printpdf::to_lopdf_doc(&doc, &options, &mut warnings);
    drop(doc);
    finish::finish(lo, &pages).map_err(PdfError::Finish)
}

/// A six-letter subset tag: deterministic, distinct per font in the file.
fn tag(index: usize, name: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes().chain((index as u64).to_le_bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    (0..6)
        .map(|i| (b'A' + ((h >> (i * 5)) % 26) as u8) as char)
        .collect()
}

/// printpdf's font record for our subset: glyph widths keyed by the subset's ids, the
/// tagged name, the original face's metrics.
fn parsed_font(
    font: &quire_typeset::fonts::Font,
    bytes: Vec<u8>,
    index: u32,
    remap: &subsetter::GlyphRemapper,
    tag: Option<&str>,
) -> ParsedFont {
    let face = font.face();
    let mut widths = BTreeMap::new();
    for old in remap.remapped_gids() {
        if let Some(new) = remap.get(old) {
            widths.insert(
                new,
                face.glyph_hor_advance(ttf_parser::GlyphId(old))
                    .unwrap_or(0),
            );
        }
    }
    let bbox = face.global_bounding_box();
    let is_cff = bytes.starts_with(b"OTTO");
    // The `XXXXXX+` tag marks a subset; a whole font must not carry one.
    let name = match tag {
        Some(tag) => format!("{tag}+{}", font.name),
        None => font.name.clone(),
    };
    let mut parsed = ParsedFont::with_glyph_data(
        bytes,
        index,
        Some(name),
        BTreeMap::new(),
        widths,
        face.units_per_em() as u16,
        printpdf::font::FontMetrics {
            ascent: face.ascender(),
            descent: face.descender(),
        },
    );
    if is_cff {
        parsed.font_type = printpdf::font::FontType::OpenTypeCFF(());
    }
    parsed.pdf_font_metrics = printpdf::font::PdfFontMetricsStub {
        units_per_em: face.units_per_em() as u16,
        x_min: bbox.x_min,
        y_min: bbox.y_min,
        x_max: bbox.x_max,
        y_max: bbox.y_max,
        // printpdf derives /ItalicAngle from a caret slope; give it the post table's angle.
        caret_slope_rise: 1000,
        caret_slope_run: (-(face.italic_angle().to_radians()).tan() * 1000.0) as i16,
        us_weight_class: face.weight().to_number(),
    };
    parsed
}

/// What the open text object has set, so consecutive runs share one `BT`..`ET` and
/// repeat no font or colour.
#[derive(Default)]
struct TextState {
    open: bool,
    font: Option<(FontId, f32)>,
    color: Option<Color>,
}

impl TextState {
    fn end(&mut self, ops: &mut Vec<Op>) {
        if self.open {
            ops.push(Op::EndTextSection);
        }
        *self = TextState::default();
    }
}

/// `/Span << /ActualText (text) >> BDC`: what a formula's glyphs say when extracted.
fn actual_text_begin(t: &str) -> Op {
    let mut data = vec![0xFE, 0xFF];
    for u in t.encode_utf16() {
        data.extend(u.to_be_bytes());
    }
    let mut map = std::collections::BTreeMap::new();
    map.insert(
        "ActualText".to_owned(),
        printpdf::DictItem::String {
            data,
            literal: false,
        },
    );
    Op::BeginMarkedContentWithProperties {
        tag: "Span".to_owned(),
        properties: printpdf::DictItem::Dict { map },
    }
}

fn rgb(c: Color) -> PColor {
    PColor::Rgb(Rgb {
        r: c.r,
        g: c.g,
        b: c.b,
        icc_profile: None,
    })
}

#[allow(clippy::too_many_arguments)]
fn element_ops(
    e: &Element,
    page_h: f32,
    fonts: &FontBook,
    used: &BTreeMap<FontId, Subset>,
    images: &[(XObjectId, u32, u32)],
    heights: &[f32],
    text: &mut TextState,
    ops: &mut Vec<Op>,
) {
    if !matches!(e, Element::Text(_) | Element::Link { .. }) {
        text.end(ops);
    }
    match e {
        // Marked content nests with text objects: the span opens and closes outside one.
        Element::ActualText(Some(t)) => {
            text.end(ops);
            ops.push(actual_text_begin(t));
        }
        Element::ActualText(None) => {
            text.end(ops);
            ops.push(Op::EndMarkedContent);
        }
        Element::Text(run) => {
            let Some(subset) = used.get(&run.font) else {
                return;
            };
            let font = fonts.get(run.font);
            let items: Vec<Codepoint> = run
                .glyphs
                .iter()
                .map(|g| {
                    // TJ moves the pen by the font's own advance; the difference to ours
                    // (kerning, justified spaces) goes in the offset, in 1/1000 em.
                    let natural = font.advance(g.id) * 1000.0;
                    let wanted = g.advance / run.size * 1000.0;
                    Codepoint {
                        gid: subset.gid(g.id),
                        offset: round3(natural - wanted),
                        cid: Some(g.text.to_string()),
                    }
                })
                .collect();
            if !text.open {
                ops.push(Op::StartTextSection);
                text.open = true;
            }
            if text.font != Some((run.font, run.size)) {
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(subset.resource.clone()),
                    size: Pt(run.size),
                });
                text.font = Some((run.font, run.size));
            }
            if text.color != Some(run.color) {
                ops.push(Op::SetFillColor {
                    col: rgb(run.color),
                });
                text.color = Some(run.color);
            }
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(round3(run.x)), Pt(round3(page_h - run.y))),
            });
            // A hyphenated word's half: shown as its glyphs, read as `actual` (the whole
            // word on the first half, nothing on the second), so copying and search find
            // the word whole.
            if let Some(actual) = &run.actual {
                ops.push(Op::BeginMarkedContentWithProperties {
                    tag: "Span".into(),
                    properties: DictItem::Dict {
                        map: BTreeMap::from([(
                            "ActualText".to_string(),
                            DictItem::String {
                                data: utf16_text_string(actual),
                                literal: false,
                            },
                        )]),
                    },
                });
            }
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(items)],
            });
            if run.actual.is_some() {
                ops.push(Op::EndMarkedContent);
            }
        }
        Element::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        } => {
            ops.push(Op::SaveGraphicsState);
            let mode = match (fill, stroke) {
                (Some(_), Some(_)) => printpdf::PaintMode::FillStroke,
                (Some(_), None) => printpdf::PaintMode::Fill,
                _ => printpdf::PaintMode::Stroke,
            };
            if let Some(f) = fill {
                ops.push(Op::SetFillColor { col: rgb(*f) });
            }
            if let Some((c, width)) = stroke {
                ops.push(Op::SetOutlineColor { col: rgb(*c) });
                ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
            }
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(round3(*x)),
                    y: Pt(round3(page_h - y - h)),
                    width: Pt(round3(*w)),
                    height: Pt(round3(*h)),
                    mode: Some(mode),
                    winding_order: None,
                },
            });
            ops.push(Op::RestoreGraphicsState);
        }
        Element::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            color,
        } => {
            ops.push(Op::SaveGraphicsState);
            ops.push(Op::SetOutlineColor { col: rgb(*color) });
            ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
            let point = |x: f32, y: f32| printpdf::LinePoint {
                p: printpdf::Point {
                    x: Pt(round3(x)),
                    y: Pt(round3(page_h - y)),
                },
                bezier: false,
            };
            ops.push(Op::DrawLine {
                line: printpdf::Line {
                    points: vec![point(*x1, *y1), point(*x2, *y2)],
                    is_closed: false,
                },
            });
            ops.push(Op::RestoreGraphicsState);
        }
        Element::Image { image, x, y, w, h } => {
            let Some((id, px_w, px_h)) = images.get(*image) else {
                return;
            };
            ops.push(Op::UseXobject {
                id: id.clone(),
                transform: images::transform(*x, page_h - y - h, *w, *h, *px_w, *px_h),
            });
        }
        Element::Link { x, y, w, h, target } => {
            let actions = match target {
                LinkTarget::Uri(uri) => Actions::uri(uri.clone()),
                LinkTarget::Internal { page, y } => {
                    let top = heights.get(*page).map(|h| h - y).unwrap_or(0.0);
                    Actions::go_to(Destination::Xyz {
                        page: page + 1,
                        left: Some(0.0),
                        top: Some(round3(top + 4.0)),
                        zoom: None,
                    })
                }
                _ => return,
            };
            ops.push(Op::LinkAnnotation {
                link: LinkAnnotation::new(
                    Rect {
                        x: Pt(round3(*x)),
                        y: Pt(round3(page_h - y - h)),
                        width: Pt(round3(*w)),
                        height: Pt(round3(*h)),
                        mode: None,
                        winding_order: None,
                    },
                    actions,
                    Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                    None,
                    None,
                ),
            });
        }
        _ => {}
    }
}

/// A PDF text string in UTF-16BE with its byte-order mark (any text, not only Latin-1).
fn utf16_text_string(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_be_bytes());
    }
    bytes
}

/// Three decimals: smaller files, and no float noise in the bytes.
fn round3(v: f32) -> f32 {
    (v * 1000.0).round() / 1000.0
}
#[cfg(test)]
mod tests;
