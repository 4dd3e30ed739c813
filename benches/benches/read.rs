//! Throughput of reading posts (front matter + Markdown into the model) and writing plain
//! text, over the large files of `../shared/corpus/large` (or `$QUIRE_CORPUS`), next to
//! pulldown-cmark's bare event parse with the same extensions: the floor we build on.
//!
//! Skips with a message when the corpus is absent.

use std::path::{Path, PathBuf};

// The same allocator as the `quire` binary, so the figures are what users get.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pulldown_cmark::{Options, Parser};
use quire_core::{read_post, ReadOptions};
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
        let opts = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES
            | Options::ENABLE_SMART_PUNCTUATION
            | Options::ENABLE_GFM;
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
}

criterion_group!(benches, bench);
criterion_main!(benches);
