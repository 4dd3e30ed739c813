//! Throughput of reading posts (front matter + Markdown into the model) and writing plain
//! text, over the large files of `../shared/corpus/large` (or `$QUIRE_CORPUS`), next to
//! pulldown-cmark's bare event parse with the same extensions: the floor we build on.
//!
//! Skips with a message when the corpus is absent.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pulldown_cmark::Parser;
use quire_benches::gfm_options;
use quire_core::{read_post, NoResources, ReadOptions};
use quire_html::{convert, HtmlOptions};
use quire_text::TextOptions;

fn corpus_dir() -> PathBuf {
    std::env::var_os("QUIRE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/large"))
}

fn collect(dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect(&p, out);
        } else if p
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown" || e == "txt")
        {
            out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
        }
    }
}

fn bench(c: &mut Criterion) {
    let mut files = Vec::new();
    collect(&corpus_dir(), &mut files);
    if files.is_empty() {
        eprintln!(
            "skipping: no corpus at {} (set QUIRE_CORPUS)",
            corpus_dir().display()
        );
        return;
    }
    let bytes: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
    eprintln!(
        "corpus: {} files, {:.2} MB",
        files.len(),
        bytes as f64 / 1e6
    );
    let texts: Vec<String> = files
        .iter()
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();

    let mut g = c.benchmark_group("large-corpus");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(20);
    g.bench_function("pulldown-cmark events (floor)", |b| {
        let opts = gfm_options();
        b.iter(|| {
            let mut n = 0usize;
            for t in &texts {
                n += Parser::new_ext(t, opts).into_offset_iter().count();
            }
            n
        })
    });
    g.bench_function("quire read", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for (name, data) in &files {
                n += read_post(data, Some(name), &ReadOptions::default())
                    .map_or(0, |r| r.document.blocks.len());
            }
            n
        })
    });
    g.bench_function("quire read + text", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for (name, data) in &files {
                if let Ok(r) = read_post(data, Some(name), &ReadOptions::default()) {
                    n += quire_text::to_text(&r.document, &TextOptions::default())
                        .text
                        .len();
                }
            }
            n
        })
    });
    let nowrap = TextOptions::default().with_wrap(quire_text::Wrap::None);
    g.bench_function("quire read + text, no wrapping", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for (name, data) in &files {
                if let Ok(r) = read_post(data, Some(name), &ReadOptions::default()) {
                    n += quire_text::to_text(&r.document, &nowrap).text.len();
                }
            }
            n
        })
    });
    g.finish();

    // HTML: pulldown-cmark's parse + push_html (the physical limit of parse and write)
    // against quire's writer from the model, and quire's whole read + write.
    let mut h = c.benchmark_group("large-corpus-html");
    h.throughput(Throughput::Bytes(bytes));
    h.sample_size(20);
    let opts = gfm_options();
    h.bench_function("pulldown-cmark parse + push_html", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for t in &texts {
                let mut out = String::with_capacity(t.len() * 3 / 2);
                pulldown_cmark::html::push_html(&mut out, Parser::new_ext(t, opts));
                n += out.len();
            }
            n
        })
    });
    let docs: Vec<_> = files
        .iter()
        .filter_map(|(name, data)| read_post(data, Some(name), &ReadOptions::default()).ok())
        .map(|r| r.document)
        .collect();
    let mut fragment = HtmlOptions::fragment();
    fragment.highlight = false;
    h.bench_function("quire write fragment (model to HTML)", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| convert(d, &fragment, &NoResources).html.len())
                .sum::<usize>()
        })
    });
    h.bench_function("quire read + write fragment", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for (name, data) in &files {
                if let Ok(r) = read_post(data, Some(name), &ReadOptions::default()) {
                    n += convert(&r.document, &fragment, &NoResources).html.len();
                }
            }
            n
        })
    });
    let page = HtmlOptions::default();
    h.bench_function("quire read + write page (highlighting, repair)", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for (name, data) in &files {
                if let Ok(r) = read_post(data, Some(name), &ReadOptions::default()) {
                    n += convert(&r.document, &page, &NoResources).html.len();
                }
            }
            n
        })
    });
    h.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
