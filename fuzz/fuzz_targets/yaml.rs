//! YAML front matter from the fuzzer's bytes: the reader must read it or refuse it with a
//! position, never panic, overflow its stack or expand aliases without bound.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut post = b"---\n".to_vec();
    post.extend_from_slice(data);
    post.extend_from_slice(b"\n---\nBody.\n");
    let _ = quire_core::read_post(&post, Some("fuzz.md"), &quire_core::ReadOptions::default());
});
