//! `quire convert`: read one post, write it in one format.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use quire_core::resource::is_remote;
use quire_core::{read_post, Diagnostic, ReadOptions};
use quire_epub::{EpubOptions, Post};
use quire_html::{HtmlOptions, Stylesheet};
use quire_text::{TextOptions, Wrap};

use crate::args::{ConvertArgs, FootnotesArg, Format, InputFormat, PaperArg, PdfArgs, WrapArg};
use crate::fail::Failure;
use crate::output;
use crate::resources::FsResources;
use quire_core::sections;
use quire_core::MetaValue;

/// Where the result goes.
enum Sink {
    Stdout,
    File(PathBuf),
}

/// Runs a conversion; warnings go to `warn` as they are found.
pub fn run(args: &ConvertArgs, warn: &mut dyn FnMut(&Diagnostic)) -> Result<(), Failure> {
    run_then(args, warn, Afterwards::Exit)
}

/// A conversion of a run that goes on (`quire watch`): its memory is freed as usual.
pub fn run_again(args: &ConvertArgs, warn: &mut dyn FnMut(&Diagnostic)) -> Result<(), Failure> {
    run_then(args, warn, Afterwards::More)
}

fn run_then(
    args: &ConvertArgs,
    warn: &mut dyn FnMut(&Diagnostic),
    afterwards: Afterwards,
) -> Result<(), Failure> {
    if let Some(dir) = &args.out_dir {
        return batch(args, dir, warn);
    }
    let stdin_default = [PathBuf::from("-")];
    let inputs: &[PathBuf] = if args.inputs.is_empty() {
        if std::io::stdin().is_terminal() {
            return Err(Failure::usage("no post given")
                .hint("name a post (quire convert post.md -o post.pdf) or pipe one in"));
        }
        &stdin_default
    } else {
        &args.inputs
    };
    let [input] = inputs else {
        return Err(
            Failure::usage(format!("{} posts given but one output", args.inputs.len()))
                .hint("convert several posts with --out-dir DIR --to FORMAT"),
        );
    };
    let sink = match &args.output {
        None => Sink::Stdout,
        Some(p) if p.as_os_str() == "-" => Sink::Stdout,
        Some(p) => Sink::File(p.clone()),
    };
    let format = pick_format(args.to, &sink)?;
    if let Sink::Stdout = sink {
        if format.is_binary() && std::io::stdout().is_terminal() {
            return Err(Failure::usage(format!(
                "will not write {} to a terminal",
                format.name().to_uppercase()
            ))
            .hint(format!(
                "give -o FILE.{0}, or redirect: quire convert ... --to {0} > out.{0}",
                format.name()
            )));
        }
    }
    // A wrong -o (no such folder, a read-only file) is reported before the conversion.
    if let Sink::File(path) = &sink {
        output::check_target(path)?;
    }
    let settings = Settings::new(args, format)?;
    convert_one(args, &settings, input, sink, format, warn, afterwards)
}

/// What follows a conversion.
#[derive(Clone, Copy, PartialEq)]
enum Afterwards {
    /// The process ends: its memory is left to the operating system, which takes it back
    /// at once, whereas freeing a large model node by node costs 5 to 10% of a run.
    Exit,
    /// More posts follow: free as usual.
    More,
}

/// What every post of a run shares, built once (stylesheets read, environment read).
struct Settings {
    read: ReadOptions,
    edits: Edits,
    html: Option<HtmlOptions>,
    modified: Option<quire_core::Date>,
    pdf: Option<PdfSettings>,
}

/// What a PDF run typesets with and writes with.
struct PdfSettings {
    fonts: quire_typeset::FontBook,
    typeset: quire_typeset::TypesetOptions,
    pdf: quire_pdf::PdfOptions,
}

impl Settings {
    fn new(args: &ConvertArgs, format: Format) -> Result<Settings, Failure> {
        Ok(Settings {
            read: read_options(args.from),
            edits: Edits::new(args)?,
            html: if matches!(format, Format::Html | Format::Xhtml) {
                Some(html_options(args, format == Format::Xhtml)?)
            } else {
                None
            },
            modified: if format == Format::Epub {
                crate::env::source_date_epoch()?
            } else {
                None
            },
            pdf: if format == Format::Pdf {
                Some(PdfSettings {
                    fonts: crate::fonts::book(&font_args(&args.pdf))?,
                    typeset: pdf_typeset_options(args)?,
                    pdf: quire_pdf::PdfOptions::default(),
                })
            } else {
                None
            },
        })
    }
}

