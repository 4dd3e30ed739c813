//! `quire bundle`: many posts, one book.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use quire_core::{read_post, Diagnostic, LineIndex, ReadOptions};
use quire_epub::{CoverImage, EpubOptions, Post};
use rayon::prelude::*;

use crate::args::{BundleArgs, Format, Order};
use crate::fail::Failure;
use crate::output;
use crate::resources::FsResources;

/// Book settings from a `quire.toml`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct BookConfig {
    title: Option<String>,
    authors: Vec<String>,
    lang: Option<String>,
    cover: Option<PathBuf>,
    order: Option<Order>,
    toc_depth: Option<u8>,
    posts: Option<Vec<PathBuf>>,
    /// `-N`.
    number_sections: bool,
    /// Keys set on every post, over its front matter (as `-M`).
    metadata: toml::Table,
    /// The PDF's settings, as on the command line (which wins over them).
    pdf: PdfConfig,
    #[serde(skip)]
    dir: PathBuf,
}

/// `[pdf]` in a `quire.toml`: every PDF option of the command line.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct PdfConfig {
    paper: Option<crate::args::PaperArg>,
    margin: Option<String>,
    font_size: Option<f32>,
    font_dir: Vec<PathBuf>,
    main_font: Option<String>,
    mono_font: Option<String>,
    footnotes: Option<crate::args::FootnotesArg>,
    ragged: bool,
    hyphenate: Option<bool>,
    highlight: Option<bool>,
    toc_depth: Option<u8>,
}

impl PdfConfig {
    /// The command line's PDF options, with what it left unset taken from here.
    fn under(
        &self,
        cli: &crate::args::PdfArgs,
        dir: &Path,
    ) -> Result<crate::args::PdfArgs, Failure> {
        let bad = |key: &str, e: String| {
            Failure::conversion(format!(
                "{}: [pdf] {key}: {e}",
                dir.join("quire.toml").display()
            ))
        };
        let mut pdf = cli.clone();
        pdf.paper = pdf.paper.or(self.paper);
        if pdf.margin.is_none() {
            if let Some(m) = &self.margin {
                pdf.margin = Some(crate::args::parse_length(m).map_err(|e| bad("margin", e))?);
            }
        }
        if pdf.font_size.is_none() {
            if let Some(size) = self.font_size {
                pdf.font_size = Some(
                    crate::args::parse_font_size(&size.to_string())
                        .map_err(|e| bad("font-size", e))?,
                );
            }
        }
        if pdf.font_dir.is_empty() {
            pdf.font_dir = self.font_dir.iter().map(|d| dir.join(d)).collect();
        }
        pdf.main_font = pdf.main_font.or(self.main_font.clone());
        pdf.mono_font = pdf.mono_font.or(self.mono_font.clone());
        pdf.footnotes = pdf.footnotes.or(self.footnotes);
        pdf.ragged |= self.ragged;
        pdf.no_hyphenate |= self.hyphenate == Some(false);
        Ok(pdf)
    }
}

/// A post read from disk.
struct Loaded {
    path: PathBuf,
    read: quire_core::Read,
    /// The static folder of the post's site, where its site-root images are.
    static_dir: Option<PathBuf>,
}

