//! Where links go: `#id` within the post (prefixed in bundles), another post of a book
//! (through the cross-post `links` map), or the URL as written. Kept in one place: a
//! resolution pass in quire-core is to replace it.

use super::Layout;

impl Layout<'_> {
    /// Where a link goes: `#id` within the post (prefixed in bundles), another post of
    /// the book (its anchor), or the URL as written.
    pub(super) fn link_target(&self, url: &str) -> String {
        if let Some(id) = url.strip_prefix('#') {
            return format!("#{}{id}", self.prefix);
        }
        if let Some(links) = self.links {
            let (base, fragment) = url.split_once('#').unwrap_or((url, ""));
            if let Some(anchor) = links
                .get(base)
                .or_else(|| links.get(base.trim_end_matches('/')))
            {
                return match fragment {
                    "" => anchor.clone(),
                    f => {
                        // The other post's prefix is its anchor's, up to "top".
                        let prefix = anchor.trim_end_matches("top");
                        format!("{prefix}{f}")
                    }
                };
            }
        }
        url.to_owned()
    }
}
