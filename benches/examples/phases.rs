//! temp: phase timings in-process
use std::time::Instant;
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let n = 40;
    let opts = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_TASKLISTS
        | pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES
        | pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION
        | pulldown_cmark::Options::ENABLE_GFM;
    let mut best = [f64::MAX; 7];
    let mut noauto = quire_core::ReadOptions::default();
    noauto.markdown.bare_autolinks = false;
    for _ in 0..n {
        let t = Instant::now();
        let p = pulldown_cmark::Parser::new_ext(&text, opts);
        let t1 = t.elapsed().as_secs_f64();
        let c = p.into_offset_iter().count();
        let t2 = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new_ext(&text, opts));
        let t3 = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let r = quire_core::read_post(&bytes, Some(&path), &quire_core::ReadOptions::default())
            .unwrap();
        let t4 = t.elapsed().as_secs_f64();
        let mut o = quire_html::HtmlOptions::fragment();
        o.highlight = false;
        let h = quire_html::to_html(&r.document, &o, &quire_core::NoResources);
        let t5 = t.elapsed().as_secs_f64();
        drop(h);
        drop(r);
        let t = Instant::now();
        let r2 = quire_core::read_post(&bytes, Some(&path), &noauto).unwrap();
        let t6 = t.elapsed().as_secs_f64();
        drop(r2);
        std::hint::black_box((c, out));
        for (b, v) in best.iter_mut().zip([t1, t2, t3, t4, t5 - t4, t6]) {
            *b = b.min(v);
        }
    }
    println!("firstpass {:.2} ms, +events {:.2} ms, push_html {:.2} ms | quire read {:.2} ms (no autolinks {:.2}), html {:.2} ms", best[0]*1e3, best[1]*1e3, best[2]*1e3, best[3]*1e3, best[5]*1e3, best[4]*1e3);
}
