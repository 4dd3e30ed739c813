//! Reader tests: front matter of every style, the oddities real posts contain, the model's
//! shape (positions, tightness, footnotes, ids) and error reporting.

use super::*;

fn read(src: &str) -> Read {
    read_post(src.as_bytes(), Some("post.md"), &ReadOptions::default()).expect("reads")
}

fn doc(src: &str) -> Document {
    read(src).document
}

fn err(src: &[u8]) -> Diagnostic {
    read_post(src, Some("post.md"), &ReadOptions::default())
        .expect_err("fails")
        .diagnostic()
        .clone()
}

/// A paragraph's content, or a figure's (the paragraph of images it was written as).
fn para_content(b: &Block) -> &[Inline] {
    match b {
        Block::Paragraph { content, .. } => content,
        Block::Figure(f) => &f.content,
        other => panic!("not a paragraph: {other:?}"),
    }
}

fn para_text(b: &Block) -> String {
    plain_text(para_content(b))
}

// ---- front matter styles -------------------------------------------------------------

#[test]
fn yaml_front_matter() {
    let d = doc("---\ntitle: Hello\nauthor: [Ann, Bob]\ndate: 2021-07-29\ntags: rust, release\nlayout: post\n---\nBody.\n");
    assert_eq!(d.meta.title.as_deref(), Some("Hello"));
    assert_eq!(d.meta.authors, ["Ann", "Bob"]);
    assert_eq!(d.meta.date.unwrap().to_string(), "2021-07-29");
    assert_eq!(d.meta.tags, ["rust", "release"]);
    assert_eq!(d.meta.extra["layout"], MetaValue::String("post".into()));
    assert_eq!(d.blocks.len(), 1);
}

#[test]
fn toml_front_matter_with_native_dates_and_tables() {
    let d = doc("+++\ntitle = \"Zola\"\ndate = 2025-02-21T01:54:46+01:00\n[taxonomies]\ntags = [\"a\", \"b\"]\n+++\nBody\n");
    assert_eq!(d.meta.title.as_deref(), Some("Zola"));
    assert_eq!(
        d.meta.date.unwrap().to_string(),
        "2025-02-21T01:54:46+01:00"
    );
    let MetaValue::Map(tax) = &d.meta.extra["taxonomies"] else {
        panic!()
    };
    assert_eq!(tax[0].0, "tags");
}

#[test]
fn json_front_matter() {
    let r = read(
        "{\n  \"title\": \"J\",\n  \"authors\": [\"X\"],\n  \"draft\": true\n}\n\n# Heading\n",
    );
    assert_eq!(r.front_style, Some(FrontStyle::Json));
    assert_eq!(r.document.meta.title.as_deref(), Some("J"));
    assert_eq!(r.document.meta.extra["draft"], MetaValue::Bool(true));
    assert!(matches!(r.document.blocks[0], Block::Heading(_)));
}

#[test]
fn razor_header_like_the_seed() {
    let src = "\u{feff}@{\n    Layout = \"post\";\n    Title = \"Talk recap: Example Conf\";\n    AddedDate = \"2016-03-18T01:38:53\";\n    Tags = \"\";\n    Description = \"My recap\";\n    Image = \"\";\n    PostAuthor = \"Ada Lovelace\";\n}\n\n---\nFirst paragraph.\n";
    let r = read(src);
    assert_eq!(r.front_style, Some(FrontStyle::Razor));
    let m = &r.document.meta;
    assert_eq!(m.title.as_deref(), Some("Talk recap: Example Conf"));
    assert_eq!(m.authors, ["Ada Lovelace"]);
    assert_eq!(m.date.unwrap().to_string(), "2016-03-18T01:38:53");
    assert_eq!(m.description.as_deref(), Some("My recap"));
    assert!(m.tags.is_empty() && m.image.is_none());
    // The `---` separator is not a thematic break in the body.
    assert_eq!(r.document.blocks.len(), 1);
    assert_eq!(para_text(&r.document.blocks[0]), "First paragraph.");
}

// ---- Razor oddities ---------------------------------------------------------------------

#[test]
fn oddity_razor_concatenation_verbatim_and_stray_semicolon() {
    let src = "@{\n\tLayout = \"post\";\n\tDescription = \"One, \"\n\t\t+ @\"'two' \"\"quoted\"\" \"\n\t\t+ \"three.\" ;\n\tTitle = \"Microservices & Messaging\";\n}\n\nBody\n";
    let m = doc(src).meta;
    assert_eq!(
        m.description.as_deref(),
        Some("One, 'two' \"quoted\" three.")
    );
    assert_eq!(m.title.as_deref(), Some("Microservices & Messaging"));
}

