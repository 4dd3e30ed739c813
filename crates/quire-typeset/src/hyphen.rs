//! Hyphenation by the post's language, with the hyphenation crate's embedded TeX
//! patterns (Knuth-Liang).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use hyphenation::{Hyphenator, Language, Load, Standard};

/// The hyphenation language for a BCP 47 tag (`en`, `en-GB`, `de-AT`, ...); en-US when
/// the tag is empty. `None` when no patterns exist for it (no hyphenation then).
pub fn language(tag: &str) -> Option<Language> {
    let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
    if tag.is_empty() {
        return Some(Language::EnglishUS);
    }
    if let Some(l) = Language::try_from_code(&tag) {
        return Some(l);
    }
    let primary = tag.split('-').next().unwrap_or("");
    Some(match primary {
        "en" if tag != "en-us" && tag != "en" => Language::EnglishGB,
        "en" => Language::EnglishUS,
        "de" if tag.contains("ch") => Language::GermanSwiss,
        "de" => Language::German1996,
        "el" => Language::GreekMono,
        "sr" => Language::SerbianCyrillic,
        "mn" => Language::Mongolian,
        "no" => Language::NorwegianBokmal,
        other => return Language::try_from_code(other),
    })
}

fn loaded(lang: Language) -> Option<Arc<Standard>> {
    static CACHE: OnceLock<Mutex<HashMap<Language, Option<Arc<Standard>>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
    map.entry(lang)
        .or_insert_with(|| Standard::from_embedded(lang).ok().map(Arc::new))
        .clone()
}

/// Letters a hyphenation leaves before and after it at least, and the shortest word split,
/// by language: English takes 2 and 3 and splits no word under 6 letters ("er-ror",
/// "be-cause" and "an-other" stay whole); other languages keep their patterns' minima.
fn minima(lang: Language, dict: &Standard) -> (usize, usize, usize) {
    let (left, right) = dict.unbreakable_chars();
    match lang {
        Language::EnglishUS | Language::EnglishGB => (left.max(2), right.max(3), 6),
        _ => (left.max(2), right.max(2), 6),
    }
}

/// A hyphenator for one language.
#[derive(Clone)]
pub struct Hyphenate {
    dict: Option<Arc<Standard>>,
    /// Letters kept before and after a hyphen, and the shortest word hyphenated.
    minima: (usize, usize, usize),
    /// Words already hyphenated: a post repeats its words.
    seen: std::cell::RefCell<HashMap<Box<str>, Vec<usize>>>,
}

impl std::fmt::Debug for Hyphenate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hyphenate")
            .field("language", &self.dict.as_ref().map(|d| d.language()))
            .finish()
    }
}

impl Hyphenate {
    /// For a language tag; hyphenates nothing when there are no patterns for it.
    pub fn new(tag: &str) -> Hyphenate {
        let dict = language(tag).and_then(loaded);
        let minima = dict.as_ref().map_or((2, 3, 6), |d| minima(d.language(), d));
        Hyphenate {
            dict,
            minima,
            seen: Default::default(),
        }
    }

    /// None: never hyphenate.
    pub fn none() -> Hyphenate {
        Hyphenate {
            dict: None,
            minima: (2, 3, 6),
            seen: Default::default(),
        }
    }

    /// Byte offsets in `word` where it may be hyphenated. Only words of letters are
    /// hyphenated (not code, numbers or URLs).
    pub fn points(&self, word: &str) -> Vec<usize> {
        let Some(dict) = &self.dict else {
            return Vec::new();
        };
        let (left, right, shortest) = self.minima;
        let letters = word.chars().count();
        if letters < shortest || !word.chars().all(char::is_alphabetic) {
            return Vec::new();
        }
        if let Some(hit) = self.seen.borrow().get(word) {
            return hit.clone();
        }
        let lower = word.to_lowercase();
        // Lowercasing that changes byte lengths (rare letters) would shift the offsets.
        let points = if lower.len() == word.len() {
            let mut breaks = dict.hyphenate(&lower).breaks;
            // Offsets are bytes; the minima count letters.
            breaks.retain(|&at| {
                let before = word[..at].chars().count();
                before >= left && letters - before >= right
            });
            breaks
        } else {
            Vec::new()
        };
        self.seen.borrow_mut().insert(word.into(), points.clone());
        points
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_by_default_and_by_region() {
        assert_eq!(language(""), Some(Language::EnglishUS));
        assert_eq!(language("en"), Some(Language::EnglishUS));
        assert_eq!(language("en-GB"), Some(Language::EnglishGB));
        assert_eq!(language("de-AT"), Some(Language::German1996));
        assert_eq!(language("fr-CA"), Some(Language::French));
        assert_eq!(language("ja"), None);
    }

    #[test]
    fn hyphenates_words_not_code() {
        let h = Hyphenate::new("en-US");
        assert_eq!(h.points("hyphenation"), vec![2, 6, 7]);
        assert_eq!(h.points("Hyphenation"), vec![2, 6, 7]);
        assert!(h.points("foo_bar_baz").is_empty());
        assert!(h.points("x86-64").is_empty());
    }

    /// Issue 17: "er-ror" was split; English keeps words under six letters whole and leaves
    /// two letters before a hyphen and three after it ("be-cause" is left to the
    /// hyphen penalty).
    #[test]
    fn short_words_and_short_ends_stay_whole() {
        let h = Hyphenate::new("en");
        for word in ["error", "because", "another", "other"] {
            for p in h.points(word) {
                assert!(p >= 2 && word.len() - p >= 3, "{word} at {p}");
            }
        }
        assert!(h.points("error").is_empty());
        assert!(h.points("other").is_empty());
    }
}
