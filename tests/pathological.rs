//! cmark's pathological inputs (the cases `test/pathological_tests.py` of commonmark/cmark
//! lists, the generators written here), each at two sizes, through the reader and the
//! text, HTML and PDF writers: time must grow linearly with the input. Ignored by default
//! (a minute or more); `.ci/run` runs them with
//! `cargo test --release -p quire-tests --test pathological -- --ignored`.

use std::time::Duration;

use quire_core::{read_post, NoResources, ReadOptions};

/// A case: its name and the input at scale `n` (the larger run is at `4 * n`).
type Case = (&'static str, fn(usize) -> String);

const CASES: &[Case] = &[
    ("nested strong emph", |n| {
        format!("{}b{}", "*a **a ".repeat(n), " a** a*".repeat(n))
    }),
    ("many emph closers with no openers", |n| "a_ ".repeat(n)),
    ("many emph openers with no closers", |n| "_a ".repeat(n)),
    ("many link closers with no openers", |n| "a]".repeat(n)),
    ("many link openers with no closers", |n| "[a".repeat(n)),
    ("mismatched openers and closers", |n| "*a_ ".repeat(n)),
    ("openers and closers multiple of 3", |n| {
        format!("a**b{}", "c* ".repeat(n))
    }),
    ("link openers and emph closers", |n| "[ a_".repeat(n)),
    ("pattern [ (]( repeated", |n| "[ (](".repeat(n)),
    ("pattern ![[]() repeated", |n| "![[]()".repeat(n)),
    ("nested brackets", |n| {
        format!("{}a{}", "[".repeat(n), "]".repeat(n))
    }),
    ("nested block quotes", |n| format!("{}a", "> ".repeat(n))),
    ("deeply nested lists", |n| {
        (0..n / 40)
            .map(|i| format!("{}* a\n", "  ".repeat(i)))
            .collect()
    }),
    ("backticks", |n| {
        (1..n / 40).map(|i| format!("e{}", "`".repeat(i))).collect()
    }),
    ("unclosed links A", |n| "[a](<b".repeat(n)),
    ("unclosed links B", |n| "[a](b".repeat(n)),
    ("unclosed comments", |n| format!("</{}", "<!--".repeat(n))),
    ("emph in deep blockquote", |n| {
        format!("{}{}", ">".repeat(n), "a*".repeat(n))
    }),
    ("link destinations with many parentheses", |n| {
        format!("[a]({}", "(".repeat(n))
    }),
    ("many references", |n| {
        let mut s: String = (0..n).map(|i| format!("[{i}]: u\n")).collect();
        s.push_str(&"[0] ".repeat(n / 10));
        s
    }),
    ("issue 389: emphasis runs", |n| {
        format!("{}{}", "*a ".repeat(n), "b*".repeat(n))
    }),
    ("one unbreakable word", |n| "x".repeat(n * 4)),
    ("a huge title", |n| {
        format!("---\ntitle: {}\n---\nBody.\n", "word".repeat(n))
    }),
];

fn thread_user_time() -> Duration {
    use nix::sys::resource::{getrusage, UsageWho};
    let usage = getrusage(UsageWho::RUSAGE_THREAD).expect("getrusage");
    let t = usage.user_time();
    Duration::new(t.tv_sec() as u64, t.tv_usec() as u32 * 1000)
}

/// CPU time of `f`, the best of two; a short run is repeated until it lasts 50 ms.
fn time(f: &dyn Fn()) -> Duration {
    (0..2)
        .map(|_| {
            let before = thread_user_time();
            let mut runs = 0u32;
            loop {
                f();
                runs += 1;
                let spent = thread_user_time().saturating_sub(before);
                if spent >= Duration::from_millis(50) || runs >= 64 {
                    break spent / runs;
                }
            }
        })
        .min()
        .unwrap()
}

fn fonts() -> &'static quire_typeset::FontBook {
    static BOOK: std::sync::OnceLock<quire_typeset::FontBook> = std::sync::OnceLock::new();
    BOOK.get_or_init(quire_typeset::FontBook::builtin)
}

fn through(format: &str, src: &str) {
    let read = read_post(src.as_bytes(), Some("case.md"), &ReadOptions::default())
        .expect("every case reads");
    let doc = &read.document;
    match format {
        "text" => {
            quire_text::to_text(doc, &quire_text::TextOptions::default());
        }
        "html" => {
            quire_html::convert(doc, &quire_html::HtmlOptions::default(), &NoResources);
        }
        _ => {
            let pages = quire_typeset::typeset_post(
                doc,
                fonts(),
                &quire_typeset::TypesetOptions::default(),
                &NoResources,
            );
            quire_pdf::write_pages(pages, fonts(), &quire_pdf::PdfOptions::default())
                .expect("a PDF");
        }
    }
}

/// Runs every case at `n` and `4 n` in `format`; returns the cases whose time grew more
/// than `bound` times, with their figures.
fn superlinear(format: &str, n: usize, bound: f64) -> Vec<String> {
    let mut bad = Vec::new();
    for (name, make) in CASES {
        let (small, large) = (make(n), make(4 * n));
        let t1 = time(&|| through(format, &small));
        let t4 = time(&|| through(format, &large));
        // Below a few milliseconds the ratio is noise. Some inputs (nested lists, runs of
        // backticks) grow faster than `n`: the ratio is taken per byte, times four.
        let bytes = large.len() as f64 / small.len() as f64;
        let ratio = t4.as_secs_f64() / t1.as_secs_f64().max(0.002) / bytes * 4.0;
        eprintln!("{format:4} {name}: {t1:?} -> {t4:?} (x{ratio:.1})");
        if ratio > bound {
            bad.push(format!("{name}: {t1:?} at n, {t4:?} at 4n (x{ratio:.1})"));
        }
    }
    bad
}

/// Four times the input may cost up to seven times the time: linear, with room for caches
/// and allocator growth, but not for a quadratic (sixteen).
const BOUND: f64 = 7.0;

/// Runs on a big stack: the writers recurse (within the reader's nesting limit).
fn on_big_stack(f: impl FnOnce() -> Vec<String> + Send + 'static) -> Vec<String> {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

#[test]
#[ignore = "slow: run by .ci/run"]
fn pathological_inputs_are_linear_in_text_and_html() {
    let bad = on_big_stack(|| {
        let mut bad = superlinear("text", 20_000, BOUND);
        bad.extend(superlinear("html", 20_000, BOUND));
        bad
    });
    assert!(bad.is_empty(), "superlinear: {bad:#?}");
}

#[test]
#[ignore = "slow: run by .ci/run"]
fn pathological_inputs_are_linear_in_pdf() {
    let bad = on_big_stack(|| superlinear("pdf", 5_000, BOUND));
    assert!(bad.is_empty(), "superlinear: {bad:#?}");
}
