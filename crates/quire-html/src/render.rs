//! Blocks and inlines to HTML (or XHTML) markup: the body of a page or a fragment.

use std::borrow::Cow;
use std::fmt::Write as _;

use base64::Engine as _;
use pulldown_cmark_escape::{escape_href, escape_html};
use quire_core::{
    Alignment, Attr, Block, Callout, CodeBlock, DefinitionList, Diagnostic, Document, Figure,
    Footnote, Heading, Image, ImageTarget, Inline, Link, LinkTarget, List, Resolved, Table,
};

use crate::{highlight, raw, urls, HtmlOptions};

/// Renders documents to markup; collects warnings on the way.
pub(crate) struct Renderer<'a> {
    pub doc: &'a Document,
    /// What the post's links and images are, and its ids' scope.
    pub res: Resolved<'a>,
    pub opts: &'a HtmlOptions,
    pub out: String,
    pub warnings: Vec<Diagnostic>,
    /// How many times each footnote has been referenced so far (ids must stay unique).
    note_refs: Vec<u32>,
    /// Raw HTML went into the output: it may need repair.
    pub saw_raw: bool,
    /// Write raw HTML as visible, escaped text (XHTML whose raw HTML cannot be repaired).
    raw_as_text: bool,
    /// Inside a link: no nested `<a>` may be written.
    in_link: bool,
}

/// Raw HTML tags GFM's tag filter neutralizes.
const FILTERED_TAGS: [&str; 9] = [
    "title",
    "textarea",
    "style",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "script",
    "plaintext",
];

impl<'a> Renderer<'a> {
    pub fn new(res: Resolved<'a>, opts: &'a HtmlOptions) -> Self {
        let doc = res.doc;
        Renderer {
            doc,
            res,
            opts,
            out: String::with_capacity(4096),
            warnings: Vec::new(),
            note_refs: vec![0; doc.footnotes.len() + 1],
            saw_raw: false,
            raw_as_text: false,
            in_link: false,
        }
    }

    fn warn(&mut self, line: u32, message: impl Into<String>) {
        self.warnings.push(Diagnostic::warning(
            self.doc.source.as_deref(),
            line,
            message,
        ));
    }

    /// ` epub:type="..."` in XHTML pages (e-readers show such notes as pop-ups); nothing in
    /// HTML or in XHTML fragments, which do not declare the `epub` namespace.
    fn epub_type(&self, kind: &'static str) -> &'static str {
        if !(self.opts.xhtml && self.opts.standalone) {
            return "";
        }
        match kind {
            "noteref" => " epub:type=\"noteref\"",
            "endnotes" => " epub:type=\"endnotes\"",
            _ => " epub:type=\"endnote\"",
        }
    }

    /// `/>` for XHTML void elements, `>` for HTML.
    fn void_end(&self) -> &'static str {
        if self.opts.xhtml {
            " />"
        } else {
            ">"
        }
    }

    fn text(&mut self, s: &str) {
        let _ = escape_html(&mut self.out, s);
    }

    fn attr(&mut self, name: &str, value: &str) {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        let _ = escape_html(&mut self.out, value);
        self.out.push('"');
    }

    fn href(&mut self, name: &str, url: &str) {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        let _ = escape_href(&mut self.out, url);
        self.out.push('"');
    }

