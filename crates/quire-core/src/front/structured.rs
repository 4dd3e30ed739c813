//! YAML, TOML and JSON front matter, each through its own well-kept parser.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};
use yaml_rust2::Yaml;

use super::{Entry, Span};
use crate::diag::Diagnostic;
use crate::meta::MetaValue;

/// Deeper than this, front matter is refused: no blog needs it, and a hostile file
/// would otherwise recurse through the parsers.
const MAX_NESTING: usize = 64;

/// How many nodes aliases may add to the front matter in all: a few anchors reused are
/// fine, a "billion laughs" of nested aliases (366 bytes that expand to gigabytes) is not.
const MAX_ALIAS_NODES: u64 = 10_000;

/// `Ok(None)` when the YAML is valid but not a mapping.
pub(super) fn yaml(span: &Span<'_>) -> Result<Option<Vec<Entry>>, Diagnostic> {
    check_nesting(span)?;
    let mut builder = YamlBuilder::default();
    let mut parser = Parser::new_from_str(span.text);
    // Events are pulled one by one: the parser's own `load` recurses once per level.
    let pulled = loop {
        match parser.next_token() {
            Ok((Event::StreamEnd | Event::DocumentEnd, _)) => break Ok(()),
            Ok((ev, mark)) => {
                builder.on_event(ev, mark);
                if builder.refused.is_some() {
                    break Ok(());
                }
            }
            Err(e) => break Err(e),
        }
    };
    pulled.map_err(|e| {
        let m = e.marker();
        Diagnostic::error(
            span.file,
            span.first_line + m.line() as u32 - 1,
            m.col() as u32 + 1,
            format!("invalid YAML front matter: {}", e.info()),
        )
        .with_hint("YAML needs `key: value` lines; quote values that contain `: ` or start with `[`, `{`, `*` or `&`")
    })?;
    if let Some((mark, refused)) = builder.refused {
        let (message, hint) = match refused {
            Refused::Deep => (
                format!("front matter nests deeper than {MAX_NESTING} levels"),
                "flatten the front matter; no post needs this much nesting",
            ),
            Refused::Aliases => (
                format!("YAML aliases expand past {MAX_ALIAS_NODES} values"),
                "write the values out, or reuse fewer anchors: aliases of aliases grow exponentially",
            ),
        };
        return Err(Diagnostic::error(
            span.file,
            span.first_line + mark.line() as u32 - 1,
            mark.col() as u32 + 1,
            message,
        )
        .with_hint(hint));
    }
    match builder.docs.into_iter().next() {
        None | Some(Yaml::Null) => Ok(Some(Vec::new())),
        Some(Yaml::Hash(hash)) => Ok(Some(
            hash.into_iter()
                .map(|(k, v)| {
                    let key = yaml_key(&k);
                    Entry {
                        line: span.key_line(&key),
                        key,
                        value: from_yaml(v, 0),
                    }
                })
                .collect(),
        )),
        Some(_) => Ok(None),
    }
}

/// Why the YAML builder stopped.
#[derive(Debug, Clone, Copy)]
enum Refused {
    Deep,
    Aliases,
}

/// Builds YAML values from the parser's events, as yaml-rust2's loader does, but checks
/// nesting on the events themselves (a pre-scan misses compact `- - - -` sequences, and a
/// loaded tree that deep overflows the stack when dropped) and counts what aliases expand
/// to before copying them.
#[derive(Default)]
struct YamlBuilder {
    docs: Vec<Yaml>,
    /// Open collections: the value so far, its anchor id, its size in nodes.
    stack: Vec<(Yaml, usize, u64)>,
    /// The pending key of each open mapping.
    keys: Vec<Option<Yaml>>,
    /// Anchored values and their sizes.
    anchors: HashMap<usize, (Yaml, u64)>,
    /// Nodes added by aliases so far.
    expanded: u64,
    refused: Option<(Marker, Refused)>,
}

impl YamlBuilder {
    fn insert(&mut self, node: Yaml, anchor: usize, size: u64) {
        if anchor > 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            None => self.docs.push(node),
            Some((Yaml::Array(items), _, total)) => {
                items.push(node);
                *total += size;
            }
            Some((Yaml::Hash(map), _, total)) => {
                *total += size;
                let key = self.keys.last_mut().expect("a key slot per open mapping");
                match key.take() {
                    None => *key = Some(node),
                    Some(k) => {
                        map.insert(k, node);
                    }
                }
            }
            Some(_) => {}
        }
    }
}

impl YamlBuilder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.refused.is_some() {
            return;
        }
        match ev {
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= MAX_NESTING {
                    self.refused = Some((mark, Refused::Deep));
                    return;
                }
                let empty = if matches!(ev, Event::SequenceStart(..)) {
                    Yaml::Array(Vec::new())
                } else {
                    self.keys.push(None);
                    Yaml::Hash(Default::default())
                };
                self.stack.push((empty, anchor, 1));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if matches!(ev, Event::MappingEnd) {
                    self.keys.pop();
                }
                if let Some((node, anchor, size)) = self.stack.pop() {
                    self.insert(node, anchor, size);
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                let node = match (style, tag) {
                    (TScalarStyle::Plain, None) => Yaml::from_str(&value),
                    (TScalarStyle::Plain, Some(Tag { handle, .. }))
                        if handle == "tag:yaml.org,2002:" =>
                    {
                        Yaml::from_str(&value)
                    }
                    _ => Yaml::String(value),
                };
                self.insert(node, anchor, 1);
            }
            Event::Alias(id) => match self.anchors.get(&id) {
                None => self.insert(Yaml::BadValue, 0, 1),
                Some((_, size)) if self.expanded + size > MAX_ALIAS_NODES => {
                    self.refused = Some((mark, Refused::Aliases));
                }
                Some((node, size)) => {
                    let (node, size) = (node.clone(), *size);
                    self.expanded += size;
                    self.insert(node, 0, size);
                }
            },
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => {}
        }
    }
}

