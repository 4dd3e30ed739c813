//! Assembling a book: images, chapters, navigation, metadata, cover, then the zip.

use std::sync::Arc;

use epub_builder::{
    EpubBuilder, EpubContent, EpubVersion, MetadataOpfV3, ReferenceType, TocElement, ZipLibrary,
};
use quire_core::resolve::PostInput;
use quire_core::resource::media_type;
use quire_core::{plain_text, Date, Document, Heading, Resolution, ResolveOptions, Resolved};
use quire_html::{to_html, HtmlOptions, Package, Stylesheet};
use rayon::prelude::*;

use crate::{cover, repack, EpubError, EpubOptions, EpubOutput, Post};

const STYLE: &str = include_str!("style.css");

/// What a book needs of the resolution pass: every image read (any type an e-reader
/// shows), ids as they are (each post is its own file), and nothing pointing outside.
pub fn resolve_options() -> ResolveOptions {
    let mut o = ResolveOptions::default();
    o.load_images = true;
    o.package = true;
    o
}

/// Resolves the posts as a book and writes it; the resolution's warnings come first.
pub fn to_epub(posts: &[Post<'_>], options: &EpubOptions) -> Result<EpubOutput, EpubError> {
    let inputs: Vec<PostInput<'_>> = posts
        .iter()
        .map(|p| PostInput {
            doc: p.document,
            resources: p.resources,
        })
        .collect();
    let resolution = quire_core::resolve_book(&inputs, &resolve_options());
    let docs: Vec<&Document> = posts.iter().map(|p| p.document).collect();
    let mut out = write_epub(&docs, &resolution, options)?;
    let mut warnings = resolution.warnings.clone();
    warnings.append(&mut out.warnings);
    out.warnings = warnings;
    Ok(out)
}

/// Writes resolved posts (resolved with [`resolve_options`]) as one EPUB 3 book.
pub fn write_epub(
    docs: &[&Document],
    resolution: &Resolution,
    options: &EpubOptions,
) -> Result<EpubOutput, EpubError> {
    let first = *docs.first().ok_or(EpubError::Empty)?;
    let posts: Vec<Resolved<'_>> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| Resolved::new(d, resolution, i))
        .collect();
    let warnings = Vec::new();

    let title = options
        .title
        .clone()
        .unwrap_or_else(|| match posts.as_slice() {
            [only] => only
                .doc
                .meta
                .title
                .clone()
                .unwrap_or_else(|| "Untitled".into()),
            _ => "Collected posts".into(),
        });
    let mut authors = options.authors.clone();
    if authors.is_empty() {
        for p in &posts {
            for a in &p.doc.meta.authors {
                if !authors.contains(a) {
                    authors.push(a.clone());
                }
            }
        }
    }
    let lang = options
        .lang
        .clone()
        .or_else(|| first.meta.lang.clone())
        .filter(|l| quire_core::meta::is_language_tag(l))
        .unwrap_or_else(|| "en".into());
    let description = options
        .description
        .clone()
        .or_else(|| match posts.as_slice() {
            [only] => only.doc.meta.description.clone(),
            _ => None,
        });
    let newest = posts
        .iter()
        .filter_map(|p| p.doc.meta.date)
        .max_by_key(Date::unix_seconds);
    let modified = options
        .modified
        .or(newest)
        .unwrap_or_else(|| Date::from_unix_seconds(0));

    // Images: the resolution read each file once; each goes into the book once.
    let image_paths: Vec<String> = resolution
        .images
        .iter()
        .enumerate()
        .map(|(i, img)| format!("images/image-{:03}.{}", i + 1, extension(img.media_type)))
        .collect();

    // Chapters.
    let files: Vec<String> = (1..=posts.len())
        .map(|i| format!("post-{i:03}.xhtml"))
        .collect();
    let package = Arc::new(Package::new(image_paths.clone(), files.clone()));
    // Chapters are independent: written in parallel (highlighting code dominates).
    let rendered: Vec<(String, Vec<quire_core::Diagnostic>)> = posts
        .par_iter()
        .map(|post| {
            let mut o = HtmlOptions::default();
            o.xhtml = true;
            o.builtin_style = false;
            o.social_meta = false;
            o.stylesheets = vec![Stylesheet::Url("stylesheet.css".into())];
            o.package = Some(package.clone());
            let out = to_html(post, &o);
            (out.html, out.warnings)
        })
        .collect();
    // Only the images some chapter shows go into the book: an image the writer left out
    // (inside a `<picture>` or `<video>`, say) would be a manifest item nothing uses.
    let shown: std::collections::HashSet<&str> = rendered
        .iter()
        .flat_map(|(xhtml, _)| {
            xhtml
                .match_indices("src=\"images/")
                .filter_map(|(at, _)| xhtml[at + 5..].split('"').next())
        })
        .collect();
    let packed: Vec<(&quire_core::resolve::LoadedImage, &String)> = resolution
        .images
        .iter()
        .zip(&image_paths)
        .filter(|(_, path)| shown.contains(path.as_str()))
        .collect();
    let mut warnings = warnings;
    let mut chapters: Vec<(String, String, TocElement)> = Vec::new();
    let mut svg_docs = Vec::new();
    for (i, (post, (xhtml, chapter_warnings))) in posts.iter().zip(rendered).enumerate() {
        warnings.extend(chapter_warnings);
        // The OPF must say which chapters hold inline SVG or MathML (epubcheck OPF-014).
        let props = match (xhtml.contains("<svg"), xhtml.contains("<math")) {
            (true, true) => Some("mathml svg"),
            (true, false) => Some("svg"),
            (false, true) => Some("mathml"),
            (false, false) => None,
        };
        if let Some(props) = props {
            svg_docs.push((files[i].clone(), props));
        }
        let chapter_title = post
            .doc
            .meta
            .title
            .clone()
            .unwrap_or_else(|| format!("Post {}", i + 1));
        let toc = toc_entry(&files[i], &chapter_title, post.doc, options.toc_depth);
        chapters.push((files[i].clone(), xhtml, toc));
    }

    // The identifier: given, or derived from everything that makes the book.
    let uuid = match &options.identifier {
        Some(id) => uuid::Uuid::parse_str(id.trim_start_matches("urn:uuid:"))
            .unwrap_or_else(|_| uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, id.as_bytes())),
        None => {
            let mut seed = Vec::new();
            for part in [title.as_str(), &authors.join("\u{1f}"), &lang] {
                seed.extend_from_slice(part.as_bytes());
                seed.push(0);
            }
            for (_, xhtml, _) in &chapters {
                seed.extend_from_slice(xhtml.as_bytes());
            }
            for (img, _) in &packed {
                seed.extend_from_slice(&img.bytes);
            }
            uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, &seed)
        }
    };

    let mut b = EpubBuilder::new(ZipLibrary::new()?)?;
    b.epub_version(EpubVersion::V30);
    b.set_title(&title);
    for a in &authors {
        b.add_author(a);
    }
    b.set_languages(vec![lang.clone()]);
    b.set_generator(format!("quire {}", env!("CARGO_PKG_VERSION")));
    b.set_toc_name("Contents");
    if let Some(d) = &description {
        b.add_description(d);
    }
    // One subject per tag, whatever its case across posts (`Rust`, `rust`): the first
    // spelling met is kept. Tags are also trimmed, and empty ones dropped.
    let mut tags: Vec<&str> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for p in &posts {
        for t in &p.doc.meta.tags {
            let t = t.trim();
            if !t.is_empty() && seen.insert(t.to_lowercase()) {
                tags.push(t);
            }
        }
    }
    for t in tags {
        b.add_subject(t);
    }
    b.set_uuid(uuid);
    b.set_modified_date(chrono_of(modified));
    if let Some(date) = newest {
        b.set_publication_date(chrono_of(date));
    }
    accessibility(&mut b, !packed.is_empty());
    b.stylesheet(format!("{STYLE}\n{}", quire_html::light_theme_css()).as_bytes())?;

    // The cover, given or generated, as its own page first in the reading order.
    let (cover_path, cover_bytes, cover_type) = match &options.cover {
        Some(c) => {
            let mt = media_type(&c.bytes).ok_or_else(|| EpubError::BadCover(c.name.clone()))?;
            (
                format!("images/cover.{}", extension(mt)),
                c.bytes.clone(),
                mt,
            )
        }
        None => (
            "images/cover.svg".to_owned(),
            cover::svg(&title, &authors).into_bytes(),
            "image/svg+xml",
        ),
    };
    b.add_cover_image(&cover_path, cover_bytes.as_slice(), cover_type)?;
    let cover_page = cover_page(&cover_path, &title, &lang);
    b.add_content(
        EpubContent::new("cover.xhtml", cover_page.as_bytes())
            .title("Cover")
            .reftype(ReferenceType::Cover),
    )?;
    for (img, path) in &packed {
        b.add_resource(path.as_str(), img.bytes.as_slice(), img.media_type)?;
    }
    for (i, (file, xhtml, toc)) in chapters.into_iter().enumerate() {
        let mut content = EpubContent::new(file, xhtml.as_bytes());
        content.toc = toc;
        if i == 0 {
            content = content.reftype(ReferenceType::Text);
        }
        b.add_content(content)?;
    }
    let mut raw = Vec::new();
    b.generate(&mut raw)?;
    let bytes = repack::repack(&raw, &svg_docs)?;
    Ok(EpubOutput { bytes, warnings })
}

