//! Typesetting for quire: turning text into lines (and, as issue 5 lands, shaped glyph
//! runs, blocks and pages) independently of any PDF library, so that layout can be tested
//! on positions rather than on PDF bytes.
//!
//! Today it holds the line breaker: Knuth and Plass's total-fit algorithm, which no
//! maintained crate provides.

pub mod linebreak;