fn yaml_key(k: &Yaml) -> String {
    match k {
        Yaml::String(s) | Yaml::Real(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        _ => String::new(),
    }
}

fn from_yaml(y: Yaml, depth: usize) -> MetaValue {
    if depth > MAX_NESTING {
        return MetaValue::Null;
    }
    match y {
        Yaml::String(s) => MetaValue::String(s),
        Yaml::Integer(i) => MetaValue::Integer(i),
        Yaml::Real(s) => s
            .parse()
            .map(MetaValue::Float)
            .unwrap_or(MetaValue::String(s)),
        Yaml::Boolean(b) => MetaValue::Bool(b),
        Yaml::Array(a) => MetaValue::List(a.into_iter().map(|v| from_yaml(v, depth + 1)).collect()),
        Yaml::Hash(h) => MetaValue::Map(
            h.into_iter()
                .map(|(k, v)| (yaml_key(&k), from_yaml(v, depth + 1)))
                .collect(),
        ),
        Yaml::Null | Yaml::Alias(_) | Yaml::BadValue => MetaValue::Null,
    }
}

pub(super) fn toml(span: &Span<'_>) -> Result<Vec<Entry>, Diagnostic> {
    check_nesting(span)?;
    let table: toml::Table = toml::from_str(span.text).map_err(|e| {
        let at = e.span().map_or(0, |r| r.start);
        span.error_at(at, format!("invalid TOML front matter: {}", e.message()))
            .with_hint("TOML needs `key = \"value\"` lines; strings must be quoted")
    })?;
    Ok(table
        .into_iter()
        .map(|(key, v)| Entry {
            line: span.key_line(&key),
            key,
            value: from_toml(v),
        })
        .collect())
}

fn from_toml(v: toml::Value) -> MetaValue {
    match v {
        toml::Value::String(s) => MetaValue::String(s),
        toml::Value::Integer(i) => MetaValue::Integer(i),
        toml::Value::Float(f) => MetaValue::Float(f),
        toml::Value::Boolean(b) => MetaValue::Bool(b),
        toml::Value::Datetime(d) => MetaValue::String(d.to_string()),
        toml::Value::Array(a) => MetaValue::List(a.into_iter().map(from_toml).collect()),
        toml::Value::Table(t) => {
            MetaValue::Map(t.into_iter().map(|(k, v)| (k, from_toml(v))).collect())
        }
    }
}

/// Parses the JSON object at the start of `rest`; returns its entries and its length in bytes.
pub(super) fn json(
    rest: &str,
    first_line: u32,
    file: Option<&str>,
) -> Result<(Vec<Entry>, usize), Diagnostic> {
    let probe = Span {
        text: rest,
        first_line,
        file,
        keys: Default::default(),
    };
    check_nesting(&Span {
        text: &rest[..json_extent(rest)],
        first_line,
        file,
        keys: Default::default(),
    })?;
    let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<serde_json::Value>();
    let value = match stream.next() {
        Some(Ok(v)) => v,
        Some(Err(e)) => {
            return Err(Diagnostic::error(
                file,
                first_line + e.line() as u32 - 1,
                e.column() as u32,
                format!("invalid JSON front matter: {e}"),
            )
            .with_hint("the JSON object must be complete and valid, with keys and strings in double quotes"));
        }
        None => return Ok((Vec::new(), 0)),
    };
    let consumed = stream.byte_offset();
    let serde_json::Value::Object(map) = value else {
        return Ok((Vec::new(), 0));
    };
    let entries = map
        .into_iter()
        .map(|(key, v)| Entry {
            line: probe.key_line(&key),
            key,
            value: from_json(v),
        })
        .collect();
    Ok((entries, consumed))
}

/// A cheap upper bound of where the JSON object ends, for the nesting check.
fn json_extent(rest: &str) -> usize {
    rest.find("\n}").map_or(rest.len(), |i| i + 2)
}

fn from_json(v: serde_json::Value) -> MetaValue {
    use serde_json::Value as J;
    match v {
        J::Null => MetaValue::Null,
        J::Bool(b) => MetaValue::Bool(b),
        J::Number(n) => n
            .as_i64()
            .map(MetaValue::Integer)
            .unwrap_or_else(|| MetaValue::Float(n.as_f64().unwrap_or(0.0))),
        J::String(s) => MetaValue::String(s),
        J::Array(a) => MetaValue::List(a.into_iter().map(from_json).collect()),
        J::Object(o) => MetaValue::Map(o.into_iter().map(|(k, v)| (k, from_json(v))).collect()),
    }
}

/// Refuses flow nesting (`[[[[...` or `{{{{...`) deeper than [`MAX_NESTING`], outside strings.
fn check_nesting(span: &Span<'_>) -> Result<(), Diagnostic> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut prev = '\0';
    for (i, c) in span.text.char_indices() {
        match quote {
            Some(q) if c == q && prev != '\\' => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' => quote = Some(c),
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Err(span
                            .error_at(
                                i,
                                format!("front matter nests deeper than {MAX_NESTING} levels"),
                            )
                            .with_hint(
                                "flatten the front matter; no post needs this much nesting",
                            ));
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                '\n' => quote = None,
                _ => {}
            },
        }
        prev = c;
    }
    Ok(())
}
