//! Shaping with rustybuzz (kerning, ligatures), cached per font and text: a post repeats
//! its words, and shaping is the costly step of setting them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::fonts::{FontBook, FontId, Variant};

/// One positioned glyph.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Glyph id in its font.
    pub id: u16,
    /// Advance, in em (kerning included).
    pub advance: f32,
    /// The text this glyph stands for: several characters for a ligature, empty for the
    /// second and later glyphs of a cluster.
    pub text: std::sync::Arc<str>,
}

/// A run of glyphs in one font.
#[derive(Debug, Clone, PartialEq)]
pub struct Shaped {
    /// The font.
    pub font: FontId,
    /// The glyphs, in visual order.
    pub glyphs: Vec<Glyph>,
    /// Total advance, in em.
    pub width: f32,
}

/// Per font (or style), text to result: looked up by `&str`, so a hit allocates nothing.
type ByText<T> = HashMap<Box<str>, T>;
type StyledRuns = (Vec<Arc<Shaped>>, Vec<char>);
type PlanKey = (FontId, rustybuzz::Direction, rustybuzz::Script);

/// Shaping caches, shared by the threads of a run.
#[derive(Default)]
pub(crate) struct ShapeCache {
    runs: Mutex<HashMap<FontId, ByText<Arc<Shaped>>>>,
    styled: Mutex<HashMap<Variant, ByText<StyledRuns>>>,
    plans: Mutex<HashMap<PlanKey, Arc<rustybuzz::ShapePlan>>>,
}

impl FontBook {
    /// Shapes `text` in one font.
    pub fn shape(&self, font: FontId, text: &str) -> Arc<Shaped> {
        let cache = self.cache();
        if let Some(hit) = cache
            .runs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&font)
            .and_then(|m| m.get(text))
        {
            return hit.clone();
        }
        let shaped = Arc::new(self.shape_uncached(font, text));
        let mut runs = cache.runs.lock().unwrap_or_else(|e| e.into_inner());
        let map = runs.entry(font).or_default();
        // Keep memory bounded on huge inputs: most hits are short common words.
        if map.len() > 200_000 {
            map.clear();
        }
        map.insert(text.into(), shaped.clone());
        shaped
    }

    fn shape_uncached(&self, font_id: FontId, text: &str) -> Shaped {
        let font = self.get(font_id);
        let face = font.face();
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let key = (font_id, buffer.direction(), buffer.script());
        let plan = {
            let mut plans = self.cache().plans.lock().unwrap_or_else(|e| e.into_inner());
            plans
                .entry(key)
                .or_insert_with(|| {
                    Arc::new(rustybuzz::ShapePlan::new(
                        face,
                        key.1,
                        Some(key.2),
                        None,
                        &[],
                    ))
                })
                .clone()
        };
        let out = rustybuzz::shape_with_plan(face, &plan, buffer);
        let infos = out.glyph_infos();
        let positions = out.glyph_positions();
        let upem = font.units_per_em;
        // Cluster starts in text order, to find where each cluster's text ends.
        let mut starts: Vec<usize> = infos.iter().map(|i| i.cluster as usize).collect();
        starts.sort_unstable();
        starts.dedup();
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut width = 0.0;
        let mut previous = usize::MAX;
        for (info, pos) in infos.iter().zip(positions) {
            let cluster = info.cluster as usize;
            let glyph_text: Arc<str> = if cluster == previous {
                "".into()
            } else {
                let end = starts
                    .iter()
                    .find(|&&s| s > cluster)
                    .copied()
                    .unwrap_or(text.len());
                text.get(cluster..end).unwrap_or("").into()
            };
            previous = cluster;
            let advance = pos.x_advance as f32 / upem;
            width += advance;
            glyphs.push(Glyph {
                id: info.glyph_id as u16,
                advance,
                text: glyph_text,
            });
        }
        Shaped {
            font: font_id,
            glyphs,
            width,
        }
    }

    /// Shapes `text` in a style, splitting it where another font must draw a character
    /// the primary font lacks. Characters no font has are returned in `missing` (and
    /// drawn as the primary font's missing-glyph box).
    pub fn shape_styled(
        &self,
        variant: Variant,
        text: &str,
        missing: &mut Vec<char>,
    ) -> Vec<Arc<Shaped>> {
        let cache = self.cache();
        if let Some((runs, miss)) = cache
            .styled
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&variant)
            .and_then(|m| m.get(text))
        {
            missing.extend_from_slice(miss);
            return runs.clone();
        }
        let mut miss = Vec::new();
        let runs = self.shape_styled_uncached(variant, text, &mut miss);
        missing.extend_from_slice(&miss);
        let mut styled = cache.styled.lock().unwrap_or_else(|e| e.into_inner());
        let map = styled.entry(variant).or_default();
        if map.len() > 200_000 {
            map.clear();
        }
        map.insert(text.into(), (runs.clone(), miss));
        runs
    }

    fn shape_styled_uncached(
        &self,
        variant: Variant,
        text: &str,
        missing: &mut Vec<char>,
    ) -> Vec<Arc<Shaped>> {
        let primary = self.primary(variant);
        let primary_font = self.get(primary);
        if text.chars().all(|c| primary_font.has_char(c) || c == ' ') {
            return vec![self.shape(primary, text)];
        }
        let mut runs = Vec::new();
        let mut start = 0;
        let mut current: Option<FontId> = None;
        for (i, c) in text.char_indices() {
            let wanted = if is_joiner(c) {
                current
            } else {
                match self.font_for(variant, c) {
                    Some(f) => Some(f),
                    None => {
                        if !c.is_whitespace() && !c.is_control() {
                            missing.push(c);
                        }
                        Some(current.unwrap_or(primary))
                    }
                }
            };
            if wanted != current {
                if let Some(font) = current {
                    if i > start {
                        runs.push(self.shape(font, &text[start..i]));
                    }
                }
                start = i;
                current = wanted;
            }
        }
        if let Some(font) = current {
            if start < text.len() {
                runs.push(self.shape(font, &text[start..]));
            }
        }
        runs
    }
}

