//! Images as PDF XObjects: JPEG passed through as `/DCTDecode` (no re-encoding, no loss),
//! everything else decoded and stored losslessly (Flate), flattened onto the white page.

use std::collections::BTreeMap;

use printpdf::{DictItem, ExternalStream, ExternalXObject, Pt, Px, XObject, XObjectTransform};
use quire_typeset::page::ImageData;

/// The most pixels per inch a decoded image keeps at the size it is placed: more is
/// never seen in print, and costs the file's size and the writer's memory.
const MAX_DPI: f32 = 300.0;

/// The XObject for an image placed at most `placed` points large, and its size in pixels
/// as written.
pub(crate) fn xobject(image: &ImageData, placed: (f32, f32)) -> (XObject, u32, u32) {
    if image.media_type == "image/jpeg" {
        if let Some(info) = jpeg_info(&image.bytes) {
            let (w, h) = (info.width, info.height);
            return (jpeg(image, info), w, h);
        }
    }
    decoded(image, placed)
}

/// The pixel size to keep of a `w` x `h` image placed at `placed` points: at most
/// [`MAX_DPI`], never larger than it is.
fn target_size(w: u32, h: u32, placed: (f32, f32)) -> (u32, u32) {
    let max_w = (placed.0 / 72.0 * MAX_DPI).ceil().max(1.0) as u32;
    let max_h = (placed.1 / 72.0 * MAX_DPI).ceil().max(1.0) as u32;
    if placed.0 <= 0.0 || (w <= max_w && h <= max_h) {
        return (w, h);
    }
    let scale = (max_w as f32 / w as f32).min(max_h as f32 / h as f32);
    (
        ((w as f32 * scale).round() as u32).max(1),
        ((h as f32 * scale).round() as u32).max(1),
    )
}

/// Places an image of `w` x `h` points with its lower left corner at (x, y).
pub(crate) fn transform(x: f32, y: f32, w: f32, h: f32, px_w: u32, px_h: u32) -> XObjectTransform {
    XObjectTransform {
        translate_x: Some(Pt(x)),
        translate_y: Some(Pt(y)),
        scale_x: Some(w / px_w.max(1) as f32),
        scale_y: Some(h / px_h.max(1) as f32),
        dpi: Some(72.0),
        ..Default::default()
    }
}

struct JpegInfo {
    width: u32,
    height: u32,
    components: u8,
    adobe: bool,
}

/// Size and colour components from a JPEG's frame header.
fn jpeg_info(b: &[u8]) -> Option<JpegInfo> {
    let mut i = 2;
    let mut adobe = false;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        if marker == 0xEE && b.get(i + 4..i + 9) == Some(b"Adobe") {
            adobe = true;
        }
        // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let seg = b.get(i + 4..i + 2 + len)?;
            return Some(JpegInfo {
                height: u32::from(u16::from_be_bytes([*seg.get(1)?, *seg.get(2)?])),
                width: u32::from(u16::from_be_bytes([*seg.get(3)?, *seg.get(4)?])),
                components: *seg.get(5)?,
                adobe,
            });
        }
        i += 2 + len;
    }
    None
}

fn name(s: &str) -> DictItem {
    DictItem::Name(s.as_bytes().to_vec())
}

fn image_dict(width: u32, height: u32, color_space: &str) -> BTreeMap<String, DictItem> {
    let mut dict = BTreeMap::new();
    dict.insert("Type".into(), name("XObject"));
    dict.insert("Subtype".into(), name("Image"));
    dict.insert("Width".into(), DictItem::Int(i64::from(width)));
    dict.insert("Height".into(), DictItem::Int(i64::from(height)));
    dict.insert("ColorSpace".into(), name(color_space));
    dict.insert("BitsPerComponent".into(), DictItem::Int(8));
    dict
}

fn jpeg(image: &ImageData, info: JpegInfo) -> XObject {
    let space = match info.components {
        1 => "DeviceGray",
        4 => "DeviceCMYK",
        _ => "DeviceRGB",
    };
    let mut dict = image_dict(info.width, info.height, space);
    dict.insert("Filter".into(), name("DCTDecode"));
    if info.components == 4 && info.adobe {
        // Adobe's CMYK JPEGs store inverted values.
        dict.insert(
            "Decode".into(),
            DictItem::Array(
                [1, 0, 1, 0, 1, 0, 1, 0]
                    .iter()
                    .map(|v| DictItem::Int(*v))
                    .collect(),
            ),
        );
    }
    XObject::External(ExternalXObject {
        stream: ExternalStream {
            dict,
            content: image.bytes.to_vec(),
            compress: false,
        },
        width: Some(Px(info.width as usize)),
        height: Some(Px(info.height as usize)),
        dpi: Some(72.0),
    })
}

fn decoded(image: &ImageData, placed: (f32, f32)) -> (XObject, u32, u32) {
    // The typesetter has decoded it once to know it can (`quire_typeset::decode_check`),
    // within the same memory budget; a failure here would only leave a white square.
    let (width, height, pixels) = match image::load_from_memory(&image.bytes) {
        Ok(img) => {
            let (w, h) = target_size(img.width(), img.height(), placed);
            let img = if (w, h) == (img.width(), img.height()) {
                img
            } else {
                img.resize_exact(w, h, image::imageops::FilterType::Triangle)
            };
            let rgba = img.to_rgba8();
            let (w, h) = rgba.dimensions();
            let mut rgb = Vec::with_capacity((w * h * 3) as usize);
            for p in rgba.pixels() {
                let a = u16::from(p[3]);
                for c in &p.0[..3] {
                    // Over white: the page's colour.
                    rgb.push(((u16::from(*c) * a + 255 * (255 - a)) / 255) as u8);
                }
            }
            (w, h, rgb)
        }
        Err(_) => (1, 1, vec![255, 255, 255]),
    };
    let xobject = XObject::External(ExternalXObject {
        stream: ExternalStream {
            dict: image_dict(width, height, "DeviceRGB"),
            content: pixels,
            compress: true,
        },
        width: Some(Px(width as usize)),
        height: Some(Px(height as usize)),
        dpi: Some(72.0),
    });
    (xobject, width, height)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoded_images_keep_at_most_300_dpi_at_their_placed_size() {
        assert_eq!(target_size(3000, 1500, (144.0, 72.0)), (600, 300));
        assert_eq!(target_size(200, 100, (144.0, 72.0)), (200, 100));
        assert_eq!(target_size(4000, 4000, (0.0, 0.0)), (4000, 4000));
    }

    #[test]
    fn reads_a_jpeg_frame_header() {
        // SOI, APP0 (len 4), SOF0 (len 11): 8 bits, 2 x 3 px, 3 components.
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00,
            0x03, 0x00, 0x02, 0x03, 0x01, 0x22, 0x00,
        ];
        let info = jpeg_info(&jpeg).expect("parsed");
        assert_eq!((info.width, info.height, info.components), (2, 3, 3));
    }
}
