//! The dialect pass's one forward scan over a body: code regions, tags, and their rewrites.

use std::collections::{HashMap, HashSet};

use super::{Ial, Rewritten, Site};
use crate::model::Attr;
use crate::Diagnostic;

/// Whether the body may hold anything the pass rewrites: a `{{`, `{%` or `{:` that does
/// not open a code span (right after a backtick) and is no `{{{` (Mustache, Handlebars).
/// A cheap test that spares the scan to posts without (pandoc's changelog has five `{{`,
/// all in code spans; the scan cost it a tenth of its conversion).
pub(super) fn may_hold_syntax(body: &str) -> bool {
    let b = body.as_bytes();
    [&b"{{"[..], b"{%", b"{:"].iter().any(|pat| {
        memchr::memmem::find_iter(b, pat).any(|at| {
            let after_tick = at > 0 && b[at - 1] == b'`';
            let triple = pat[1] == b'{' && b.get(at + 2) == Some(&b'{');
            !after_tick && !triple
        })
    })
}

/// A paired tag whose closing tag must write something.
#[derive(Debug)]
enum Open {
    /// A callout or quote: its lines are prefixed with `> `; `end` is written on the line of
    /// its closing tag (a Hexo quote's attribution).
    Quote { name: String, end: String },
    /// `<details>`: its closing tag writes `</details>`.
    Details { name: String },
}

impl Open {
    fn name(&self) -> &str {
        match self {
            Open::Quote { name, .. } | Open::Details { name } => name,
        }
    }
}

/// The state of the scan.
pub(super) struct Pass<'a> {
    body: &'a str,
    pos: usize,
    line: u32,
    source: Option<&'a str>,
    site: Option<Site>,
    /// The site config's values, for `{{ site.name }}`.
    values: &'a [(String, String)],
    out: String,
    /// `> ` prefixes owed at the start of the next output line.
    depth: usize,
    at_line_start: bool,
    open: Vec<Open>,
    warned: HashSet<String>,
    /// Closing tags looked for: from where, and what was found.
    closings: HashMap<String, (usize, Option<(usize, usize)>)>,
    warnings: Vec<Diagnostic>,
    ials: Vec<Ial>,
    changed: bool,
    /// Where the lines being copied as they are start, if some are.
    copy_from: Option<usize>,
    /// The next `{{`, `{%` and `{:` found (`usize::MAX`: none left).
    triggers: [usize; 3],
    prev_blank: bool,
    in_list: bool,
    indented_code: bool,
}

/// A tag found in the text: its kind, inner text and end.
struct Tag<'a> {
    kind: TagKind,
    inner: &'a str,
    end: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum TagKind {
    /// `{{< x >}}` or `{{% x %}}`.
    Shortcode(u8),
    /// `{{</* x */>}}`, `{{%/* x */%}}`, `{%/* x */%}`, `{{/* x */}}`: printed as written
    /// without the comment marks.
    Escaped(&'static str, &'static str),
    /// `{% x %}`.
    Liquid,
    /// `{{ x }}`.
    Output,
}

impl<'a> Pass<'a> {
    pub(super) fn new(
        body: &'a str,
        first_line: u32,
        source: Option<&'a str>,
        site: Option<Site>,
        values: &'a [(String, String)],
    ) -> Self {
        Pass {
            body,
            values,
            pos: 0,
            line: first_line,
            source,
            site,
            out: String::with_capacity(body.len() + 64),
            depth: 0,
            at_line_start: true,
            open: Vec::new(),
            warned: HashSet::new(),
            closings: HashMap::new(),
            warnings: Vec::new(),
            ials: Vec::new(),
            changed: false,
            copy_from: None,
            triggers: [0; 3],
            prev_blank: true,
            in_list: false,
            indented_code: false,
        }
    }

    pub(super) fn run(mut self) -> Rewritten {
        let mut fence: Option<(u8, usize)> = None;
        while self.pos < self.body.len() {
            let eol = self.line_end(self.pos);
            // A line before the next `{{`, `{%` or `{:`, outside any quote the pass opened,
            // is copied as it is: only the state of code blocks is followed there.
            let fast = self.depth == 0 && eol <= self.next_trigger();
            if !fast {
                self.flush_copy();
            } else if let Some(&first) = self.body.as_bytes().get(self.pos) {
                // Most lines start with a letter: such a line neither opens nor closes a
                // block of code, nor starts a list item; it only ends a blank run.
                let plain = !matches!(
                    first,
                    b' ' | b'\t' | b'\n' | b'-' | b'*' | b'+' | b'`' | b'~'
                ) && !first.is_ascii_digit();
                if plain {
                    if fence.is_none() {
                        self.indented_code = false;
                        if self.prev_blank {
                            self.in_list = false;
                        }
                        self.prev_blank = false;
                    }
                    self.skip_to(eol);
                    continue;
                }
            }
            let line = &self.body[self.pos..eol];
            let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
            let text = line.trim_start_matches([' ', '\t']).trim_end_matches('\n');
            let blank = text.is_empty();
            if let Some((c, n)) = fence {
                if fence_marker(text)
                    .is_some_and(|(c2, n2, rest)| c2 == c && n2 >= n && rest.trim().is_empty())
                {
                    fence = None;
                }
                self.code_line(eol, fast);
                continue;
            }
            if let Some((c, n, _)) = fence_marker(text) {
                fence = Some((c, n));
                self.code_line(eol, fast);
                continue;
            }
            let code_indent = line[..indent]
                .chars()
                .map(|c| if c == '\t' { 4 } else { 1 })
                .sum::<usize>()
                >= 4;
            if !blank {
                if code_indent && (self.indented_code || self.prev_blank && !self.in_list) {
                    self.indented_code = true;
                    self.code_line(eol, fast);
                    continue;
                }
                self.indented_code = false;
                if is_list_item(text) {
                    self.in_list = true;
                } else if indent == 0 && self.prev_blank {
                    self.in_list = false;
                }
            }
            if fast {
                self.prev_blank = blank;
                self.skip_to(eol);
                continue;
            }
            if !blank && self.ial_line(text, eol) {
                continue;
            }
            self.prev_blank = blank;
            self.prose();
        }
        self.flush_copy();
        Rewritten {
            body: self.changed.then_some(self.out),
            warnings: self.warnings,
            ials: self.ials,
        }
    }

