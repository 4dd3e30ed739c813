//! Hostile and huge inputs through the reader and every writer: no panic, no stack
//! overflow, no quadratic blow-up, no decoding of absurd images.
//!
//! These run on the test harness's default 2 MiB thread stacks on purpose: the libraries
//! must not rely on the CLI's large stack. The slow ones are `#[ignore]`d and run by
//! `.ci/run` with `cargo test -p quire-tests --test hostile -- --ignored`.

use std::time::Duration;

// The allocator of the `quire` binary: scaling is measured as users get it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use quire_core::{read_post, Date, Document, NoResources, ReadOptions};
use quire_epub::{EpubOptions, Post};
use quire_html::{convert, HtmlOptions};
use quire_text::TextOptions;

fn read(src: &str) -> Document {
    read_post(src.as_bytes(), Some("hostile.md"), &ReadOptions::default())
        .expect("reads")
        .document
}

/// Every writer, on one document.
fn write_all(doc: &Document) {
    assert!(quire_text::to_text(doc, &TextOptions::default())
        .text
        .ends_with('\n'));
    assert!(!serde_json::to_string(doc).unwrap().is_empty());
    assert!(convert(doc, &HtmlOptions::default(), &NoResources)
        .html
        .ends_with("</html>\n"));
    let mut x = HtmlOptions::default();
    x.xhtml = true;
    assert!(convert(doc, &x, &NoResources).html.ends_with("</html>\n"));
    let mut o = EpubOptions::default();
    o.modified = Date::parse("2024-01-01");
    assert!(quire_epub::to_epub(&[Post::new(doc, &NoResources)], &o).is_ok());
    let pages = quire_typeset::typeset_post(
        doc,
        fonts(),
        &quire_typeset::TypesetOptions::default(),
        &NoResources,
    );
    let pdf = quire_pdf::write_pages(pages, fonts(), &quire_pdf::PdfOptions::default()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

fn fonts() -> &'static quire_typeset::FontBook {
    static BOOK: std::sync::OnceLock<quire_typeset::FontBook> = std::sync::OnceLock::new();
    BOOK.get_or_init(quire_typeset::FontBook::builtin)
}

#[test]
fn ten_thousand_nested_block_quotes() {
    write_all(&read(&(">".repeat(10_000) + " deep\n")));
}

#[test]
fn ten_thousand_nested_list_items() {
    let src: String = (0..10_000)
        .map(|i| format!("{}- item {i}\n", "  ".repeat(i)))
        .collect();
    write_all(&read(&src));
    write_all(&read(&"- ".repeat(10_000)));
}

#[test]
fn ten_thousand_emphasis_runs_and_unclosed_brackets() {
    write_all(&read(&("*".repeat(10_000) + "a" + &"*".repeat(10_000))));
    write_all(&read(&"_a ".repeat(10_000)));
    write_all(&read(&"[".repeat(10_000)));
    write_all(&read(&("[a](".repeat(10_000) + &")".repeat(10_000))));
    write_all(&read(&"<div>".repeat(10_000)));
}

#[test]
fn a_twenty_thousand_column_table() {
    let head: String = (0..20_000).map(|i| format!("|c{i}")).collect::<String>() + "|\n";
    let rule = "|-".repeat(20_000) + "|\n";
    let row: String = (0..20_000).map(|i| format!("|{i}")).collect::<String>() + "|\n";
    let doc = read(&format!("{head}{rule}{row}"));
    assert!(matches!(&doc.blocks[0], quire_core::Block::Table(t) if t.header.len() == 20_000));
    write_all(&doc);
}

/// A PNG whose header claims 50,000 x 50,000 pixels (10 GB decoded), 33 bytes long.
fn huge_png() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&50_000u32.to_be_bytes());
    png.extend_from_slice(&50_000u32.to_be_bytes());
    png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    png
}

