//! Links `quire` as a position-dependent executable on Linux.
//!
//! A position-independent binary of this size carries about 32,000 relative relocations
//! (vtables, string tables, panic locations) that the loader applies at every start,
//! writing 150 pages: 0.4 ms of a 2 ms run on a small post. quire is often run once per
//! file, so that is paid per file. Libraries, heap and stack are still placed at random.
//!
//! A static build (`scripts/dist.sh`: `+crt-static` with `relocation-model=static`) is
//! position-dependent already; `-no-pie` beside rustc's static linking would give a binary
//! that asks for a loader it does not use, so it is left out there.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    let features = std::env::var("CARGO_CFG_TARGET_FEATURE").unwrap_or_default();
    if os == "linux" && env == "gnu" && !features.split(',').any(|f| f == "crt-static") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