    /// The end of the line starting at `from`, after its newline.
    fn line_end(&self, from: usize) -> usize {
        memchr::memchr(b'\n', &self.body.as_bytes()[from..])
            .map_or(self.body.len(), |i| from + i + 1)
    }

    /// Writes `s`, with the `> ` prefixes of open quotes at the start of each line.
    fn emit(&mut self, s: &str) {
        let mut rest = s;
        while !rest.is_empty() {
            self.flush_prefix();
            match rest.find('\n') {
                Some(i) => {
                    self.out.push_str(&rest[..=i]);
                    self.line += 1;
                    self.at_line_start = true;
                    rest = &rest[i + 1..];
                }
                None => {
                    self.out.push_str(rest);
                    self.at_line_start = false;
                    rest = "";
                }
            }
        }
    }

    /// Writes the newlines of source text that was replaced, so lines stay where they were.
    fn keep_lines(&mut self, replaced: &str) {
        for _ in 0..replaced.matches('\n').count() {
            self.emit("\n");
        }
    }

    fn warn_once(&mut self, kind: &str, message: String) {
        if self.warned.insert(kind.to_owned()) {
            self.warnings
                .push(Diagnostic::warning(self.source, self.line, message));
        }
    }

    /// The start of the next `{{`, `{%` or `{:` at or after the scan's place (or the end).
    fn next_trigger(&mut self) -> usize {
        let b = self.body.as_bytes();
        for (k, pat) in [&b"{{"[..], b"{%", b"{:"].into_iter().enumerate() {
            if self.triggers[k] < self.pos {
                self.triggers[k] =
                    memchr::memmem::find(&b[self.pos..], pat).map_or(usize::MAX, |i| self.pos + i);
            }
        }
        self.triggers.iter().copied().min().unwrap_or(usize::MAX)
    }

    /// Leaves the line up to `eol` as it is, to be copied with its neighbours at once.
    fn skip_to(&mut self, eol: usize) {
        self.copy_from.get_or_insert(self.pos);
        self.pos = eol;
    }

    /// Copies the lines left as they are since the last write.
    fn flush_copy(&mut self) {
        if let Some(from) = self.copy_from.take() {
            let text = &self.body[from..self.pos];
            self.out.push_str(text);
            self.line += memchr::memchr_iter(b'\n', text.as_bytes()).count() as u32;
            self.at_line_start = text.ends_with('\n');
        }
    }

    /// A line of code: copied, with only the escapes the engine undoes in code undone.
    fn code_line(&mut self, eol: usize, fast: bool) {
        if fast {
            self.skip_to(eol);
            self.prev_blank = false;
            return;
        }
        let line = &self.body[self.pos..eol];
        self.pos = eol;
        self.prev_blank = false;
        match self.unescape_code(line) {
            Some(s) => {
                self.changed = true;
                self.emit(&s);
            }
            None => self.emit(line),
        }
    }

    /// Code with the engine's escapes undone (`{{</* x */>}}` is `{{< x >}}`, `{% raw %}`
    /// disappears), or `None` when there is nothing to undo.
    fn unescape_code(&self, code: &str) -> Option<String> {
        let liquid = !matches!(self.site, Some(Site::Hugo | Site::Zola));
        let bytes = code.as_bytes();
        if memchr::memmem::find(bytes, b"/*").is_none()
            && !(liquid && memchr::memmem::find(bytes, b"{%").is_some())
        {
            return None;
        }
        let pairs: &[(&str, &str)] = if self.site == Some(Site::Zola) {
            &[
                ("{{/*", "{{"),
                ("*/}}", "}}"),
                ("{%/*", "{%"),
                ("*/%}", "%}"),
            ]
        } else {
            &[
                ("{{</*", "{{<"),
                ("*/>}}", ">}}"),
                ("{{%/*", "{{%"),
                ("*/%}}", "%}}"),
            ]
        };
        let mut out = String::with_capacity(code.len());
        let mut copied = 0;
        let mut changed = false;
        // Only a `{` or a `*` can start what is undone: jump between them.
        let mut i = 0;
        while let Some(off) = memchr::memchr2(b'{', b'*', &bytes[i..]) {
            let at = i + off;
            let rest = &code[at..];
            let skip = if let Some((from, to)) = pairs.iter().find(|(f, _)| rest.starts_with(f)) {
                out.push_str(&code[copied..at]);
                out.push_str(to);
                Some(from.len())
            } else if liquid && rest.starts_with("{%") {
                find_close(rest, 2, "%}")
                    .filter(|&end| {
                        matches!(rest[2..end].trim_matches(['-', ' ']), "raw" | "endraw")
                    })
                    .map(|end| {
                        out.push_str(&code[copied..at]);
                        end + 2
                    })
            } else {
                None
            };
            match skip {
                Some(n) => {
                    changed = true;
                    copied = at + n;
                    i = copied;
                }
                None => i = at + 1,
            }
        }
        if !changed {
            return None;
        }
        out.push_str(&code[copied..]);
        Some(out)
    }

