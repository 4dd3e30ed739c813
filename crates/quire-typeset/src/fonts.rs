//! Fonts: the built-in family, user families, and the fallback chain for characters the
//! main font lacks.
//!
//! The built-in faces come from crates that ship them (Libertinus Serif and DejaVu Sans
//! Mono from typst-assets, DejaVu Sans from dejavu) and, for emoji, Noto Emoji (OFL,
//! monochrome outlines, `fonts/`), so a machine with no fonts installed typesets the same
//! as any other. This crate never reads files: the caller hands in the
//! bytes of other fonts and a [`FallbackSource`] that finds system fonts.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, RwLock};

/// The index of a font in a [`FontBook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontId(pub u32);

/// Why a font could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FontError {
    /// The bytes are not a font ttf-parser can read.
    #[error("{file}: not a usable font ({reason})")]
    Unreadable {
        /// Where the font came from.
        file: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The file ends before a table it lists: cut short or damaged.
    #[error("{file}: the font file is truncated or damaged (a table lies past its end)")]
    Truncated {
        /// Where the font came from.
        file: String,
    },
    /// The font has no outlines quire can embed (a bitmap-only or colour font).
    #[error("{file}: {name} has no outlines (a bitmap or colour font)")]
    NoOutlines {
        /// Where the font came from.
        file: String,
        /// Its PostScript name.
        name: String,
    },
}

impl FontError {
    /// The same error, naming the file the font came from.
    fn in_file(self, source: &str) -> Self {
        match self {
            FontError::Unreadable { reason, .. } => FontError::Unreadable {
                file: source.to_owned(),
                reason,
            },
            FontError::Truncated { .. } => FontError::Truncated {
                file: source.to_owned(),
            },
            FontError::NoOutlines { name, .. } => FontError::NoOutlines {
                file: source.to_owned(),
                name,
            },
        }
    }
}

/// Whether a table the font's directory lists lies past the end of its bytes.
fn truncated(data: &[u8], index: u32) -> bool {
    ttf_parser::RawFace::parse(data, index).is_ok_and(|raw| {
        raw.table_records
            .into_iter()
            .any(|r| r.offset as usize + r.length as usize > data.len())
    })
}

/// One face, parsed once and kept for the life of the process.
pub struct Font {
    /// The PostScript name (for the PDF), or a made-up one.
    pub name: String,
    /// The font file's bytes.
    pub data: &'static [u8],
    /// The face's index in a collection.
    pub index: u32,
    /// Units per em.
    pub units_per_em: f32,
    /// Ascender, in em.
    pub ascender: f32,
    /// Descender (negative), in em.
    pub descender: f32,
    face: rustybuzz::Face<'static>,
}

impl std::fmt::Debug for Font {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Font").field("name", &self.name).finish()
    }
}

impl Font {
    /// Parses a face. Bytes that are not `'static` are leaked: fonts are loaded once
    /// per process and live as long as it (a face borrows its bytes).
    pub fn parse(data: &'static [u8], index: u32) -> Result<Font, FontError> {
        if truncated(data, index) {
            return Err(FontError::Truncated {
                file: String::new(),
            });
        }
        let face =
            rustybuzz::Face::from_slice(data, index).ok_or_else(|| FontError::Unreadable {
                file: String::new(),
                reason: "ttf-parser refused it".into(),
            })?;
        let tables = face.tables();
        let name = postscript_name(&face);
        if tables.glyf.is_none() && tables.cff.is_none() {
            return Err(FontError::NoOutlines {
                file: String::new(),
                name,
            });
        }
        let upem = f32::from(face.units_per_em().max(1) as u16);
        Ok(Font {
            name,
            data,
            index,
            units_per_em: upem,
            ascender: f32::from(face.ascender()) / upem,
            descender: f32::from(face.descender()) / upem,
            face,
        })
    }

    /// The shaping face.
    pub fn face(&self) -> &rustybuzz::Face<'static> {
        &self.face
    }

    /// Whether the face has a glyph for `c`.
    pub fn has_char(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some_and(|g| g.0 != 0)
    }

    /// A glyph's advance, in em.
    pub fn advance(&self, glyph: u16) -> f32 {
        f32::from(
            self.face
                .glyph_hor_advance(ttf_parser::GlyphId(glyph))
                .unwrap_or(0),
        ) / self.units_per_em
    }
}

