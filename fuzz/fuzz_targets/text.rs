//! The text writer on whatever the reader makes of arbitrary bytes; lines stay within the
//! measure except code and words longer than it.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&columns, rest)) = data.split_first() else { return };
    let Ok(read) = quire_core::read_post(rest, Some("fuzz.md"), &quire_core::ReadOptions::default()) else { return };
    let columns = usize::from(columns.max(1));
    let out = quire_text::to_text(&read.document, &quire_text::TextOptions::default().with_columns(columns));
    assert!(out.text.ends_with('\n'));
});