/// `--out-dir`: every post in turn; failures are reported and do not stop the others.
fn batch(args: &ConvertArgs, dir: &Path, warn: &mut dyn FnMut(&Diagnostic)) -> Result<(), Failure> {
    let format = args
        .to
        .ok_or_else(|| Failure::usage("--out-dir needs --to FORMAT"))?;
    if args.inputs.is_empty() {
        return Err(Failure::usage("--out-dir needs the posts to convert")
            .hint("quire convert posts/*.md --out-dir site/ --to html"));
    }
    let ext = match format {
        Format::Text => "txt",
        other => other.name(),
    };
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.is_dir() {
            return Err(Failure::conversion(format!(
                "{}: the output folder does not exist",
                parent.display()
            ))
            .hint(format!("create it first: mkdir -p {}", parent.display())));
        }
    }
    let mut targets: Vec<(PathBuf, PathBuf)> = Vec::new();
    for input in &args.inputs {
        let stem = input
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "stdin".into());
        let out = dir.join(format!("{stem}.{ext}"));
        if let Some((other, _)) = targets.iter().find(|(_, o)| *o == out) {
            return Err(Failure::usage(format!(
                "{} and {} would both be written to {}",
                other.display(),
                input.display(),
                out.display()
            ))
            .hint("rename one of them, or convert them in two runs"));
        }
        targets.push((input.clone(), out));
    }
    let settings = Settings::new(args, format)?;
    std::fs::create_dir_all(dir).map_err(|e| {
        Failure::conversion(format!("{}: cannot create the folder: {e}", dir.display()))
    })?;
    let mut failed = 0;
    for (input, out) in &targets {
        if let Err(f) = convert_one(
            args,
            &settings,
            input,
            Sink::File(out.clone()),
            format,
            warn,
            Afterwards::More,
        ) {
            failed += 1;
            eprintln!("error: {f}");
        }
    }
    if failed > 0 {
        return Err(Failure::conversion(format!(
            "{failed} of {} posts failed; the others were converted",
            targets.len()
        )));
    }
    Ok(())
}

/// Converts one post to one sink.
fn convert_one(
    args: &ConvertArgs,
    settings: &Settings,
    input: &Path,
    sink: Sink,
    format: Format,
    warn: &mut dyn FnMut(&Diagnostic),
    afterwards: Afterwards,
) -> Result<(), Failure> {
    let stdin = input.as_os_str() == "-";
    if let (Sink::File(out), false) = (&sink, stdin) {
        if same_file(input, out) {
            return Err(Failure::usage(format!(
                "{}: the output would overwrite the input",
                out.display()
            ))
            .hint("choose another -o file"));
        }
    }
    let (bytes, name) = read_input(input)?;
    // Images are looked up from the post's folder (the working folder for stdin).
    let post_dir = if stdin {
        PathBuf::from(".")
    } else {
        input.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let site = crate::site::find(&post_dir);
    // The reading `-f` asked for, with the site's dialect (none for strict CommonMark).
    let mut options = settings.read.clone();
    let site = site.filter(|_| args.from != InputFormat::Commonmark);
    options.site = site.as_ref().map(|s| s.site);
    options.site_values = site.as_ref().map(|s| s.values.clone()).unwrap_or_default();
    let read = read_post(&bytes, Some(&name), &options)
        .map_err(|e| Failure::from(e.diagnostic().clone()))?;
    for w in &read.warnings {
        warn(w);
    }
    let mut doc = read.document;
    settings.edits.apply(&mut doc, warn);

    let mut resources =
        FsResources::new(post_dir, args.resource_path.clone()).allow_any_path(args.allow_any_path);
    if let Some(site) = &site {
        resources = resources.with_static_dir(site.static_dir());
    }
    let resources = resources.with_fetcher(crate::fetch::shared(args.offline));
    let out: Vec<u8> = match format {
        Format::Text => {
            let wrap = match args.wrap {
                WrapArg::Auto => Wrap::Auto,
                WrapArg::None => Wrap::None,
            };
            let options = TextOptions::default()
                .with_columns(usize::from(args.columns))
                .with_wrap(wrap);
            let result = quire_text::to_text(&doc, &options);
            for w in &result.warnings {
                warn(w);
            }
            result.text.into_bytes()
        }
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&doc)
                .map_err(|e| Failure::conversion(format!("{name}: cannot write JSON: {e}")))?;
            s.push('\n');
            s.into_bytes()
        }
        Format::Html | Format::Xhtml => {
            let options = settings.html.as_ref().expect("built for HTML runs");
            let result = quire_html::convert(&doc, options, &resources);
            for w in &result.warnings {
                warn(w);
            }
            result.html.into_bytes()
        }
        Format::Epub => {
            let mut options = EpubOptions::default();
            options.modified = settings.modified;
            let book = quire_epub::to_epub(&[Post::new(&doc, &resources)], &options)
                .map_err(|e| Failure::conversion(format!("{name}: {e}")))?;
            for w in &book.warnings {
                warn(w);
            }
            book.bytes
        }
        Format::Pdf => {
            let pdf = settings.pdf.as_ref().expect("built for PDF runs");
            // Resolve, typeset, then write; the warnings are reported once the file is
            // written.
            let mut pages = quire_typeset::typeset_post(&doc, &pdf.fonts, &pdf.typeset, &resources);
            let warnings = std::mem::take(&mut pages.warnings);
            let bytes = quire_pdf::write_pages(pages, &pdf.fonts, &pdf.pdf)
                .map_err(|e| Failure::conversion(format!("{name}: {e}")))?;
            for w in &warnings {
                warn(w);
            }
            bytes
        }
    };
    match sink {
        Sink::Stdout => output::write_stdout(&out)?,
        Sink::File(path) => output::write_atomic(&path, &out)?,
    }
    if afterwards == Afterwards::Exit {
        std::mem::forget((bytes, doc, out));
    }
    Ok(())
}