#[test]
fn an_image_declaring_fifty_thousand_pixels_square_is_never_decoded() {
    // quire embeds image bytes as they are; nothing allocates by the declared size.
    let doc = read("![huge](huge.png)\n");
    let res = quire_testkit::Memory::new().with("huge.png", huge_png());
    let mut o = EpubOptions::default();
    o.modified = Date::parse("2024-01-01");
    let book = quire_epub::to_epub(&[Post::new(&doc, &res)], &o).unwrap();
    assert!(book.bytes.len() < 20_000);
    let mut h = HtmlOptions::default();
    h.embed_resources = true;
    assert!(convert(&doc, &h, &res)
        .html
        .contains("data:image/png;base64,"));
}

/// One unit of a realistic post.
const UNIT: &str = "## Section\n\nSome *text* with a [link](https://example.com/a) and `code`, \
                    https://bare.example/x and a footnote.[^n]\n\n- a list\n  - nested\n\n> quote\n\n\
                    ```rust\nfn main() {}\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<div>raw <b>html</b></div>\n\n";

/// A realistic post: [`UNIT`] repeated, and the footnote its units reference.
fn post_of(copies: usize) -> String {
    let mut s = UNIT.repeat(copies);
    s.push_str("[^n]: The note.\n");
    s
}

/// User CPU time of this thread running `f`, the best of three. Not wall time: the kernel's
/// zeroing of fresh pages (a third of a large run here) and other processes on the machine
/// are not the algorithm, and they made wall-clock ratios swing from 9 to 15.
fn time(f: impl Fn()) -> Duration {
    (0..3)
        .map(|_| {
            let before = thread_user_time();
            f();
            thread_user_time().saturating_sub(before)
        })
        .min()
        .unwrap()
}

fn thread_user_time() -> Duration {
    use nix::sys::resource::{getrusage, UsageWho};
    let usage = getrusage(UsageWho::RUSAGE_THREAD).expect("getrusage");
    let t = usage.user_time();
    Duration::new(t.tv_sec() as u64, t.tv_usec() as u32 * 1000)
}

