//! The command line, exactly as the user typed it (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  quire convert post.md -o post.pdf          a print-quality PDF (A4, built-in fonts)
  quire convert post.md -o post.pdf --paper letter --toc --footnotes end
  quire bundle blog/posts -o blog.pdf        every post of a folder in one PDF book
  quire convert post.md -o post.html         a standalone HTML page
  quire convert post.md -o post.epub         a one-post ebook
  quire bundle blog/posts -o blog.epub       every post of a folder in one ebook
  quire convert post.md -o post.html --embed-resources --toc
  quire convert post.md -o - --to html --fragment
  quire convert post.md -o post.txt          plain text, wrapped at 72 columns
  quire convert post.md --to json | jq .meta the document model as JSON
  quire convert -f commonmark post.md > post.html   strict CommonMark, HTML to stdout
  quire convert post.md -N -M title=\"A talk\" --lang fr -o post.pdf   pandoc's options
  quire convert post.md -o - --to text --columns 60 --wrap none
  cat post.md | quire convert - --to text    read standard input
  quire convert posts/*.md --out-dir site/ --to html   many posts, one page each
  quire completions bash > /etc/bash_completion.d/quire

Exit codes: 0 success, 1 conversion failed, 2 usage error.";

/// quire turns Markdown blog posts into PDFs, HTML pages, EPUB books, plain text and JSON.
#[derive(Debug, Parser)]
#[command(
    name = "quire",
    version,
    about,
    after_help = EXAMPLES,
    propagate_version = true,
    subcommand_required = false,
    arg_required_else_help = true
)]
pub struct Cli {
    /// Print no warnings (errors are still printed).
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Print the input formats `-f/--from` accepts, one a line, and exit.
    #[arg(long, exclusive = true)]
    pub list_input_formats: bool,

    /// Print the output formats `-t/--to` accepts, one a line, and exit.
    #[arg(long, exclusive = true)]
    pub list_output_formats: bool,

    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert one post to another format.
    #[command(after_help = EXAMPLES)]
    Convert(ConvertArgs),
    /// Make one book of many posts.
    #[command(after_help = BUNDLE_EXAMPLES)]
    Bundle(BundleArgs),
    /// Convert a post, then again each time it, its folder's images or a stylesheet
    /// change (same options as convert; -o is required). Ctrl-C stops.
    Watch(ConvertArgs),
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

const BUNDLE_EXAMPLES: &str = "\
Examples:
  quire bundle posts/ -o year.epub --title \"2016 on the blog\" --author \"Nora Jones\"
  quire bundle posts/ -o year.pdf --title \"2016 on the blog\" --paper letter
  quire bundle a.md b.md c.md -o talks.epub --order given
  quire bundle posts/ -o book.epub --config book/quire.toml

A quire.toml in a folder given or a parent up to the site root (or --config FILE) can
hold the same settings (the command line wins):
  title = \"2016 on the blog\"
  authors = [\"Nora Jones\"]
  lang = \"en\"
  cover = \"cover.jpg\"        # relative to the quire.toml
  order = \"date\"            # date | name | given
  toc-depth = 2
  posts = [\"first.md\", \"second.md\"]   # an explicit list, in this order
  number-sections = true
  [metadata]                # set on every post, over its front matter
  lang = \"en\"
  [pdf]                     # every PDF option: paper, margin, font-size, font-dir,
  paper = \"a5\"            # main-font, mono-font, footnotes, ragged, hyphenate,
  margin = \"18mm\"         # highlight, toc-depth

SOURCE_DATE_EPOCH sets the book's modification date (reproducible builds).";

/// `quire bundle`.
#[derive(Debug, Args)]
pub struct BundleArgs {
    /// Posts and folders of posts (`.md`, `.markdown`, `.fsx`), searched recursively.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,

    /// The book to write; the extension picks the format (`.epub`).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,

    /// The book's title.
    #[arg(long)]
    pub title: Option<String>,

    /// An author of the book (repeatable); by default the posts' authors.
    #[arg(long = "author", value_name = "NAME")]
    pub authors: Vec<String>,

    /// The book's language (BCP 47), by default the first post's.
    #[arg(long)]
    pub lang: Option<String>,

    /// A cover image; without one, a cover is generated.
    #[arg(long, value_name = "IMAGE")]
    pub cover: Option<PathBuf>,

    /// The order of the posts: oldest first, by file name, or as given.
    #[arg(long, value_enum)]
    pub order: Option<Order>,

    /// Headings below the post titles in the table of contents (1: titles only).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=6))]
    pub toc_depth: Option<u8>,

    /// Book settings (title, authors, lang, cover, order, posts); a `quire.toml` in a
    /// folder given is read by default.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Where to look for images with site-root paths (/images/x.png). Repeatable.
    #[arg(long, value_name = "DIR")]
    pub resource_path: Vec<PathBuf>,

    /// Read images from any path, even outside the post's site (for trusted posts only).
    #[arg(long)]
    pub allow_any_path: bool,

    /// Keep draft posts (`draft: true`, `published: false`), which are left out by default.
    #[arg(long)]
    pub drafts: bool,
    /// Never download remote (http/https) images: they stay links, with a warning
    /// (also with QUIRE_OFFLINE=1 in the environment).
    #[arg(long, env = "QUIRE_OFFLINE", value_parser = clap::builder::BoolishValueParser::new())]
    pub offline: bool,

    /// PDF: no syntax highlighting of code blocks.
    #[arg(long, help_heading = "PDF")]
    pub no_highlight: bool,

    /// Number each post's sections (1, 1.1, ...), in the chapters and the contents.
    #[arg(short = 'N', long)]
    pub number_sections: bool,

    #[command(flatten)]
    pub pdf: PdfArgs,
}

/// `--order`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    /// By post date, oldest first (undated posts last, by name).
    Date,
    /// By path from the bundled folder (`2015/b.md` before `2016/a.md`).
    Name,
    /// As given on the command line or in quire.toml.
    Given,
}

/// `quire convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The post to read (`-` for standard input, also read when no post is given and it
    /// is not a terminal); several posts with --out-dir.
    #[arg(num_args = 0.., value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Where to write (`-` for standard output, the default). The extension picks the
    /// format; FIFOs and devices are written in place.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// How to read the post: `markdown` (quire's reading: front matter, smart punctuation,
    /// heading ids, bare links), `commonmark` (strict: none of those) or `gfm`.
    #[arg(short, long, value_enum, default_value_t = InputFormat::Markdown, value_name = "FORMAT")]
    pub from: InputFormat,

    /// A whole page; accepted for pandoc's sake, as it is already the default.
    #[arg(short, long, conflicts_with = "fragment")]
    pub standalone: bool,

    /// Set a metadata key, over the front matter (`-M title="A talk"`, `-M draft`).
    /// Repeatable.
    #[arg(short = 'M', long = "metadata", value_name = "KEY[=VALUE]")]
    pub metadata: Vec<String>,

    /// Metadata from a YAML (or `.toml`) file; the post's front matter wins over it.
    #[arg(long, value_name = "FILE")]
    pub metadata_file: Option<PathBuf>,

    /// The title, over the front matter's.
    #[arg(long)]
    pub title: Option<String>,

    /// An author (repeatable), instead of the front matter's.
    #[arg(long = "author", value_name = "NAME")]
    pub authors: Vec<String>,

    /// The language (BCP 47, e.g. `en`, `fr-CA`), over the front matter's.
    #[arg(long, value_name = "TAG")]
    pub lang: Option<String>,

    /// The date (`2016-03-18`), over the front matter's.
    #[arg(long)]
    pub date: Option<String>,

    /// Number the sections (1, 1.1, ...) in every format, contents and outline included.
    #[arg(short = 'N', long)]
    pub number_sections: bool,

    /// Move every heading this many levels down (negative: up), within 1 to 6.
    #[arg(long, value_name = "N", allow_negative_numbers = true, default_value_t = 0,
          value_parser = clap::value_parser!(i8).range(-5..=5))]
    pub shift_heading_level_by: i8,

    /// Convert each post into this folder (created if needed) as NAME.EXT; a post that
    /// fails is reported and the others still convert (exit 1 if any failed).
    #[arg(long, value_name = "DIR", conflicts_with = "output", requires = "to")]
    pub out_dir: Option<PathBuf>,

    /// The output format; overrides the extension of --output.
    #[arg(short, long, value_enum, value_name = "FORMAT")]
    pub to: Option<Format>,

    /// Line width of text output, in display columns.
    #[arg(long, default_value_t = 72, value_parser = clap::value_parser!(u16).range(1..))]
    pub columns: u16,

    /// Paragraph wrapping of text output.
    #[arg(long, value_enum, default_value_t = WrapArg::Auto)]
    pub wrap: WrapArg,

    /// HTML: write the body only, without page, header or styles.
    #[arg(long, help_heading = "HTML")]
    pub fragment: bool,

    /// HTML: add a stylesheet (a local file is embedded, anything else is linked). Repeatable.
    #[arg(short = 'c', long, value_name = "FILE|URL", help_heading = "HTML")]
    pub css: Vec<String>,

    /// HTML: leave out the built-in stylesheet.
    #[arg(long, help_heading = "HTML")]
    pub no_default_css: bool,

    /// HTML and PDF: add a table of contents after the title (PDF: with page numbers).
    #[arg(long, help_heading = "HTML")]
    pub toc: bool,

    /// Headings down to this level go in the table of contents.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=6), help_heading = "HTML")]
    pub toc_depth: u8,

    /// HTML: one self-contained file, images embedded as data: URIs.
    #[arg(long, visible_alias = "self-contained", help_heading = "HTML")]
    pub embed_resources: bool,

    /// HTML: for untrusted posts, drop raw HTML and javascript:/data: links.
    #[arg(long, help_heading = "HTML")]
    pub safe: bool,

    /// HTML and PDF: no syntax highlighting of code blocks.
    #[arg(long, help_heading = "HTML")]
    pub no_highlight: bool,

    #[command(flatten)]
    pub pdf: PdfArgs,

    /// Where to look for images with site-root paths (/images/x.png). Repeatable;
    /// searched before the post's folder and its parents.
    #[arg(long, value_name = "DIR")]
    pub resource_path: Vec<PathBuf>,

    /// Read images from any path, even outside the post's site (for trusted posts only).
    #[arg(long)]
    pub allow_any_path: bool,

    /// Never download remote (http/https) images: they stay links, with a warning
    /// (also with QUIRE_OFFLINE=1 in the environment).
    #[arg(long, env = "QUIRE_OFFLINE", value_parser = clap::builder::BoolishValueParser::new())]
    pub offline: bool,
}

/// Output formats, built or planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Plain text.
    #[value(alias = "txt", alias = "plain")]
    Text,
    /// The document model as JSON.
    Json,
    /// HTML5 page.
    #[value(alias = "htm", alias = "html5")]
    Html,
    /// XHTML page (well-formed XML).
    Xhtml,
    /// EPUB 3 ebook.
    Epub,
    /// PDF.
    Pdf,
}

impl Format {
    /// The format an output file name implies.
    pub fn from_extension(ext: &str) -> Option<Format> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Format::Text,
            "json" => Format::Json,
            "html" | "htm" => Format::Html,
            "xhtml" => Format::Xhtml,
            "epub" => Format::Epub,
            "pdf" => Format::Pdf,
            _ => return None,
        })
    }

    /// The lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Html => "html",
            Format::Xhtml => "xhtml",
            Format::Epub => "epub",
            Format::Pdf => "pdf",
        }
    }
}

/// `-f/--from`: how Markdown is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// quire's reading: front matter, smart punctuation, heading ids, GFM extensions.
    #[value(alias = "md")]
    Markdown,
    /// The CommonMark spec, strictly: no front matter, smart punctuation or heading ids.
    Commonmark,
    /// GitHub Flavored Markdown: bare links, the tag filter, straight quotes.
    Gfm,
}

impl Format {
    /// Whether the format is binary, never to be written to a terminal.
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Epub | Format::Pdf)
    }
}

/// PDF layout and fonts (shared by `convert` and `bundle`).
#[derive(Debug, Clone, clap::Args)]
pub struct PdfArgs {
    /// PDF: paper size [default: a4].
    #[arg(long, value_enum, help_heading = "PDF")]
    pub paper: Option<PaperArg>,

    /// PDF: one margin for all sides, e.g. 20mm, 0.75in, 54pt (default: left and right
    /// margins that leave a measure of about 66 characters at --font-size, on every paper).
    #[arg(long, value_name = "LENGTH", value_parser = parse_length, help_heading = "PDF")]
    pub margin: Option<f32>,

    /// PDF: body text size in points [default: 10.5].
    #[arg(long, value_name = "PT", value_parser = parse_font_size, help_heading = "PDF")]
    pub font_size: Option<f32>,

    /// PDF: a folder of font files searched before the system's fonts. Repeatable.
    #[arg(long, value_name = "DIR", help_heading = "PDF")]
    pub font_dir: Vec<PathBuf>,

    /// PDF: the body font family (default: the built-in Libertinus Serif).
    #[arg(long, value_name = "NAME", help_heading = "PDF")]
    pub main_font: Option<String>,

    /// PDF: the code font family (default: the built-in DejaVu Sans Mono).
    #[arg(long, value_name = "NAME", help_heading = "PDF")]
    pub mono_font: Option<String>,

    /// PDF: ragged-right paragraphs instead of justified ones.
    #[arg(long, help_heading = "PDF")]
    pub ragged: bool,

    /// PDF: never hyphenate.
    #[arg(long, help_heading = "PDF")]
    pub no_hyphenate: bool,

    /// PDF: footnotes at the foot of their page, or gathered at the end of the post
    /// [default: page].
    #[arg(long, value_enum, help_heading = "PDF")]
    pub footnotes: Option<FootnotesArg>,
}

/// `--footnotes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FootnotesArg {
    /// At the foot of the page that references them.
    Page,
    /// At the end of the post.
    End,
}

/// `--paper`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaperArg {
    /// ISO A4 (210 x 297 mm).
    A4,
    /// US Letter (8.5 x 11 in).
    Letter,
    /// ISO A5 (148 x 210 mm).
    A5,
}

/// A length in points from `20mm`, `2cm`, `0.75in` or `54pt`.
pub(crate) fn parse_length(s: &str) -> Result<f32, String> {
    let s = s.trim();
    let split = s.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let value: f32 = number
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a length like 20mm, 0.75in or 54pt"))?;
    let points = match unit {
        "mm" => value * 72.0 / 25.4,
        "cm" => value * 72.0 / 2.54,
        "in" => value * 72.0,
        "pt" | "" => value,
        other => return Err(format!("unknown unit `{other}`: use mm, cm, in or pt")),
    };
    if !(0.0..=216.0).contains(&points) || !points.is_finite() {
        return Err(format!("`{s}` is not a usable margin (0 to 3 inches)"));
    }
    Ok(points)
}

pub(crate) fn parse_font_size(s: &str) -> Result<f32, String> {
    let v: f32 = s
        .parse()
        .map_err(|_| format!("`{s}` is not a number of points"))?;
    if (5.0..=24.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} pt is outside 5 to 24 pt"))
    }
}

/// `--wrap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WrapArg {
    /// Wrap paragraphs to --columns.
    Auto,
    /// One line per paragraph.
    None,
}
