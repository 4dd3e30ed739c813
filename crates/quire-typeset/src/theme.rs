//! The look of the typeset page in numbers: every size, space, colour and factor the
//! layout, the contents, the cover, the title block, the footnotes and the paginator use,
//! so that none is a literal in their code. `Theme::default()` is quire's look.
//!
//! Sizes called factors multiply the size they name (most often the body size, the
//! options' `font_size`, or the size of the block itself); widths of rules are points.

use crate::page::Color;
use crate::Margins;

/// Sizes, spaces, colours and factors of the typeset page.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Theme {
    // Colours.
    /// Text colour.
    pub ink: Color,
    /// Secondary text: bylines, captions, placeholders, leaders, continuation marks.
    pub muted: Color,
    /// Link text and footnote references.
    pub link: Color,
    /// Thin rules: thematic breaks, the title rule, table row rules, frames.
    pub rule: Color,
    /// The shading behind code blocks.
    pub code_background: Color,
    /// The bar beside block quotes.
    pub quote_bar: Color,
    /// The fill of an image placeholder's frame.
    pub placeholder_fill: Color,
    /// The rule above the footnotes at a page's foot.
    pub page_note_rule: Color,
    /// Running headers and page numbers.
    pub folio: Color,

    // Page.
    /// Default top and bottom margins on A4 (left and right follow from `measure_chars`).
    pub margins_a4: Margins,
    /// Default top and bottom margins on US Letter.
    pub margins_letter: Margins,
    /// Default top and bottom margins on A5.
    pub margins_a5: Margins,
    /// The least width and height of the text area, in points, whatever the margins.
    pub min_text_area: f32,

    // Text and blocks.
    /// Line height, as a factor of the text size.
    pub leading: f32,
    /// Space between the blocks of a loose flow (the body, loose list items), as a factor
    /// of the text size.
    pub block_gap: f32,
    /// Space between the blocks of a tight flow (tight list items, footnotes).
    pub tight_block_gap: f32,
    /// Ems of measure nesting leaves: past it, nested quotes and lists stop indenting.
    pub nest_min_measure: f32,

    // Measure and line breaking.
    /// Characters per line the default margins aim at (a book's 60 to 75), at the options'
    /// font size: the left and right margins are what the paper leaves around that measure.
    pub measure_chars: f32,
    /// The average advance of a character of running text, in ems of the body font
    /// (Libertinus Serif on English prose, spaces included).
    pub average_char_width: f32,
    /// The least left and right margin, in points, on paper too narrow for the measure.
    pub min_side_margin: f32,
    /// Cost of breaking at a hyphenation point (TeX's `\hyphenpenalty` is 50; ours is
    /// higher: a hyphen is a last resort before a loose line, not a habit).
    pub hyphen_penalty: f32,
    /// Demerits for two hyphenated lines in a row (TeX's `\doublehyphendemerits`).
    pub double_hyphen_demerits: f64,
    /// Demerits for a paragraph's second-to-last line ending in a hyphen (TeX's
    /// `\finalhyphendemerits`; ours all but forbids it).
    pub final_hyphen_demerits: f64,
    /// Stretch the second pass adds to every line when no break fits the tolerance, in
    /// ems (TeX's `\emergencystretch`).
    pub emergency_stretch: f32,
    /// A paragraph's last line narrower than this (one short word, a fragment) is a
    /// runt, in ems of the text size...
    pub runt_width: f32,
    /// ... and costs these demerits.
    pub runt_demerits: f64,
    /// The widest word space of a justified line, in normal spaces; a line that would need
    /// more is set ragged (the last resort).
    pub max_word_space: f32,

    // Headings.
    /// Heading sizes by level (1 to 6), as factors of the body size.
    pub heading_sizes: [f32; 6],
    /// Space above a heading, as a factor of its size.
    pub heading_space_above: f32,
    /// Space below a heading, as a factor of its size.
    pub heading_space_below: f32,

    // Inlines.
    /// Inline code size, as a factor of the surrounding text size: DejaVu Sans Mono at 0.8
    /// has about the x-height of Libertinus Serif at 1.
    pub inline_code_size: f32,
    /// Footnote reference size, as a factor of the surrounding text size.
    pub note_ref_size: f32,
    /// How far a footnote reference is raised, as a factor of the surrounding text size.
    pub note_ref_rise: f32,
    /// Space above and below a display formula, as a factor of the text size.
    pub math_display_space: f32,
    /// Space on each side of a fraction's bar beyond its wider part, as a factor of the
    /// formula's size.
    pub math_fraction_pad: f32,
    /// Space between the columns of a matrix or `cases`, as a factor of the formula's size.
    pub math_column_gap: f32,
    /// Space between the rows of a matrix or `aligned`, as a factor of the formula's size.
    pub math_row_gap: f32,

    // Scripts and inline images.
    /// Superscript and subscript size, as a factor of the surrounding text size.
    pub script_size: f32,
    /// How far a superscript is raised, as a factor of the surrounding text size.
    pub superscript_rise: f32,
    /// How far a subscript is lowered, as a factor of the surrounding text size.
    pub subscript_drop: f32,
    /// Height of an image set inside a line, as a factor of the text size.
    pub inline_image_height: f32,
    /// How much of an inline image's height hangs below the baseline.
    pub inline_image_drop: f32,
    /// The widest an inline image may be, in ems of the text size.
    pub inline_image_max_width: f32,

    // Callouts.
    /// The tint behind a callout.
    pub callout_background: Color,
    /// The bar and label colour of each GitHub kind: note, tip, important, warning,
    /// caution (other kinds take note's, or the nearest by meaning).
    pub callout_colors: [Color; 5],
    /// Width of the bar at a callout's left, in points.
    pub callout_bar_width: f32,
    /// Space inside the tint above and below the content, as a factor of the text size.
    pub callout_padding: f32,
    /// Inset of the content from the callout's left and right, as a factor of the text size.
    pub callout_inset: f32,
    /// Label size, as a factor of the text size.
    pub callout_label_size: f32,
    /// A callout of at most this many lines is kept on one page; a longer one splits
    /// where the page ends, as a quote does.
    pub callout_keep_lines: usize,

    // Definition lists.
    /// Indent of a definition under its term, as a factor of the text size.
    pub definition_indent: f32,

    // Lists.
    /// Indent of list items, as a factor of the text size.
    pub list_indent: f32,
    /// Extra indent per digit past two of an ordered list's largest number.
    pub list_digit_indent: f32,
    /// Space between a list marker and its item's text, as a factor of the text size.
    pub list_marker_gap: f32,
    /// Space between the items of a tight list, as a factor of the text size.
    pub list_tight_item_gap: f32,
    /// Space between the items of a loose list, as a factor of the text size.
    pub list_loose_item_gap: f32,

    // Block quotes.
    /// Indent of a block quote, as a factor of the text size.
    pub quote_indent: f32,
    /// Where the quote bar stands, from the quote's left, as a factor of the text size.
    pub quote_bar_offset: f32,
    /// Width of the quote bar, in points.
    pub quote_bar_width: f32,

    // Code blocks.
    /// Code size, as a factor of the surrounding text size (in step with inline code).
    pub code_size: f32,
    /// Padding inside the code shading, as a factor of the code size.
    pub code_padding: f32,
    /// Height of a code line, as a factor of the code size.
    pub code_line_height: f32,
    /// Where a code line's baseline sits, as a factor of the code line height.
    pub code_baseline: f32,
    /// The least width code lines wrap to, in ems of the code size.
    pub code_min_width: f32,
    /// The most a wrapped code line's hanging indent takes, as a share of the width.
    pub code_max_hang: f32,

    // Tables.
    /// Table text size, as a factor of the surrounding text size.
    pub table_size: f32,
    /// The smallest size a too-wide table shrinks its text to, in points.
    pub table_min_size: f32,
    /// The most of the measure the columns' minimum widths take when some column's text
    /// would not fit on one line: past it the table's text shrinks (to `table_min_size`
    /// at most), so the columns of long text get room beyond their longest word.
    pub table_min_share: f32,
    /// Cell padding (each side), as a factor of the table text size.
    pub table_padding: f32,
    /// Width of the rules above and below the header row, in points.
    pub table_header_rule_width: f32,
    /// Width of the rules between body rows, in points.
    pub table_row_rule_width: f32,
    /// The most a long (breakable) word counts towards a column's minimum width, in ems.
    pub table_word_cap: f32,
    /// A column whose body cells hold at most this many words is a column of names
    /// (products, keys): never hyphenated, its longest word its minimum width.
    pub table_name_words: usize,

    // Figures.
    /// Points per image pixel (0.75: 96 pixels per inch).
    pub image_scale: f32,
    /// The most of the text area's height an image takes.
    pub image_max_height: f32,
    /// A page that would end less full than this share of its text area before a figure
    /// starting the next page lets the text after the figure fill it (the figure floats).
    pub float_min_fill: f32,
    /// The least scale an image is set at to stay on the page it would leave (before it
    /// floats): 0.75, shrunk by up to a quarter.
    pub figure_min_scale: f32,
    /// Space between the images of one paragraph, as a factor of the text size.
    pub image_gap: f32,
    /// Caption size, as a factor of the text size.
    pub caption_size: f32,
    /// Space between an image and its caption, as a factor of the text size.
    pub caption_gap: f32,
    /// Placeholder text size, as a factor of the text size.
    pub placeholder_size: f32,
    /// Horizontal inset of a placeholder's text, each side, in ems of its size.
    pub placeholder_inset: f32,
    /// Height a placeholder adds to its text, in ems of its size.
    pub placeholder_padding: f32,
    /// The least height of a placeholder, in ems of its size.
    pub placeholder_min_height: f32,
    /// Width of a placeholder's frame, in points.
    pub placeholder_frame_width: f32,

    // Thematic breaks.
    /// Height of a thematic break, as a factor of the text size.
    pub break_height: f32,
    /// Where the break's rule starts, as a share of the width.
    pub break_from: f32,
    /// Where the break's rule ends, as a share of the width.
    pub break_to: f32,
    /// Where the break's rule sits, from its top, as a factor of the text size.
    pub break_rule_y: f32,
    /// Width of the break's rule, in points.
    pub break_rule_width: f32,

    // Title block.
    /// Title size, as a factor of the body size.
    pub title_size: f32,
    /// Subtitle size.
    pub subtitle_size: f32,
    /// Space above the subtitle, as a factor of the body size.
    pub subtitle_gap: f32,
    /// Byline (authors, date) size.
    pub byline_size: f32,
    /// Space above the byline.
    pub byline_gap: f32,
    /// Description size.
    pub description_size: f32,
    /// Space above the description.
    pub description_gap: f32,
    /// Height of the rule's chunk under the title block, as a factor of the body size.
    pub title_rule_height: f32,
    /// Space above that rule's chunk.
    pub title_rule_gap: f32,
    /// Where the rule sits in its chunk, as a factor of the body size.
    pub title_rule_y: f32,
    /// Where the title rule starts, as a share of the measure.
    pub title_rule_from: f32,
    /// Where the title rule ends, as a share of the measure.
    pub title_rule_to: f32,
    /// Width of the title rule, in points.
    pub title_rule_width: f32,

    // Cover.
    /// Space above a typeset cover's title, as a share of the text area's height.
    pub cover_top: f32,
    /// Cover title size, as a factor of the body size.
    pub cover_title_size: f32,
    /// Cover authors size.
    pub cover_authors_size: f32,
    /// Space above the cover's authors, as a factor of the body size.
    pub cover_authors_gap: f32,
    /// Size of the cover's span of dates.
    pub cover_dates_size: f32,
    /// Space above the cover's span of dates.
    pub cover_dates_gap: f32,

    // Contents.
    /// Size of the "Contents" heading, as a factor of the body size.
    pub toc_heading_size: f32,
    /// Space above the "Contents" heading, as a factor of the body size.
    pub toc_heading_gap: f32,
    /// Space below the "Contents" heading.
    pub toc_heading_after: f32,
    /// Room kept for the page numbers, in ems of the body size.
    pub toc_number_width: f32,
    /// Indent per level of an entry, in ems.
    pub toc_indent: f32,
    /// The least width an entry's title is set in, in ems.
    pub toc_min_width: f32,
    /// Distance between leader dots, in ems (a grid every line shares).
    pub toc_leader_step: f32,
    /// The least space between an entry's title and its first dot, in ems.
    pub toc_leader_gap: f32,
    /// Space above a book's post entry, in ems.
    pub toc_post_gap: f32,
    /// Space above other entries, in ems.
    pub toc_entry_gap: f32,

    // Footnotes.
    /// Footnote size, as a factor of the body size.
    pub note_size: f32,
    /// Indent of a footnote's text (its number hangs in it), as a factor of the note size.
    pub note_indent: f32,
    /// Space above the footnotes at the end of a post, as a factor of the note size.
    pub note_end_gap: f32,
    /// Where the rule above the end notes sits in its chunk, as a factor of the note size.
    pub note_end_rule_y: f32,
    /// Length of the rule above the end notes, as a share of the measure.
    pub note_end_rule_length: f32,
    /// Width of the footnote rules (end of post and page foot), in points.
    pub note_rule_width: f32,
    /// Height of an empty footnote, as a factor of the note size.
    pub note_empty_height: f32,
    /// Space above each footnote at a page's foot, as a factor of the note size.
    pub note_gap: f32,
    /// Room for the rule and gap above a page's footnotes, in points.
    pub page_note_space: f32,
    /// Where that rule sits above the notes, as a share of that room.
    pub page_note_rule_y: f32,
    /// Length of that rule, as a share of the measure.
    pub page_note_rule_length: f32,
    /// The most of the text area footnotes carried from the page before take.
    pub carried_notes_max: f32,

    // Running headers and page numbers.
    /// Size of running headers and page numbers, as a factor of the body size.
    pub folio_size: f32,
    /// The running header's baseline, as a share of the top margin from the page's top.
    pub header_baseline: f32,
    /// The page number's baseline, as a share of the bottom margin from the page's foot.
    pub number_baseline: f32,
}