pub fn run(
    args: &BundleArgs,
    quiet: bool,
    warn: &mut dyn FnMut(&Diagnostic),
) -> Result<(), Failure> {
    let ext = args
        .output
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    let format = match Format::from_extension(ext) {
        Some(f @ (Format::Epub | Format::Pdf)) => f,
        _ => {
            return Err(Failure::usage(format!(
                "{}: a book is written as .epub or .pdf",
                args.output.display()
            ))
            .hint("give -o a name ending in .epub or .pdf"))
        }
    };
    let config = load_config(args)?;
    let order = args
        .order
        .or(config.order)
        .unwrap_or(if config.posts.is_some() {
            Order::Given
        } else {
            Order::Date
        });
    let paths = post_paths(args, &config)?;
    let roots = Confinement::of(args, &config);
    for path in &paths {
        roots.check(path, "post")?;
    }

    let bar = progress(paths.len(), quiet);
    let results: Vec<Result<Loaded, Failure>> = paths
        .par_iter()
        .map(|path| {
            let name = path.display().to_string();
            let bytes = std::fs::read(path)
                .map_err(|e| Failure::conversion(format!("{name}: cannot read: {e}")))?;
            let site = crate::site::find(path.parent().unwrap_or(Path::new("")));
            let mut options = ReadOptions::default();
            options.site = site.as_ref().map(|s| s.site);
            options.site_values = site.as_ref().map(|s| s.values.clone()).unwrap_or_default();
            let mut read = read_post(&bytes, Some(&name), &options)
                .map_err(|e| Failure::from(e.diagnostic().clone()))?;
            edit(&mut read, args, &config);
            if let Some(b) = &bar {
                b.inc(1);
            }
            Ok(Loaded {
                path: path.clone(),
                read,
                static_dir: site.map(|s| s.static_dir()),
            })
        })
        .collect();
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let mut posts = Vec::new();
    let mut failures = Vec::new();
    for r in results {
        match r {
            Ok(p) => posts.push(p),
            Err(f) => failures.push(f),
        }
    }
    if !failures.is_empty() {
        for f in &failures[..failures.len() - 1] {
            eprintln!("error: {f}");
        }
        let last = failures.pop().expect("one failure at least");
        return Err(Failure::conversion(format!(
            "{last}\n{} post(s) could not be read; no book written",
            failures.len() + 1
        )));
    }
    if !args.drafts {
        let before = posts.len();
        posts.retain(|p| !p.read.document.meta.is_draft());
        let left_out = before - posts.len();
        if left_out > 0 && !quiet {
            eprintln!(
                "note: {left_out} draft post{} left out (draft: true or published: false); --drafts keeps them",
                if left_out == 1 { "" } else { "s" }
            );
        }
        if posts.is_empty() {
            return Err(
                Failure::conversion("every post is a draft; no book written")
                    .hint("pass --drafts to bundle drafts too"),
            );
        }
    }
    sort(&mut posts, order);
    for p in &posts {
        for w in &p.read.warnings {
            warn(w);
        }
    }

    let fetcher = crate::fetch::shared(args.offline);
    let resources: Vec<FsResources> = posts
        .iter()
        .map(|p| {
            let dir = p.path.parent().map(Path::to_path_buf).unwrap_or_default();
            let mut r = FsResources::new(dir, args.resource_path.clone())
                .allow_any_path(args.allow_any_path)
                .with_fetcher(fetcher.clone());
            if let Some(d) = &p.static_dir {
                r = r.with_static_dir(d.clone());
            }
            // The folders given to the bundle, and the config's, hold the book's files.
            let config_dir = Some(&config.dir).filter(|d| !d.as_os_str().is_empty());
            for root in args.inputs.iter().filter(|i| i.is_dir()).chain(config_dir) {
                r = r.with_root(root);
            }
            r
        })
        .collect();
    if format == Format::Pdf {
        return pdf_book(args, &config, &posts, &resources, warn);
    }
    let book: Vec<Post<'_>> = posts
        .iter()
        .zip(&resources)
        .map(|(p, r)| Post::new(&p.read.document, r))
        .collect();

    let mut options = EpubOptions::default();
    options.title = args.title.clone().or(config.title.clone());
    options.authors = if args.authors.is_empty() {
        config.authors.clone()
    } else {
        args.authors.clone()
    };
    options.lang = args.lang.clone().or(config.lang.clone());
    options.toc_depth = args.toc_depth.or(config.toc_depth).unwrap_or(2);
    options.modified = crate::env::source_date_epoch()?;
    if let Some((name, bytes)) = read_cover(args, &config)? {
        options.cover = Some(CoverImage::new(name, bytes));
    }
    let out =
        quire_epub::to_epub(&book, &options).map_err(|e| Failure::conversion(e.to_string()))?;
    for w in &out.warnings {
        warn(w);
    }
    output::write_atomic(&args.output, &out.bytes)
}

