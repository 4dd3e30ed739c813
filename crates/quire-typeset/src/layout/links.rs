//! Where links go, as the resolution pass decided: an anchor of this post or of another
//! post of the book (by its scoped id), or the URL as written.

use quire_core::LinkTarget;

use super::Layout;

impl Layout<'_> {
    /// The link destination of `url`: `#id` for an anchor (a link to an anchor the post
    /// does not have keeps its `#id` and is dropped when pages are assembled, as no page
    /// holds it), else the URL as written.
    pub(super) fn link_target(&self, url: &str) -> String {
        let Some(res) = self.res else {
            return url.to_owned();
        };
        match res.link(url) {
            LinkTarget::Anchor(id) => format!("#{id}"),
            LinkTarget::MissingAnchor => format!("#{}{}", self.prefix, &url[1..]),
            LinkTarget::Post { post, anchor } => match anchor {
                Some(a) => format!("#{a}"),
                None => format!("#{}top", res.prefix_of(*post)),
            },
            LinkTarget::External | LinkTarget::Local => url.to_owned(),
        }
    }
}