    /// A line that is only an IAL (`{: .class}`): removed, and kept for the reader.
    fn ial_line(&mut self, text: &str, eol: usize) -> bool {
        let Some(inner) = text
            .strip_prefix("{:")
            .and_then(|t| t.trim_end().strip_suffix('}'))
        else {
            return false;
        };
        if inner.starts_with(':') || inner.starts_with('/') {
            // `{::comment}`, `{::options ... /}`, `{:/comment}`: kramdown extensions.
            self.warn_once(
                "kramdown extension",
                format!("kramdown extension {text} is not understood; removed"),
            );
        } else if inner.trim() == "toc" || inner.trim() == ".toc" {
            // `{:toc}` turns the list before it into kramdown's contents: the list stays.
        } else {
            match parse_ial(inner) {
                Some(attr) => self.ials.push(Ial {
                    line: self.line,
                    attr,
                    before: self.prev_blank,
                    trailing: false,
                }),
                None => return false,
            }
        }
        self.changed = true;
        self.pos = eol;
        self.emit(if eol > 0 && self.body.as_bytes()[eol - 1] == b'\n' {
            "\n"
        } else {
            ""
        });
        self.prev_blank = true;
        true
    }

    /// A line of prose (and whatever tags starting in it span).
    fn prose(&mut self) {
        let b = self.body.as_bytes();
        loop {
            let from = self.pos;
            let Some(off) = memchr::memchr3(b'{', b'`', b'\n', &b[from..]) else {
                self.emit(&self.body[from..]);
                self.pos = self.body.len();
                return;
            };
            let at = from + off;
            self.emit(&self.body[from..at]);
            self.pos = at;
            match b[at] {
                b'\n' => {
                    self.pos = at + 1;
                    self.emit("\n");
                    return;
                }
                b'`' => self.code_span(),
                _ => {
                    if !self.tag_at(at) {
                        self.emit("{");
                        self.pos = at + 1;
                    }
                }
            }
        }
    }

    /// An inline code span on the line: copied with code's escapes undone.
    fn code_span(&mut self) {
        let b = self.body.as_bytes();
        let start = self.pos;
        let run = b[start..].iter().take_while(|&&c| c == b'`').count();
        let eol = self.line_end(start);
        let mut i = start + run;
        let mut close = None;
        while i < eol {
            if b[i] == b'`' {
                let n = b[i..eol].iter().take_while(|&&c| c == b'`').count();
                if n == run {
                    close = Some(i + n);
                    break;
                }
                i += n;
            } else {
                i += 1;
            }
        }
        let end = close.unwrap_or(start + run);
        let span = &self.body[start..end];
        self.pos = end;
        match self.unescape_code(span) {
            Some(s) => {
                self.changed = true;
                self.emit(&s);
            }
            None => self.emit(span),
        }
    }

    /// Recognises a tag at `at` and writes what it becomes; `false` when it is none.
    fn tag_at(&mut self, at: usize) -> bool {
        let Some(tag) = self.find_tag(at) else {
            // A trailing IAL: `## Title {: #id}`.
            return self.trailing_ial(at);
        };
        self.changed = true;
        let whole = &self.body[at..tag.end];
        self.pos = tag.end;
        match tag.kind {
            TagKind::Escaped(open, close) => {
                let literal = format!("{open}{}{close}", tag.inner);
                // As the site shows it, and kept from smart quotes and re-reading.
                self.emit(&code_literal(&literal.replace('\n', " ")));
                self.keep_lines(whole);
            }
            TagKind::Shortcode(delim) => self.shortcode(at, &tag, delim),
            TagKind::Liquid => self.liquid(at, &tag),
            TagKind::Output => self.output(&tag),
        }
        true
    }