#[test]
fn oddity_razor_escapes_and_delimiters_inside_strings() {
    let src = "@{\n    Title = \"Say \\\"hi\\\"; then } leave\";\n    Description = \"tab\\there \\u00e9\";\n}\n";
    let m = doc(src).meta;
    assert_eq!(m.title.as_deref(), Some("Say \"hi\"; then } leave"));
    assert_eq!(m.description.as_deref(), Some("tab\there é"));
}

#[test]
fn oddity_razor_video_stub_without_body_or_final_newline() {
    let d = doc("@{\n    Layout = \"video\";\n    ContentUrl = \"https://example.com/v\";\n    Title = \"A talk\";\n}");
    assert_eq!(d.meta.title.as_deref(), Some("A talk"));
    // The video is the body: a framed link titled with the post's title.
    let [Block::Callout(c)] = d.blocks.as_slice() else {
        panic!("{:?}", d.blocks);
    };
    assert_eq!(c.kind, "video");
    let [Block::Paragraph { content, .. }] = c.blocks.as_slice() else {
        panic!("{:?}", c.blocks);
    };
    let [Inline::Link(link)] = content.as_slice() else {
        panic!("{content:?}");
    };
    assert_eq!(
        (link.url.as_str(), plain_text(&link.content)),
        ("https://example.com/v", "A talk".into())
    );
    assert_eq!(
        d.meta.extra["ContentUrl"],
        MetaValue::String("https://example.com/v".into())
    );
}

#[test]
fn oddity_razor_header_then_html_on_the_next_line() {
    let d =
        doc("@{\n    Title = \"Contact\";\n}\n<div class=\"c\">Write to info@example.com</div>\n");
    assert!(
        matches!(&d.blocks[0], Block::Html { html, line: 4 } if html.contains("info@example.com"))
    );
}

#[test]
fn oddity_razor_double_at_is_a_literal_at_but_emails_stay() {
    let d = doc("@{\n    Title = \"x\";\n}\n\nFollow [@@fsharporg](https://x.org) or mail me@example.com.\n\n    @@echo off\n");
    let content = para_content(&d.blocks[0]);
    assert_eq!(
        plain_text(content),
        "Follow @fsharporg or mail me@example.com."
    );
    assert!(content
        .iter()
        .any(|i| matches!(i, Inline::Link(l) if l.url == "mailto:me@example.com")));
    assert!(matches!(&d.blocks[1], Block::CodeBlock(c) if c.text == "@echo off\n"));
}

#[test]
fn oddity_at_is_kept_outside_razor_posts() {
    let d = doc("---\ntitle: y\n---\nEscaped @@ stays.\n");
    assert_eq!(para_text(&d.blocks[0]), "Escaped @@ stays.");
}

#[test]
fn oddity_razor_model_root_in_image_url_is_kept() {
    let d = doc("@{\n    Title = \"About\";\n}\n\n![me](@Model.Root/img/me.jpg)\n");
    let content = para_content(&d.blocks[0]);
    assert!(matches!(&content[0], Inline::Image(i) if i.url == "@Model.Root/img/me.jpg"));
}

#[test]
fn oddity_razor_thai_header_with_bom() {
    let d = doc("\u{feff}@{\n    Title = \"ทดสอบ\";\n    Date = \"2015-04-13\";\n}\n\nสวัสดีครับ\n");
    assert_eq!(d.meta.title.as_deref(), Some("ทดสอบ"));
    assert_eq!(para_text(&d.blocks[0]), "สวัสดีครับ");
}

#[test]
fn oddity_razor_crlf_and_nbsp() {
    let d = doc(
        "@{\r\n    Title = \"CRLF\";\r\n}\r\n\r\nA\u{a0}non-breaking space.\r\n\r\n## Next\r\n",
    );
    assert_eq!(para_text(&d.blocks[0]), "A\u{a0}non-breaking space.");
    assert!(matches!(&d.blocks[1], Block::Heading(h) if h.line == 7));
}

#[test]
fn razor_errors_name_line_and_column() {
    let e = err(b"@{\n    Title = \"unclosed;\n}\n");
    assert_eq!((e.line, e.column), (2, Some(13)));
    assert!(e.message.contains("not closed"), "{}", e.message);
    assert!(e.hint.is_some());
    let e = err(b"@{\n    Title \"x\";\n}\n");
    assert_eq!(e.line, 2);
    assert!(e.message.contains("`=`"));
    let e = err(b"@{\n    Title = \"x\";\n");
    assert!(e.message.contains("never closed"));
}

// ---- YAML / TOML oddities -----------------------------------------------------------------

#[test]
fn oddity_yaml_without_opening_fence_is_markdown() {
    let d = doc("title: Broken\nauthor: someone\n---\n\nBody\n");
    assert!(d.meta.authors.is_empty());
    assert!(matches!(&d.blocks[0], Block::Heading(h) if h.level == 2));
}

#[test]
fn oddity_yaml_crlf() {
    let d = doc("---\r\ntitle: Windows\r\ndate: 2023-08-30\r\n---\r\nBody\r\n");
    assert_eq!(d.meta.title.as_deref(), Some("Windows"));
    assert_eq!(d.meta.date.unwrap().to_string(), "2023-08-30");
}