/// The book as one PDF: cover, contents, then each post.
fn pdf_book(
    args: &BundleArgs,
    config: &BookConfig,
    posts: &[Loaded],
    resources: &[FsResources],
    warn: &mut dyn FnMut(&Diagnostic),
) -> Result<(), Failure> {
    let pdf = config.pdf.under(&args.pdf, &config.dir)?;
    let fonts = crate::fonts::book(&crate::convert::font_args(&pdf))?;
    let highlight = !args.no_highlight && config.pdf.highlight != Some(false);
    let mut options = crate::convert::typeset_options(&pdf, highlight);
    options.toc_depth = args
        .toc_depth
        .or(config.pdf.toc_depth)
        .or(config.toc_depth)
        .unwrap_or(2);
    options.source_date = crate::env::source_date_epoch()?.map(|d| d.unix_seconds());
    let mut book = quire_typeset::BookOptions::default();
    book.lang = args.lang.clone().or(config.lang.clone());
    book.title = args
        .title
        .clone()
        .or(config.title.clone())
        .unwrap_or_else(|| "Posts".to_owned());
    book.authors = if args.authors.is_empty() {
        config.authors.clone()
    } else {
        args.authors.clone()
    };
    book.cover = read_cover(args, config)?;
    let inputs: Vec<quire_core::resolve::PostInput<'_>> = posts
        .iter()
        .zip(resources)
        .map(|(p, r)| quire_core::resolve::PostInput {
            doc: &p.read.document,
            resources: r,
        })
        .collect();
    let docs: Vec<&quire_core::Document> = inputs.iter().map(|p| p.doc).collect();
    // Resolve, typeset, then write; the warnings are reported once the file is written.
    let resolution = quire_core::resolve_book(&inputs, &quire_typeset::resolve_options(true));
    let mut pages = quire_typeset::typeset_book(&docs, &resolution, &fonts, &options, &book);
    let mut warnings = resolution.warnings;
    warnings.append(&mut pages.warnings);
    let bytes = quire_pdf::write_pages(pages, &fonts, &quire_pdf::PdfOptions::default())
        .map_err(|e| Failure::conversion(e.to_string()))?;
    for w in &warnings {
        warn(w);
    }
    output::write_atomic(&args.output, &bytes)
}

/// The cover image's name and bytes: `--cover`, else the `quire.toml`'s.
fn read_cover(
    args: &BundleArgs,
    config: &BookConfig,
) -> Result<Option<(String, Vec<u8>)>, Failure> {
    // A cover given on the command line is the user's own choice; one named in a
    // `quire.toml` obeys the bundle's confinement, as posts and images do.
    let path = match (&args.cover, &config.cover) {
        (Some(given), _) => given.clone(),
        (None, Some(c)) => Confinement::of(args, config).check(&config.dir.join(c), "cover")?,
        (None, None) => return Ok(None),
    };
    let bytes = std::fs::read(&path).map_err(|e| {
        Failure::conversion(format!("{}: cannot read the cover: {e}", path.display()))
    })?;
    Ok(Some((path.display().to_string(), bytes)))
}

fn progress(n: usize, quiet: bool) -> Option<indicatif::ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() || n < 2 {
        return None;
    }
    let bar = indicatif::ProgressBar::new(n as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} {bar:30} {pos}/{len} posts") {
        bar.set_style(style);
    }
    bar.set_message("reading");
    Some(bar)
}

fn load_config(args: &BundleArgs) -> Result<BookConfig, Failure> {
    let path = match &args.config {
        Some(p) => Some(p.clone()),
        None => args
            .inputs
            .iter()
            .filter(|p| p.is_dir())
            .find_map(|d| find_config(d)),
    };
    let Some(path) = path else {
        return Ok(BookConfig::default());
    };
    let name = path.display().to_string();
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Failure::conversion(format!("{name}: cannot read: {e}")))?;
    let mut config: BookConfig = toml::from_str(&text).map_err(|e| {
        let at = e.span().map_or(0, |r| r.start);
        let (line, col) = LineIndex::new(&text).line_col(&text, at);
        Failure::conversion(format!("{name}:{line}:{col}: {}", e.message().trim()))
            .hint("keys: title, authors, lang, cover, order (date|name|given), toc-depth, posts, number-sections, [metadata], [pdf] (paper, margin, font-size, font-dir, main-font, mono-font, footnotes, ragged, hyphenate, highlight, toc-depth)")
    })?;
    config.dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(config)
}

