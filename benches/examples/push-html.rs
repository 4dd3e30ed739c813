//! pulldown-cmark's own `push_html` as a command, the floor quire's HTML is measured
//! against in `bench/compare.sh`: parse plus write, with the same extensions quire reads.
//!
//! usage: push-html FILE.md > FILE.html

use std::io::Write;

use pulldown_cmark::{html, Parser};
use quire_benches::gfm_options;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: push-html FILE.md");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let options = gfm_options();
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, Parser::new_ext(&text, options));
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    if lock.write_all(out.as_bytes()).is_err() {
        std::process::exit(1);
    }
}
