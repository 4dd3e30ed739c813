//! Golden-file tests for quire; the tests themselves are in `golden.rs`.