/// The `quire.toml` of a bundled folder: in it, or in a parent up to its site root (a
/// folder with `.git` or a site generator's config). Without a site root only the folder
/// itself is looked in, so a stray file far above cannot change a book.
fn find_config(dir: &Path) -> Option<PathBuf> {
    let own = dir.join("quire.toml");
    if own.is_file() {
        return Some(own);
    }
    let real = dir.canonicalize().ok()?;
    let site = real.ancestors().find(|d| {
        crate::resources::SITE_MARKERS
            .iter()
            .any(|m| d.join(m).exists())
    })?;
    let up = real.ancestors().skip(1);
    for d in up {
        let candidate = d.join("quire.toml");
        if candidate.is_file() {
            // Named from the folder given, so messages and relative paths read as typed.
            let steps = real.strip_prefix(d).ok()?.components().count();
            let mut shown = dir.to_path_buf();
            for _ in 0..steps {
                shown.push("..");
            }
            return Some(shown.join("quire.toml"));
        }
        if d == site {
            break;
        }
    }
    None
}

/// What the command line and the `quire.toml` change in each post: metadata, numbers.
fn edit(read: &mut quire_core::Read, args: &BundleArgs, config: &BookConfig) {
    let pairs: Vec<(String, quire_core::MetaValue)> = config
        .metadata
        .iter()
        .map(|(k, v)| (k.clone(), toml_value(v)))
        .collect();
    let source = read.document.source.clone();
    for problem in quire_core::sections::override_meta(&mut read.document.meta, pairs) {
        read.warnings
            .push(Diagnostic::warning(source.as_deref(), 0, problem));
    }
    if args.number_sections || config.number_sections {
        quire_core::sections::number_sections(&mut read.document);
    }
}

fn toml_value(v: &toml::Value) -> quire_core::MetaValue {
    use quire_core::MetaValue;
    match v {
        toml::Value::String(s) => MetaValue::String(s.clone()),
        toml::Value::Integer(i) => MetaValue::Integer(*i),
        toml::Value::Float(f) => MetaValue::Float(*f),
        toml::Value::Boolean(b) => MetaValue::Bool(*b),
        toml::Value::Datetime(d) => MetaValue::String(d.to_string()),
        toml::Value::Array(a) => MetaValue::List(a.iter().map(toml_value).collect()),
        toml::Value::Table(t) => {
            MetaValue::Map(t.iter().map(|(k, v)| (k.clone(), toml_value(v))).collect())
        }
    }
}

fn is_post(p: &Path) -> bool {
    p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        e.eq_ignore_ascii_case("md")
                || e.eq_ignore_ascii_case("markdown")
                // FsBlog's literate F# posts.
                || e.eq_ignore_ascii_case("fsx")
    })
}

