//! Fonts from the file system: `--font-dir`, `--main-font`/`--mono-font`, and system fonts
//! as the last fallback for characters the built-in fonts lack (CJK, emoji with outlines).
//! The typesetter never touches files; this module hands it bytes.

use std::path::PathBuf;
use std::sync::OnceLock;

use quire_typeset::fonts::{FaceData, FallbackSource, FamilyData, FontConfig};
use quire_typeset::FontBook;

use crate::fail::Failure;

/// The font choices of a run.
#[derive(Debug, Clone, Default)]
pub struct FontArgs {
    /// Folders searched before the system's fonts.
    pub dirs: Vec<PathBuf>,
    /// Body family name.
    pub main: Option<String>,
    /// Code family name.
    pub mono: Option<String>,
}

/// The user's folders and, loaded on first need, the system's fonts.
struct Fonts {
    user: fontdb::Database,
    system: OnceLock<fontdb::Database>,
}

impl Fonts {
    fn system(&self) -> &fontdb::Database {
        self.system.get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_system_fonts();
            db
        })
    }

    fn family(&self, name: &str) -> Option<FamilyData> {
        let find = |db: &fontdb::Database| -> Option<FamilyData> {
            let face = |weight: u16, style: fontdb::Style| {
                let id = db.query(&fontdb::Query {
                    families: &[fontdb::Family::Name(name)],
                    weight: fontdb::Weight(weight),
                    style,
                    ..fontdb::Query::default()
                })?;
                let info = db.face(id)?;
                // fontdb falls back to the nearest style: keep only a real match.
                let right_style =
                    (style == fontdb::Style::Normal) == (info.style == fontdb::Style::Normal);
                let right_weight = (weight >= 600) == (info.weight.0 >= 600);
                if !(right_style && right_weight)
                    && (weight != 400 || style != fontdb::Style::Normal)
                {
                    return None;
                }
                let source = face_source(info);
                db.with_face_data(id, |data, index| FaceData {
                    source,
                    bytes: data.to_vec(),
                    index,
                })
            };
            Some(FamilyData {
                regular: face(400, fontdb::Style::Normal)?,
                bold: face(700, fontdb::Style::Normal),
                italic: face(400, fontdb::Style::Italic)
                    .or_else(|| face(400, fontdb::Style::Oblique)),
                bold_italic: face(700, fontdb::Style::Italic)
                    .or_else(|| face(700, fontdb::Style::Oblique)),
            })
        };
        find(&self.user).or_else(|| find(self.system()))
    }
}

struct Source(Fonts);

/// Where a face was found, for messages: its file, else its family name.
fn face_source(face: &fontdb::FaceInfo) -> String {
    match &face.source {
        fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => {
            path.display().to_string()
        }
        fontdb::Source::Binary(_) => face.post_script_name.clone(),
    }
}

fn covers(db: &fontdb::Database, id: fontdb::ID, c: char) -> bool {
    db.with_face_data(id, |data, index| {
        ttf_parser::Face::parse(data, index).is_ok_and(|f| {
            let outlines = f.tables().glyf.is_some() || f.tables().cff.is_some();
            outlines && f.glyph_index(c).is_some_and(|g| g.0 != 0)
        })
    })
    .unwrap_or(false)
}

impl FallbackSource for Source {
    fn find(&self, c: char) -> Option<String> {
        for (name, db) in [("user", &self.0.user), ("system", self.0.system())] {
            // Upright regular faces first: a fallback glyph should not stand out.
            let mut faces: Vec<&fontdb::FaceInfo> = db.faces().collect();
            faces.sort_by_key(|f| {
                (
                    f.style != fontdb::Style::Normal,
                    (i32::from(f.weight.0) - 400).abs(),
                    f.post_script_name.clone(),
                )
            });
            if let Some(f) = faces.into_iter().find(|f| covers(db, f.id, c)) {
                return Some(format!("{name}:{}", f.post_script_name));
            }
        }
        None
    }

    fn load(&self, key: &str) -> Option<FaceData> {
        let (which, ps) = key.split_once(':')?;
        let db = if which == "user" {
            &self.0.user
        } else {
            self.0.system()
        };
        let face = db.faces().find(|f| f.post_script_name == ps)?;
        let source = face_source(face);
        db.with_face_data(face.id, |data, index| FaceData {
            source,
            bytes: data.to_vec(),
            index,
        })
    }
}

/// The font book for a run.
pub fn book(args: &FontArgs) -> Result<FontBook, Failure> {
    let mut user = fontdb::Database::new();
    for dir in &args.dirs {
        if !dir.is_dir() {
            return Err(Failure::usage(format!(
                "--font-dir {}: no such folder",
                dir.display()
            )));
        }
        user.load_fonts_dir(dir);
    }
    let fonts = Fonts {
        user,
        system: OnceLock::new(),
    };
    let mut config = FontConfig::default();
    for (name, slot, flag) in [
        (&args.main, &mut config.main, "--main-font"),
        (&args.mono, &mut config.mono, "--mono-font"),
    ] {
        if let Some(name) = name {
            *slot = Some(fonts.family(name).ok_or_else(|| {
                Failure::usage(format!("{flag} {name}: no such font family"))
                    .hint("give the family name as `fc-list : family` shows it, and --font-dir DIR if it is not installed")
            })?);
        }
    }
    config.fallback = Some(Box::new(Source(fonts)));
    FontBook::new(config).map_err(|e| Failure::conversion(format!("font: {e}")))
}