#[test]
fn regression_repeated_headings_made_reading_quadratic() {
    let one = "## Same\n\n".repeat(5_000);
    let doc = read(&(one + "## Same\n"));
    let ids: std::collections::HashSet<&str> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            quire_core::Block::Heading(h) => Some(h.attr.id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(ids.len(), 5_001);
}

#[test]
#[ignore = "slow: run by .ci/run"]
fn eight_times_the_input_costs_under_twelve_times_the_time() {
    // Both sizes are well past the CPU caches (1 MB and 8 MB of Markdown), so the ratio
    // shows the algorithm, not a cache cliff.
    for (name, run) in [
        (
            "read + text",
            &(|s: &str| {
                let d = read(s);
                quire_text::to_text(&d, &TextOptions::default());
            }) as &dyn Fn(&str),
        ),
        ("read + html page", &|s: &str| {
            let d = read(s);
            convert(&d, &HtmlOptions::default(), &NoResources);
        }),
        ("nested quotes", &|s: &str| {
            read(&">".repeat(s.len() / 2));
        }),
    ] {
        let small = post_of(4_000);
        let large = post_of(32_000);
        // The small input is run eight times in one measurement: CPU time is counted in
        // clock ticks (4 ms here), too coarse for one run of ~30 ms.
        let t1 = time(|| (0..8).for_each(|_| run(&small))) / 8;
        let t8 = time(|| run(&large));
        let ratio = t8.as_secs_f64() / t1.as_secs_f64();
        eprintln!("{name}: {:?} -> {:?}, ratio {ratio:.2}", t1, t8);
        assert!(
            ratio < 12.0,
            "{name}: 8x the input took {ratio:.1}x the time"
        );
    }
}

#[test]
#[ignore = "slow: run by .ci/run"]
fn a_fifty_megabyte_post() {
    let src = post_of(50_000_000 / UNIT.len() + 1);
    assert!(src.len() > 50_000_000, "{}", src.len());
    let doc = read(&src);
    assert!(
        quire_text::to_text(&doc, &TextOptions::default())
            .text
            .len()
            > 10_000_000
    );
    let mut fragment = HtmlOptions::fragment();
    fragment.highlight = false;
    assert!(convert(&doc, &fragment, &NoResources).html.len() > 10_000_000);
}

#[test]
fn regression_front_matter_with_many_keys_stays_linear() {
    // Finding each key's line by scanning every line was quadratic (YAML, TOML, JSON), and
    // so was counting lines from the start for each Razor key.
    let yaml: String = (0..30_000).map(|i| format!("k{i}: {i}\n")).collect();
    assert_eq!(
        read(&format!("---\n{yaml}---\nbody\n")).meta.extra.len(),
        30_000
    );
    let razor: String = (0..30_000)
        .map(|i| format!("    K{i} = \"{i}\";\n"))
        .collect();
    assert_eq!(
        read(&format!("@{{\n{razor}}}\nbody\n")).meta.extra.len(),
        30_000
    );
    let toml: String = (0..30_000).map(|i| format!("k{i} = {i}\n")).collect();
    assert_eq!(
        read(&format!("+++\n{toml}+++\nbody\n")).meta.extra.len(),
        30_000
    );
}

#[test]
fn regression_an_image_declaring_huge_dimensions_is_a_placeholder_in_pdf() {
    // A 516 KB PNG declaring 22000 x 22000 pixels cost 3.8 GB to put in a PDF; past the
    // pixel budget the PDF gets the placeholder and a warning, and nothing is decoded.
    let mut png = Vec::new();
    image::RgbImage::from_pixel(8, 8, image::Rgb([1, 2, 3]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    // IHDR's width and height (bytes 16..24), then its CRC over type and data (12..29).
    png[16..20].copy_from_slice(&22_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&22_000u32.to_be_bytes());
    let mut crc = flate2::Crc::new();
    crc.update(&png[12..29]);
    png[29..33].copy_from_slice(&crc.sum().to_be_bytes());
    let doc = read("![huge](huge.png)\n");
    let res = quire_testkit::Memory::new().with("huge.png", png);
    let pages = quire_typeset::typeset_post(&doc, fonts(), &Default::default(), &res);
    assert!(
        pages
            .warnings
            .iter()
            .any(|w| w.message.contains("megapixels")),
        "{:?}",
        pages.warnings
    );
    assert!(pages.images.is_empty());
}

#[test]
fn regression_an_image_that_cannot_be_decoded_is_a_placeholder_not_a_blank() {
    // A PNG cut short read its size from the header, then decoded to nothing: the PDF
    // showed a silent 1x1 white square.
    let mut png = Vec::new();
    image::RgbImage::from_pixel(64, 64, image::Rgb([10, 20, 30]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    png.truncate(png.len() / 2);
    let doc = read("![cut](cut.png)\n");
    let res = quire_testkit::Memory::new().with("cut.png", png);
    let pages = quire_typeset::typeset_post(&doc, fonts(), &Default::default(), &res);
    assert!(
        pages
            .warnings
            .iter()
            .any(|w| w.message.contains("cannot be decoded")),
        "{:?}",
        pages.warnings
    );
    assert!(pages.images.is_empty());
}

#[test]
fn ten_thousand_blog_constructs() {
    // Callout markers, scripts, raw <sup>s without a close, shortcodes and definitions:
    // each must stay linear and deep nesting must not overflow a stack.
    write_all(&read(&"> [!note]- t\n".repeat(10_000)));
    write_all(&read(&(">".repeat(10_000) + " [!tip] deep\n")));
    write_all(&read(&"x^2^y~2~".repeat(10_000)));
    write_all(&read(&"^a".repeat(20_000)));
    write_all(&read(&"<sup>".repeat(20_000)));
    write_all(&read(&":tada::".repeat(10_000)));
    write_all(&read(&"Term\n: def\n".repeat(10_000)));
    write_all(&read(&": ".repeat(10_000)));
}

#[test]
fn regression_unclosed_raw_sup_tags_stay_linear() {
    let small = "a <sup> ".repeat(2_000);
    let large = "a <sup> ".repeat(16_000);
    let t_small = time(|| drop(read(&small)));
    let t_large = time(|| drop(read(&large)));
    // Eight times the input; a quadratic scan would take some 64 times as long.
    assert!(
        t_large < t_small * 24 + Duration::from_millis(50),
        "{t_small:?} -> {t_large:?}"
    );
}