fn post_paths(args: &BundleArgs, config: &BookConfig) -> Result<Vec<PathBuf>, Failure> {
    let mut out = Vec::new();
    if let Some(list) = &config.posts {
        out.extend(list.iter().map(|p| config.dir.join(p)));
        out.extend(args.inputs.iter().filter(|p| p.is_file()).cloned());
    } else {
        for input in &args.inputs {
            if input.is_dir() {
                walk(input, &mut out);
            } else if input.is_file() {
                out.push(input.clone());
            } else {
                return Err(Failure::conversion(format!(
                    "{}: no such file or folder",
                    input.display()
                ))
                .hint("give posts (.md) or folders that hold them"));
            }
        }
    }
    for p in &out {
        if !p.is_file() {
            return Err(
                Failure::conversion(format!("{}: no such post", p.display()))
                    .hint("check the paths in quire.toml"),
            );
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(p.canonicalize().unwrap_or_else(|_| p.clone())));
    if out.is_empty() {
        return Err(
            Failure::conversion("no posts found (.md, .markdown or .fsx files)")
                .hint("give posts or folders that hold them"),
        );
    }
    Ok(out)
}

/// Posts below `dir`, in name order. Hidden files and folders are skipped, and so is
/// anything that is not a regular file or folder; symbolic links are followed, but each
/// folder is walked once by its canonical path, so a link back to a parent (`dot -> .`)
/// cannot make the walk endless.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut seen = std::collections::HashSet::new();
    let entries = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let hidden =
                e.depth() > 0 && e.file_name().to_str().is_some_and(|n| n.starts_with('.'));
            if hidden {
                return false;
            }
            if e.file_type().is_dir() {
                // A folder already walked under another name: walkdir reports true loops
                // as errors, but two links to one folder would walk it twice.
                return std::fs::canonicalize(e.path()).is_ok_and(|c| seen.insert(c));
            }
            true
        });
    for entry in entries.flatten() {
        if entry.file_type().is_file() && is_post(entry.path()) {
            out.push(entry.into_path());
        }
    }
}

/// Where a bundle may read posts and covers from: its folders, the folder of its
/// `quire.toml` and their site roots (unless `--allow-any-path`). Files named on the
/// command line are the user's own choice and always allowed.
struct Confinement {
    roots: Vec<PathBuf>,
    given: Vec<PathBuf>,
    any: bool,
}

impl Confinement {
    fn of(args: &BundleArgs, config: &BookConfig) -> Self {
        let mut roots = Vec::new();
        let dirs = args
            .inputs
            .iter()
            .filter(|p| p.is_dir())
            .cloned()
            .chain((!config.dir.as_os_str().is_empty()).then(|| config.dir.clone()))
            .chain(config.posts.is_some().then(|| {
                if config.dir.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    config.dir.clone()
                }
            }));
        for dir in dirs {
            if let Ok(real) = dir.canonicalize() {
                if let Some(site) = real.ancestors().find(|d| {
                    crate::resources::SITE_MARKERS
                        .iter()
                        .any(|m| d.join(m).exists())
                }) {
                    roots.push(site.to_path_buf());
                }
                roots.push(real);
            }
        }
        let given = args
            .inputs
            .iter()
            .filter(|p| p.is_file())
            .filter_map(|p| p.canonicalize().ok())
            .collect();
        Confinement {
            roots,
            given,
            any: args.allow_any_path,
        }
    }

    /// `path` itself, when it is a regular file (after symbolic links) inside the roots.
    fn check(&self, path: &Path, what: &str) -> Result<PathBuf, Failure> {
        let real = path.canonicalize().map_err(|e| {
            Failure::conversion(format!("{}: cannot read the {what}: {e}", path.display()))
        })?;
        if !real.is_file() {
            return Err(Failure::conversion(format!(
                "{}: the {what} is not a regular file",
                path.display()
            )));
        }
        if self.any || self.given.contains(&real) || self.roots.iter().any(|r| real.starts_with(r))
        {
            return Ok(path.to_path_buf());
        }
        Err(Failure::conversion(format!(
            "{}: refused: the {what} is {}, outside the bundle's folders and its site",
            path.display(),
            real.display()
        ))
        .hint("keep posts and covers inside the bundled folders, or trust the input with --allow-any-path"))
    }
}

fn sort(posts: &mut [Loaded], order: Order) {
    match order {
        Order::Given => {}
        // Component by component from the bundled folder: years in folders stay in order.
        Order::Name => posts.sort_by(|a, b| a.path.cmp(&b.path)),
        Order::Date => posts.sort_by(|a, b| {
            let key = |p: &Loaded| p.read.document.meta.date.map(|d| d.unix_seconds());
            match (key(a), key(b)) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
            .then_with(|| a.path.file_name().cmp(&b.path.file_name()))
        }),
    }
}
