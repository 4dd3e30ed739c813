//! Re-packing the zip epub-builder writes, for two reasons:
//!
//! - **Reproducible bytes.** epub-builder's zip entries carry the time of writing; here
//!   every entry gets the zip epoch (1980-01-01) and a fixed mode, its compressed bytes
//!   copied as they are, and `mimetype` comes first, stored, as the OCF spec requires.
//! - **A duplicate id in 0.8.3's OPF.** Its template gives `dc:language` and the first
//!   `dc:creator` the same id `epub-creator-0` (epubcheck RSC-005). The trait that would let
//!   us render the language ourselves is not exported, and the zip must be rewritten
//!   anyway, so the OPF is corrected here. The patch checks that epub-builder still writes
//!   what it expects, and fails loudly if not.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::EpubError;

/// Rewrites `epub` with fixed entry times and a corrected OPF; `svg_docs` are the content
/// documents holding inline SVG or MathML, with the manifest properties (`svg`, `mathml`)
/// the OPF must give them.
pub(crate) fn repack(epub: &[u8], svg_docs: &[(String, &str)]) -> Result<Vec<u8>, EpubError> {
    let mut archive = ZipArchive::new(Cursor::new(epub))?;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(epub.len())));
    let epoch = DateTime::default();
    let mut names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    // epub-builder's order is deterministic; `mimetype` must come first.
    names.sort_by_key(|n| n != "mimetype");
    for name in names {
        if name.ends_with("content.opf") {
            let mut data = String::new();
            archive.by_name(&name)?.read_to_string(&mut data)?;
            let options = SimpleFileOptions::default()
                .last_modified_time(epoch)
                .unix_permissions(0o644)
                .compression_method(CompressionMethod::Deflated);
            out.start_file(name, options)?;
            out.write_all(fix_opf(&data, svg_docs)?.as_bytes())?;
        } else {
            // The compressed bytes are copied as they are: only the time and mode change.
            // (Decompressing and deflating every entry again cost most of a bundle's time.)
            out.raw_copy_file_touch(archive.by_name(&name)?, epoch, Some(0o644))?;
        }
    }
    Ok(out.finish()?.into_inner())
}

fn fix_opf(opf: &str, svg_docs: &[(String, &str)]) -> Result<String, EpubError> {
    const BROKEN: &str = "<dc:language id=\"epub-creator-";
    if !opf.contains(BROKEN) {
        return Err(EpubError::Internal(
            "epub-builder's OPF no longer has the language id this patch fixes; review repack.rs"
                .into(),
        ));
    }
    let mut fixed = opf.replace(BROKEN, "<dc:language id=\"epub-language-");
    for (doc, props) in svg_docs {
        let item = format!("id=\"{}\" href=\"{doc}\"", id_of(doc));
        if !fixed.contains(&item) {
            return Err(EpubError::Internal(format!(
                "no manifest item for {doc} in the OPF"
            )));
        }
        fixed = fixed.replace(&item, &format!("properties=\"{props}\" {item}"));
    }
    Ok(fixed)
}

/// epub-builder's manifest id for a file (for the ASCII names this crate gives files).
fn id_of(file: &str) -> String {
    let safe: String = file
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("id_{safe}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_id_no_longer_collides_with_the_creator() {
        let opf = "<dc:language id=\"epub-creator-0\">en</dc:language><dc:creator id=\"epub-creator-0\">A</dc:creator>";
        let fixed = fix_opf(opf, &[]).unwrap();
        assert_eq!(fixed.matches("id=\"epub-creator-0\"").count(), 1);
        assert!(fixed.contains("<dc:language id=\"epub-language-0\">en</dc:language>"));
    }

    #[test]
    fn a_changed_template_is_an_error_not_a_silent_skip() {
        assert!(fix_opf("<dc:language>en</dc:language>", &[]).is_err());
    }
}