impl Theme {
    /// The colour of a callout's bar and label by its kind (GitHub's five, and
    /// Obsidian's mapped to the nearest of them).
    pub fn callout_color(&self, kind: &str) -> Color {
        let i = match kind {
            "tip" | "hint" | "success" | "check" | "done" => 1,
            "important" | "example" | "abstract" | "summary" | "tldr" => 2,
            "warning" | "question" | "help" | "faq" | "attention" => 3,
            "caution" | "danger" | "error" | "failure" | "fail" | "missing" | "bug" => 4,
            _ => 0,
        };
        self.callout_colors[i]
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            ink: Color::rgb(0.1, 0.1, 0.1),
            muted: Color::rgb(0.38, 0.38, 0.42),
            link: Color::rgb(0.09, 0.27, 0.58),
            rule: Color::rgb(0.72, 0.72, 0.75),
            code_background: Color::rgb(0.955, 0.958, 0.968),
            quote_bar: Color::rgb(0.78, 0.78, 0.82),
            placeholder_fill: Color::rgb(0.97, 0.97, 0.97),
            page_note_rule: Color::rgb(0.6, 0.6, 0.62),
            folio: Color::rgb(0.35, 0.35, 0.38),
            margins_a4: Margins {
                top: 72.0,
                right: 85.0,
                bottom: 78.0,
                left: 85.0,
            },
            margins_letter: Margins {
                top: 68.0,
                right: 90.0,
                bottom: 74.0,
                left: 90.0,
            },
            margins_a5: Margins {
                top: 50.0,
                right: 48.0,
                bottom: 56.0,
                left: 48.0,
            },
            min_text_area: 72.0,
            leading: 1.38,
            block_gap: 0.65,
            tight_block_gap: 0.2,
            nest_min_measure: 12.0,
            measure_chars: 66.0,
            average_char_width: 0.42,
            min_side_margin: 36.0,
            hyphen_penalty: 700.0,
            double_hyphen_demerits: 10_000.0,
            final_hyphen_demerits: 1e7,
            emergency_stretch: 1.5,
            runt_width: 5.0,
            runt_demerits: 20_000.0,
            max_word_space: 3.0,
            heading_sizes: [1.6, 1.35, 1.17, 1.05, 1.0, 1.0],
            heading_space_above: 1.25,
            heading_space_below: 0.45,
            inline_code_size: 0.8,
            note_ref_size: 0.68,
            note_ref_rise: 0.36,
            script_size: 0.7,
            superscript_rise: 0.34,
            subscript_drop: 0.14,
            inline_image_height: 1.05,
            inline_image_drop: 0.2,
            inline_image_max_width: 16.0,
            callout_background: Color::rgb(0.962, 0.968, 0.978),
            callout_colors: [
                Color::rgb(0.04, 0.41, 0.85),
                Color::rgb(0.1, 0.5, 0.22),
                Color::rgb(0.51, 0.31, 0.87),
                Color::rgb(0.6, 0.4, 0.0),
                Color::rgb(0.81, 0.13, 0.18),
            ],
            callout_bar_width: 2.6,
            callout_padding: 0.55,
            callout_inset: 0.9,
            callout_label_size: 0.95,
            callout_keep_lines: 12,
            definition_indent: 1.6,
            math_display_space: 0.5,
            math_fraction_pad: 0.1,
            math_column_gap: 1.0,
            math_row_gap: 0.3,
            list_indent: 1.6,
            list_digit_indent: 0.5,
            list_marker_gap: 0.5,
            list_tight_item_gap: 0.15,
            list_loose_item_gap: 0.55,
            quote_indent: 1.4,
            quote_bar_offset: 0.2,
            quote_bar_width: 2.2,
            code_size: 0.8,
            code_padding: 0.7,
            code_line_height: 1.32,
            code_baseline: 0.78,
            code_min_width: 8.0,
            code_max_hang: 0.4,
            table_size: 0.9,
            table_min_size: 6.5,
            table_min_share: 0.75,
            table_padding: 0.4,
            table_header_rule_width: 0.8,
            table_row_rule_width: 0.3,
            table_word_cap: 9.0,
            table_name_words: 3,
            image_scale: 0.75,
            image_max_height: 0.8,
            float_min_fill: 0.5,
            figure_min_scale: 0.75,
            image_gap: 0.5,
            caption_size: 0.88,
            caption_gap: 0.3,
            placeholder_size: 0.9,
            placeholder_inset: 2.0,
            placeholder_padding: 3.0,
            placeholder_min_height: 5.0,
            placeholder_frame_width: 0.8,
            break_height: 1.2,
            break_from: 0.4,
            break_to: 0.6,
            break_rule_y: 0.6,
            break_rule_width: 0.6,
            title_size: 2.0,
            subtitle_size: 1.3,
            subtitle_gap: 0.3,
            byline_size: 1.05,
            byline_gap: 0.6,
            description_size: 0.98,
            description_gap: 0.8,
            title_rule_height: 1.2,
            title_rule_gap: 0.4,
            title_rule_y: 0.6,
            title_rule_from: 0.35,
            title_rule_to: 0.65,
            title_rule_width: 0.6,
            cover_top: 0.28,
            cover_title_size: 2.6,
            cover_authors_size: 1.4,
            cover_authors_gap: 2.0,
            cover_dates_size: 1.1,
            cover_dates_gap: 1.0,
            toc_heading_size: 1.6,
            toc_heading_gap: 1.2,
            toc_heading_after: 0.6,
            toc_number_width: 3.0,
            toc_indent: 1.5,
            toc_min_width: 4.0,
            toc_leader_step: 0.55,
            toc_leader_gap: 0.6,
            toc_post_gap: 0.7,
            toc_entry_gap: 0.15,
            note_size: 0.86,
            note_indent: 1.8,
            note_end_gap: 1.5,
            note_end_rule_y: 0.5,
            note_end_rule_length: 0.3,
            note_rule_width: 0.5,
            note_empty_height: 1.3,
            note_gap: 0.3,
            page_note_space: 10.0,
            page_note_rule_y: 0.6,
            page_note_rule_length: 0.25,
            carried_notes_max: 0.5,
            folio_size: 0.85,
            header_baseline: 0.55,
            number_baseline: 0.55,
        }
    }
}