fn postscript_name(face: &ttf_parser::Face<'_>) -> String {
    let names = face.names();
    let find = |id| {
        names
            .into_iter()
            .filter(|n| n.name_id == id)
            .find_map(|n| n.to_string())
    };
    let raw = find(ttf_parser::name_id::POST_SCRIPT_NAME)
        .or_else(|| find(ttf_parser::name_id::FULL_NAME))
        .unwrap_or_else(|| "Font".into());
    // A PDF name may hold no spaces or delimiters.
    let clean: String = raw
        .chars()
        .filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c))
        .collect();
    if clean.is_empty() {
        "Font".into()
    } else {
        clean
    }
}

/// The bytes of one face, as the caller found them.
#[derive(Debug, Clone)]
pub struct FaceData {
    /// Where it came from (a file's path), for messages.
    pub source: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// The face's index in a collection (0 for a plain font file).
    pub index: u32,
}

/// The four faces of a family; missing styles fall back to the regular face.
#[derive(Debug, Clone)]
pub struct FamilyData {
    /// Upright, normal weight.
    pub regular: FaceData,
    /// Bold.
    pub bold: Option<FaceData>,
    /// Italic or oblique.
    pub italic: Option<FaceData>,
    /// Bold italic.
    pub bold_italic: Option<FaceData>,
}

/// Finds a font for a character no loaded font has (the system's CJK or symbol fonts).
pub trait FallbackSource: Send + Sync {
    /// A key naming a face that has a glyph for `c` (a path and index, say).
    fn find(&self, c: char) -> Option<String>;
    /// The bytes of the face a key names; called once per key.
    fn load(&self, key: &str) -> Option<FaceData>;
}

/// Which fonts to use.
#[derive(Default)]
#[non_exhaustive]
pub struct FontConfig {
    /// The body family (default: Libertinus Serif).
    pub main: Option<FamilyData>,
    /// The code family (default: DejaVu Sans Mono).
    pub mono: Option<FamilyData>,
    /// Where to look for characters that no loaded font covers.
    pub fallback: Option<Box<dyn FallbackSource>>,
}

/// A text style's face choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Variant {
    /// Monospace (code) rather than the body family.
    pub mono: bool,
    /// Maths: the OpenType MATH face (New Computer Modern Math), whatever `mono` says.
    pub math: bool,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
}

#[derive(Debug, Clone, Copy)]
struct Family {
    regular: FontId,
    bold: FontId,
    italic: FontId,
    bold_italic: FontId,
}

impl Family {
    fn pick(&self, bold: bool, italic: bool) -> FontId {
        match (bold, italic) {
            (false, false) => self.regular,
            (true, false) => self.bold,
            (false, true) => self.italic,
            (true, true) => self.bold_italic,
        }
    }
}

/// All fonts of a typesetting run: families, fallbacks, and what was added on demand.
pub struct FontBook {
    fonts: RwLock<Vec<Arc<Font>>>,
    main: Family,
    mono: Family,
    builtin_fallbacks: Vec<FontId>,
    /// New Computer Modern Math, from typst-assets: maths is set in it.
    math: FontId,
    source: Option<Box<dyn FallbackSource>>,
    /// Per character: the fallback font found for it (None: no font has it).
    found: Mutex<HashMap<char, Option<FontId>>>,
    /// Fonts taken from the fallback source, by key, so a face is loaded once however
    /// many characters it serves.
    added: Mutex<HashMap<String, Option<FontId>>>,
    cache: crate::shape::ShapeCache,
}

impl std::fmt::Debug for FontBook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontBook")
            .field("fonts", &self.fonts.read().map(|v| v.len()).unwrap_or(0))
            .finish()
    }
}

/// The built-in faces, parsed once per process.
fn builtin() -> &'static Builtin {
    static BUILTIN: OnceLock<Builtin> = OnceLock::new();
    BUILTIN.get_or_init(|| {
        let mut by_name = HashMap::new();
        for data in typst_assets::fonts() {
            if let Ok(face) = ttf_parser::Face::parse(data, 0) {
                by_name.insert(postscript_name(&face), data);
            }
        }
        let get = |name: &str| -> &'static [u8] {
            by_name
                .get(name)
                .copied()
                .unwrap_or_else(dejavu::serif::regular)
        };
        Builtin {
            serif: [
                get("LibertinusSerif-Regular"),
                get("LibertinusSerif-Bold"),
                get("LibertinusSerif-Italic"),
                get("LibertinusSerif-BoldItalic"),
            ],
            mono: [
                get("DejaVuSansMono"),
                get("DejaVuSansMono-Bold"),
                get("DejaVuSansMono-Oblique"),
                get("DejaVuSansMono-BoldOblique"),
            ],
            fallbacks: [dejavu::sans::regular(), dejavu::sans::bold(), NOTO_EMOJI],
            math: get("NewCMMath-Regular"),
        }
    })
}

