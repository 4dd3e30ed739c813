//! Benchmarks for quire live in `benches/`; run them with `cargo bench -p quire-benches`.