/// How each `-f/--from` reads Markdown.
fn read_options(from: InputFormat) -> ReadOptions {
    let mut o = ReadOptions::default();
    match from {
        InputFormat::Markdown => {}
        // Strict: nothing beyond the spec (no maths, callouts, emoji, site dialects).
        InputFormat::Commonmark => {
            o.front_matter = false;
            o.markdown.smart_punctuation = false;
            o.markdown.bare_autolinks = false;
            o.markdown.math = false;
            o.markdown.blog = false;
        }
        InputFormat::Gfm => o.markdown.smart_punctuation = false,
    }
    o
}

/// What the command line changes in every document read: metadata over the front matter,
/// heading levels, section numbers. Applied to the model, once, before any writer runs.
struct Edits {
    defaults: Vec<(String, MetaValue)>,
    overrides: Vec<(String, MetaValue)>,
    shift: i8,
    number: bool,
}

impl Edits {
    fn new(args: &ConvertArgs) -> Result<Edits, Failure> {
        let defaults = match &args.metadata_file {
            None => Vec::new(),
            Some(path) => {
                let name = path.display().to_string();
                let text = std::fs::read_to_string(path).map_err(|e| {
                    Failure::usage(format!("{name}: cannot read: {}", io_reason(&e)))
                        .hint("check the path given to --metadata-file")
                })?;
                let toml = path.extension().is_some_and(|e| e == "toml");
                quire_core::read_metadata_file(&text, Some(&name), toml)?
            }
        };
        let mut overrides = Vec::new();
        for m in &args.metadata {
            // pandoc takes `KEY=VALUE` and `KEY:VALUE`.
            let (key, value) = match m.find(['=', ':']) {
                Some(i) => (&m[..i], Some(&m[i + 1..])),
                None => (m.as_str(), None),
            };
            if key.trim().is_empty() {
                return Err(Failure::usage(format!("-M {m}: no key before `=`"))
                    .hint("write -M key=value, e.g. -M title=\"A talk\""));
            }
            overrides.push((key.trim().to_owned(), sections::metadata_value(value)));
        }
        let text = |s: &String| MetaValue::String(s.clone());
        overrides.extend(args.title.iter().map(|t| ("title".to_owned(), text(t))));
        if !args.authors.is_empty() {
            let list = args.authors.iter().map(text).collect();
            overrides.push(("authors".to_owned(), MetaValue::List(list)));
        }
        if let Some(lang) = &args.lang {
            if !quire_core::meta::is_language_tag(lang) {
                return Err(Failure::usage(format!("--lang {lang}: not a language tag"))
                    .hint("use a BCP 47 tag such as en, en-GB or fr"));
            }
            overrides.push(("lang".to_owned(), text(lang)));
        }
        if let Some(date) = &args.date {
            if quire_core::Date::parse(date).is_none() {
                return Err(Failure::usage(format!("--date {date}: not a date"))
                    .hint("write it as 2016-03-18 (or 2016-03-18T09:30:00Z)"));
            }
            overrides.push(("date".to_owned(), text(date)));
        }
        Ok(Edits {
            defaults,
            overrides,
            shift: args.shift_heading_level_by,
            number: args.number_sections,
        })
    }

    fn apply(&self, doc: &mut quire_core::Document, warn: &mut dyn FnMut(&Diagnostic)) {
        let source = doc.source.clone();
        let mut problems = sections::default_meta(&mut doc.meta, self.defaults.clone());
        problems.extend(sections::override_meta(
            &mut doc.meta,
            self.overrides.clone(),
        ));
        for p in problems {
            warn(&Diagnostic::warning(source.as_deref(), 0, p));
        }
        sections::shift_headings(doc, self.shift);
        if self.number {
            sections::number_sections(doc);
        }
    }
}

/// The font choices of `--font-dir`, `--main-font` and `--mono-font`.
pub(crate) fn font_args(pdf: &PdfArgs) -> crate::fonts::FontArgs {
    crate::fonts::FontArgs {
        dirs: pdf.font_dir.clone(),
        main: pdf.main_font.clone(),
        mono: pdf.mono_font.clone(),
    }
}

