//! Where the time of Markdown to HTML goes, in one process and warm: pulldown-cmark's first
//! pass, its events, its own `push_html`; quire's reader (with and without bare-URL
//! linking) and HTML writer. Best of 40 runs each.
//!
//! usage: phases FILE.md

use std::time::Instant;

use pulldown_cmark::{html, Parser};
use quire_benches::gfm_options;
use quire_core::{read_post, NoResources, ReadOptions};
use quire_html::{convert, HtmlOptions};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: phases FILE.md");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let options = gfm_options();
    let mut plain = ReadOptions::default();
    plain.markdown.bare_autolinks = false;
    let mut html_options = HtmlOptions::fragment();
    html_options.highlight = false;

    let mut best = [f64::MAX; 6];
    for _ in 0..40 {
        let t = Instant::now();
        let parser = Parser::new_ext(&text, options);
        let first_pass = t.elapsed().as_secs_f64();
        let events = parser.into_offset_iter().count();
        let all_events = t.elapsed().as_secs_f64();

        let t = Instant::now();
        let mut out = String::new();
        html::push_html(&mut out, Parser::new_ext(&text, options));
        let push = t.elapsed().as_secs_f64();

        let t = Instant::now();
        let read = read_post(&bytes, Some(&path), &ReadOptions::default()).expect("reads");
        let reader = t.elapsed().as_secs_f64();
        let html = convert(&read.document, &html_options, &NoResources);
        let writer = t.elapsed().as_secs_f64() - reader;

        let t = Instant::now();
        let unlinked = read_post(&bytes, Some(&path), &plain).expect("reads");
        let reader_plain = t.elapsed().as_secs_f64();

        std::hint::black_box((events, out, html, unlinked));
        let now = [first_pass, all_events, push, reader, reader_plain, writer];
        for (b, v) in best.iter_mut().zip(now) {
            *b = b.min(v);
        }
    }
    let ms = |s: f64| s * 1e3;
    println!(
        "pulldown: first pass {:.2} ms, all events {:.2} ms, push_html {:.2} ms\n\
         quire: read {:.2} ms (without bare-URL links {:.2} ms), HTML {:.2} ms",
        ms(best[0]),
        ms(best[1]),
        ms(best[2]),
        ms(best[3]),
        ms(best[4]),
        ms(best[5])
    );
}