/// Noto Emoji (regular weight, from the npm package `@expo-google-fonts/noto-emoji`):
/// monochrome outlines, so emoji print as glyphs with no system font. 0.9 MB here; the PDF
/// embeds a subset of the emoji a post uses (a few KB).
const NOTO_EMOJI: &[u8] = include_bytes!("../fonts/NotoEmoji-Regular.ttf");

struct Builtin {
    serif: [&'static [u8]; 4],
    mono: [&'static [u8]; 4],
    /// DejaVu Sans regular and bold, then Noto Emoji.
    fallbacks: [&'static [u8]; 3],
    /// New Computer Modern Math, for formulas.
    math: &'static [u8],
}

fn leak(face: FaceData) -> (&'static [u8], u32, String) {
    (
        Box::leak(face.bytes.into_boxed_slice()),
        face.index,
        face.source,
    )
}

impl FontBook {
    /// The built-in fonts only, with no system fallback.
    pub fn builtin() -> FontBook {
        FontBook::new(FontConfig::default()).expect("the built-in fonts parse")
    }

    /// Fonts from a configuration.
    pub fn new(config: FontConfig) -> Result<FontBook, FontError> {
        let b = builtin();
        let mut fonts: Vec<Arc<Font>> = Vec::new();
        let mut push =
            |data: &'static [u8], index: u32, source: &str| -> Result<FontId, FontError> {
                let font = Font::parse(data, index).map_err(|e| e.in_file(source))?;
                fonts.push(Arc::new(font));
                Ok(FontId(fonts.len() as u32 - 1))
            };
        let mut family =
            |given: Option<FamilyData>, default: [&'static [u8]; 4]| -> Result<Family, FontError> {
                match given {
                    None => Ok(Family {
                        regular: push(default[0], 0, "built-in font")?,
                        bold: push(default[1], 0, "built-in font")?,
                        italic: push(default[2], 0, "built-in font")?,
                        bold_italic: push(default[3], 0, "built-in font")?,
                    }),
                    Some(f) => {
                        let (d, i, s) = leak(f.regular);
                        let regular = push(d, i, &s)?;
                        let mut other = |face: Option<FaceData>| match face {
                            Some(face) => {
                                let (d, i, s) = leak(face);
                                push(d, i, &s)
                            }
                            None => Ok(regular),
                        };
                        Ok(Family {
                            regular,
                            bold: other(f.bold)?,
                            italic: other(f.italic)?,
                            bold_italic: other(f.bold_italic)?,
                        })
                    }
                }
            };
        let main = family(config.main, b.serif)?;
        let mono = family(config.mono, b.mono)?;
        let builtin_fallbacks = vec![
            push(b.fallbacks[0], 0, "built-in font")?,
            push(b.fallbacks[1], 0, "built-in font")?,
            push(b.fallbacks[2], 0, "built-in font")?,
        ];
        let math = push(b.math, 0, "built-in font")?;
        Ok(FontBook {
            fonts: RwLock::new(fonts),
            main,
            mono,
            builtin_fallbacks,
            math,
            source: config.fallback,
            found: Mutex::new(HashMap::new()),
            added: Mutex::new(HashMap::new()),
            cache: Default::default(),
        })
    }

    pub(crate) fn cache(&self) -> &crate::shape::ShapeCache {
        &self.cache
    }

    /// The font with this id.
    pub fn get(&self, id: FontId) -> Arc<Font> {
        let fonts = self.fonts.read().unwrap_or_else(|e| e.into_inner());
        fonts[id.0 as usize].clone()
    }

    /// Every font, in id order (the PDF writer embeds those it used).
    pub fn all(&self) -> Vec<Arc<Font>> {
        self.fonts.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The primary font of a style.
    pub fn primary(&self, variant: Variant) -> FontId {
        if variant.math {
            return self.math;
        }
        let family = if variant.mono { &self.mono } else { &self.main };
        family.pick(variant.bold, variant.italic)
    }

    /// The font that should draw `c` in `variant`: the primary font when it has the
    /// glyph, else the first fallback that has it; `None` when no font has it.
    pub fn font_for(&self, variant: Variant, c: char) -> Option<FontId> {
        let primary = self.primary(variant);
        if self.get(primary).has_char(c) {
            return Some(primary);
        }
        // Other faces of the same families before unrelated fonts.
        let regular = self.primary(Variant {
            bold: false,
            italic: false,
            math: false,
            ..variant
        });
        if self.get(regular).has_char(c) {
            return Some(regular);
        }
        let emoji = self.builtin_fallbacks[2];
        let fallback = if variant.bold {
            [self.builtin_fallbacks[1], self.builtin_fallbacks[0], emoji]
        } else {
            [self.builtin_fallbacks[0], self.builtin_fallbacks[1], emoji]
        };
        for id in fallback
            .into_iter()
            .chain([self.mono.regular, self.main.regular])
        {
            if self.get(id).has_char(c) {
                return Some(id);
            }
        }
        self.search_source(c)
    }

    fn search_source(&self, c: char) -> Option<FontId> {
        let source = self.source.as_ref()?;
        if let Some(found) = self.found.lock().unwrap_or_else(|e| e.into_inner()).get(&c) {
            return *found;
        }
        let result = source.find(c).and_then(|key| {
            let mut added = self.added.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(id) = added.get(&key) {
                return *id;
            }
            let id = source.load(&key).and_then(|face| {
                let (data, index, _) = leak(face);
                let font = Font::parse(data, index).ok()?;
                let mut fonts = self.fonts.write().unwrap_or_else(|e| e.into_inner());
                fonts.push(Arc::new(font));
                Some(FontId(fonts.len() as u32 - 1))
            });
            added.insert(key, id);
            id
        });
        let result = result.filter(|id| self.get(*id).has_char(c));
        self.found
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(c, result);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_families_cover_latin_greek_cyrillic_and_arrows() {
        let book = FontBook::builtin();
        let body = Variant {
            mono: false,
            math: false,
            bold: false,
            italic: false,
        };
        assert_eq!(book.get(book.primary(body)).name, "LibertinusSerif-Regular");
        for c in ['é', 'Ω', 'Ж', '“', '—'] {
            assert_eq!(book.font_for(body, c), Some(book.primary(body)), "{c}");
        }
        // Arrows and check marks come from DejaVu Sans when Libertinus lacks them.
        for c in ['→', '✓', '☐'] {
            assert!(book.font_for(body, c).is_some(), "{c}");
        }
        // A CJK ideograph: no built-in font has it and there is no system source.
        assert_eq!(book.font_for(body, '語'), None);
    }

    #[test]
    fn emoji_come_from_the_built_in_noto_emoji() {
        let book = FontBook::builtin();
        let plain = Variant {
            mono: false,
            math: false,
            bold: false,
            italic: false,
        };
        for c in ['🎉', '🚀', '👍', '📚'] {
            let id = book.font_for(plain, c).expect("an emoji font");
            assert!(
                book.get(id).name.contains("Emoji"),
                "{c}: {}",
                book.get(id).name
            );
        }
    }

    #[test]
    fn mono_is_dejavu_sans_mono() {
        let book = FontBook::builtin();
        let code = Variant {
            mono: true,
            math: false,
            bold: true,
            italic: false,
        };
        assert_eq!(book.get(book.primary(code)).name, "DejaVuSansMono-Bold");
    }
}

#[cfg(test)]
mod font_error_tests {
    use super::*;

    fn family(bytes: Vec<u8>) -> FamilyData {
        FamilyData {
            regular: FaceData {
                source: "/fonts/Broken.ttf".into(),
                bytes,
                index: 0,
            },
            bold: None,
            italic: None,
            bold_italic: None,
        }
    }

    #[test]
    fn regression_a_truncated_font_is_called_truncated_and_named() {
        // It was reported as "a bitmap or colour font", and no error named its file.
        let half = dejavu::sans::regular()[..dejavu::sans::regular().len() / 2].to_vec();
        let config = FontConfig {
            main: Some(family(half)),
            ..FontConfig::default()
        };
        let Err(err) = FontBook::new(config) else {
            panic!("refused")
        };
        assert_eq!(
            err.to_string(),
            "/fonts/Broken.ttf: the font file is truncated or damaged (a table lies past its end)"
        );
        let config = FontConfig {
            main: Some(family(b"not a font at all".to_vec())),
            ..FontConfig::default()
        };
        let Err(err) = FontBook::new(config) else {
            panic!("refused")
        };
        assert!(
            err.to_string()
                .starts_with("/fonts/Broken.ttf: not a usable font"),
            "{err}"
        );
    }
}
