//! The PDF writer on arbitrary posts: it must produce a PDF or a typed error, never panic.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn fonts() -> &'static quire_typeset::FontBook {
    static BOOK: OnceLock<quire_typeset::FontBook> = OnceLock::new();
    BOOK.get_or_init(quire_typeset::FontBook::builtin)
}

fuzz_target!(|data: &[u8]| {
    let Ok(read) = quire_core::read_post(data, Some("fuzz.md"), &quire_core::ReadOptions::default()) else { return };
    let typeset = quire_typeset::TypesetOptions::default();
    let pages = quire_typeset::typeset_post(&read.document, fonts(), &typeset, &quire_core::NoResources);
    if let Ok(pdf) = quire_pdf::write_pages(pages, fonts(), &quire_pdf::PdfOptions::default()) {
        assert!(pdf.starts_with(b"%PDF-"));
    }
});
