//! One post with every kind of link and image, resolved once and written by HTML, EPUB and
//! PDF: each format consumes the same resolution, and the same problem gives the same
//! warning in every format.

use quire_core::resolve::PostInput;
use quire_core::{resolve, resolve_book, Document, LinkTarget, Resolution, Resolved};
use quire_testkit::{doc, memory, messages, Memory, EVERY_LINK, OTHER};
use quire_typeset::page::{Element, LinkTarget as PageLink};

fn posts() -> [Document; 2] {
    [
        doc("posts/every.md", EVERY_LINK),
        doc("posts/other.md", OTHER),
    ]
}

fn book(docs: &[Document], files: &Memory, options: &quire_core::ResolveOptions) -> Resolution {
    let inputs: Vec<PostInput<'_>> = docs
        .iter()
        .map(|doc| PostInput {
            doc,
            resources: files,
        })
        .collect();
    resolve_book(&inputs, options)
}

const LINKS: [&str; 11] = [
    "#top-heading",
    "#no-such",
    "#fn-1",
    "#raw",
    "other.md",
    "other.md#part",
    "other.md#gone",
    "/other/",
    "notes.txt",
    "https://example.com/x",
    "#raw-nowhere",
];

/// The link targets of the post, with ids unscoped (books prefix them per post).
fn targets(res: &Resolution, docs: &[Document]) -> Vec<String> {
    let post = Resolved::new(&docs[0], res, 0);
    LINKS
        .iter()
        .map(|url| match post.link(url) {
            LinkTarget::Anchor(id) => format!("anchor {}", id.trim_start_matches("p0-")),
            LinkTarget::Post { post, anchor } => format!(
                "post {post} {}",
                anchor.as_deref().unwrap_or("-").trim_start_matches("p1-")
            ),
            other => format!("{other:?}"),
        })
        .collect()
}

#[test]
fn every_format_resolves_links_the_same_way() {
    let docs = posts();
    let files = memory();
    let html = quire_html::HtmlOptions::default().resolve_options();
    let epub = quire_epub::resolve_options();
    let pdf = quire_typeset::resolve_options(false);
    // One post alone: the same targets whatever the output.
    let single: Vec<Vec<String>> = [&html, &epub, &pdf]
        .iter()
        .map(|o| targets(&resolve(&docs[0], &files, o), &docs))
        .collect();
    assert_eq!(single[0], single[1]);
    assert_eq!(single[0], single[2]);
    assert_eq!(
        single[0],
        [
            "anchor top-heading",
            "MissingAnchor",
            "anchor fn-1",
            "anchor raw",
            "Local",
            "Local",
            "Local",
            "Local",
            "Local",
            "External",
            "MissingAnchor",
        ]
    );
    // A book: links between its posts go to the other post, in EPUB and PDF alike.
    let in_epub = targets(&book(&docs, &files, &epub), &docs);
    let in_pdf = targets(
        &book(&docs, &files, &quire_typeset::resolve_options(true)),
        &docs,
    );
    assert_eq!(in_epub, in_pdf);
    assert_eq!(
        &in_epub[4..9],
        ["post 1 -", "post 1 part", "post 1 -", "post 1 -", "Local"]
    );
}