    fn find_tag(&self, at: usize) -> Option<Tag<'a>> {
        let rest = &self.body[at..];
        let hugo_ok = !matches!(self.site, Some(Site::Jekyll | Site::Hexo | Site::Zola));
        let liquid_ok = !matches!(self.site, Some(Site::Hugo));
        let zola = self.site == Some(Site::Zola);
        for (open, close, kind) in [
            ("{{</*", "*/>}}", TagKind::Escaped("{{<", ">}}")),
            ("{{%/*", "*/%}}", TagKind::Escaped("{{%", "%}}")),
        ] {
            if hugo_ok && rest.starts_with(open) {
                let end = rest.find(close)?;
                return Some(Tag {
                    kind,
                    inner: &rest[open.len()..end],
                    end: at + end + close.len(),
                });
            }
        }
        if zola || self.site.is_none() {
            for (open, close, kind) in [
                ("{%/*", "*/%}", TagKind::Escaped("{%", "%}")),
                ("{{/*", "*/}}", TagKind::Escaped("{{", "}}")),
            ] {
                if rest.starts_with(open) {
                    let end = rest.find(close)?;
                    return Some(Tag {
                        kind,
                        inner: &rest[open.len()..end],
                        end: at + end + close.len(),
                    });
                }
            }
        }
        if hugo_ok && (rest.starts_with("{{<") || rest.starts_with("{{%")) {
            let delim = rest.as_bytes()[2];
            let close = if delim == b'<' { ">}}" } else { "%}}" };
            let end = find_close(rest, 3, close)?;
            return Some(Tag {
                kind: TagKind::Shortcode(delim),
                inner: &rest[3..end],
                end: at + end + close.len(),
            });
        }
        if liquid_ok && rest.starts_with("{%") {
            let end = find_close(rest, 2, "%}")?;
            return Some(Tag {
                kind: TagKind::Liquid,
                inner: rest[2..end].trim_matches('-'),
                end: at + end + 2,
            });
        }
        if rest.starts_with("{{") && !rest.starts_with("{{{") {
            let end = find_close(rest, 2, "}}")?;
            let inner = rest[2..end].trim_matches('-');
            // Only what an engine evaluates in content: Zola's shortcode calls, Liquid's
            // `site.` values and URL filters (the rest only in a known Liquid site).
            let t = inner.trim();
            let zola_call = call_name(t).is_some();
            let liquid = match self.site {
                Some(Site::Jekyll | Site::Hexo) => true,
                Some(_) => false,
                // Without a site, only what is surely Liquid: `{{ x }}` may be a
                // template language the post talks about.
                None => {
                    t.starts_with("site.")
                        || t.contains("relative_url")
                        || t.contains("absolute_url")
                }
            };
            if (zola_call && (zola || self.site.is_none())) || liquid {
                return Some(Tag {
                    kind: TagKind::Output,
                    inner,
                    end: at + end + 2,
                });
            }
        }
        None
    }

    fn trailing_ial(&mut self, at: usize) -> bool {
        let rest = &self.body[at..];
        if !rest.starts_with("{:") {
            return false;
        }
        let eol = self.line_end(at);
        let line = self.body[at..eol].trim_end();
        let Some(attr) = line
            .strip_prefix("{:")
            .and_then(|l| l.strip_suffix('}'))
            .and_then(parse_ial)
        else {
            return false;
        };
        self.changed = true;
        self.ials.push(Ial {
            line: self.line,
            attr,
            before: false,
            trailing: true,
        });
        // Only the IAL goes; the newline stays for `prose` to write.
        self.pos = at + line.len();
        true
    }

    /// A Hugo shortcode.
    fn shortcode(&mut self, at: usize, tag: &Tag<'a>, delim: u8) {
        let whole = &self.body[at..tag.end];
        let inner = tag.inner.trim().trim_end_matches('/').trim();
        if let Some(name) = inner.strip_prefix('/') {
            self.close(name.trim(), whole);
            return;
        }
        let (name, args) = split_name(inner);
        let args = Args::parse(args);
        let close_tag = |n: &str| {
            if delim == b'<' {
                format!("{{{{< /{n} >}}}}")
            } else {
                format!("{{{{% /{n} %}}}}")
            }
        };
        match name {
            "figure" => {
                let src = args.get("src").unwrap_or_default();
                let alt = args.get("alt").unwrap_or_default();
                let title = args.get("caption").or_else(|| args.get("title"));
                let mut md = image_md(&alt, &src, title.as_deref());
                if let Some(link) = args.get("link") {
                    md = format!("[{md}](<{}>)", link.replace('>', "%3E"));
                }
                self.emit(&md);
                self.keep_lines(whole);
            }
            "youtube" | "vimeo" => {
                let id = args.get("id").or_else(|| args.at(0)).unwrap_or_default();
                let url = if name == "youtube" {
                    format!("https://www.youtube.com/watch?v={id}")
                } else {
                    format!("https://vimeo.com/{id}")
                };
                let service = if name == "youtube" {
                    "YouTube"
                } else {
                    "Vimeo"
                };
                self.emit(&video_md(args.get("title").as_deref(), service, &id, &url));
                self.keep_lines(whole);
            }
            "gist" => {
                let user = args.at(0).unwrap_or_default();
                let id = args.at(1).unwrap_or_default();
                let file = args.at(2);
                let mut url = format!("https://gist.github.com/{user}/{id}");
                let mut text = format!("Gist {user}/{id}");
                if let Some(f) = &file {
                    url.push_str(&format!("#file-{}", f.replace('.', "-")));
                    text.push_str(&format!(" ({f})"));
                }
                self.emit(&link_md(&text, &url));
                self.keep_lines(whole);
            }
            "tweet" | "x" | "twitter" => {
                let user = args.get("user");
                let id = args.get("id").or_else(|| args.at(0)).unwrap_or_default();
                let url = format!(
                    "https://x.com/{}/status/{id}",
                    user.as_deref().unwrap_or("i")
                );
                let text = match &user {
                    Some(u) => format!("Post by @{u} on X"),
                    None => format!("Post {id} on X"),
                };
                self.emit(&link_md(&text, &url));
                self.keep_lines(whole);
            }
            "instagram" => {
                let id = args.get("id").or_else(|| args.at(0)).unwrap_or_default();
                let url = format!("https://www.instagram.com/p/{id}/");
                self.emit(&link_md(&format!("Instagram post {id}"), &url));
                self.keep_lines(whole);
            }
            "ref" | "relref" => {
                let path = args.get("path").or_else(|| args.at(0)).unwrap_or_default();
                self.emit(&post_link(&path));
                self.keep_lines(whole);
            }
            "highlight" => {
                let lang = args.at(0).unwrap_or_default();
                self.code_tag(at, tag.end, &lang, &close_tag("highlight"));
            }
            "details" => {
                let summary = args
                    .get("summary")
                    .or_else(|| args.get("title"))
                    .or_else(|| args.at(0))
                    .unwrap_or_else(|| "Details".to_owned());
                self.emit(&format!(
                    "<details><summary>{}</summary>",
                    crate::escape::xml(&summary, false)
                ));
                self.keep_lines(whole);
                self.open.push(Open::Details {
                    name: name.to_owned(),
                });
            }
            _ if callout_kind(name).is_some() => {
                let kind_word = args
                    .get("type")
                    .or_else(|| args.get("level"))
                    .or_else(|| args.at(0))
                    .unwrap_or_else(|| name.to_owned());
                let kind = callout_kind(&kind_word)
                    .or_else(|| callout_kind(name))
                    .unwrap_or("NOTE");
                let head = match args.get("title") {
                    Some(t) => format!("[!{}] {t}", kind.to_ascii_lowercase()),
                    None => format!("[!{kind}]"),
                };
                self.open_quote(name, &head, String::new(), whole);
            }
            _ if name.ends_with(".inline") => {
                self.warn_once(
                    name,
                    format!("Hugo inline shortcode \"{name}\" defines a template; dropped"),
                );
                // Its template goes with it: up to its closing tag, if it has one.
                if !inner.ends_with('/') {
                    if let Some((_, close_end)) = self.find_closing(tag.end, &close_tag(name)) {
                        let dropped = &self.body[tag.end..close_end];
                        self.pos = close_end;
                        self.keep_lines(whole);
                        self.keep_lines(dropped);
                        return;
                    }
                }
                self.keep_lines(whole);
            }
            _ => {
                self.warn_once(
                    name,
                    format!(
                        "Hugo shortcode \"{name}\" is not understood; removed (its content kept)"
                    ),
                );
                self.keep_lines(whole);
            }
        }
    }

    /// A closing tag (`{{< /name >}}`, `{% endname %}`, `{% end %}`).
    fn close(&mut self, name: &str, whole: &str) {
        let found = self
            .open
            .iter()
            .rposition(|o| o.name() == name || name.is_empty());
        if let Some(i) = found {
            // Tags left open inside it close with it.
            while self.open.len() > i {
                match self.open.pop() {
                    Some(Open::Quote { end, .. }) => {
                        // The closing tag's line is the quote's last: `>` or its attribution.
                        self.flush_prefix();
                        self.emit(&end);
                        self.depth -= 1;
                    }
                    Some(Open::Details { .. }) => self.emit("</details>"),
                    None => {}
                }
            }
        }
        self.keep_lines(whole);
    }

    /// Writes the `> ` prefixes owed at the start of a line, if they are not written yet.
    fn flush_prefix(&mut self) {
        if self.at_line_start && self.depth > 0 {
            for _ in 0..self.depth {
                self.out.push_str("> ");
            }
            self.at_line_start = false;
        }
    }

    fn open_quote(&mut self, name: &str, head: &str, end: String, whole: &str) {
        self.depth += 1;
        // The line this tag starts: `> [!NOTE]`, with the outer quotes' prefixes.
        self.flush_prefix();
        self.emit(head);
        self.keep_lines(whole);
        self.open.push(Open::Quote {
            name: name.to_owned(),
            end,
        });
    }

    /// Where `close` next occurs from `from`: its start and end.
    fn find_closing(&mut self, from: usize, close: &str) -> Option<(usize, usize)> {
        let body = self.body;
        self.cached(close, from, |from| {
            let i = memchr::memmem::find(&body.as_bytes()[from..], close.as_bytes())?;
            Some((from + i, from + i + close.len()))
        })
    }

    /// Where the Liquid closing tag `{% name %}` next occurs from `from` (any spacing).
    fn find_liquid_closing(&mut self, from: usize, name: &str) -> Option<(usize, usize)> {
        let body = self.body;
        self.cached(name, from, |from| {
            let b = body.as_bytes();
            let mut i = from;
            while let Some(off) = memchr::memmem::find(&b[i..], b"{%") {
                let s = i + off;
                if let Some(end) = find_close(body, s + 2, "%}") {
                    if body[s + 2..end].trim_matches(['-', ' ']) == name {
                        return Some((s, end + 2));
                    }
                }
                i = s + 2;
            }
            None
        })
    }

    /// A search for a closing tag, remembered: the scan only moves forward, so the next
    /// search for the same tag from a later place finds the same one (or, after a failure,
    /// none), and searches cost the body's length in all.
    fn cached(
        &mut self,
        key: &str,
        from: usize,
        search: impl FnOnce(usize) -> Option<(usize, usize)>,
    ) -> Option<(usize, usize)> {
        if let Some(&(searched_from, found)) = self.closings.get(key) {
            match found {
                None if searched_from <= from => return None,
                Some((s, e)) if s >= from => return Some((s, e)),
                _ => {}
            }
        }
        let found = search(from);
        self.closings.insert(key.to_owned(), (from, found));
        found
    }

    /// A tag holding code, from the opening tag ending at `open_end` to `close`: a fenced
    /// block when tags stand on lines of their own, else a `<pre>` (no line added either way).
    fn code_tag(&mut self, at: usize, open_end: usize, lang: &str, close: &str) {
        let closing = if close.starts_with("{%") {
            let name = close[2..close.len() - 2].trim();
            self.find_liquid_closing(open_end, name)
        } else {
            self.find_closing(open_end, close)
        };
        let Some((cs, ce)) = closing else {
            // No closing tag: the rest is the post's, not code.
            self.warn_once(
                close,
                format!(
                    "{} is never closed; the opening tag was removed",
                    &self.body[at..open_end]
                ),
            );
            self.keep_lines(&self.body[at..open_end]);
            return;
        };
        let whole = &self.body[at..open_end];
        // The text before the tag on its line (looked for no further back than a tag's
        // length: a longer one is not an indent).
        let window = at.saturating_sub(MAX_TAG);
        let line_start = memchr::memrchr(b'\n', &self.body.as_bytes()[window..at])
            .map_or(window, |i| window + i + 1);
        let indent = if line_start == window && window > 0 {
            "x"
        } else {
            &self.body[line_start..at]
        };
        let after_open = &self.body[open_end..];
        let after_open_nl = after_open.trim_start_matches([' ', '\t']);
        let content_start = open_end + (after_open.len() - after_open_nl.len());
        let clean = indent.trim().is_empty()
            && whole.matches('\n').count() == 0
            && after_open_nl.starts_with('\n')
            && self.body[..cs]
                .trim_end_matches([' ', '\t'])
                .ends_with('\n')
            && content_start < cs;
        let content = if clean {
            &self.body[content_start + 1..cs]
        } else {
            &self.body[open_end..cs]
        };
        let content_trimmed = content.trim_end_matches([' ', '\t']);
        let content = self
            .unescape_code(content_trimmed)
            .unwrap_or_else(|| content_trimmed.to_owned());
        let lang: String = lang
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '`' && *c != '~')
            .collect();
        self.pos = ce;
        if clean {
            let fence = "`".repeat(longest_run(&content, b'`').max(2) + 1);
            self.emit(&format!("{fence}{lang}\n"));
            self.emit(&content);
            self.emit(indent);
            self.emit(&fence);
        } else {
            let class = if lang.is_empty() {
                String::new()
            } else {
                format!(" class=\"language-{}\"", crate::escape::xml(&lang, true))
            };
            self.emit(&format!("<pre><code{class}>"));
            self.emit(&crate::escape::xml(&content, false));
            self.emit("</code></pre>");
            self.keep_lines(whole);
        }
    }

    /// A Liquid tag (Jekyll, Hexo) or a Zola block shortcode.
    fn liquid(&mut self, at: usize, tag: &Tag<'a>) {
        let whole = &self.body[at..tag.end];
        let inner = tag.inner.trim();
        if let Some(name) = call_name(inner) {
            // Zola: `{% name(args) %}...{% end %}`.
            self.warn_once(
                name,
                format!("Zola shortcode \"{name}\" is not understood; removed (its content kept)"),
            );
            self.keep_lines(whole);
            return;
        }
        let (name, rest) = split_name(inner);
        let args = Args::parse(rest);
        match name {
            "end" => self.close("", whole),
            "highlight" => {
                let lang = args.at(0).unwrap_or_default();
                self.code_tag(at, tag.end, &lang, "{% endhighlight %}");
            }
            "codeblock" => {
                let lang = args
                    .positional
                    .iter()
                    .find_map(|a| a.strip_prefix("lang:"))
                    .unwrap_or_default()
                    .to_owned();
                self.code_tag(at, tag.end, &lang, "{% endcodeblock %}");
            }
            "raw" => match self.find_liquid_closing(tag.end, "endraw") {
                Some((cs, ce)) => {
                    let content = &self.body[tag.end..cs];
                    self.pos = ce;
                    self.keep_lines(whole);
                    self.emit(content);
                }
                None => self.keep_lines(whole),
            },
            "comment" => {
                let end = self.find_liquid_closing(tag.end, "endcomment");
                self.keep_lines(whole);
                if let Some((_, ce)) = end {
                    let dropped = &self.body[tag.end..ce];
                    self.pos = ce;
                    self.keep_lines(dropped);
                }
            }
            "link" => {
                // Jekyll: `{% link _posts/x.md %}`; Hexo: `{% link text url [external] [title] %}`.
                let p = &args.positional;
                let url_at = p
                    .iter()
                    .position(|a| a.contains("://") || a.starts_with('/'));
                let md = match (p.as_slice(), url_at) {
                    ([path], _) if self.site != Some(Site::Hexo) => post_link(path),
                    (_, Some(i)) if i > 0 => link_md(&p[..i].join(" "), &p[i]),
                    ([one, ..], _) => link_md(one, one),
                    ([], _) => String::new(),
                };
                self.emit(&md);
                self.keep_lines(whole);
            }
            "post_url" => {
                let name = args.at(0).unwrap_or_default();
                self.emit(&post_link(&name));
                self.keep_lines(whole);
            }
            "include" | "include_relative" | "render" => {
                let file = args.at(0).unwrap_or_default();
                self.warn_once(
                    "include",
                    format!(
                        "Liquid {{% {name} {file} %}} dropped: quire does not run site templates"
                    ),
                );
                self.keep_lines(whole);
            }
            "youtube" | "vimeo" => {
                let id = args.at(0).unwrap_or_default();
                let (service, url) = if name == "youtube" {
                    ("YouTube", format!("https://www.youtube.com/watch?v={id}"))
                } else {
                    ("Vimeo", format!("https://vimeo.com/{id}"))
                };
                self.emit(&video_md(None, service, &id, &url));
                self.keep_lines(whole);
            }
            "img" | "image" => {
                // Hexo: `{% img [class...] /path [width] [height] ["title" ["alt"]] %}`.
                let p = &args.positional;
                let src_at = p
                    .iter()
                    .position(|a| a.contains('/') || a.contains('.'))
                    .unwrap_or(0);
                let src = p.get(src_at).cloned().unwrap_or_default();
                let text: Vec<&String> = p[(src_at + 1).min(p.len())..]
                    .iter()
                    .filter(|a| !a.chars().all(|c| c.is_ascii_digit()))
                    .collect();
                let (title, alt) = match text.as_slice() {
                    [] => (None, String::new()),
                    [t] => match t.split_once("\" \"") {
                        Some((t, a)) => (
                            Some(t.trim_matches('"').to_owned()),
                            a.trim_matches('"').to_owned(),
                        ),
                        None => (Some((*t).clone()), (*t).clone()),
                    },
                    [t, a, ..] => (Some((*t).clone()), (*a).clone()),
                };
                self.emit(&image_md(&alt, &src, title.as_deref()));
                self.keep_lines(whole);
            }
            "asset_img" => {
                let src = args.at(0).unwrap_or_default();
                let title = args.at(1);
                self.emit(&image_md(
                    title.as_deref().unwrap_or(""),
                    &src,
                    title.as_deref(),
                ));
                self.keep_lines(whole);
            }
            "blockquote" | "quote" => {
                // `author, source [link] [link title]`, as written (commas and all).
                let words = rest.split_whitespace().collect::<Vec<_>>().join(" ");
                let end = if words.is_empty() {
                    String::new()
                } else {
                    format!("— {words}")
                };
                self.open_quote(name, "", end, whole);
            }
            _ if name.starts_with("end") => {
                let opened = &name[3..];
                if self.open.iter().any(|o| o.name() == opened) {
                    self.close(opened, whole);
                } else {
                    // The opening tag, not understood, was warned about.
                    self.keep_lines(whole);
                }
            }
            _ => {
                let what = if name.is_empty() { inner } else { name };
                self.warn_once(
                    what,
                    format!(
                        "Liquid tag {{% {what} %}} is not understood; removed (its content kept)"
                    ),
                );
                self.keep_lines(whole);
            }
        }
    }

    /// `{{ x }}`: Zola's shortcode calls, Liquid's site values and URL filters.
    fn output(&mut self, tag: &Tag<'a>) {
        let whole = tag.inner;
        let t = tag.inner.trim();
        if let Some(name) = call_name(t) {
            let args = Args::parse(&t[name.len() + 1..t.len().saturating_sub(1)].replace(',', " "));
            let id = args.get("id").unwrap_or_default();
            let md = match name {
                "youtube" => video_md(
                    None,
                    "YouTube",
                    &id,
                    &format!("https://www.youtube.com/watch?v={id}"),
                ),
                "vimeo" => video_md(None, "Vimeo", &id, &format!("https://vimeo.com/{id}")),
                "gist" => {
                    let url = args.get("url").unwrap_or_default();
                    link_md(
                        &format!("Gist {}", url.trim_start_matches("https://")),
                        &url,
                    )
                }
                _ => {
                    self.warn_once(
                        name,
                        format!("Zola shortcode \"{name}\" is not understood; removed"),
                    );
                    String::new()
                }
            };
            self.emit(&md);
            self.keep_lines(whole);
            return;
        }
        let mut parts = t.split('|').map(str::trim);
        let value = parts.next().unwrap_or_default();
        let filters: Vec<&str> = parts.collect();
        let value = if let Some(s) = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        {
            Some(s.to_owned())
        } else if matches!(
            value,
            "site.baseurl" | "site.url" | "site.github.url" | "site.root" | "config.root"
        ) {
            // The site's own address: what follows is a site-root path.
            Some(String::new())
        } else {
            value.strip_prefix("site.").and_then(|name| {
                self.values
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
            })
        };
        let url_filters = filters.iter().all(|f| {
            let name = f.split(':').next().unwrap_or_default().trim();
            matches!(
                name,
                "relative_url" | "absolute_url" | "prepend" | "url_for" | "uri_escape"
            )
        });
        match value {
            Some(v) if url_filters => {
                self.emit(&v);
                self.keep_lines(whole);
            }
            _ => {
                let head = value_name(t);
                self.warn_once(
                    &format!("{{{{ {head} }}}}"),
                    format!("Liquid value {{{{ {head} }}}} is not understood; removed"),
                );
                self.keep_lines(whole);
            }
        }
    }
}

