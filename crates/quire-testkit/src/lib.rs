//! The test kit shared by quire's crates: in-memory resources, documents read from
//! Markdown, books of them, and small valid images, so each crate's tests say what they
//! check instead of rebuilding fixtures.

pub mod spec;

use std::collections::BTreeMap;

use quire_core::{
    read_post, resolve, resolve_book, Document, ReadOptions, Resolution, ResolveOptions, Resource,
    ResourceError, Resources,
};

/// Files held in memory: URL as a post writes it to bytes. The location is `mem:URL`.
#[derive(Debug, Clone, Default)]
pub struct Memory {
    files: BTreeMap<String, Vec<u8>>,
    /// URLs refused as outside the allowed folders.
    refused: Vec<String>,
}

impl Memory {
    /// No files.
    pub fn new() -> Self {
        Memory::default()
    }

    /// Adds a file under `url`.
    pub fn with(mut self, url: &str, bytes: impl Into<Vec<u8>>) -> Self {
        self.files.insert(url.to_owned(), bytes.into());
        self
    }

    /// Makes `url` refused, as a path outside the site would be.
    pub fn refusing(mut self, url: &str) -> Self {
        self.refused.push(url.to_owned());
        self
    }
}

impl Resources for Memory {
    fn locate(&self, url: &str) -> Result<String, ResourceError> {
        if self.refused.iter().any(|r| r == url) {
            return Err(ResourceError::Refused {
                url: url.to_owned(),
                reason: "it is outside the site".into(),
            });
        }
        if quire_core::resource::is_remote(url) {
            return Err(ResourceError::Remote(url.to_owned()));
        }
        self.files
            .get(url)
            .map(|_| format!("mem:{url}"))
            .ok_or_else(|| ResourceError::NotFound {
                url: url.to_owned(),
                tried: "memory".into(),
            })
    }

    fn load(&self, url: &str) -> Result<Resource, ResourceError> {
        let at = self.locate(url)?;
        Ok(Resource::new(at, self.files[url].clone()))
    }
}

/// A valid 1x1 PNG (one red pixel), which every decoder reads.
pub const PNG: &[u8] = b"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\x0d\x49\x44\x41\x54\x78\x9c\x63\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99\x3d\x1d\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";

/// A small SVG image.
pub const SVG: &[u8] = b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>";

/// The post `markdown`, read as if from the file `name`.
pub fn doc(name: &str, markdown: &str) -> Document {
    read_post(markdown.as_bytes(), Some(name), &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .document
}

/// One post resolved with `options` against `resources`.
pub fn resolved(doc: &Document, resources: &dyn Resources, options: &ResolveOptions) -> Resolution {
    resolve(doc, resources, options)
}

/// Posts of a book, each with the same resources, resolved together.
pub fn book(docs: &[Document], resources: &Memory, options: &ResolveOptions) -> Resolution {
    let inputs: Vec<quire_core::resolve::PostInput<'_>> = docs
        .iter()
        .map(|doc| quire_core::resolve::PostInput { doc, resources })
        .collect();
    resolve_book(&inputs, options)
}

/// The messages of some warnings, without file and line, for comparisons.
pub fn messages(warnings: &[quire_core::Diagnostic]) -> Vec<String> {
    warnings.iter().map(|w| w.message.clone()).collect()
}

/// A post that holds every kind of link and image, with the files it finds in [`memory`]:
/// for tests that check every writer resolves it the same way.
pub const EVERY_LINK: &str = "---
title: Every link
---
# Every link {#top-heading}

[here](#top-heading), [nowhere](#no-such), [note](#fn-1), [raw anchor](#raw),
[other](other.md), [other section](other.md#part), [other missing](other.md#gone),
[slash](/other/), [file](notes.txt), [web](https://example.com/x), [mail](mailto:a@b.c).[^1]

![found](img/a.png)

![missing](img/missing.png)

![remote](https://example.com/r.png)

![refused](../../secret.png)

![svg](img/s.svg)

![not an image](img/bad.png)

<p id=\"raw\">Raw: <img src=\"img/a.png\" alt=\"raw found\"> <img src=\"img/raw-missing.png\" alt=\"raw missing\">
<a href=\"#top-heading\">raw here</a> <a href=\"#raw-nowhere\">raw nowhere</a> <a href=\"other.md#part\">raw other</a></p>

[^1]: A note.
";

/// The other post of the book [`EVERY_LINK`] links to.
pub const OTHER: &str = "---
title: Other
slug: other
---
## Part

Text.
";

/// The files [`EVERY_LINK`] finds.
pub fn memory() -> Memory {
    Memory::new()
        .with("img/a.png", PNG)
        .with("img/s.svg", SVG)
        .with("img/bad.png", b"not an image".to_vec())
        .refusing("../../secret.png")
}
