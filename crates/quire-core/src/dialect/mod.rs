//! Site dialects: Hugo shortcodes, Liquid tags (Jekyll, Hexo), Zola shortcodes and kramdown
//! IALs rewritten into Markdown before the body is parsed, as the site engines do.
//!
//! The pass ([`rewrite`]) works on the body's text, line by line, in one forward scan: a
//! paired tag that holds code (`{{< highlight >}}`, `{% highlight %}`, `{% codeblock %}`)
//! is found by one search forward from its opening, and its content is copied without a
//! second look. It never adds or removes a line break, so a later warning's `file:line` is
//! still the line the user wrote. Code (fenced, indented, inline) is left as written,
//! except for the escapes the engine itself undoes there (`{{</* x */>}}`, `{% raw %}`).
//! What is not understood is removed (a paired tag keeps its content) with one warning per
//! kind per post. IALs (`{: .class #id}`) cannot be expressed in Markdown: the pass removes
//! them and returns them, and [`attach_ials`] gives them to the blocks after parsing.

mod scan;
mod site;

pub use site::{Site, SiteFiles};

use crate::model::{Attr, Block, Div};
use crate::Diagnostic;

/// What the pass made of a body.
#[derive(Debug, Default)]
pub struct Rewritten {
    /// The body, with as many lines as before; `None` when nothing was changed.
    pub body: Option<String>,
    /// One warning per kind of tag not understood (and per tag dropped), at its first line.
    pub warnings: Vec<Diagnostic>,
    /// The kramdown IALs found, in order.
    pub ials: Vec<Ial>,
}

/// A kramdown inline attribute list (`{: .class #id key="v"}`) and where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ial {
    /// Its line in the file (1-based).
    pub line: u32,
    /// The attributes it gives.
    pub attr: Attr,
    /// Whether it stood on a line of its own after a blank line (it then names the block
    /// after it, as kramdown reads it), rather than after the block's last line.
    pub before: bool,
    /// Whether it ended a line of text (`## Title {: #id}`): it names the block of that line.
    pub trailing: bool,
}

/// Rewrites the site syntax of `body` (whose first line is line `first_line` of the file
/// `source`) for `site` (`None`: recognise every engine's syntax).
pub fn rewrite(body: &str, first_line: u32, source: Option<&str>, site: Option<Site>) -> Rewritten {
    rewrite_with(body, first_line, source, site, &[])
}

/// [`rewrite`], with the values of the site's config that Liquid's `{{ site.name }}`
/// prints (`values`: `("title", "My blog")`; see [`SiteFiles::config_values`]).
pub fn rewrite_with(
    body: &str,
    first_line: u32,
    source: Option<&str>,
    site: Option<Site>,
    values: &[(String, String)],
) -> Rewritten {
    if !scan::may_hold_syntax(body) {
        return Rewritten::default();
    }
    scan::Pass::new(body, first_line, source, site, values).run()
}

/// Gives each IAL's attributes to the top-level block it names (the block before it, or
/// after it when it follows a blank line; the block of its own line when it ended one).
/// Blocks without attributes of their own (paragraphs, lists, quotes) are wrapped in a
/// [`Block::Div`] that carries them. Linear: blocks and IALs are both in line order.
pub fn attach_ials(blocks: &mut [Block], ials: Vec<Ial>) {
    if ials.is_empty() || blocks.is_empty() {
        return;
    }
    let lines: Vec<u32> = {
        let mut last = 0;
        blocks
            .iter()
            .map(|b| {
                last = block_line(b).unwrap_or(last);
                last
            })
            .collect()
    };
    let mut i = 0;
    for ial in ials {
        // The last block starting before the IAL's line (or on it, for a trailing one).
        while i + 1 < blocks.len()
            && (lines[i + 1] < ial.line || (ial.trailing && lines[i + 1] == ial.line))
        {
            i += 1;
        }
        let target = if ial.before && lines[i] < ial.line {
            if i + 1 < blocks.len() {
                i + 1
            } else {
                continue;
            }
        } else if lines[i] > ial.line {
            // Nothing before it: kramdown gives it to the first block.
            0
        } else {
            i
        };
        merge_attr(&mut blocks[target], ial.attr);
    }
}

fn block_line(b: &Block) -> Option<u32> {
    match b {
        Block::Paragraph { line, .. } | Block::Html { line, .. } => Some(*line),
        Block::Heading(h) => Some(h.line),
        Block::CodeBlock(c) => Some(c.line),
        Block::Figure(f) => Some(f.line),
        Block::Div(d) => Some(d.line),
        Block::Table(t) => Some(t.line),
        Block::Callout(c) => Some(c.line),
        Block::DefinitionList(d) => Some(d.line),
        // Containers without a line of their own start where their first block does.
        Block::List(l) => l
            .items
            .first()
            .and_then(|i| i.blocks.first())
            .and_then(block_line),
        Block::BlockQuote { blocks } => blocks.first().and_then(block_line),
        Block::ThematicBreak => None,
    }
}

fn merge_attr(block: &mut Block, attr: Attr) {
    let into = |a: &mut Attr, b: Attr| {
        if !b.id.is_empty() {
            a.id = b.id;
        }
        a.classes.extend(b.classes);
        a.attributes.extend(b.attributes);
    };
    match block {
        Block::Heading(h) => into(&mut h.attr, attr),
        Block::CodeBlock(c) => into(&mut c.attr, attr),
        Block::Table(t) => into(&mut t.attr, attr),
        Block::Figure(f) => into(&mut f.attr, attr),
        Block::Div(d) => into(&mut d.attr, attr),
        Block::Paragraph { .. }
        | Block::BlockQuote { .. }
        | Block::List(_)
        | Block::Html { .. }
        | Block::Callout(_)
        | Block::DefinitionList(_)
        | Block::ThematicBreak => {
            let line = block_line(block).unwrap_or(0);
            let inner = std::mem::replace(block, Block::ThematicBreak);
            *block = Block::Div(Box::new(Div {
                attr,
                blocks: vec![inner],
                line,
            }));
        }
    }
}

#[cfg(test)]
mod tests;
