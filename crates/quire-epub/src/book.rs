//! Assembling a book: images, chapters, navigation, metadata, cover, then the zip.

use std::collections::{BTreeMap, HashMap};

use epub_builder::{
    EpubBuilder, EpubContent, EpubVersion, MetadataOpfV3, ReferenceType, TocElement, ZipLibrary,
};
use quire_core::resource::{is_remote, media_type};
use quire_core::{
    for_each_inline, plain_text, Block, Date, Diagnostic, Document, Heading, Inline, ResourceError,
};
use quire_html::{image_sources, to_html, HtmlOptions, Stylesheet};
use rayon::prelude::*;

use crate::{cover, repack, EpubError, EpubOptions, EpubOutput, Post};

const STYLE: &str = include_str!("style.css");

/// An image going into the book.
struct Packed {
    path: String,
    bytes: Vec<u8>,
    media_type: &'static str,
}

/// Writes the posts as one EPUB 3 book.
pub fn to_epub(posts: &[Post<'_>], options: &EpubOptions) -> Result<EpubOutput, EpubError> {
    let first = posts.first().ok_or(EpubError::Empty)?.document;
    let mut warnings = Vec::new();

    let title = options.title.clone().unwrap_or_else(|| match posts {
        [only] => only
            .document
            .meta
            .title
            .clone()
            .unwrap_or_else(|| "Untitled".into()),
        _ => "Collected posts".into(),
    });
    let mut authors = options.authors.clone();
    if authors.is_empty() {
        for p in posts {
            for a in &p.document.meta.authors {
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
    let description = options.description.clone().or_else(|| match posts {
        [only] => only.document.meta.description.clone(),
        _ => None,
    });
    let newest = posts
        .iter()
        .filter_map(|p| p.document.meta.date)
        .max_by_key(Date::unix_seconds);
    let modified = options
        .modified
        .or(newest)
        .unwrap_or_else(|| Date::from_unix_seconds(0));

    // Images: each local image is read once and stored once, whatever the posts call it.
    let mut packed: Vec<Packed> = Vec::new();
    let mut by_location: HashMap<String, String> = HashMap::new();
    let mut image_maps: Vec<BTreeMap<String, String>> = Vec::new();
    for post in posts {
        let mut map = BTreeMap::new();
        for (url, line) in images_of(post.document) {
            let url = url.as_str();
            let warn = |w: &mut Vec<Diagnostic>, m: String| {
                w.push(Diagnostic::warning(
                    post.document.source.as_deref(),
                    line,
                    m,
                ))
            };
            if map.contains_key(url) || url.is_empty() {
                continue;
            }
            if is_remote(url) {
                if !url.starts_with("data:") {
                    warn(
                        &mut warnings,
                        format!("image {url} is remote: kept as a link, not in the book"),
                    );
                }
                continue;
            }
            match post.resources.load(url) {
                Ok(res) => match media_type(&res.bytes) {
                    Some(mt) => {
                        let path = by_location.entry(res.location.clone()).or_insert_with(|| {
                            let path =
                                format!("images/image-{:03}.{}", packed.len() + 1, extension(mt));
                            packed.push(Packed {
                                path: path.clone(),
                                bytes: res.bytes,
                                media_type: mt,
                            });
                            path
                        });
                        map.insert(url.to_owned(), path.clone());
                    }
                    None => warn(
                        &mut warnings,
                        format!(
                            "image {url} ({}) is not a PNG, JPEG, GIF, WebP or SVG image",
                            res.location
                        ),
                    ),
                },
                Err(ResourceError::NotFound { .. }) => {
                    warn(&mut warnings, format!("image {url} not found"))
                }
                Err(e) => warn(&mut warnings, format!("image {e}")),
            }
        }
        image_maps.push(map);
    }

    // Chapters.
    let files: Vec<String> = (1..=posts.len())
        .map(|i| format!("post-{i:03}.xhtml"))
        .collect();
    let links = link_targets(posts, &files);
    // Chapters are independent: written in parallel (highlighting code dominates).
    let rendered: Vec<(String, Vec<Diagnostic>)> = posts
        .par_iter()
        .zip(image_maps.into_par_iter())
        .enumerate()
        .map(|(i, (post, image_map))| {
            let mut o = HtmlOptions::default();
            o.xhtml = true;
            o.builtin_style = false;
            o.social_meta = false;
            o.stylesheets = vec![Stylesheet::Url("stylesheet.css".into())];
            o.image_map = Some(image_map);
            // Only the URLs this post links to: copying the whole book's map into every
            // chapter made bundling quadratic in the number of posts.
            o.link_map = link_bases(post.document)
                .into_iter()
                .filter_map(|k| links.get_key_value(&k))
                .filter(|(_, f)| **f != files[i])
                .map(|(k, f)| (k.clone(), f.clone()))
                .collect();
            let out = to_html(post.document, &o, post.resources);
            (out.html, out.warnings)
        })
        .collect();
    let mut chapters: Vec<(String, String, TocElement)> = Vec::new();
    let mut svg_docs = Vec::new();
    for (i, (post, (xhtml, chapter_warnings))) in posts.iter().zip(rendered).enumerate() {
        warnings.extend(chapter_warnings);
        if xhtml.contains("<svg") {
            svg_docs.push(files[i].clone());
        }
        let chapter_title = post
            .document
            .meta
            .title
            .clone()
            .unwrap_or_else(|| format!("Post {}", i + 1));
        let toc = toc_entry(&files[i], &chapter_title, post.document, options.toc_depth);
        chapters.push((files[i].clone(), xhtml, toc));
    }

    for w in unlink_missing_fragments(&mut chapters) {
        warnings.push(Diagnostic::warning(
            posts[w.0].document.source.as_deref(),
            0,
            w.1,
        ));
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
            for p in &packed {
                seed.extend_from_slice(&p.bytes);
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
    let mut tags: Vec<&String> = Vec::new();
    for p in posts {
        for t in &p.document.meta.tags {
            if !tags.contains(&t) {
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
    for p in &packed {
        b.add_resource(&p.path, p.bytes.as_slice(), p.media_type)?;
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

/// Links to anchors that do not exist (a typo, or a target the post never had) would be
/// dangling references in the book: same-chapter ones lose their `href`, cross-chapter
/// ones their `#fragment`. Our XHTML writes every attribute as `name="value"` with `"`
/// escaped, so attributes can be found in the text reliably. Returns one warning per
/// chapter that had some, with the chapter's index.
fn unlink_missing_fragments(chapters: &mut [(String, String, TocElement)]) -> Vec<(usize, String)> {
    fn attr_values<'a>(xhtml: &'a str, attr: &str) -> Vec<(usize, &'a str)> {
        let needle = format!(" {attr}=\"");
        xhtml
            .match_indices(&needle)
            .filter_map(|(i, _)| {
                let start = i + needle.len();
                xhtml[start..]
                    .find('"')
                    .map(|end| (i, &xhtml[start..start + end]))
            })
            .collect()
    }
    let ids: HashMap<String, std::collections::HashSet<String>> = chapters
        .iter()
        .map(|(file, xhtml, _)| {
            (
                file.clone(),
                attr_values(xhtml, "id")
                    .into_iter()
                    .map(|(_, v)| v.to_owned())
                    .collect(),
            )
        })
        .collect();
    let mut warnings = Vec::new();
    for (index, (file, xhtml, _)) in chapters.iter_mut().enumerate() {
        let mut edits: Vec<(usize, usize, String)> = Vec::new();
        for (at, href) in attr_values(xhtml, "href") {
            let (target, fragment) = match href.split_once('#') {
                Some((t, f)) => (if t.is_empty() { file.as_str() } else { t }, f),
                None => continue,
            };
            let Some(known) = ids.get(target) else {
                continue;
            };
            if known.contains(fragment) {
                continue;
            }
            let whole = format!(" href=\"{href}\"");
            let replacement = if target == file.as_str() {
                String::new()
            } else {
                format!(" href=\"{target}\"")
            };
            edits.push((at, at + whole.len(), replacement));
        }
        if !edits.is_empty() {
            warnings.push((
                index,
                format!(
                    "{} link(s) to anchors the post does not have were unlinked",
                    edits.len()
                ),
            ));
            for (start, end, replacement) in edits.into_iter().rev() {
                xhtml.replace_range(start..end, &replacement);
            }
        }
    }
    warnings
}

/// Every image of a document (body and footnotes, Markdown and raw HTML), in order, with
/// its line.
fn images_of(doc: &Document) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    let mut collect = |i: &Inline| match i {
        Inline::Image(img) => out.push((img.url.clone(), img.line)),
        Inline::Html { html, line } => {
            out.extend(image_sources(html).into_iter().map(|u| (u, *line)))
        }
        _ => {}
    };
    let mut raw_blocks = Vec::new();
    for blocks in std::iter::once(&doc.blocks).chain(doc.footnotes.iter().map(|n| &n.blocks)) {
        for_each_inline(blocks, &mut collect);
        for_each_raw_block(blocks, &mut raw_blocks);
    }
    for (html, line) in raw_blocks {
        out.extend(image_sources(html).into_iter().map(|u| (u, line)));
    }
    out
}

/// The URLs (without fragment) a document links to: Markdown links and raw HTML `href`s,
/// in its body and footnotes.
fn link_bases(doc: &Document) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    let base = |url: &str| url.split('#').next().unwrap_or("").to_owned();
    let mut raw: Vec<String> = Vec::new();
    let mut raw_blocks = Vec::new();
    {
        let mut collect = |i: &Inline| match i {
            Inline::Link(l) => {
                out.insert(base(&l.url));
            }
            Inline::Html { html, .. } if html.len() > 4 => raw.extend(hrefs(html)),
            _ => {}
        };
        for blocks in std::iter::once(&doc.blocks).chain(doc.footnotes.iter().map(|n| &n.blocks)) {
            for_each_inline(blocks, &mut collect);
            for_each_raw_block(blocks, &mut raw_blocks);
        }
    }
    for (html, _) in raw_blocks {
        raw.extend(hrefs(html));
    }
    for href in raw {
        out.insert(base(&href));
    }
    out
}

/// The values of `href` attributes in an HTML fragment (quoted or bare), entities as
/// written except `&amp;`.
fn hrefs(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("href") {
        let mut at = from + i + 4;
        from = at;
        let rest = &html[at..];
        let trimmed = rest.trim_start();
        if !trimmed.starts_with('=') {
            continue;
        }
        at += rest.len() - trimmed.len() + 1;
        let value = html[at..].trim_start();
        let v = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        };
        out.push(v.replace("&amp;", "&"));
    }
    out
}

/// Raw HTML blocks, at any depth.
fn for_each_raw_block<'d>(blocks: &'d [Block], out: &mut Vec<(&'d str, u32)>) {
    for b in blocks {
        match b {
            Block::Html { html, line } => out.push((html, *line)),
            Block::BlockQuote { blocks } => for_each_raw_block(blocks, out),
            Block::List(l) => l
                .items
                .iter()
                .for_each(|i| for_each_raw_block(&i.blocks, out)),
            _ => {}
        }
    }
}

/// The names under which posts link to each other: file name, stem, `.html` twin, slug.
fn link_targets(posts: &[Post<'_>], files: &[String]) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for (post, file) in posts.iter().zip(files) {
        let keys = quire_core::book::link_keys(post.document);
        for k in keys {
            // A name two posts share would be a guess: leave such links alone.
            if map
                .insert(k.clone(), file.clone())
                .is_some_and(|f| f != *file)
            {
                map.insert(k, String::new());
            }
        }
    }
    map.retain(|_, f| !f.is_empty());
    map
}

/// The navigation entry of a post: its title, then its headings down to `depth` levels.
fn toc_entry(file: &str, title: &str, doc: &Document, depth: u8) -> TocElement {
    let headings: Vec<&Heading> = doc
        .body_after_title()
        .iter()
        .filter_map(|b| match b {
            Block::Heading(h) => Some(&**h),
            _ => None,
        })
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
        entry.add(TocElement::new(format!("{file}#{}", h.id), text).level(level));
    }
    entry
}

fn cover_page(image: &str, title: &str, lang: &str) -> String {
    let alt = title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;");
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
