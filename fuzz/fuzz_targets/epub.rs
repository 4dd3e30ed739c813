//! The EPUB writer on arbitrary posts: it must produce a book or a typed error.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(read) = quire_core::read_post(data, Some("fuzz.md"), &quire_core::ReadOptions::default()) else { return };
    let mut o = quire_epub::EpubOptions::default();
    o.modified = quire_core::Date::parse("2024-01-01");
    let post = quire_epub::Post::new(&read.document, &quire_core::NoResources);
    if let Ok(book) = quire_epub::to_epub(&[post], &o) {
        assert!(book.bytes.starts_with(b"PK"));
    }
});