#[test]
fn oddity_yaml_closed_with_dots() {
    let d = doc("---\ntitle: Spec\nversion: 0.31\n...\n\n# Intro\n");
    assert_eq!(d.meta.title.as_deref(), Some("Spec"));
    assert_eq!(d.meta.extra["version"], MetaValue::Float(0.31));
}

#[test]
fn oddity_empty_and_missing_front_matter() {
    let d = read_post(
        b"---\n---\nJust text\n",
        Some("2014-03-03-empty-front.md"),
        &ReadOptions::default(),
    )
    .unwrap()
    .document;
    assert_eq!(para_text(&d.blocks[0]), "Just text");
    assert_eq!(d.meta.title.as_deref(), Some("empty front"));
    let d = doc("No front matter at all.\n");
    assert_eq!(d.meta.title.as_deref(), Some("post"));
}

#[test]
fn oddity_spaces_after_opening_fence_and_dashes_in_title() {
    let d = doc("---   \ntitle: Foo --- Bar\n---\n");
    assert_eq!(d.meta.title.as_deref(), Some("Foo --- Bar"));
}

#[test]
fn oddity_toml_blank_line_before_and_spaces_after_fence() {
    let d = doc("\n+++\ntitle = \"theme\"\n+++   \n\nBody\n");
    assert_eq!(d.meta.title.as_deref(), Some("theme"));
    assert_eq!(para_text(&d.blocks[0]), "Body");
}

#[test]
fn oddity_utf8_bom_and_utf16le_with_crlf() {
    let d = doc("\u{feff}---\ntitle: BOM\n---\nx\n");
    assert_eq!(d.meta.title.as_deref(), Some("BOM"));
    let text = "---\r\ntitle: \"Unicode16LE\"\r\n---\r\n\r\nTschüß\r\n";
    let bytes: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let d = read_post(&bytes, Some("u16.md"), &ReadOptions::default())
        .unwrap()
        .document;
    assert_eq!(d.meta.title.as_deref(), Some("Unicode16LE"));
    assert_eq!(para_text(&d.blocks[0]), "Tschüß");
}

#[test]
fn oddity_unusual_file_names_give_titles() {
    for (name, title) in [
        ("posts/2014-03-22-escape-+ %20[].markdown", "escape + %20[]"),
        ("trailing-dots...markdown", "trailing dots.."),
        ("Rust-1.0@1.md", "Rust 1.0@1"),
        ("blog/2016/03-18-qcon-recap.md", "qcon recap"),
    ] {
        let d = read_post(b"Body only\n", Some(name), &ReadOptions::default())
            .unwrap()
            .document;
        assert_eq!(d.meta.title.as_deref(), Some(title), "{name}");
    }
}

#[test]
fn title_falls_back_to_first_level_one_heading() {
    let d = doc("Intro\n\n## Not this\n\n# The *Title*\n");
    assert_eq!(d.meta.title.as_deref(), Some("The Title"));
}

#[test]
fn yaml_errors_name_line_and_column_in_the_file() {
    let e = err(b"---\ntitle: ok\ntags: [a, b\n---\nBody\n");
    assert_eq!(e.file.as_deref(), Some("post.md"));
    assert!(e.line >= 3, "line {}", e.line);
    assert!(e.column.is_some());
    assert!(e.message.contains("YAML"));
    assert!(e.hint.is_some());
}

#[test]
fn toml_and_json_errors_name_line_and_column() {
    let e = err(b"+++\ntitle = \"ok\"\ndate = not a value\n+++\n");
    assert_eq!(e.line, 3, "{e}");
    assert!(e.message.contains("TOML"));
    let e = err(b"{\n  \"title\": \"x\",\n  \"tags\": [1,\n}\n");
    assert!(e.line >= 3, "{e}");
    assert!(e.message.contains("JSON"));
}

#[test]
fn hostile_front_matter_nesting_is_refused() {
    let mut src = String::from("---\nx: ");
    src.push_str(&"[".repeat(100_000));
    src.push_str("\n---\n");
    let e = err(src.as_bytes());
    assert!(e.message.contains("nests deeper"), "{}", e.message);
}

#[test]
fn unknown_date_is_a_warning_with_its_line() {
    let r = read("---\ntitle: t\ndate: someday\n---\n");
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(r.warnings[0].line, 3);
    assert_eq!(r.document.meta.date, None);
}

// ---- Markdown body -----------------------------------------------------------------------

#[test]
fn broken_list_markers_stay_literal_text() {
    let d = doc("* Netflix begins with a good outcome:\n..*Look at the computational steps.\n..*Determine what could have gone wrong.\n");
    let Block::List(list) = &d.blocks[0] else {
        panic!()
    };
    let text = para_text(&list.items[0].blocks[0]);
    assert!(
        text.contains("..*Look at the computational steps."),
        "{text}"
    );
    assert!(text.contains("..*Determine what"), "{text}");
}

