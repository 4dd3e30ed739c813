//! Text writer tests on small posts read by the real reader.

use super::*;
use quire_core::{read_post, ReadOptions};
use unicode_width::UnicodeWidthStr;

fn text_with(src: &str, options: &TextOptions) -> TextOutput {
    let doc = read_post(src.as_bytes(), Some("post.md"), &ReadOptions::default())
        .unwrap()
        .document;
    to_text(&doc, options)
}

fn text(src: &str) -> String {
    text_with(src, &TextOptions::default()).text
}

fn body(src: &str) -> String {
    let o = TextOptions {
        title_block: false,
        ..TextOptions::default()
    };
    text_with(src, &o).text
}

#[test]
fn title_block_has_title_authors_and_date() {
    let out =
        text("---\ntitle: A Talk\nauthor: [Ann, Bob]\ndate: 2016-03-18T01:38:53\n---\nBody.\n");
    assert!(
        out.starts_with("A Talk\n======\nAnn, Bob\n2016-03-18\n\nBody.\n"),
        "{out}"
    );
}

#[test]
fn a_heading_repeating_the_title_is_not_printed_twice() {
    let out = text("# Only Once\n\nBody.\n");
    assert_eq!(out.matches("Only Once").count(), 1, "{out}");
}

#[test]
fn paragraphs_wrap_to_columns_by_display_width() {
    let src = "word ".repeat(40) + "\n\n" + &"漢字".repeat(40) + "\n";
    for columns in [20, 40, 72] {
        let out = text_with(&src, &TextOptions::default().with_columns(columns)).text;
        for line in out.lines() {
            assert!(
                line.width() <= columns,
                "{columns}: {line:?} is {} wide",
                line.width()
            );
        }
    }
}

#[test]
fn wrap_none_keeps_paragraphs_on_one_line() {
    let src = "word ".repeat(40) + "\nnext line  \nafter hard break\n";
    let out = body_with_wrap(&src);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert_eq!(lines[1], "after hard break");
}

fn body_with_wrap(src: &str) -> String {
    let o = TextOptions {
        title_block: false,
        ..TextOptions::default()
    }
    .with_wrap(Wrap::None);
    text_with(src, &o).text
}

#[test]
fn headings_are_underlined_by_level() {
    let out = body("## Second level\n\n### Third\n");
    assert_eq!(out, "Second level\n------------\n\nThird\n~~~~~\n");
}

#[test]
fn nested_lists_hang_their_text() {
    let src = "- one two three four five six seven eight nine ten eleven twelve\n  - nested item text that also wraps around the measure\n    1. deep\n    2. deeper\n- [x] done\n";
    let out = text_with(
        src,
        &TextOptions {
            title_block: false,
            ..TextOptions::default()
        }
        .with_columns(30),
    )
    .text;
    let expected = "\
- one two three four five six
  seven eight nine ten eleven
  twelve
  - nested item text that also
    wraps around the measure
    1. deep
    2. deeper
- [x] done
";
    assert_eq!(out, expected);
}

#[test]
fn ordered_lists_keep_their_start_and_align_markers() {
    let out = body("9. nine\n10. ten\n");
    assert_eq!(out, " 9. nine\n10. ten\n");
}

#[test]
fn loose_lists_keep_blank_lines() {
    assert_eq!(body("- a\n\n- b\n"), "- a\n\n- b\n");
}

#[test]
fn block_quotes_are_prefixed() {
    assert_eq!(body("> quoted\n>\n> two\n"), "> quoted\n>\n> two\n");
}

#[test]
fn code_is_indented_never_wrapped_and_tabs_expanded() {
    let long = "x".repeat(200);
    let out = body(&format!("```\n{long}\n\tif a:\n```\n"));
    assert!(out.contains(&format!("    {long}\n")));
    assert!(out.contains("        if a:\n"), "{out:?}");
}

#[test]
fn links_images_and_autolinks() {
    let out = body("See [the docs](https://d.example/x), <https://a.example>, www.b.example and ![A cat](/c.png) or ![](/img/dog.jpg) [top](#intro).\n");
    assert_eq!(out, "See the docs <https://d.example/x>, https://a.example, www.b.example and\n[image: A cat] or [image: dog.jpg] top.\n");
}

#[test]
fn footnotes_are_gathered_at_the_end() {
    let out = body(
        "Claim[^1] and more[^n].\n\n[^1]: First note.\n[^n]: Second note\n    in two lines.\n",
    );
    assert!(out.starts_with("Claim[1] and more[2].\n"), "{out}");
    assert!(
        out.ends_with("[1] First note.\n\n[2] Second note in two lines.\n"),
        "{out}"
    );
}

#[test]
fn tables_become_aligned_columns() {
    let out = body("| Name | Qty |\n|:-----|----:|\n| apple | 3 |\n| kiwi | 12 |\n");
    assert_eq!(out, "Name   Qty\n-----  ---\napple    3\nkiwi    12\n");
}

#[test]
fn raw_html_keeps_its_text_and_reports_what_is_lost() {
    let r = text_with(
        "<div>Kept <b>text</b></div>\n\n<iframe src=\"https://v.example\"></iframe>\n",
        &TextOptions::default(),
    );
    assert!(r.text.contains("Kept text"));
    assert!(!r.text.contains("iframe"));
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(r.warnings[0].line, 3);
    assert_eq!(
        r.warnings[0].to_string(),
        "post.md:3: raw HTML <iframe> dropped: plain text cannot show it"
    );
}

#[test]
fn thematic_break_and_strikethrough() {
    assert_eq!(
        body("a\n\n***\n\n~~old~~ new\n")
            .lines()
            .nth(2)
            .unwrap()
            .trim(),
        "* * *"
    );
    assert!(body("~~old~~ new\n").contains("~~old~~ new"));
}

#[test]
fn output_has_no_trailing_spaces_and_ends_with_a_newline() {
    let out = text("- a\n\n  b\n\n> q\n>\n> r\n");
    assert!(out.ends_with('\n'));
    assert!(out.lines().all(|l| !l.ends_with(' ')), "{out:?}");
}