/// Layout options from the PDF flags.
pub(crate) fn typeset_options(pdf: &PdfArgs, highlight: bool) -> quire_typeset::TypesetOptions {
    let mut t = quire_typeset::TypesetOptions::default();
    t.paper = match pdf.paper.unwrap_or(PaperArg::A4) {
        PaperArg::A4 => quire_typeset::Paper::A4,
        PaperArg::Letter => quire_typeset::Paper::Letter,
        PaperArg::A5 => quire_typeset::Paper::A5,
    };
    t.margins = pdf.margin.map(|m| quire_typeset::Margins {
        top: m,
        right: m,
        bottom: m.max(36.0),
        left: m,
    });
    t.font_size = pdf.font_size.unwrap_or(t.font_size);
    t.justify = !pdf.ragged;
    t.hyphenate = !pdf.no_hyphenate;
    t.highlight = highlight;
    t.footnotes = match pdf.footnotes.unwrap_or(FootnotesArg::Page) {
        FootnotesArg::Page => quire_typeset::FootnotePlacement::Page,
        FootnotesArg::End => quire_typeset::FootnotePlacement::End,
    };
    t
}

fn pdf_typeset_options(args: &ConvertArgs) -> Result<quire_typeset::TypesetOptions, Failure> {
    let mut o = typeset_options(&args.pdf, !args.no_highlight);
    o.toc = args.toc;
    o.toc_depth = args.toc_depth;
    o.source_date = crate::env::source_date_epoch()?.map(|d| d.unix_seconds());
    Ok(o)
}

fn html_options(args: &ConvertArgs, xhtml: bool) -> Result<HtmlOptions, Failure> {
    let mut o = if args.fragment {
        HtmlOptions::fragment()
    } else {
        HtmlOptions::default()
    };
    o.toc = args.toc;
    o.toc_depth = args.toc_depth;
    o.xhtml = xhtml;
    match args.from {
        InputFormat::Markdown => {}
        // What the specs' examples expect: no ids, code as written.
        InputFormat::Commonmark => {
            o.heading_ids = false;
            o.highlight = false;
            o.figures = false;
        }
        // github.com writes an image alone as a paragraph.
        InputFormat::Gfm => {
            o.tagfilter = true;
            o.figures = false;
        }
    }
    o.embed_resources = args.embed_resources;
    o.safe = args.safe;
    o.highlight = o.highlight && !args.no_highlight;
    o.builtin_style = !args.no_default_css;
    for css in &args.css {
        let path = Path::new(css);
        o.stylesheets.push(if is_remote(css) {
            Stylesheet::Url(css.clone())
        } else {
            // A local path is embedded; one that does not exist is a mistake, not a link.
            let text = std::fs::read_to_string(path).map_err(|e| {
                Failure::usage(format!(
                    "{css}: cannot read the stylesheet: {}",
                    io_reason(&e)
                ))
                .hint("check the path, or give a URL (https://...) to link a stylesheet")
            })?;
            Stylesheet::Inline(text)
        });
    }
    Ok(o)
}

fn pick_format(to: Option<Format>, sink: &Sink) -> Result<Format, Failure> {
    if let Some(f) = to {
        return Ok(f);
    }
    match sink {
        // pandoc's default: HTML to standard output.
        Sink::Stdout => Ok(Format::Html),
        Sink::File(path) => {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            Format::from_extension(ext).ok_or_else(|| {
                Failure::usage(format!(
                    "{}: cannot tell the output format from the extension `{ext}`",
                    path.display()
                ))
                .hint("use .txt, .json, .html, .epub or .pdf, or say --to FORMAT")
            })
        }
    }
}

fn read_input(path: &Path) -> Result<(Vec<u8>, String), Failure> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)
            .map_err(|e| Failure::conversion(format!("<stdin>: cannot read: {e}")))?;
        return Ok((buf, "<stdin>".to_owned()));
    }
    let name = path.display().to_string();
    if path.is_dir() {
        return Err(
            Failure::conversion(format!("{name}: is a folder, not a post"))
                .hint("give the path of a .md file, or make a book of a folder: quire bundle DIR -o book.epub"),
        );
    }
    match std::fs::read(path) {
        Ok(bytes) => Ok((bytes, name)),
        Err(e) => {
            let hint = match e.kind() {
                std::io::ErrorKind::NotFound => "check the path and the current folder",
                std::io::ErrorKind::PermissionDenied => "check the file's permissions",
                _ => "check that the file can be read",
            };
            Err(Failure::conversion(format!("{name}: cannot read: {}", io_reason(&e))).hint(hint))
        }
    }
}

/// The OS message without the trailing `(os error N)`.
fn io_reason(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_lowercase(),
        None => s,
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
