//! Books of many posts: the names by which posts link to each other.

use crate::Document;

/// The URLs under which other posts may link to this one: its file name and stem, the
/// `.html` twin, its slug, and any `url`/`permalink` in its front matter.
pub fn link_keys(doc: &Document) -> Vec<String> {
    let mut keys = Vec::new();
    if let Some(src) = &doc.source {
        let name = src.rsplit(['/', '\\']).next().unwrap_or(src);
        let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
        keys.extend([
            name.to_owned(),
            format!("./{name}"),
            stem.to_owned(),
            format!("{stem}.html"),
            format!("./{stem}.html"),
        ]);
    }
    if let Some(slug) = &doc.meta.slug {
        keys.extend([
            slug.clone(),
            format!("/{slug}"),
            format!("/{slug}/"),
            format!("{slug}.html"),
        ]);
    }
    for (k, v) in &doc.meta.extra {
        if matches!(k.to_ascii_lowercase().as_str(), "url" | "permalink") {
            if let Some(url) = v.as_scalar_string() {
                keys.push(url.clone());
                keys.push(url.trim_end_matches('/').to_owned());
            }
        }
    }
    keys
}