/// The navigation entry of a post: its title, then its headings down to `depth` levels.
fn toc_entry(file: &str, title: &str, doc: &Document, depth: u8) -> TocElement {
    let headings: Vec<&Heading> = doc
        .body_parts()
        .into_iter()
        .flat_map(quire_core::top_level_headings)
        .collect();
    let top = headings.iter().map(|h| h.level).min().unwrap_or(1);
    let mut entry = TocElement::new(file, title).level(1);
    for h in headings {
        let level = i32::from(h.level - top) + 2;
        if level > i32::from(depth) {
            continue;
        }
        let text = plain_text(&h.content);
        let text = if text.trim().is_empty() {
            "Section".to_owned()
        } else {
            text
        };
        entry.add(TocElement::new(format!("{file}#{}", h.attr.id), text).level(level));
    }
    entry
}

fn cover_page(image: &str, title: &str, lang: &str) -> String {
    let alt = quire_core::escape::xml(title, true);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n<title>Cover</title>\n<link rel=\"stylesheet\" href=\"stylesheet.css\" />\n</head>\n<body class=\"cover\">\n<section epub:type=\"cover\" class=\"cover\"><img src=\"{image}\" alt=\"Cover: {alt}\" /></section>\n</body>\n</html>\n"
    )
}

/// schema.org accessibility metadata: what a reader needs to know before opening the book.
fn accessibility(b: &mut EpubBuilder<ZipLibrary>, has_images: bool) {
    let mut meta = |property: &str, content: &str| {
        b.add_metadata_opf(Box::new(MetadataOpfV3::new(
            property.to_owned(),
            content.to_owned(),
        )));
    };
    meta("schema:accessMode", "textual");
    if has_images {
        meta("schema:accessMode", "visual");
    }
    meta("schema:accessModeSufficient", "textual");
    for feature in [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "alternativeText",
    ] {
        meta("schema:accessibilityFeature", feature);
    }
    meta("schema:accessibilityHazard", "none");
    meta(
        "schema:accessibilitySummary",
        "Posts converted from Markdown with a navigable table of contents and headings in reading order; images carry their authors' alternative text, and missing images are replaced by that text.",
    );
}

fn chrono_of(d: Date) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(d.unix_seconds(), 0).unwrap_or_default()
}

fn extension(media_type: &str) -> &'static str {
    match media_type {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        _ => "svg",
    }
}
