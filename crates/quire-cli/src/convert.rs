//! `quire convert`: read one post, write it in one format.

use std::path::{Path, PathBuf};

use quire_core::resource::is_remote;
use quire_core::{read_post, Diagnostic, ReadOptions};
use quire_epub::{EpubOptions, Post};
use quire_html::{HtmlOptions, Stylesheet};
use quire_text::{TextOptions, Wrap};

use crate::args::{ConvertArgs, FootnotesArg, Format, PaperArg, PdfArgs, WrapArg};
use crate::fail::Failure;
use crate::output;
use crate::resources::FsResources;

/// Where the result goes.
enum Sink {
    Stdout,
    File(PathBuf),
}

/// Runs a conversion; warnings go to `warn` as they are found.
pub fn run(args: &ConvertArgs, warn: &mut dyn FnMut(&Diagnostic)) -> Result<(), Failure> {
    if let Some(dir) = &args.out_dir {
        return batch(args, dir, warn);
    }
    let [input] = args.inputs.as_slice() else {
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
    let settings = Settings::new(args, format)?;
    convert_one(args, &settings, input, sink, format, warn, Afterwards::Exit)
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
            html: if format == Format::Html {
                Some(html_options(args)?)
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
    let ext = match format {
        Format::Text => "txt",
        other => other.name(),
    };
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
    let mut options = ReadOptions::default();
    options.site = site.as_ref().map(|s| s.site);
    options.site_values = site.as_ref().map(|s| s.values.clone()).unwrap_or_default();
    let read = read_post(&bytes, Some(&name), &options)
        .map_err(|e| Failure::from(e.diagnostic().clone()))?;
    for w in &read.warnings {
        warn(w);
    }
    let doc = read.document;

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
        Format::Html => {
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
    t.paper = match pdf.paper {
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
    t.font_size = pdf.font_size;
    t.justify = !pdf.ragged;
    t.hyphenate = !pdf.no_hyphenate;
    t.highlight = highlight;
    t.footnotes = match pdf.footnotes {
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

fn html_options(args: &ConvertArgs) -> Result<HtmlOptions, Failure> {
    let mut o = if args.fragment {
        HtmlOptions::fragment()
    } else {
        HtmlOptions::default()
    };
    o.toc = args.toc;
    o.toc_depth = args.toc_depth;
    o.embed_resources = args.embed_resources;
    o.safe = args.safe;
    o.highlight = !args.no_highlight;
    o.builtin_style = !args.no_default_css;
    for css in &args.css {
        let path = Path::new(css);
        o.stylesheets.push(if !is_remote(css) && path.is_file() {
            let text = std::fs::read_to_string(path).map_err(|e| {
                Failure::conversion(format!("{css}: cannot read the stylesheet: {e}"))
            })?;
            Stylesheet::Inline(text)
        } else {
            Stylesheet::Url(css.clone())
        });
    }
    Ok(o)
}

fn pick_format(to: Option<Format>, sink: &Sink) -> Result<Format, Failure> {
    if let Some(f) = to {
        return Ok(f);
    }
    match sink {
        Sink::Stdout => Err(
            Failure::usage("cannot tell which format to write to standard output")
                .hint("add --to text or --to json, or give -o FILE with an extension"),
        ),
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
                .hint("give the path of a .md file (quire bundle, coming later, takes folders)"),
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
