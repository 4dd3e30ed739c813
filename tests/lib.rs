//! Tests across quire's crates: golden files (`golden.rs`), hostile inputs (`hostile.rs`),
//! properties (`properties.rs`), the PDF writer on read posts (`pdf.rs`) and one resolution
//! seen by every writer (`resolution.rs`). This library holds what they share.

use std::io::Read;

/// The text of entry `name` of an EPUB (a zip), for assertions on its files.
pub fn epub_entry(epub: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("an EPUB is a zip");
    let mut entry = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("no {name} in the EPUB"));
    let mut text = String::new();
    entry.read_to_string(&mut text).expect("UTF-8");
    text
}
