//! EPUB writer tests: the package's structure and metadata, reproducibility, images and links.

use std::io::{Cursor, Read};

use super::*;
use quire_core::{read_post, ReadOptions};
use quire_testkit::Memory;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xff\xff?\0\x05\xfe\x02\xfe\xa7\x35\x81\x84\0\0\0\0IEND\xaeB`\x82";

fn doc(name: &str, src: &str) -> Document {
    read_post(src.as_bytes(), Some(name), &ReadOptions::default())
        .unwrap()
        .document
}

fn entries(epub: &[u8]) -> Vec<(String, Vec<u8>, zip::CompressionMethod)> {
    let mut z = zip::ZipArchive::new(Cursor::new(epub)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_owned(), data, f.compression())
        })
        .collect()
}

fn text(entries: &[(String, Vec<u8>, zip::CompressionMethod)], name: &str) -> String {
    let e = entries
        .iter()
        .find(|(n, ..)| n == name)
        .unwrap_or_else(|| panic!("no {name}"));
    String::from_utf8(e.1.clone()).unwrap()
}

fn options() -> EpubOptions {
    EpubOptions {
        modified: Date::parse("2024-01-02T03:04:05Z"),
        ..EpubOptions::default()
    }
}

fn two_posts() -> (Document, Document) {
    let a = doc(
        "posts/first.md",
        "---\ntitle: First & Best\nauthor: [Ann, Bob]\ndate: 2016-03-18\ntags: [rust, epub]\nlang: en-GB\ndescription: The first one.\n---\n## Intro\n\nSee [the second](second.md#details) and ![a dot](dot.png).\n\n### Deeper\n\n![gone](missing.png) ![far](https://x.org/a.png)\n",
    );
    let b = doc("posts/second.md", "---\ntitle: Second\nauthor: Cy\ndate: 2017-01-01\n---\n## Details\n\nSame image ![dot again](dot.png) and a [site link](/about/).\n");
    (a, b)
}

fn memory() -> Memory {
    Memory::new().with("dot.png", PNG)
}

#[test]
fn a_book_has_a_valid_package_structure() {
    let (a, b) = two_posts();
    let res = memory();
    let out = to_epub(&[Post::new(&a, &res), Post::new(&b, &res)], &options()).unwrap();
    let e = entries(&out.bytes);
    assert_eq!(e[0].0, "mimetype");
    assert_eq!(e[0].1, b"application/epub+zip");
    assert_eq!(e[0].2, zip::CompressionMethod::Stored);
    let names: Vec<&str> = e.iter().map(|(n, ..)| n.as_str()).collect();
    for needed in [
        "META-INF/container.xml",
        "OEBPS/content.opf",
        "OEBPS/nav.xhtml",
        "OEBPS/toc.ncx",
        "OEBPS/cover.xhtml",
        "OEBPS/post-001.xhtml",
        "OEBPS/post-002.xhtml",
        "OEBPS/stylesheet.css",
        "OEBPS/images/cover.svg",
        "OEBPS/images/image-001.png",
    ] {
        assert!(names.contains(&needed), "{needed} missing from {names:?}");
    }
    // The same image used by both posts is stored once.
    assert_eq!(
        names
            .iter()
            .filter(|n| n.starts_with("OEBPS/images/image-"))
            .count(),
        1
    );
    for (name, data, _) in &e {
        if name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".ncx") {
            let s = String::from_utf8(data.clone()).unwrap();
            let opts = roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            };
            assert!(
                roxmltree::Document::parse_with_options(&s, opts).is_ok(),
                "{name} is not well-formed XML"
            );
        }
    }
}

#[test]
fn metadata_is_complete_and_ids_unique() {
    let (a, b) = two_posts();
    let res = memory();
    let out = to_epub(&[Post::new(&a, &res), Post::new(&b, &res)], &options()).unwrap();
    let opf = text(&entries(&out.bytes), "OEBPS/content.opf");
    for needle in [
        "<dc:title>Collected posts</dc:title>",
        ">Ann</dc:creator>",
        ">Bob</dc:creator>",
        ">Cy</dc:creator>",
        ">en-GB</dc:language>",
        "<dc:date>2017-01-01T00:00:00Z</dc:date>",
        "<dc:subject>rust</dc:subject>",
        "<dc:subject>epub</dc:subject>",
        "urn:uuid:",
        "<meta property=\"dcterms:modified\">2024-01-02T03:04:05Z</meta>",
        "<meta property=\"schema:accessMode\">textual</meta>",
        "<meta property=\"schema:accessModeSufficient\">textual</meta>",
        "<meta property=\"schema:accessibilityFeature\">tableOfContents</meta>",
        "<meta property=\"schema:accessibilityHazard\">none</meta>",
        "schema:accessibilitySummary",
        "properties=\"cover-image\"",
    ] {
        assert!(opf.contains(needle), "OPF lacks {needle}:\n{opf}");
    }
    // Regression: epub-builder 0.8.3 gave dc:language and dc:creator the same id.
    let ids: Vec<&str> = opf
        .split("id=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "duplicate ids in {ids:?}");
}

#[test]
fn navigation_lists_posts_and_their_headings() {
    let (a, b) = two_posts();
    let res = memory();
    let out = to_epub(&[Post::new(&a, &res), Post::new(&b, &res)], &options()).unwrap();
    let e = entries(&out.bytes);
    let nav = text(&e, "OEBPS/nav.xhtml");
    assert!(
        nav.contains("post-001.xhtml\">First &amp; Best</a>"),
        "{nav}"
    );
    assert!(nav.contains("post-001.xhtml#intro\">Intro</a>"), "{nav}");
    assert!(
        !nav.contains("#deeper"),
        "depth 2 stops at the first heading level"
    );
    assert!(nav.contains("epub:type=\"landmarks\"") || nav.contains("epub:type = \"landmarks\""));
    let ncx = text(&e, "OEBPS/toc.ncx");
    assert!(ncx.contains("post-002.xhtml#details"), "{ncx}");
}

#[test]
fn images_missing_or_remote_never_leave_a_dangling_reference() {
    let (a, b) = two_posts();
    let res = memory();
    let out = to_epub(&[Post::new(&a, &res), Post::new(&b, &res)], &options()).unwrap();
    let e = entries(&out.bytes);
    let first = text(&e, "OEBPS/post-001.xhtml");
    assert!(
        first.contains("<img src=\"images/image-001.png\" alt=\"a dot\" />"),
        "{first}"
    );
    assert!(first.contains("[image: gone]"));
    assert!(
        first.contains("<a href=\"https://x.org/a.png\"><span class=\"missing-image\""),
        "{first}"
    );
    assert!(!first.contains("missing.png\""));
    let lines: Vec<String> = out.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        lines.contains(
            &"posts/first.md:15: image missing.png not found (looked in memory)".to_owned()
        ),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("posts/first.md:15: image https://x.org/a.png is remote")),
        "{lines:?}"
    );
}

#[test]
fn regression_images_of_a_post_with_raw_html_are_shown() {
    // Any raw HTML, even the excerpt mark, made every image of the post a placeholder
    // (with no warning) while the image was packed, unreferenced, into the book.
    let a = doc(
        "posts/more.md",
        "---\ntitle: More\n---\nIntro.\n\n<!--more-->\n\n![a dot](dot.png)\n\nAnd <b>raw</b> with ![inline](dot.png) and <img src=\"dot.png\" alt=\"raw\">.\n",
    );
    let res = memory();
    let out = to_epub(&[Post::new(&a, &res)], &options()).unwrap();
    let e = entries(&out.bytes);
    let chapter = text(&e, "OEBPS/post-001.xhtml");
    assert!(!chapter.contains("missing-image"), "{chapter}");
    assert_eq!(
        chapter.matches("src=\"images/image-001.png\"").count(),
        3,
        "{chapter}"
    );
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
}

#[test]
fn links_to_missing_anchors_are_unlinked_with_a_warning_at_their_line() {
    let a = doc(
        "posts/a.md",
        "## Here\n\n[ok](#here) [typo](#hree) [there](b.md#nope) [raw](b.md#there)\n\n<a href=\"#gone\">raw gone</a>\n",
    );
    let b = doc("posts/b.md", "## There\n");
    let res = memory();
    let out = to_epub(&[Post::new(&a, &res), Post::new(&b, &res)], &options()).unwrap();
    let chapter = text(&entries(&out.bytes), "OEBPS/post-001.xhtml");
    assert!(chapter.contains("<a href=\"#here\">ok</a>"), "{chapter}");
    assert!(chapter.contains("<span>typo</span>"), "{chapter}");
    assert!(
        chapter.contains("<a href=\"post-002.xhtml\">there</a>"),
        "{chapter}"
    );
    assert!(
        chapter.contains("<a href=\"post-002.xhtml#there\">raw</a>"),
        "{chapter}"
    );
    assert!(chapter.contains("<a>raw gone</a>"), "{chapter}");
    let lines: Vec<String> = out.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        lines,
        [
            "posts/a.md:3: link to #hree: the post has no anchor \"hree\"",
            "posts/a.md:3: link to b.md#nope: that post has no anchor \"nope\"; the link goes to its start",
            "posts/a.md:5: link to #gone: the post has no anchor \"gone\"",
        ]
    );
}

#[test]
fn links_between_posts_go_to_their_chapters() {
    let (a, b) = two_posts();
    let res = memory();
    let out = to_epub(&[Post::new(&a, &res), Post::new(&b, &res)], &options()).unwrap();
    let e = entries(&out.bytes);
    assert!(text(&e, "OEBPS/post-001.xhtml")
        .contains("<a href=\"post-002.xhtml#details\">the second</a>"));
    let second = text(&e, "OEBPS/post-002.xhtml");
    assert!(second.contains("<span>site link</span>"), "{second}");
}

#[test]
fn same_input_same_bytes_and_a_content_derived_identifier() {
    let (a, b) = two_posts();
    let res = memory();
    let posts = [Post::new(&a, &res), Post::new(&b, &res)];
    let one = to_epub(&posts, &options()).unwrap().bytes;
    let two = to_epub(&posts, &options()).unwrap().bytes;
    assert_eq!(one, two);
    let id = |bytes: &[u8]| {
        let opf = text(&entries(bytes), "OEBPS/content.opf");
        opf.split("urn:uuid:").nth(1).unwrap()[..36].to_owned()
    };
    let only_first = to_epub(&posts[..1], &options()).unwrap().bytes;
    assert_ne!(id(&one), id(&only_first));
    let mut given = options();
    given.identifier = Some("urn:uuid:12345678-1234-5678-1234-567812345678".into());
    assert_eq!(
        id(&to_epub(&posts, &given).unwrap().bytes),
        "12345678-1234-5678-1234-567812345678"
    );
}

#[test]
fn a_given_cover_is_used_and_a_bad_one_refused() {
    let (a, _) = two_posts();
    let res = memory();
    let mut o = options();
    o.cover = Some(CoverImage::new("cover.png", PNG.to_vec()));
    let out = to_epub(&[Post::new(&a, &res)], &o).unwrap();
    let e = entries(&out.bytes);
    assert!(e.iter().any(|(n, ..)| n == "OEBPS/images/cover.png"));
    assert!(text(&e, "OEBPS/content.opf").contains("<dc:title>First &amp; Best</dc:title>"));
    o.cover = Some(CoverImage::new("cover.txt", b"not an image".to_vec()));
    assert!(matches!(
        to_epub(&[Post::new(&a, &res)], &o),
        Err(EpubError::BadCover(_))
    ));
}

#[test]
fn an_empty_book_is_an_error() {
    assert!(matches!(to_epub(&[], &options()), Err(EpubError::Empty)));
}

/// Regression: tags spelled differently across posts (`Rust`, `rust`) gave two subjects.
#[test]
fn regression_subjects_are_deduplicated_case_insensitively() {
    let a = doc("a.md", "---\ntitle: A\ntags: [Rust, EPUB]\n---\nx\n");
    let b = doc("b.md", "---\ntitle: B\ntags: [rust, epub, Books]\n---\ny\n");
    let res = memory();
    let out = to_epub(&[Post::new(&a, &res), Post::new(&b, &res)], &options()).unwrap();
    let opf = text(&entries(&out.bytes), "OEBPS/content.opf");
    let subjects: Vec<&str> = opf
        .match_indices("<dc:subject>")
        .map(|(i, m)| {
            let rest = &opf[i + m.len()..];
            &rest[..rest.find('<').unwrap()]
        })
        .collect();
    assert_eq!(subjects, ["Rust", "EPUB", "Books"], "{opf}");
}
