//! A book from the fuzzer's bytes: the input is split at NUL bytes into a `quire.toml`
//! (parsed as the CLI's configuration is, with the toml crate) and posts, which are
//! resolved together as a book and written as EPUB and PDF. Never a panic.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn fonts() -> &'static quire_typeset::FontBook {
    static BOOK: OnceLock<quire_typeset::FontBook> = OnceLock::new();
    BOOK.get_or_init(quire_typeset::FontBook::builtin)
}

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|&b| b == 0);
    let config = parts.next().unwrap_or_default();
    if let Ok(text) = std::str::from_utf8(config) {
        let _ = toml::from_str::<toml::Table>(text);
    }
    let docs: Vec<quire_core::Document> = parts
        .take(8)
        .enumerate()
        .filter_map(|(i, bytes)| {
            let name = format!("post-{i}.md");
            quire_core::read_post(bytes, Some(&name), &quire_core::ReadOptions::default())
                .ok()
                .map(|r| r.document)
        })
        .collect();
    if docs.is_empty() {
        return;
    }
    let posts: Vec<quire_epub::Post<'_>> = docs
        .iter()
        .map(|d| quire_epub::Post::new(d, &quire_core::NoResources))
        .collect();
    let mut o = quire_epub::EpubOptions::default();
    o.modified = quire_core::Date::parse("2024-01-01");
    if let Ok(book) = quire_epub::to_epub(&posts, &o) {
        assert!(book.bytes.starts_with(b"PK"));
    }
    let inputs: Vec<quire_core::resolve::PostInput<'_>> = docs
        .iter()
        .map(|doc| quire_core::resolve::PostInput { doc, resources: &quire_core::NoResources })
        .collect();
    let resolution = quire_core::resolve_book(&inputs, &quire_typeset::resolve_options(true));
    let refs: Vec<&quire_core::Document> = docs.iter().collect();
    let pages = quire_typeset::typeset_book(
        &refs,
        &resolution,
        fonts(),
        &quire_typeset::TypesetOptions::default(),
        &quire_typeset::BookOptions::default(),
    );
    if let Ok(pdf) = quire_pdf::write_pages(pages, fonts(), &quire_pdf::PdfOptions::default()) {
        assert!(pdf.starts_with(b"%PDF-"));
    }
});