/// How far a tag's closing delimiter is looked for: no real tag is longer, and the bound
/// keeps a post full of stray `{{<` linear.
const MAX_TAG: usize = 4096;

/// The end of a tag's inner text: where `close` is, from `from`, skipping quoted strings
/// (a caption may hold `>}}`). Never past the next blank line or [`MAX_TAG`] bytes, so a
/// stray `{{<` in prose cannot swallow the rest of the post.
fn find_close(s: &str, from: usize, close: &str) -> Option<usize> {
    let b = &s.as_bytes()[..s.len().min(from + MAX_TAG)];
    let mut i = from;
    let mut quote: Option<u8> = None;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'`' => quote = Some(c),
            None if s[i..].starts_with(close) => return Some(i),
            None if s[i..].starts_with("\n\n") => return None,
            None => {}
        }
        if c == b'\n' && s[i + 1..].starts_with('\n') {
            return None;
        }
        i += 1;
    }
    None
}

/// A fence line's marker: its character, length and what follows it.
fn fence_marker(text: &str) -> Option<(u8, usize, &str)> {
    let c = *text.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = text.bytes().take_while(|&x| x == c).count();
    let rest = &text[n..];
    (n >= 3 && !(c == b'`' && rest.contains('`'))).then_some((c, n, rest))
}

