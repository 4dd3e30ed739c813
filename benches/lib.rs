//! Benchmarks for quire live in `benches/`; run them with `cargo bench -p quire-benches`.
//! This library holds what the benchmarks and the timing examples share.

use pulldown_cmark::Options;

// The same allocator as the `quire` binary, for every benchmark and example linking this,
// so the figures are what users get.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The pulldown-cmark extensions quire's reader enables, for a like-for-like floor.
pub fn gfm_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_GFM
}