    pub fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            self.block(b, false);
        }
    }

    fn block(&mut self, block: &Block, tight: bool) {
        match block {
            Block::Paragraph { content, .. } => {
                if tight {
                    self.inlines(content);
                } else {
                    self.out.push_str("<p>");
                    self.inlines(content);
                    self.out.push_str("</p>\n");
                }
            }
            Block::Heading(h) => self.heading(h),
            Block::BlockQuote { blocks } => {
                self.out.push_str("<blockquote>\n");
                self.blocks(blocks);
                self.out.push_str("</blockquote>\n");
            }
            Block::List(list) => self.list(list),
            Block::CodeBlock(code) => self.code_block(code),
            Block::Table(t) => self.table(t),
            Block::ThematicBreak => {
                self.out.push_str("<hr");
                self.out.push_str(self.void_end());
                self.out.push('\n');
            }
            Block::Html { html, line } => self.raw_html(html, *line),
            Block::Figure(figure) => self.figure(figure, tight),
            Block::Div(div) => {
                self.out.push_str("<div");
                self.attrs(&div.attr, true);
                self.out.push_str(">\n");
                self.blocks(&div.blocks);
                self.out.push_str("</div>\n");
            }
            Block::Callout(callout) => self.callout(callout),
            Block::DefinitionList(list) => self.definition_list(list),
        }
    }

    /// A callout: a `div` with the note role and a visible title (GitHub's markup, with
    /// our class names); a foldable one is a `<details>` in HTML pages, which fold without
    /// script (EPUB readers do not all support it, so XHTML keeps the `div`).
    fn callout(&mut self, callout: &Callout) {
        let class = format!("callout callout-{}", callout.kind);
        let title = callout.title_or_label();
        match callout.foldable {
            Some(open) if !self.opts.xhtml => {
                self.out.push_str("<details");
                self.attr("class", &class);
                if open {
                    self.out.push_str(" open");
                }
                self.out.push_str(">\n<summary class=\"callout-title\">");
                self.inlines(&title);
                self.out.push_str("</summary>\n");
                self.blocks(&callout.blocks);
                self.out.push_str("</details>\n");
            }
            _ => {
                self.out.push_str("<div");
                self.attr("class", &class);
                self.out
                    .push_str(" role=\"note\">\n<p class=\"callout-title\">");
                self.inlines(&title);
                self.out.push_str("</p>\n");
                self.blocks(&callout.blocks);
                self.out.push_str("</div>\n");
            }
        }
    }

    /// `<dl>`: a definition that is one paragraph is written bare, as a tight list item.
    fn definition_list(&mut self, list: &DefinitionList) {
        self.out.push_str("<dl>\n");
        for item in &list.items {
            if !item.term.is_empty() {
                self.out.push_str("<dt>");
                self.inlines(&item.term);
                self.out.push_str("</dt>\n");
            }
            for def in &item.definitions {
                self.out.push_str("<dd>");
                match def.as_slice() {
                    [Block::Paragraph { content, .. }] => self.inlines(content),
                    blocks => {
                        self.out.push('\n');
                        self.blocks(blocks);
                    }
                }
                self.out.push_str("</dd>\n");
            }
        }
        self.out.push_str("</dl>\n");
    }

    /// A figure: `<figure>` with its caption, or (spec mode) the paragraph of images it
    /// was written as, which the CommonMark examples expect.
    fn figure(&mut self, figure: &Figure, tight: bool) {
        if self.opts.figures {
            self.out.push_str("<figure");
            self.attrs(&figure.attr, true);
            self.out.push('>');
            self.inlines(&figure.content);
            if !figure.caption.is_empty() {
                self.out.push_str("<figcaption>");
                self.inlines(&figure.caption);
                self.out.push_str("</figcaption>");
            }
            self.out.push_str("</figure>\n");
        } else if tight {
            self.inlines(&figure.content);
        } else {
            self.out.push_str("<p>");
            self.inlines(&figure.content);
            self.out.push_str("</p>\n");
        }
    }

    fn heading(&mut self, h: &Heading) {
        let level = h.level.clamp(1, 6);
        let tag = ["h1", "h2", "h3", "h4", "h5", "h6"][usize::from(level - 1)];
        self.out.push('<');
        self.out.push_str(tag);
        self.attrs(&h.attr, self.opts.heading_ids);
        self.out.push('>');
        self.inlines(&h.content);
        self.close(tag);
        self.out.push('\n');
    }

    /// A container's attributes: its id (scoped, when `with_id`), classes and key-values.
    fn attrs(&mut self, attr: &Attr, with_id: bool) {
        if with_id && !attr.id.is_empty() {
            let id = self.res.id(&attr.id);
            self.attr("id", &id);
        }
        if !attr.classes.is_empty() {
            self.attr("class", &attr.classes.join(" "));
        }
        for (k, v) in &attr.attributes {
            // Author CSS can cover the page (`position: fixed`): not from untrusted posts.
            if self.opts.safe && k.eq_ignore_ascii_case("style") {
                continue;
            }
            // Markdown allows any attribute name; HTML does not. Unknown names become data-*.
            let name = if is_safe_attribute(k) {
                k.clone()
            } else {
                format!("data-{}", k.to_ascii_lowercase())
            };
            if name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                self.attr(&name, v);
            }
        }
    }

    fn list(&mut self, list: &List) {
        match list.start {
            Some(1) => self.out.push_str("<ol>\n"),
            Some(n) => {
                let _ = writeln!(self.out, "<ol start=\"{n}\">");
            }
            None => self.out.push_str("<ul>\n"),
        }
        for item in &list.items {
            self.out.push_str("<li");
            if item.task.is_some() {
                self.out.push_str(" class=\"task-list-item\"");
            }
            self.out.push('>');
            if let Some(checked) = item.task {
                let bool_attr = |name: &str| {
                    if self.opts.xhtml {
                        format!(" {name}=\"{name}\"")
                    } else {
                        format!(" {name}=\"\"")
                    }
                };
                let (disabled, checked) = (
                    bool_attr("disabled"),
                    if checked {
                        bool_attr("checked")
                    } else {
                        String::new()
                    },
                );
                let _ = write!(
                    self.out,
                    "<input type=\"checkbox\"{disabled}{checked}{}",
                    self.void_end()
                );
                if list.tight {
                    self.out.push(' ');
                }
            }
            for (i, b) in item.blocks.iter().enumerate() {
                // Tight items print their first paragraph bare; every other block starts
                // on a fresh line, as pulldown-cmark and cmark do.
                let bare = list.tight && i == 0 && matches!(b, Block::Paragraph { .. });
                if !bare && !self.out.ends_with('\n') {
                    self.out.push('\n');
                }
                self.block(b, list.tight);
            }
            self.out.push_str("</li>\n");
        }
        self.out.push_str(if list.start.is_some() {
            "</ol>\n"
        } else {
            "</ul>\n"
        });
    }

    fn code_block(&mut self, code: &CodeBlock) {
        self.out.push_str("<pre");
        self.attrs(&code.attr, true);
        self.out.push_str("><code");
        if let Some(lang) = &code.language {
            self.out.push_str(" class=\"language-");
            self.text(lang);
            self.out.push('"');
        }
        self.out.push('>');
        let highlighted = match (&code.language, self.opts.highlight) {
            (Some(lang), true) => highlight::to_html(&code.text, lang),
            _ => None,
        };
        match highlighted {
            Some(html) => self.out.push_str(&html),
            None => self.text(&code.text),
        }
        self.out.push_str("</code></pre>\n");
    }

    fn table(&mut self, t: &Table) {
        if self.opts.standalone {
            self.out.push_str("<div class=\"table-wrap\">");
        }
        self.out.push_str("<table");
        self.attrs(&t.attr, true);
        self.out.push_str(">\n<thead>\n<tr>\n");
        let columns = t.header.len();
        for (i, cell) in t.header.iter().enumerate() {
            self.cell("th", t.alignments.get(i).copied(), cell);
        }
        self.out.push_str("</tr>\n</thead>\n");
        if !t.rows.is_empty() {
            self.out.push_str("<tbody>\n");
            for row in &t.rows {
                self.out.push_str("<tr>\n");
                for i in 0..columns {
                    let empty = Vec::new();
                    self.cell(
                        "td",
                        t.alignments.get(i).copied(),
                        row.get(i).unwrap_or(&empty),
                    );
                }
                self.out.push_str("</tr>\n");
            }
            self.out.push_str("</tbody>\n");
        }
        self.out.push_str("</table>\n");
        if self.opts.standalone {
            self.out.push_str("</div>\n");
        }
    }

    fn cell(&mut self, tag: &str, align: Option<Alignment>, content: &[Inline]) {
        self.out.push('<');
        self.out.push_str(tag);
        // `align` is obsolete in HTML5: a style says the same and validates.
        match align {
            Some(Alignment::Left) => self.out.push_str(" style=\"text-align: left\""),
            Some(Alignment::Center) => self.out.push_str(" style=\"text-align: center\""),
            Some(Alignment::Right) => self.out.push_str(" style=\"text-align: right\""),
            _ => {}
        }
        self.out.push('>');
        self.inlines(content);
        self.close(tag);
        self.out.push('\n');
    }

    fn raw_html(&mut self, html: &str, line: u32) {
        if self.opts.safe {
            if !html.trim().is_empty() && !is_comment(html) {
                self.warn(line, "raw HTML dropped (--safe)");
            }
            return;
        }
        if self.raw_as_text {
            self.text(html);
            return;
        }
        self.saw_raw = true;
        if self.opts.xhtml && raw::nesting_depth(html) <= raw::MAX_REPAIR_DEPTH {
            for dropped in raw::dropped_in_xhtml(html) {
                self.warn(line, format!("raw HTML {dropped} dropped from XHTML"));
            }
        }
        if self.opts.tagfilter {
            self.out.push_str(&tagfilter(html));
        } else {
            self.out.push_str(html);
        }
    }

    pub fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            self.inline(inline);
        }
    }

    fn inline(&mut self, inline: &Inline) {
        match inline {
            Inline::Text { text } => self.text(text),
            Inline::Emphasis { content } => self.wrap("em", content),
            Inline::Strong { content } => self.wrap("strong", content),
            Inline::Strikethrough { content } => self.wrap("del", content),
            Inline::Superscript { content } => self.wrap("sup", content),
            Inline::Subscript { content } => self.wrap("sub", content),
            Inline::Code { code } => {
                self.out.push_str("<code>");
                self.text(code);
                self.out.push_str("</code>");
            }
            Inline::Link(link) => self.link(link),
            Inline::Image(image) => self.image(image),
            Inline::FootnoteReference { number, .. } => {
                let n = *number as usize;
                let seen = self.note_refs.get(n).copied().unwrap_or(0);
                if let Some(c) = self.note_refs.get_mut(n) {
                    *c += 1;
                }
                // Ids as `scoped_id` makes them (prefix, then id), written in place: a post
                // may have thousands of references.
                let epub_type = self.epub_type("noteref");
                let prefix = self.res.prefix();
                let _ = write!(
                    self.out,
                    "<sup class=\"footnote-ref\"><a href=\"#{prefix}fn-{n}\" id=\"{prefix}fnref-{n}"
                );
                if seen > 0 {
                    let _ = write!(self.out, "-{}", seen + 1);
                }
                let _ = write!(self.out, "\" role=\"doc-noteref\"{epub_type}>{n}</a></sup>");
            }
            Inline::HardBreak => {
                self.out.push_str("<br");
                self.out.push_str(self.void_end());
                self.out.push('\n');
            }
            Inline::Html { html, line } => self.raw_html(html, *line),
            Inline::Math { display, tex, .. } => self.math(*display, tex),
            Inline::Span(span) => {
                self.out.push_str("<span");
                self.attrs(&span.attr, true);
                self.out.push('>');
                self.inlines(&span.content);
                self.out.push_str("</span>");
            }
        }
    }

    /// MathML Core, which browsers and EPUB 3 reading systems render natively; TeX the
    /// reader warned about is shown as code.
    fn math(&mut self, display: bool, tex: &str) {
        match quire_core::math::parse(tex) {
            Ok(formula) => {
                let m = quire_core::math::mathml(&formula, tex, display);
                if self.opts.xhtml {
                    // XHTML puts an element without a namespace in XHTML's.
                    self.out
                        .push_str("<math xmlns=\"http://www.w3.org/1998/Math/MathML\"");
                    self.out.push_str(&m["<math".len()..]);
                } else {
                    self.out.push_str(&m);
                }
            }
            Err(_) => {
                self.out.push_str("<code class=\"math-error\">");
                self.text(tex.trim());
                self.out.push_str("</code>");
            }
        }
    }

    fn wrap(&mut self, tag: &str, content: &[Inline]) {
        self.out.push('<');
        self.out.push_str(tag);
        self.out.push('>');
        self.inlines(content);
        self.close(tag);
    }

    /// `</tag>`. Tags are written with pushes, not `write!`: formatting cost a table-heavy
    /// post 6% of its instructions.
    fn close(&mut self, tag: &str) {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }

    fn link(&mut self, link: &Link) {
        let Some(href) = self.link_target(link) else {
            // No destination may be written: the link text stays, as text.
            self.out.push_str("<span>");
            self.inlines(&link.content);
            self.out.push_str("</span>");
            return;
        };
        self.out.push_str("<a");
        self.href("href", &href);
        if !link.title.is_empty() {
            self.attr("title", &link.title);
        }
        self.out.push('>');
        let outer = std::mem::replace(&mut self.in_link, true);
        self.inlines(&link.content);
        self.in_link = outer;
        self.out.push_str("</a>");
    }

    /// Where a link goes, as the resolution decided: an anchor of this post (scoped),
    /// another post's chapter in a package, or the URL as written; `None` when no
    /// destination may be written (`--safe`, or a package link that leads nowhere in it).
    fn link_target<'l>(&mut self, link: &'l Link) -> Option<Cow<'l, str>> {
        let url = link.url.as_str();
        if self.opts.safe && !urls::safe_allows(url) {
            self.warn(
                link.line,
                format!("link to {} dropped (--safe)", urls::scheme_of(url)),
            );
            return None;
        }
        if self.opts.xhtml && urls::is_script_url(url) {
            self.warn(
                link.line,
                format!("link to {} dropped from XHTML", urls::scheme_of(url)),
            );
            return None;
        }
        let package = self.opts.package.as_deref();
        match (self.res.link(url), package) {
            (LinkTarget::Anchor(id), _) => Some(if id.len() + 1 == url.len() {
                Cow::Borrowed(url)
            } else {
                Cow::Owned(format!("#{id}"))
            }),
            (LinkTarget::Post { post, anchor }, Some(p)) => {
                let file = p.posts.get(*post).map_or("", String::as_str);
                Some(Cow::Owned(match anchor {
                    Some(a) => format!("{file}#{a}"),
                    None => file.to_owned(),
                }))
            }
            (LinkTarget::MissingAnchor | LinkTarget::Local, Some(_)) => None,
            (LinkTarget::MissingAnchor, None) => Some(match self.res.prefix() {
                "" => Cow::Borrowed(url),
                p => Cow::Owned(format!("#{p}{}", &url[1..])),
            }),
            (LinkTarget::Post { .. } | LinkTarget::External | LinkTarget::Local, _) => {
                Some(Cow::Borrowed(url))
            }
        }
    }

    fn image(&mut self, image: &Image) {
        let url = image.url.as_str();
        let target = self.res.image(url);
        if self.opts.safe && !urls::safe_allows(url) {
            self.warn(
                image.line,
                format!("{} image dropped (--safe)", urls::scheme_of(url)),
            );
            self.placeholder(image);
            return;
        }
        if self.opts.xhtml && urls::is_script_url(url) {
            self.warn(
                image.line,
                format!("{} image dropped from XHTML", urls::scheme_of(url)),
            );
            self.placeholder(image);
            return;
        }
        if let Some(package) = self.opts.package.clone() {
            match target {
                ImageTarget::Loaded(i) => self.img(image, &package.images[i]),
                ImageTarget::Remote if !self.in_link => {
                    self.out.push_str("<a");
                    self.href("href", url);
                    self.out.push('>');
                    self.placeholder(image);
                    self.out.push_str("</a>");
                }
                ImageTarget::Remote
                | ImageTarget::Data
                | ImageTarget::Found
                | ImageTarget::Missing => self.placeholder(image),
            }
            return;
        }
        match target {
            ImageTarget::Loaded(i) if self.opts.embed_resources => {
                let loaded = self.res.loaded(i);
                let b64 = base64::engine::general_purpose::STANDARD.encode(&*loaded.bytes);
                // Base64 and a sniffed media type: nothing to escape, and escaping a
                // large URI would only slow it down.
                self.out.push_str("<img src=\"data:");
                self.out.push_str(loaded.media_type);
                self.out.push_str(";base64,");
                self.out.push_str(&b64);
                self.out.push('"');
                self.img_rest(image);
            }
            // An empty URL, or a file not found: on a page the `<img>` stays (the file may
            // be published beside it); a self-contained file shows the placeholder.
            ImageTarget::Missing if self.opts.embed_resources || url.trim().is_empty() => {
                self.placeholder(image)
            }
            ImageTarget::Loaded(_)
            | ImageTarget::Found
            | ImageTarget::Remote
            | ImageTarget::Data
            | ImageTarget::Missing => self.img(image, url),
        }
    }

    /// `<img>` with `src` escaped as any URL from a post.
    fn img(&mut self, image: &Image, src: &str) {
        self.out.push_str("<img");
        self.href("src", src);
        self.img_rest(image);
    }

    /// The attributes after `src`, and the end of the tag.
    fn img_rest(&mut self, image: &Image) {
        self.attr("alt", &image.alt);
        if !image.title.is_empty() {
            self.attr("title", &image.title);
        }
        self.out.push_str(self.void_end());
    }

    /// A visible stand-in for an image that cannot be shown.
    fn placeholder(&mut self, image: &Image) {
        let label = image.label();
        self.out
            .push_str("<span class=\"missing-image\" role=\"img\"");
        self.attr("aria-label", label);
        self.out.push_str(">[image: ");
        self.text(label);
        self.out.push_str("]</span>");
    }

    /// Renders `blocks` and the footnotes as a body, repaired when it holds raw HTML and
    /// the output is a page or XHTML. Returns the body and the CSS of `<style>`s found in it.
    /// The blocks come in parts set one after the other (a page leaves out the heading
    /// that repeats its title: [`quire_core::Document::body_parts`]).
    pub fn body(&mut self, parts: &[&[Block]]) -> (String, Vec<String>) {
        let size: usize = parts
            .iter()
            .map(|blocks| body_size_hint(blocks, &self.doc.footnotes))
            .sum();
        let outer = std::mem::replace(&mut self.out, String::with_capacity(size + size / 8));
        for blocks in parts {
            self.blocks(blocks);
        }
        self.footnotes();
        let body = std::mem::replace(&mut self.out, outer);
        if self.saw_raw
            && (self.opts.standalone || self.opts.xhtml)
            && raw::nesting_depth(&body) > raw::MAX_REPAIR_DEPTH
        {
            self.warn(
                0,
                format!(
                    "raw HTML nests deeper than {} levels: not repaired",
                    raw::MAX_REPAIR_DEPTH
                ),
            );
            if !self.opts.xhtml {
                return (body, Vec::new());
            }
            // XHTML must stay well-formed: show the raw HTML as text instead.
            self.raw_as_text = true;
            self.saw_raw = false;
            self.note_refs.iter_mut().for_each(|n| *n = 0);
            return self.body(parts);
        }
        if self.saw_raw && (self.opts.standalone || self.opts.xhtml) {
            let syntax = if self.opts.xhtml {
                raw::Syntax::Xhtml
            } else {
                raw::Syntax::Html
            };
            let package = self
                .opts
                .package
                .as_deref()
                .map(|files| raw::Package::new(self.res, files));
            let repaired = raw::repair(&body, syntax, package.as_ref());
            (repaired.html, repaired.styles)
        } else {
            (body, Vec::new())
        }
    }

    /// The footnotes as an ordered list with back links, after the body.
    pub fn footnotes(&mut self) {
        if self.doc.footnotes.is_empty() {
            return;
        }
        self.out
            .push_str("<section class=\"footnotes\" role=\"doc-endnotes\"");
        let endnotes = self.epub_type("endnotes");
        self.out.push_str(endnotes);
        self.out.push_str(">\n<hr");
        self.out.push_str(self.void_end());
        self.out.push_str("\n<ol>\n");
        for note in &self.doc.footnotes {
            // Ids as the references write them.
            let (prefix, n) = (self.res.prefix(), note.number);
            let _ = writeln!(
                self.out,
                "<li id=\"{prefix}fn-{n}\"{}>",
                self.epub_type("endnote")
            );
            let backlink = format!("<a href=\"#{prefix}fnref-{n}\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"Back to the text\">↩</a>");
            // The back link goes inside the last paragraph when there is one.
            match note.blocks.split_last() {
                Some((Block::Paragraph { content, .. }, rest)) => {
                    self.blocks(rest);
                    self.out.push_str("<p>");
                    self.inlines(content);
                    self.out.push(' ');
                    self.out.push_str(&backlink);
                    self.out.push_str("</p>\n");
                }
                _ => {
                    self.blocks(&note.blocks);
                    self.out.push_str(&backlink);
                    self.out.push('\n');
                }
            }
            self.out.push_str("</li>\n");
        }
        self.out.push_str("</ol>\n</section>\n");
    }
}