#[test]
fn adjacent_text_is_merged_and_punctuation_is_smart() {
    let d = doc("\"Quoted\" -- it's done...\n");
    let content = para_content(&d.blocks[0]);
    assert_eq!(content.len(), 1, "{content:?}");
    assert_eq!(plain_text(content), "“Quoted” – it’s done…");
}

#[test]
fn tab_nested_lists_and_numbered_list_inside_bullets() {
    let d = doc("* Outer\n\t* inner bullet\n\t1. first\n\t2. second\n* Next\n");
    let Block::List(list) = &d.blocks[0] else {
        panic!()
    };
    assert!(list.tight);
    assert_eq!(list.items.len(), 2);
    let kinds: Vec<Option<u64>> = list.items[0]
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::List(l) => Some(l.start),
            _ => None,
        })
        .collect();
    assert_eq!(kinds, [None, Some(1)]);
}

#[test]
fn loose_lists_and_task_items() {
    let d = doc("- [x] done\n\n- [ ] todo\n");
    let Block::List(list) = &d.blocks[0] else {
        panic!()
    };
    assert!(!list.tight);
    assert_eq!(list.items[0].task, Some(true));
    assert_eq!(list.items[1].task, Some(false));
    let d = doc("3. three\n4. four\n");
    let Block::List(list) = &d.blocks[0] else {
        panic!()
    };
    assert_eq!(list.start, Some(3));
}

#[test]
fn positions_count_front_matter_lines() {
    let src = "---\ntitle: t\n---\n\n## Heading\n\n![alt](/images/x.png)\n\n```rust\nfn main() {}\n```\n\n<div>raw</div>\n\nSee [link](https://example.com).\n";
    let d = doc(src);
    let Block::Heading(h) = &d.blocks[0] else {
        panic!()
    };
    assert_eq!(h.line, 5);
    let content = para_content(&d.blocks[1]);
    assert!(matches!(&content[0], Inline::Image(i) if i.line == 7 && i.alt == "alt"));
    assert!(
        matches!(&d.blocks[2], Block::CodeBlock(c) if c.line == 9 && c.language.as_deref() == Some("rust"))
    );
    assert!(matches!(&d.blocks[3], Block::Html { line: 13, .. }));
    let content = para_content(&d.blocks[4]);
    assert!(matches!(&content[1], Inline::Link(l) if l.line == 15));
    assert_eq!(d.source.as_deref(), Some("post.md"));
}

