//! The reader on arbitrary bytes: front matter of every style, Markdown, any encoding.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(read) = quire_core::read_post(data, Some("fuzz.md"), &quire_core::ReadOptions::default()) {
        std::hint::black_box(read.document.blocks.len());
    }
});