fn is_list_item(text: &str) -> bool {
    let b = text.as_bytes();
    match b.first() {
        Some(b'-' | b'*' | b'+') => matches!(b.get(1), Some(b' ' | b'\t') | None),
        Some(c) if c.is_ascii_digit() => {
            let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
            matches!(b.get(n), Some(b'.' | b')')) && matches!(b.get(n + 1), Some(b' ') | None)
        }
        _ => false,
    }
}

fn longest_run(s: &str, c: u8) -> usize {
    let mut best = 0;
    let mut run = 0;
    for &x in s.as_bytes() {
        if x == c {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// `name(` at the start of a trimmed tag: a Zola shortcode call's name.
fn call_name(t: &str) -> Option<&str> {
    let open = t.find('(')?;
    let name = &t[..open];
    (!name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && t.ends_with(')'))
    .then_some(name)
}

/// The name of a Liquid value for a message: `page.title` of `page.title | upcase`.
fn value_name(t: &str) -> &str {
    t.split('|').next().unwrap_or(t).trim()
}

fn split_name(inner: &str) -> (&str, &str) {
    let inner = inner.trim();
    match inner.find(char::is_whitespace) {
        Some(i) => (&inner[..i], &inner[i..]),
        None => (inner, ""),
    }
}

/// The arguments of a tag: positional and `key=value` (quoted with `"`, `'` or `` ` ``).
#[derive(Debug, Default)]
struct Args {
    positional: Vec<String>,
    named: Vec<(String, String)>,
}

impl Args {
    fn parse(s: &str) -> Args {
        let mut args = Args::default();
        let mut chars = s.char_indices().peekable();
        let mut word = String::new();
        let mut key: Option<String> = None;
        let mut quoted = false;
        let flush =
            |args: &mut Args, word: &mut String, key: &mut Option<String>, quoted: &mut bool| {
                if !word.is_empty() || *quoted || key.is_some() {
                    let w = std::mem::take(word);
                    match key.take() {
                        Some(k) => args.named.push((k, w)),
                        None => args.positional.push(w),
                    }
                }
                *quoted = false;
            };
        while let Some((_, c)) = chars.next() {
            match c {
                '"' | '\'' | '`' if word.is_empty() => {
                    quoted = true;
                    for (_, d) in chars.by_ref() {
                        if d == c {
                            break;
                        }
                        word.push(d);
                    }
                }
                '=' | ':'
                    if key.is_none()
                        && !quoted
                        && !word.is_empty()
                        && (c == '=' || is_key(&word)) =>
                {
                    // `key=value`; Liquid also writes `key: value` (and `lang:x` stays whole).
                    if c == ':' && matches!(chars.peek(), Some((_, d)) if !d.is_whitespace()) {
                        word.push(c);
                        continue;
                    }
                    key = Some(std::mem::take(&mut word));
                    while matches!(chars.peek(), Some((_, d)) if d.is_whitespace()) {
                        chars.next();
                    }
                }
                ',' if !quoted => {}
                c if c.is_whitespace() => flush(&mut args, &mut word, &mut key, &mut quoted),
                c => word.push(c),
            }
        }
        flush(&mut args, &mut word, &mut key, &mut quoted);
        args
    }

    fn get(&self, key: &str) -> Option<String> {
        self.named
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.clone())
    }

    fn at(&self, i: usize) -> Option<String> {
        self.positional.get(i).cloned()
    }
}

fn is_key(word: &str) -> bool {
    word.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The callout label a shortcode or its type names (`warning` is `WARNING`).
fn callout_kind(word: &str) -> Option<&'static str> {
    Some(match word.to_ascii_lowercase().as_str() {
        "notice" | "hint" | "callout" | "alert" | "admonition" | "note" | "info"
        | "information" => "NOTE",
        "tip" | "success" | "hint-tip" => "TIP",
        "important" | "primary" => "IMPORTANT",
        "warning" | "warn" | "caution-light" => "WARNING",
        "danger" | "error" | "caution" => "CAUTION",
        _ => return None,
    })
}

/// A kramdown IAL's attributes (`.class #id key="v" key=v`), or `None` when it is not one.
fn parse_ial(inner: &str) -> Option<Attr> {
    // `{:ok, pid}` is an Elixir tuple, not an IAL: no commas, and something to give.
    if inner.contains(',') || inner.trim().is_empty() {
        return None;
    }
    let args = Args::parse(inner);
    let mut attr = Attr::default();
    for p in &args.positional {
        if let Some(class) = p.strip_prefix('.') {
            attr.classes.extend(
                class
                    .split('.')
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned),
            );
        } else if let Some(id) = p.strip_prefix('#') {
            attr.id = id.to_owned();
        } else {
            // A bare name would refer to an attribute list defined elsewhere (kramdown's
            // ALDs, which blogs do not use); more likely the braces are not an IAL at all.
            return None;
        }
    }
    for (k, v) in args.named {
        attr.attributes.push((k, v));
    }
    Some(attr)
}

/// `[text](<url>)`.
fn link_md(text: &str, url: &str) -> String {
    format!("[{}](<{}>)", escape_text(text), url.replace('>', "%3E"))
}

/// A video as a link with its title (or a readable label).
fn video_md(title: Option<&str>, service: &str, id: &str, url: &str) -> String {
    let text = match title {
        Some(t) if !t.is_empty() => format!("{t} ({service} video)"),
        _ => format!("{service} video {id}"),
    };
    link_md(&text, url)
}

/// `![alt](<src> "title")`.
fn image_md(alt: &str, src: &str, title: Option<&str>) -> String {
    let title = title
        .filter(|t| !t.is_empty())
        .map(|t| {
            format!(
                " \"{}\"",
                t.replace('\\', "\\\\")
                    .replace('"', "\\\"")
                    .replace('\n', " ")
            )
        })
        .unwrap_or_default();
    format!(
        "![{}](<{}>{title})",
        escape_text(alt),
        src.replace('>', "%3E")
    )
}

/// A link to another post by its file: the name the resolution knows posts by
/// (`quire_core::book::link_keys`), with its fragment. A bundle's `x/index.md` is `x`.
fn post_link(path: &str) -> String {
    let (path, fragment) = match path.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (path, None),
    };
    let trimmed = path.trim_end_matches('/');
    let mut segments = trimmed.rsplit('/');
    let last = segments.next().unwrap_or_default();
    let name = if matches!(last, "index.md" | "_index.md" | "index" | "_index") {
        segments.next().unwrap_or(last)
    } else {
        last
    };
    match fragment {
        Some(f) => format!("{name}#{f}"),
        None => name.to_owned(),
    }
}

/// Markdown text with its link-syntax characters escaped.
fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '[' | ']' | '\\' | '*' | '_' | '`' | '<') {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

/// A literal shown as code, so it is neither smart-quoted nor read again.
fn code_literal(s: &str) -> String {
    let ticks = "`".repeat(longest_run(s, b'`') + 1);
    if s.starts_with('`') || s.ends_with('`') {
        format!("{ticks} {s} {ticks}")
    } else {
        format!("{ticks}{s}{ticks}")
    }
}