#[test]
fn the_same_problem_gives_the_same_warning_in_every_format() {
    let docs = posts();
    let files = memory();
    let page = quire_html::convert(&docs[0], &quire_html::HtmlOptions::default(), &files);
    let epub = quire_epub::to_epub(
        &[quire_epub::Post::new(&docs[0], &files)],
        &quire_epub::EpubOptions::default(),
    )
    .unwrap();
    let fonts = quire_typeset::FontBook::builtin();
    let pdf = quire_typeset::typeset_post(
        &docs[0],
        &fonts,
        &quire_typeset::TypesetOptions::default(),
        &files,
    );
    let (page, epub, pdf) = (
        messages(&page.warnings),
        messages(&epub.warnings),
        messages(&pdf.warnings),
    );
    let everywhere = [
        "link to #no-such: the post has no anchor \"no-such\"",
        "link to #raw-nowhere: the post has no anchor \"raw-nowhere\"",
        "image img/missing.png not found (looked in memory)",
        "image ../../secret.png is outside the allowed folders: it is outside the site",
        "image img/raw-missing.png not found (looked in memory)",
    ];
    let where_read = [
        "image https://example.com/r.png is remote; quire does not fetch it",
        "image img/bad.png (mem:img/bad.png) is not a PNG, JPEG, GIF, WebP or SVG image",
    ];
    for m in everywhere {
        for (format, warnings) in [("html", &page), ("epub", &epub), ("pdf", &pdf)] {
            assert_eq!(
                warnings.iter().filter(|w| *w == m).count(),
                1,
                "{format}: {m:?} once in {warnings:#?}"
            );
        }
    }
    for m in where_read {
        assert!(
            epub.iter().any(|w| w == m) && pdf.iter().any(|w| w == m),
            "{m}"
        );
        assert!(!page.iter().any(|w| w == m), "a page links images: {m}");
    }
    // What only one medium cannot do is said by that medium alone.
    let svg = "image img/s.svg: image/svg+xml images cannot be shown in PDF";
    assert!(pdf.iter().any(|w| w == svg) && !epub.iter().any(|w| w == svg));
    let outside = "link to notes.txt leads outside the book: kept as text";
    assert!(epub.iter().any(|w| w == outside) && !pdf.iter().any(|w| w == outside));
    // Nothing else: every warning above, and the known per-medium ones, account for all.
    let extra_epub = [
        "link to other.md leads outside the book: kept as text",
        "link to other.md#part leads outside the book: kept as text",
        "link to other.md#gone leads outside the book: kept as text",
        "link to /other/ leads outside the book: kept as text",
    ];
    assert_eq!(page.len(), everywhere.len(), "{page:#?}");
    assert_eq!(
        pdf.len(),
        everywhere.len() + where_read.len() + 1,
        "{pdf:#?}"
    );
    assert_eq!(
        epub.len(),
        everywhere.len() + where_read.len() + 1 + extra_epub.len(),
        "{epub:#?}"
    );
}

#[test]
fn every_writer_shows_what_the_resolution_decided() {
    let docs = posts();
    let files = memory();
    // EPUB: both found images (Markdown and raw HTML) shown, other posts' links to their
    // chapters, missing anchors unlinked, the rest as placeholders.
    let epub = quire_epub::to_epub(
        &[
            quire_epub::Post::new(&docs[0], &files),
            quire_epub::Post::new(&docs[1], &files),
        ],
        &quire_epub::EpubOptions::default(),
    )
    .unwrap();
    let chapter = quire_tests::epub_entry(&epub.bytes, "OEBPS/post-001.xhtml");
    assert_eq!(
        chapter.matches("<img src=\"images/image-001.png\"").count(),
        2,
        "{chapter}"
    );
    for shown in [
        "<a href=\"#top-heading\">here</a>",
        "<span>nowhere</span>",
        "<a href=\"post-002.xhtml#part\">other section</a>",
        "<a href=\"post-002.xhtml\">other missing</a>",
        "<a href=\"post-002.xhtml\">slash</a>",
        "<span>file</span>",
        "<a href=\"https://example.com/x\">web</a>",
        "<a href=\"post-002.xhtml#part\">raw other</a>",
        "<a>raw nowhere</a>",
        "[image: missing]",
        "[image: raw missing]",
    ] {
        assert!(chapter.contains(shown), "{shown} in {chapter}");
    }
    // PDF book: the one found image placed once, links to the other post land on its page.
    let fonts = quire_typeset::FontBook::builtin();
    let res = book(&docs, &files, &quire_typeset::resolve_options(true));
    let pages = quire_typeset::typeset_book(
        &[&docs[0], &docs[1]],
        &res,
        &fonts,
        &quire_typeset::TypesetOptions::default(),
        &quire_typeset::BookOptions::default(),
    );
    let elements: Vec<&Element> = pages.pages.iter().flat_map(|p| &p.elements).collect();
    let images = elements
        .iter()
        .filter(|e| matches!(e, Element::Image { .. }))
        .count();
    assert_eq!(images, 1);
    let other_page = pages
        .pages
        .iter()
        .position(|p| {
            p.elements.iter().any(|e| match e {
                Element::Text(r) => {
                    r.glyphs.iter().map(|g| &*g.text).collect::<String>() == "Other"
                }
                _ => false,
            })
        })
        .expect("the other post's title");
    let internal: Vec<usize> = elements
        .iter()
        .filter_map(|e| match e {
            Element::Link {
                target: PageLink::Internal { page, .. },
                ..
            } => Some(*page),
            _ => None,
        })
        .collect();
    assert!(
        internal.iter().filter(|p| **p >= other_page).count() >= 4,
        "links to the other post: {internal:?}, its page {other_page}"
    );
    // HTML page: the found image linked where it is, ids as written.
    let page = quire_html::convert(&docs[0], &quire_html::HtmlOptions::default(), &files);
    assert!(page.html.contains("<img src=\"img/a.png\" alt=\"found\">"));
    assert!(page.html.contains("<a href=\"#top-heading\">here</a>"));
}