fn is_safe_attribute(name: &str) -> bool {
    name.starts_with("data-") || matches!(name, "lang" | "dir" | "title" | "style")
}

fn is_comment(html: &str) -> bool {
    let t = html.trim();
    t.starts_with("<!--") && t.ends_with("-->")
}

/// GFM's tag filter: `<script` and friends become text.
fn tagfilter(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let name_start = after.strip_prefix('/').unwrap_or(after);
        let filtered = FILTERED_TAGS.iter().any(|t| {
            name_start.len() >= t.len()
                && name_start[..t.len()].eq_ignore_ascii_case(t)
                && name_start[t.len()..]
                    .starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/')
        });
        out.push_str(if filtered { "&lt;" } else { "<" });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// About how long the markup of a body (`blocks` and the `notes` after them) is. The body
/// is written into a buffer of that size: a large post's markup is megabytes, and a buffer
/// doubling its way there copies it over and over into freshly faulted pages.
pub(crate) fn body_size_hint(blocks: &[Block], notes: &[Footnote]) -> usize {
    size_hint(blocks) + notes.iter().map(|n| size_hint(&n.blocks)).sum::<usize>()
}

/// About how long the markup of `blocks` is: their text plus some tags per node.
fn size_hint(blocks: &[Block]) -> usize {
    fn inlines(list: &[Inline]) -> usize {
        list.iter()
            .map(|i| match i {
                Inline::Text { text } => text.len(),
                Inline::Code { code } => code.len() + 13,
                Inline::Emphasis { content }
                | Inline::Strong { content }
                | Inline::Strikethrough { content }
                | Inline::Superscript { content }
                | Inline::Subscript { content } => inlines(content) + 17,
                Inline::Link(l) => l.url.len() + l.title.len() + inlines(&l.content) + 15,
                Inline::Image(i) => i.url.len() + i.title.len() + 2 * i.alt.len() + 40,
                Inline::Html { html, .. } => html.len(),
                Inline::FootnoteReference { .. } => 90,
                Inline::Span(s) => inlines(&s.content) + 13,
                Inline::Math { tex, .. } => tex.len() * 10 + 40,
                Inline::HardBreak => 6,
            })
            .sum()
    }
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { content, .. } => inlines(content) + 8,
            Block::Heading(h) => inlines(&h.content) + h.attr.id.len() + 20,
            Block::BlockQuote { blocks } => size_hint(blocks) + 27,
            Block::List(l) => {
                l.items
                    .iter()
                    .map(|i| size_hint(&i.blocks) + 10)
                    .sum::<usize>()
                    + 11
            }
            Block::CodeBlock(c) => c.text.len() + c.text.len() / 16 + 40,
            Block::Table(t) => {
                t.header
                    .iter()
                    .chain(t.rows.iter().flatten())
                    .map(|cell| inlines(cell) + 10)
                    .sum::<usize>()
                    + 40
            }
            Block::Html { html, .. } => html.len(),
            Block::Figure(f) => inlines(&f.content) + inlines(&f.caption) + 40,
            Block::Div(d) => size_hint(&d.blocks) + 13,
            Block::Callout(c) => size_hint(&c.blocks) + 90,
            Block::DefinitionList(d) => {
                d.items
                    .iter()
                    .map(|i| {
                        inlines(&i.term)
                            + i.definitions
                                .iter()
                                .map(|b| size_hint(b) + 10)
                                .sum::<usize>()
                            + 10
                    })
                    .sum::<usize>()
                    + 11
            }
            Block::ThematicBreak => 6,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tagfilter_escapes_only_the_listed_tags() {
        assert_eq!(
            tagfilter("<strong><title>x</title></strong>"),
            "<strong>&lt;title>x&lt;/title></strong>"
        );
        assert_eq!(tagfilter("<scripts>"), "<scripts>");
    }
}