/// Characters that belong with their neighbours' font (joiners, variation selectors,
/// combining marks).
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200c}' | '\u{200d}' | '\u{fe00}'..='\u{fe0f}' | '\u{0300}'..='\u{036f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: Variant = Variant {
        mono: false,
        math: false,
        bold: false,
        italic: false,
    };

    #[test]
    fn ligatures_keep_their_text() {
        let book = FontBook::builtin();
        let run = book.shape(book.primary(BODY), "office");
        // "ffi" is one glyph in Libertinus.
        assert!(run.glyphs.len() < 6, "{:?}", run.glyphs);
        let text: String = run.glyphs.iter().map(|g| &*g.text).collect();
        assert_eq!(text, "office");
        assert!(run.glyphs.iter().any(|g| &*g.text == "ffi"));
    }

    #[test]
    fn kerning_narrows_av() {
        let book = FontBook::builtin();
        let f = book.primary(BODY);
        let pair = book.shape(f, "AV").width;
        let apart = book.shape(f, "A").width + book.shape(f, "V").width;
        assert!(pair < apart, "{pair} vs {apart}");
    }

    #[test]
    fn fallback_splits_runs_and_reports_missing() {
        let book = FontBook::builtin();
        let mut missing = Vec::new();
        let runs = book.shape_styled(BODY, "a ☐ b 語", &mut missing);
        assert!(runs.len() >= 3, "{runs:?}");
        assert_eq!(missing, vec!['語']);
        let text: String = runs
            .iter()
            .flat_map(|r| r.glyphs.iter().map(|g| g.text.to_string()))
            .collect();
        assert_eq!(text, "a ☐ b 語");
    }
}
