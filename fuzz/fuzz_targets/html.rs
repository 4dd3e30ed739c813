//! The HTML writer (page, with raw HTML repair) on arbitrary posts.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(read) = quire_core::read_post(data, Some("fuzz.md"), &quire_core::ReadOptions::default()) else { return };
    let out = quire_html::convert(&read.document, &quire_html::HtmlOptions::default(), &quire_core::NoResources);
    assert!(out.html.starts_with("<!DOCTYPE html>"));
});