#[test]
fn heading_ids_are_unique_slugs_and_explicit_ids_win() {
    let d = doc("# Intro\n\n## Intro\n\n## Other {#intro-1}\n\n## Intro\n");
    let ids: Vec<&str> = d
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(h) => Some(h.attr.id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(ids, ["intro", "intro-2", "intro-1", "intro-3"]);
}

#[test]
fn ids_given_while_reading_equal_the_ids_given_after() {
    // Without explicit ids the reader names headings as they close; the result must be
    // what naming them all afterwards (body first, then footnotes in order) gives.
    let src = "# Intro\n\n> ## Intro\n\n- ## Intro\n\nText[^b] and[^a].\n\n\
               [^a]: A.\n\n    ## Intro\n\n[^b]: B.\n\n    ## Note\n\n## Note\n\n## \n\n## Intro\n";
    let d = doc(src);
    let (mut blocks, mut notes) = (d.blocks.clone(), d.footnotes.clone());
    // Every heading of the body, then of the notes, in order.
    fn each(blocks: &mut [Block], notes: &mut [Footnote], f: &mut dyn FnMut(&mut Heading)) {
        model::for_each_heading_mut(blocks, f);
        for n in notes {
            model::for_each_heading_mut(&mut n.blocks, f);
        }
    }
    let mut eager = Vec::new();
    each(&mut blocks, &mut notes, &mut |h| {
        eager.push(std::mem::take(&mut h.attr.id))
    });
    slug::assign_ids(&mut blocks, &mut notes);
    let mut after = Vec::new();
    each(&mut blocks, &mut notes, &mut |h| {
        after.push(h.attr.id.clone())
    });
    assert_eq!(eager, after);
    assert_eq!(
        eager,
        ["intro", "intro-1", "intro-2", "note", "section", "intro-3", "note-1", "intro-4"]
    );
}

#[test]
fn footnotes_are_numbered_by_first_reference() {
    let d = doc("B[^b] then A[^a] and B again[^b].\n\n[^a]: Note A.\n[^b]: Note B.\n[^unused]: Never referenced.\n");
    let labels: Vec<(&str, u32)> = d
        .footnotes
        .iter()
        .map(|f| (f.label.as_str(), f.number))
        .collect();
    assert_eq!(labels, [("b", 1), ("a", 2)]);
    assert_eq!(d.blocks.len(), 1);
    assert_eq!(para_text(&d.footnotes[1].blocks[0]), "Note A.");
}

#[test]
fn tables_keep_alignment_and_cells() {
    let d = doc("| a | b |\n|:--|--:|\n| 1 | 2 |\n| 3 |\n");
    let Block::Table(t) = &d.blocks[0] else {
        panic!()
    };
    assert_eq!(t.alignments, [Alignment::Left, Alignment::Right]);
    assert_eq!(plain_text(&t.header[1]), "b");
    assert_eq!(t.rows.len(), 2);
}

#[test]
fn bare_urls_become_links_but_not_inside_links_or_code() {
    let d = doc("Go to https://example.com/x and [www.example.org](http://y) and `http://z`.\n");
    let content = para_content(&d.blocks[0]);
    let urls: Vec<&str> = content
        .iter()
        .filter_map(|i| match i {
            Inline::Link(l) => Some(l.url.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(urls, ["https://example.com/x", "http://y"]);
}

#[test]
fn regression_bare_url_in_tight_item_before_a_nested_list_is_a_link() {
    // The item's text became a paragraph when the nested list arrived, and that path
    // skipped the autolink pass: the URL stayed text.
    let d = doc("- see https://example.com/a for more\n  - nested\n");
    let Block::List(list) = &d.blocks[0] else {
        panic!()
    };
    let Block::Paragraph { content, line } = &list.items[0].blocks[0] else {
        panic!()
    };
    assert!(content
        .iter()
        .any(|i| matches!(i, Inline::Link(l) if l.url == "https://example.com/a" && l.line == 1)));
    assert_eq!(*line, 1);
}

#[test]
fn regression_paragraphs_of_tight_items_have_their_lines() {
    // They were given line 0: the item's start was not looked up.
    let d = doc("Intro.\n\n- one\n- two\n  continued\n- three\n");
    let Block::List(list) = &d.blocks[1] else {
        panic!()
    };
    let lines: Vec<u32> = list
        .items
        .iter()
        .map(|item| match &item.blocks[0] {
            Block::Paragraph { line, .. } => *line,
            other => panic!("not a paragraph: {other:?}"),
        })
        .collect();
    assert_eq!(lines, [3, 4, 6]);
}

#[test]
fn regression_no_empty_text_nodes() {
    // pulldown gives an empty text event after inline code in a heading closed with
    // `##`; it made an empty `text` node in the model.
    let d = doc("## Extension: `smart` ##\n\nx\n");
    let mut empty = 0;
    model::for_each_inline(&d.blocks, &mut |i| {
        if matches!(i, Inline::Text { text } if text.is_empty()) {
            empty += 1;
        }
    });
    assert_eq!(empty, 0);
}

#[test]
fn soft_breaks_are_newlines_inside_one_text_node() {
    let d = doc("one\ntwo *three\nfour*\nfive  \nsix\n\nSetext\nheading\n---\n");
    let content = para_content(&d.blocks[0]);
    // The hard break stays a node; text on either side of it is not merged across it.
    assert_eq!(
        content,
        &[
            Inline::text("one\ntwo "),
            Inline::Emphasis {
                content: vec![Inline::text("three\nfour")]
            },
            Inline::text("\nfive"),
            Inline::HardBreak,
            Inline::text("six")
        ]
    );
    assert_eq!(plain_text(content), "one two three four five six");
    let Block::Heading(h) = &d.blocks[1] else {
        panic!("{:?}", d.blocks[1])
    };
    assert_eq!(h.attr.id, "setext-heading");
}

#[test]
fn text_split_by_entities_escapes_and_quotes_is_one_node_per_run() {
    let d = doc("A &amp; B \\*not* \"q\" *em &lt;x&gt;* tail\n");
    let content = para_content(&d.blocks[0]);
    let kinds: Vec<&str> = content
        .iter()
        .map(|i| match i {
            Inline::Text { .. } => "text",
            Inline::Emphasis { content } => {
                assert_eq!(content.len(), 1, "{content:?}");
                "em"
            }
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(kinds, ["text", "em", "text"]);
    assert_eq!(
        plain_text(content),
        "A & B *not* \u{201c}q\u{201d} em <x> tail"
    );
}

#[test]
fn bare_urls_in_every_inline_container_and_line_of_the_container() {
    let d = doc("# Head www.example.com\n\n| a |\n|---|\n| x@example.com |\n\n*em https://e.example* **strong https://s.example**\n");
    let mut urls = Vec::new();
    model::for_each_inline(&d.blocks, &mut |i| {
        if let Inline::Link(l) = i {
            urls.push((l.url.clone(), l.line));
        }
    });
    assert_eq!(
        urls,
        [
            ("http://www.example.com".to_owned(), 1),
            ("mailto:x@example.com".to_owned(), 5),
            ("https://e.example".to_owned(), 7),
            ("https://s.example".to_owned(), 7),
        ]
    );
}

#[test]
fn deep_nesting_is_flattened_with_a_warning() {
    for src in [
        ">".repeat(10_000) + " deep\n",
        "- ".repeat(5_000) + "x\n",
        "*".repeat(20_000) + "a" + &"*".repeat(20_000),
        "[".repeat(50_000),
    ] {
        let r = read(&src);
        let json = serde_json::to_string(&r.document).unwrap();
        assert!(!json.is_empty());
    }
    let r = read(&(">".repeat(1_000) + " deep\n"));
    assert_eq!(r.warnings.len(), 1);
    assert!(r.warnings[0].message.contains("flattened"));
}

#[test]
fn body_parts_skip_a_repeated_title_heading() {
    let d = doc("# Same\n\nText\n");
    assert_eq!(d.body_parts().map(<[_]>::len), [0, 1]);
    let d = doc("---\ntitle: Other\n---\n# Same\n\nText\n");
    assert_eq!(d.body_parts().map(<[_]>::len), [2, 0]);
}

/// Issue 17: the title was printed twice when an HTML comment (or any block) came before
/// the heading repeating it, or when the heading's quotes were curled.
#[test]
fn title_twice_after_a_comment_or_with_curled_quotes() {
    let d = doc("---\ntitle: Don't panic\n---\n<!-- an editor note -->\n\n# Don't panic\n\nText\n");
    assert_eq!(d.title_heading(), Some(1));
    assert_eq!(d.body_parts().map(<[_]>::len), [1, 1]);
    let d = doc("---\ntitle: Intro\n---\nText\n\n## Details\n\n# Intro\n");
    assert_eq!(
        d.title_heading(),
        None,
        "only the first heading may stand for the title"
    );
}

#[test]
fn invalid_utf8_is_an_error_with_the_offset() {
    let e = err(b"---\ntitle: x\n---\ncaf\xE9\n");
    assert_eq!(e.line, 4);
    assert!(e.message.contains("offset 20"), "{}", e.message);
}

#[test]
fn json_serialization_is_plain() {
    let d = doc("---\ntitle: T\ndate: 2016-03-18T01:38:53\n---\nHi *there*\n");
    let v: serde_json::Value = serde_json::to_value(&d).unwrap();
    assert_eq!(v["meta"]["title"], "T");
    assert_eq!(v["meta"]["date"], "2016-03-18T01:38:53");
    assert_eq!(v["blocks"][0]["type"], "paragraph");
    assert_eq!(v["blocks"][0]["content"][1]["type"], "emphasis");
}

#[test]
fn model_nodes_stay_small() {
    // A large post makes tens of thousands of nodes: the big, rare variants are boxed.
    assert!(std::mem::size_of::<Inline>() <= 32);
    assert!(std::mem::size_of::<Block>() <= 32);
}

#[test]
fn a_paragraph_of_images_alone_is_a_figure_decided_by_the_reader() {
    let d = doc(
        "![A chart](c.png \"T\")\n\n[![linked](l.png)](https://x)\n![two](t.png)\n\nText ![inline](i.png).\n\n- ![in a tight item](t.png)\n",
    );
    let Block::Figure(one) = &d.blocks[0] else {
        panic!("{:?}", d.blocks[0]);
    };
    assert_eq!(plain_text(&one.caption), "T", "the title is the caption");
    assert_eq!(one.images().next().map(|i| i.alt.as_str()), Some("A chart"));
    assert_eq!(one.images().count(), 1);
    let Block::Figure(two) = &d.blocks[1] else {
        panic!("{:?}", d.blocks[1]);
    };
    assert_eq!(
        two.images().map(|i| i.url.as_str()).collect::<Vec<_>>(),
        ["l.png", "t.png"]
    );
    assert!(two.caption.is_empty(), "several images: no one caption");
    assert!(matches!(d.blocks[2], Block::Paragraph { .. }));
    let Block::List(list) = &d.blocks[3] else {
        panic!()
    };
    assert!(matches!(list.items[0].blocks[0], Block::Figure(_)));
}

#[test]
fn regression_yaml_alias_bomb_is_refused_at_the_alias() {
    // Nine levels of nine aliases: 366 bytes that expanded to 8.4 GB and aborted.
    let mut yaml = String::from("---\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(", ");
        yaml.push_str(&format!("{}: &{} [{refs}]\n", w[1], w[1]));
    }
    yaml.push_str("title: *i\n---\nBody.\n");
    let d = err(yaml.as_bytes());
    assert!(d.message.contains("aliases expand past"), "{}", d.message);
    assert!((4..=11).contains(&d.line), "at an alias's line: {}", d.line);
    // A few aliases reused are fine.
    let ok = doc("---\nbase: &b {x: 1}\none: *b\ntwo: *b\ntitle: T\n---\nx\n");
    assert_eq!(ok.meta.title.as_deref(), Some("T"));
}

#[test]
fn regression_compact_nested_sequences_are_refused_not_a_stack_overflow() {
    // `x: - - - - ...` 100,000 deep on one line overflowed the stack (SIGABRT): the
    // nesting check now runs on the parser's events.
    let deep = format!("---\nx:\n{}a\n---\nBody.\n", "- ".repeat(100_000));
    let run = move || err(deep.as_bytes());
    let d = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(run)
        .unwrap()
        .join()
        .expect("no overflow");
    assert!(d.message.contains("nests deeper than 64"), "{}", d.message);
    assert_eq!(d.line, 3);
}

#[test]
fn regression_control_characters_never_reach_the_model() {
    // C0 controls and NUL were copied into the output, and epubcheck reported FATAL.
    let r = read_post(
        b"---\ntitle: A\x01B\n---\nText\x00with\x1b[31mred\x07.\n",
        Some("post.md"),
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(r.document.meta.title.as_deref(), Some("AB"));
    assert_eq!(para_text(&r.document.blocks[0]), "Text\u{FFFD}with[31mred.");
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    assert_eq!(r.warnings[0].line, 2);
    assert!(r.warnings[0].message.contains("4 control character(s)"));
}

#[test]
fn regression_character_references_to_control_characters_are_removed() {
    let r = read_post(
        b"Bell&#7;ring and esc&#x1b;[31m.\n",
        Some("p.md"),
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(para_text(&r.document.blocks[0]), "Bellring and esc[31m.");
    assert_eq!(r.warnings.len(), 2, "{:?}", r.warnings);
}

// ---- blog constructs -----------------------------------------------------------------

fn callout(b: &Block) -> &Callout {
    match b {
        Block::Callout(c) => c,
        other => panic!("not a callout: {other:?}"),
    }
}

#[test]
fn github_alerts_are_callouts() {
    let d = doc("> [!WARNING]\n> Mind the gap.\n\n> plain quote\n");
    let c = callout(&d.blocks[0]);
    assert_eq!(c.kind, "warning");
    assert!(c.title.is_empty());
    assert_eq!(c.label(), "Warning");
    assert_eq!(c.foldable, None);
    assert_eq!(para_text(&c.blocks[0]), "Mind the gap.");
    assert_eq!(c.line, 1);
    assert!(matches!(d.blocks[1], Block::BlockQuote { .. }));
}

#[test]
fn obsidian_callouts_keep_title_and_fold() {
    let d = doc("> [!tip]- Keep *this* short\n> Body text\n> more.\n");
    let c = callout(&d.blocks[0]);
    assert_eq!(c.kind, "tip");
    assert_eq!(c.foldable, Some(false));
    assert_eq!(plain_text(&c.title), "Keep this short");
    assert_eq!(para_text(&c.blocks[0]), "Body text more.");

    let d = doc("> [!NOTE] Heads up\n> Body.\n");
    let c = callout(&d.blocks[0]);
    assert_eq!(
        (c.kind.as_str(), plain_text(&c.title)),
        ("note", "Heads up".into())
    );

    let d = doc("> [!info]+\n>\n> Para one.\n");
    let c = callout(&d.blocks[0]);
    assert_eq!((c.kind.as_str(), c.foldable), ("info", Some(true)));
    assert!(c.title.is_empty());
    assert_eq!(c.blocks.len(), 1);
}

#[test]
fn bracket_text_is_not_a_callout() {
    for src in ["> [!x]y\n", "> [! note]\n", "> [link] text\n"] {
        assert!(
            matches!(doc(src).blocks[0], Block::BlockQuote { .. }),
            "{src}"
        );
    }
}

#[test]
fn definition_lists_sub_and_superscript() {
    let d = doc("Term\n: First definition\n: Second\n\nH~2~O, E = mc^2^, ~~gone~~, a ^b c^\n");
    let Block::DefinitionList(list) = &d.blocks[0] else {
        panic!("{:?}", d.blocks[0]);
    };
    assert_eq!(plain_text(&list.items[0].term), "Term");
    assert_eq!(list.items[0].definitions.len(), 2);
    assert_eq!(para_text(&list.items[0].definitions[1][0]), "Second");
    let content = para_content(&d.blocks[1]);
    assert!(content
        .iter()
        .any(|i| matches!(i, Inline::Subscript { content } if plain_text(content) == "2")));
    assert!(content
        .iter()
        .any(|i| matches!(i, Inline::Superscript { content } if plain_text(content) == "2")));
    assert!(content
        .iter()
        .any(|i| matches!(i, Inline::Strikethrough { .. })));
}

#[test]
fn emoji_shortcodes_outside_code() {
    let d = doc("Done :tada: `:tada:`\n\n```\n:tada:\n```\n");
    let content = para_content(&d.blocks[0]);
    assert_eq!(plain_text(content), "Done 🎉 :tada:");
    let Block::CodeBlock(code) = &d.blocks[1] else {
        panic!()
    };
    assert_eq!(code.text, ":tada:\n");
}

#[test]
fn excerpt_marker_leaves_no_trace() {
    let d = doc("Intro.\n\n<!--more-->\n\nRest. <!-- more --> end\n");
    assert_eq!(d.blocks.len(), 2, "{:?}", d.blocks);
    assert!(!format!("{:?}", d.blocks).contains("more"));
}

#[test]
fn figure_caption_is_title_else_alt_unless_file_name() {
    let caption = |src: &str| match &doc(src).blocks[0] {
        Block::Figure(f) => plain_text(&f.caption),
        other => panic!("{other:?}"),
    };
    assert_eq!(caption("![A cat](cat.png \"The cat\")\n"), "The cat");
    assert_eq!(caption("![A cat](cat.png)\n"), "A cat");
    assert_eq!(caption("![cat.png](img/cat.png)\n"), "");
    assert_eq!(caption("![Cat](img/cat.png)\n"), "");
    assert_eq!(caption("![](cat.png)\n"), "");
}

#[test]
fn regression_intraword_scripts_are_scripts() {
    // pulldown-cmark applies emphasis's flanking rules to `^` and `~`: `H~2~O` stayed text.
    let d = doc("H~2~O and x^10^ but ~/home and 2^n and ~ a ~\n");
    let content = para_content(&d.blocks[0]);
    let scripts = content
        .iter()
        .filter(|i| matches!(i, Inline::Subscript { .. } | Inline::Superscript { .. }))
        .count();
    assert_eq!(scripts, 2, "{content:?}");
    assert_eq!(
        plain_text(content),
        "H2O and x10 but ~/home and 2^n and ~ a ~"
    );
}

#[test]
fn raw_sup_and_sub_pairs_are_scripts() {
    let d = doc("x<sup>2</sup> and CO<sub>2</sub> and <sup class=\"a\">kept</sup>\n");
    let content = para_content(&d.blocks[0]);
    assert!(matches!(&content[1], Inline::Superscript { content } if plain_text(content) == "2"));
    assert!(content
        .iter()
        .any(|i| matches!(i, Inline::Subscript { content } if plain_text(content) == "2")));
    assert!(content
        .iter()
        .any(|i| matches!(i, Inline::Html { html, .. } if html.starts_with("<sup class"))));
}

#[test]
fn drafts_in_every_front_matter_style() {
    let draft = |src: &str| doc(src).meta.is_draft();
    assert!(draft("---\ndraft: true\n---\nx\n"));
    assert!(draft("+++\ndraft = true\n+++\nx\n"));
    assert!(draft("---\npublished: false\n---\nx\n"));
    assert!(draft("{\"draft\": true}\nx\n"));
    assert!(!draft("---\ndraft: false\n---\nx\n"));
    assert!(!draft("---\npublished: true\n---\nx\n"));
    assert!(!draft("---\ntitle: t\n---\nx\n"));
    // `published` as a date is still the date, and no warning for the flag.
    let r = read("---\npublished: false\n---\nx\n");
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert!(doc("---\npublished: 2020-01-02\n---\nx\n")
        .meta
        .date
        .is_some());
}

#[test]
fn video_player_urls_become_their_pages() {
    let d = doc("@{\n    Layout = \"video\";\n    ContentUrl = \"https://www.youtube.com/embed/s_iMgFAY0lk\";\n    Title = \"T\";\n}");
    let mut urls = Vec::new();
    for_each_inline(&d.blocks, &mut |i| {
        if let Inline::Link(l) = i {
            urls.push(l.url.clone());
        }
    });
    assert_eq!(urls, ["https://www.youtube.com/watch?v=s_iMgFAY0lk"]);
}

#[test]
fn fsx_posts_are_read_as_literate_scripts() {
    let src = "(*@\n    Layout = \"post\";\n    Title = \"Literate\";\n*)\n(**\nIntro [link](https://x.example).\n*)\n(*** more ***)\nlet x = 1\n(**\nDone.\n*)\n";
    let r = read_post(
        src.as_bytes(),
        Some("blog/post.fsx"),
        &ReadOptions::default(),
    )
    .expect("reads");
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let d = r.document;
    assert_eq!(d.meta.title.as_deref(), Some("Literate"));
    let kinds: Vec<&str> = d
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { .. } => "p",
            Block::CodeBlock(_) => "code",
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(kinds, ["p", "code", "p"]);
    let Block::CodeBlock(code) = &d.blocks[1] else {
        panic!()
    };
    assert_eq!(
        (code.language.as_deref(), code.text.as_str()),
        (Some("fsharp"), "let x = 1\n")
    );
    // The link keeps the script's line.
    let Block::Paragraph { line, .. } = &d.blocks[0] else {
        panic!()
    };
    assert_eq!(*line, 6);
}
