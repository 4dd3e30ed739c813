//! TeX maths as bloggers write it: parsed once (pulldown-latex's parser) into a small tree
//! that every writer shares; MathML Core and the linear Unicode form are written from it.
//!
//! pulldown-latex covers KaTeX's common set (fractions, scripts, roots, big operators,
//! `\left`/`\right`, environments, accents, fonts, spacing, `\not`, `\stackrel`...). Its
//! own MathML writer is not used: it writes attributes without a separating space for
//! sized delimiters (not well-formed XML, which breaks XHTML and EPUB) and cannot give
//! the tree the PDF typesetter needs. Unknown commands and unclosed groups are a
//! [`MathError`]; the reader warns once and every writer then shows the source as code.

use std::fmt::Write as _;

use pulldown_latex::event::{
    ArrayColumn, ColumnAlignment, Content, DelimiterSize, DelimiterType, Dimension, DimensionUnit,
    EnvironmentFlow, Event, Font, Grouping, ScriptPosition, ScriptType, StateChange,
    Style as LStyle, Visual,
};
use pulldown_latex::{Parser, Storage};

use crate::escape::push_xml;

pub(crate) mod delimiters;

/// Formulas nested deeper than this (groups, fractions, roots, scripts) are refused, so
/// that writers, which recurse over the tree, stay far from the stack limit.
pub const MAX_MATH_DEPTH: usize = 48;

/// Formulas longer than this (in bytes) are refused: no blog formula comes near it, and
/// it bounds the time and memory one formula may take.
pub const MAX_MATH_LEN: usize = 64 * 1024;

/// Why a formula could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct MathError {
    /// What is wrong, naming the command when one is at fault.
    pub message: String,
}

/// TeX's atom classes, which decide the spacing between atoms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Letters, digits, symbols.
    Ord,
    /// A big operator (`\sum`, `\int`) or a function name (`\sin`, `\lim`).
    Op,
    /// A binary operator (`+`, `\times`).
    Bin,
    /// A relation (`=`, `\le`).
    Rel,
    /// An opening delimiter.
    Open,
    /// A closing delimiter.
    Close,
    /// Punctuation (`,`).
    Punct,
    /// A delimiter in the middle of `\left ... \right` (`\middle|`).
    Fence,
}

/// What kind of atom text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtomKind {
    /// A symbol or single letter (letters are italic unless `upright`).
    Symbol,
    /// Digits.
    Number,
    /// A function name set upright (`sin`, `lim`, `\operatorname{foo}`).
    Function,
    /// Text (`\text{...}`), set in the text face.
    Text,
    /// A big operator (`∑`, `∫`), larger in display style.
    LargeOp,
}

/// Script placement, as TeX decides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limits {
    /// Right of the base (`x^2`).
    Right,
    /// Above and below (`\sum\limits`, accents, `\overbrace`).
    AboveBelow,
    /// Above and below in display style, at the right otherwise (`\sum`, `\lim`).
    Movable,
}

impl Limits {
    /// Whether the scripts go above and below the base, in display style or not: decided
    /// here once for MathML and the PDF alike.
    pub fn above_below(self, display: bool) -> bool {
        match self {
            Limits::Right => false,
            Limits::AboveBelow => true,
            Limits::Movable => display,
        }
    }
}

/// A style change (`\displaystyle`...), in force until the end of its group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MathStyle {
    /// Display style.
    Display,
    /// Text style.
    Text,
    /// Script style.
    Script,
    /// Second-level script style.
    ScriptScript,
}

/// How a table's columns line up and what surrounds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Centred.
    Center,
    /// Flush left.
    Left,
    /// Flush right.
    Right,
}

/// One node of a formula.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A symbol, a number, a function name or text.
    Atom {
        /// The atom's class (spacing).
        class: Class,
        /// What it is.
        kind: AtomKind,
        /// The characters, already mapped to their mathematical alphanumeric forms for
        /// `\mathbb`, `\mathbf`... (plain letters otherwise).
        text: String,
        /// `\mathrm` and friends: a single letter is not italic.
        upright: bool,
        /// Stretches to what it is above or below (`\widehat`, `\overbrace`).
        stretchy: bool,
        /// `\big`...: a delimiter's height in em.
        size: Option<f32>,
    },
    /// Horizontal space in em (negative for `\!`).
    Space(f32),
    /// A braced group, an ordinary atom as a whole.
    Group(Vec<Node>),
    /// `\left ... \right`: delimiters that grow with the body.
    Fenced {
        /// Opening delimiter (`None` for `\left.`).
        open: Option<char>,
        /// Closing delimiter.
        close: Option<char>,
        /// The content (`\middle` delimiters are `Fence` atoms in it).
        body: Vec<Node>,
    },
    /// A base with scripts, or with something above or below it (accents, limits).
    Scripts {
        /// The base.
        base: Box<Node>,
        /// Subscript or what goes below.
        sub: Option<Box<Node>>,
        /// Superscript or what goes above.
        sup: Option<Box<Node>>,
        /// Where they go.
        limits: Limits,
    },
    /// A fraction; `rule` is the bar's thickness in em when given (0 for `\binom`).
    Frac {
        /// Numerator.
        num: Box<Node>,
        /// Denominator.
        den: Box<Node>,
        /// Bar thickness (em) when it is not the font's.
        rule: Option<f32>,
    },
    /// A radical.
    Root {
        /// The radicand.
        body: Box<Node>,
        /// The index (`\sqrt[3]{x}`).
        index: Option<Box<Node>>,
    },
    /// `\not`: the node struck through.
    Not(Box<Node>),
    /// Rows of cells: matrices, `cases`, `aligned`, `array`, lines broken with `\\`.
    Table {
        /// Rows of cells.
        rows: Vec<Vec<Vec<Node>>>,
        /// Alignment per column (the last one repeats).
        columns: Vec<Align>,
        /// Columns alternate right and left, with no gap inside a pair (`aligned`).
        pairs: bool,
    },
    /// A style change for the rest of the enclosing sequence.
    Style(MathStyle),
}

/// A parsed formula.
#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    /// The top-level sequence.
    pub nodes: Vec<Node>,
}

/// Parses TeX maths. Never panics; an unknown command, an unclosed group or a formula
/// nested too deeply is a [`MathError`].
pub fn parse(tex: &str) -> Result<Formula, MathError> {
    if tex.len() > MAX_MATH_LEN {
        return Err(MathError {
            message: format!("formula longer than {MAX_MATH_LEN} bytes"),
        });
    }
    if too_nested(tex) {
        return Err(too_deep());
    }
    let normalized = normalize(tex);
    let tex = normalized.as_deref().unwrap_or(tex);
    let storage = Storage::new();
    let mut events = Vec::new();
    let mut wrapped = String::new();
    for event in Parser::new(tex, &storage) {
        match event {
            Ok(e) => events.push(e),
            Err(e) => {
                // KaTeX and MathJax take `\\` and `&` outside an environment in display
                // maths as lines of a `gathered` or `aligned` block.
                let what = e.to_string();
                let env = if what.contains("new line command not allowed") {
                    if tex.contains('&') {
                        "aligned"
                    } else {
                        "gathered"
                    }
                } else if what.contains("alignment not allowed") {
                    "aligned"
                } else {
                    return Err(describe(tex, &e));
                };
                wrapped = format!("\\begin{{{env}}}{tex}\\end{{{env}}}");
                break;
            }
        }
    }
    let storage2 = Storage::new();
    if !wrapped.is_empty() {
        events.clear();
        for event in Parser::new(&wrapped, &storage2) {
            match event {
                Ok(e) => events.push(e),
                Err(e) => return Err(describe(tex, &e)),
            }
        }
    }
    let mut b = TreeBuilder {
        events: &events,
        at: 0,
        depth: 0,
    };
    let nodes = b.sequence(false)?;
    Ok(Formula { nodes })
}

/// Commands KaTeX and MathJax accept that the parser does not, as what they mean:
/// `\newline` is a line break, the size commands (`\large`...) change nothing in a
/// formula set at the text's size.
fn normalize(tex: &str) -> Option<String> {
    const SIZES: &[&str] = &[
        "tiny",
        "scriptsize",
        "footnotesize",
        "small",
        "normalsize",
        "large",
        "Large",
        "LARGE",
        "huge",
        "Huge",
    ];
    let text_maths = tex.contains("\\text{") && tex.contains('$');
    if !text_maths
        && !tex.contains("\\newline")
        && !SIZES.iter().any(|s| tex.contains(&format!("\\{s}")))
    {
        return None;
    }
    let b = tex.as_bytes();
    let mut out = String::with_capacity(tex.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            let mut j = i + 1;
            while j < b.len() && b[j].is_ascii_alphabetic() {
                j += 1;
            }
            let name = &tex[i + 1..j];
            if name == "newline" {
                out.push_str("\\\\ ");
                i = j;
                continue;
            }
            if SIZES.contains(&name) {
                out.push(' ');
                i = j;
                continue;
            }
            // Maths inside `\text{...}` (`\text{has $s_j$ units}`) leaves the text for
            // the formula and comes back.
            if name == "text" && b.get(j) == Some(&b'{') {
                let mut depth = 0;
                let mut k = j;
                let mut inner = String::new();
                while k < b.len() {
                    match b[k] {
                        b'{' => depth += 1,
                        b'}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    k += 1;
                }
                if k < b.len() {
                    let body = &tex[j + 1..k];
                    let mut in_maths = false;
                    for (n, part) in body.split('$').enumerate() {
                        if n > 0 {
                            in_maths = !in_maths;
                        }
                        if in_maths {
                            inner.push_str(part);
                        } else {
                            inner.push_str("\\text{");
                            inner.push_str(part);
                            inner.push('}');
                        }
                    }
                    out.push('{');
                    out.push_str(&inner);
                    out.push('}');
                    i = k + 1;
                    continue;
                }
            }
            // Copy the command whole (`\\` included) so a `\\` is never split.
            let end = if j == i + 1 { (i + 2).min(b.len()) } else { j };
            out.push_str(&tex[i..end]);
            i = end;
            continue;
        }
        let c = tex[i..].chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    Some(out)
}

/// The first line of the parser's message, and the command at fault when it is one.
fn describe(tex: &str, e: &pulldown_latex::ParserError) -> MathError {
    let full = e.to_string();
    let first = full.lines().next().unwrap_or_default();
    let what = first.strip_prefix("parsing error: ").unwrap_or(first);
    let message = if what.starts_with("unknown primitive") || what.contains("macro not defined") {
        match unknown_command(tex) {
            Some(cmd) => format!("unknown command `{cmd}`"),
            None => what.to_owned(),
        }
    } else {
        what.to_owned()
    };
    MathError { message }
}

/// The first control sequence of `tex` that the parser does not know.
fn unknown_command(tex: &str) -> Option<String> {
    let b = tex.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            let start = i;
            i += 1;
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            if i > start + 1 {
                let cmd = &tex[start..i];
                let probe = format!("{cmd}{{x}}{{x}}{{x}}");
                let storage = Storage::new();
                let bad = Parser::new(&probe, &storage).any(|e| {
                    e.is_err_and(|e| {
                        let s = e.to_string();
                        s.contains("unknown primitive") || s.contains("macro not defined")
                    })
                });
                if bad {
                    return Some(cmd.to_owned());
                }
            }
            if i == start + 1 {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    None
}

struct TreeBuilder<'e, 'a> {
    events: &'e [Event<'a>],
    at: usize,
    depth: usize,
}

/// Whether `tex` nests deeper than [`MAX_MATH_DEPTH`] in a way the parser recurses on:
/// braces, `\left`, or commands taking commands as arguments (`\sqrt\sqrt...`), counted
/// before parsing because the parser itself recurses.
fn too_nested(tex: &str) -> bool {
    let b = tex.as_bytes();
    let (mut braces, mut lefts, mut run) = (0usize, 0usize, 0usize);
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' => {
                braces += 1;
                run = 0;
            }
            b'}' => {
                braces = braces.saturating_sub(1);
                run = 0;
            }
            b'\\' => {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && b[j].is_ascii_alphabetic() {
                    j += 1;
                }
                let name = &b[start..j];
                if name == b"left" {
                    lefts += 1;
                } else if name == b"right" {
                    lefts = lefts.saturating_sub(1);
                }
                run += 1;
                i = j.max(start + 1);
                if braces > MAX_MATH_DEPTH || lefts > MAX_MATH_DEPTH || run > MAX_MATH_DEPTH {
                    return true;
                }
                continue;
            }
            b'^' | b'_' => run += 1,
            b' ' | b'\t' | b'\n' => {}
            _ => run = 0,
        }
        if braces > MAX_MATH_DEPTH || run > MAX_MATH_DEPTH {
            return true;
        }
        i += 1;
    }
    false
}

fn too_deep() -> MathError {
    MathError {
        message: format!("formula nested deeper than {MAX_MATH_DEPTH} levels"),
    }
}

fn em(d: Dimension) -> f32 {
    let v = d.value;
    let e = match d.unit {
        DimensionUnit::Em => v,
        DimensionUnit::Mu => v / 18.0,
        DimensionUnit::Ex => v * 0.43,
        DimensionUnit::Pt => v / 10.0,
        DimensionUnit::Pc => v * 1.2,
        DimensionUnit::In => v * 7.2,
        DimensionUnit::Bp => v / 10.0,
        DimensionUnit::Cm => v * 2.845,
        DimensionUnit::Mm => v * 0.2845,
        DimensionUnit::Dd => v * 0.107,
        DimensionUnit::Cc => v * 1.284,
        DimensionUnit::Sp => v / 655_360.0,
    };
    if e.is_finite() {
        e.clamp(-10.0, 10.0)
    } else {
        0.0
    }
}

impl TreeBuilder<'_, '_> {
    /// Nodes up to the `End` of the group (`in_group`) or the end of input.
    fn sequence(&mut self, in_group: bool) -> Result<Vec<Node>, MathError> {
        let mut font = None;
        let mut rows: Vec<Vec<Vec<Node>>> = Vec::new();
        let mut row: Vec<Vec<Node>> = Vec::new();
        let mut cell: Vec<Node> = Vec::new();
        let mut tabular = false;
        while let Some(event) = self.events.get(self.at) {
            match event {
                Event::End if in_group => {
                    self.at += 1;
                    break;
                }
                Event::End => {
                    self.at += 1;
                }
                Event::StateChange(StateChange::Font(f)) => {
                    self.at += 1;
                    font = *f;
                }
                Event::StateChange(StateChange::Color(_)) => self.at += 1,
                Event::EnvironmentFlow(flow) => {
                    self.at += 1;
                    tabular = true;
                    match flow {
                        EnvironmentFlow::Alignment => row.push(std::mem::take(&mut cell)),
                        EnvironmentFlow::NewLine { .. } => {
                            row.push(std::mem::take(&mut cell));
                            rows.push(std::mem::take(&mut row));
                        }
                        EnvironmentFlow::StartLines { .. } => {}
                    }
                }
                _ => {
                    if let Some(node) = self.element(font)? {
                        cell.push(node);
                    }
                }
            }
        }
        if !tabular {
            return Ok(cell);
        }
        if !cell.is_empty() || !row.is_empty() {
            row.push(cell);
            rows.push(row);
        }
        Ok(vec![Node::Table {
            rows,
            columns: vec![Align::Center],
            pairs: false,
        }])
    }

    /// One element: a content event, a group, or a construct with its arguments.
    fn element(&mut self, font: Option<Font>) -> Result<Option<Node>, MathError> {
        let Some(event) = self.events.get(self.at) else {
            return Ok(None);
        };
        self.at += 1;
        self.depth += 1;
        if self.depth > MAX_MATH_DEPTH {
            return Err(too_deep());
        }
        let node = match event {
            Event::Content(c) => Some(content(c, font)),
            Event::Begin(g) => Some(self.group(g)?),
            Event::End => None,
            Event::Visual(v) => match v {
                Visual::SquareRoot => Some(Node::Root {
                    body: Box::new(self.arg(font)?),
                    index: None,
                }),
                Visual::Root => {
                    let body = Box::new(self.arg(font)?);
                    let index = Some(Box::new(self.arg(font)?));
                    Some(Node::Root { body, index })
                }
                Visual::Fraction(d) => {
                    let num = Box::new(self.arg(font)?);
                    let den = Box::new(self.arg(font)?);
                    Some(Node::Frac {
                        num,
                        den,
                        rule: d.map(em),
                    })
                }
                Visual::Negation => Some(Node::Not(Box::new(self.arg(font)?))),
            },
            Event::Script { ty, position } => {
                let base = Box::new(self.arg(font)?);
                let (sub, sup) = match ty {
                    ScriptType::Subscript => (Some(Box::new(self.arg(font)?)), None),
                    ScriptType::Superscript => (None, Some(Box::new(self.arg(font)?))),
                    ScriptType::SubSuperscript => {
                        let sub = Box::new(self.arg(font)?);
                        (Some(sub), Some(Box::new(self.arg(font)?)))
                    }
                };
                let limits = match position {
                    ScriptPosition::Right => Limits::Right,
                    ScriptPosition::AboveBelow => Limits::AboveBelow,
                    ScriptPosition::Movable => Limits::Movable,
                };
                Some(Node::Scripts {
                    base,
                    sub,
                    sup,
                    limits,
                })
            }
            Event::Space { width, .. } => width.map(|w| Node::Space(em(w))),
            Event::StateChange(StateChange::Style(s)) => Some(Node::Style(match s {
                LStyle::Display => MathStyle::Display,
                LStyle::Text => MathStyle::Text,
                LStyle::Script => MathStyle::Script,
                LStyle::ScriptScript => MathStyle::ScriptScript,
            })),
            Event::StateChange(_) | Event::EnvironmentFlow(_) => None,
        };
        self.depth -= 1;
        Ok(node)
    }

    /// An argument: the next element, an empty group if there is none.
    fn arg(&mut self, font: Option<Font>) -> Result<Node, MathError> {
        // State changes before an argument (`\frac{\displaystyle a}{b}` is grouped, but
        // the parser may also hand a bare font change) apply to it.
        let mut font = font;
        while let Some(Event::StateChange(StateChange::Font(f))) = self.events.get(self.at) {
            font = *f;
            self.at += 1;
        }
        Ok(self.element(font)?.unwrap_or(Node::Group(Vec::new())))
    }

    fn group(&mut self, g: &Grouping) -> Result<Node, MathError> {
        let body = self.sequence(true)?;
        let table = |body: Vec<Node>, columns: Vec<Align>, pairs: bool| -> Node {
            let rows = match body.into_iter().next() {
                Some(Node::Table { rows, .. }) => rows,
                Some(other) => vec![vec![vec![other]]],
                None => Vec::new(),
            };
            Node::Table {
                rows,
                columns,
                pairs,
            }
        };
        let align = |a: &ColumnAlignment| match a {
            ColumnAlignment::Left => Align::Left,
            ColumnAlignment::Center => Align::Center,
            ColumnAlignment::Right => Align::Right,
        };
        // A table body is the single `Table` node `sequence` makes; a one-cell
        // environment has none, so its body is the one cell.
        let as_table = |body: Vec<Node>| -> Vec<Node> {
            if matches!(body.as_slice(), [Node::Table { .. }]) {
                body
            } else {
                vec![Node::Table {
                    rows: vec![vec![body]],
                    columns: vec![Align::Center],
                    pairs: false,
                }]
            }
        };
        Ok(match g {
            Grouping::Normal => Node::Group(body),
            Grouping::LeftRight(open, close) => Node::Fenced {
                open: *open,
                close: *close,
                body,
            },
            Grouping::Matrix { alignment } | Grouping::SubArray { alignment } => {
                table(as_table(body), vec![align(alignment)], false)
            }
            Grouping::Array(cols) => {
                let columns: Vec<Align> = cols
                    .iter()
                    .filter_map(|c| match c {
                        ArrayColumn::Column(a) => Some(align(a)),
                        ArrayColumn::Separator(_) => None,
                    })
                    .collect();
                let columns = if columns.is_empty() {
                    vec![Align::Center]
                } else {
                    columns
                };
                table(as_table(body), columns, false)
            }
            Grouping::Cases { left } => {
                let t = table(as_table(body), vec![Align::Left], false);
                if *left {
                    Node::Fenced {
                        open: Some('{'),
                        close: None,
                        body: vec![t],
                    }
                } else {
                    Node::Fenced {
                        open: None,
                        close: Some('}'),
                        body: vec![t],
                    }
                }
            }
            Grouping::Aligned
            | Grouping::Align { .. }
            | Grouping::Alignat { .. }
            | Grouping::Alignedat { .. }
            | Grouping::Split => table(as_table(body), vec![Align::Right, Align::Left], true),
            Grouping::Gather { .. }
            | Grouping::Gathered
            | Grouping::Multline
            | Grouping::Equation { .. } => table(as_table(body), vec![Align::Center], false),
        })
    }
}

fn content(c: &Content<'_>, font: Option<Font>) -> Node {
    let atom = |class, kind, text: String, stretchy, size| Node::Atom {
        class,
        kind,
        upright: matches!(font, Some(Font::UpRight)),
        text,
        stretchy,
        size,
    };
    match *c {
        Content::Text(t) => atom(Class::Ord, AtomKind::Text, operator_name(t), false, None),
        Content::Number(n) => atom(
            Class::Ord,
            AtomKind::Number,
            n.chars().map(|c| styled(c, font)).collect(),
            false,
            None,
        ),
        Content::Function(f) => atom(Class::Op, AtomKind::Function, operator_name(f), false, None),
        Content::Ordinary { content, stretchy } => atom(
            Class::Ord,
            AtomKind::Symbol,
            styled(content, font).to_string(),
            stretchy,
            None,
        ),
        Content::LargeOp { content, .. } => atom(
            Class::Op,
            AtomKind::LargeOp,
            content.to_string(),
            false,
            None,
        ),
        Content::BinaryOp { content, .. } => atom(
            Class::Bin,
            AtomKind::Symbol,
            content.to_string(),
            false,
            None,
        ),
        Content::Relation { content, .. } => {
            let mut buf = [0u8; 8];
            let text = String::from_utf8_lossy(content.encode_utf8_to_buf(&mut buf)).into_owned();
            atom(Class::Rel, AtomKind::Symbol, text, false, None)
        }
        Content::Delimiter { content, size, ty } => atom(
            match ty {
                DelimiterType::Open => Class::Open,
                DelimiterType::Close => Class::Close,
                DelimiterType::Fence => Class::Fence,
            },
            AtomKind::Symbol,
            content.to_string(),
            false,
            size.map(|s| match s {
                DelimiterSize::Big => 1.2,
                DelimiterSize::BIG => 1.8,
                DelimiterSize::Bigg => 2.4,
                DelimiterSize::BIGG => 3.0,
            }),
        ),
        Content::Punctuation(p) => atom(Class::Punct, AtomKind::Symbol, p.to_string(), false, None),
    }
}

/// The name of `\mathop{...}`/`\operatorname{...}`, or `\text{...}`, as text: the parser
/// hands the argument over raw, so commands and braces are dropped, spaces and escaped
/// characters kept.
fn operator_name(raw: &str) -> String {
    if !raw.contains(['\\', '{', '}']) {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let mut name = String::new();
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphabetic() {
                        name.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if name.is_empty() {
                    // `\,` `\;` `\ `: a space; `\$` `\%` `\{`: the character.
                    match chars.next() {
                        Some(',' | ';' | ':' | '!' | ' ') => out.push('\u{2009}'),
                        Some('\\') => out.push(' '),
                        Some(c) => out.push(c),
                        None => {}
                    }
                }
            }
            '{' | '}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A letter or digit in a maths alphabet (`\mathbb{R}` is `ℝ`), as Unicode has them.
fn styled(c: char, font: Option<Font>) -> char {
    let Some(font) = font else { return c };
    let (upper, lower, digit): (u32, u32, Option<u32>) = match font {
        Font::Bold | Font::BoldSymbol => (0x1D400, 0x1D41A, Some(0x1D7CE)),
        Font::Italic => (0x1D434, 0x1D44E, None),
        Font::BoldItalic => (0x1D468, 0x1D482, Some(0x1D7CE)),
        Font::Script => (0x1D49C, 0x1D4B6, None),
        Font::BoldScript => (0x1D4D0, 0x1D4EA, Some(0x1D7CE)),
        Font::Fraktur => (0x1D504, 0x1D51E, None),
        Font::DoubleStruck | Font::DoubleStruckItalic => (0x1D538, 0x1D552, Some(0x1D7D8)),
        Font::BoldFraktur => (0x1D56C, 0x1D586, Some(0x1D7CE)),
        Font::SansSerif => (0x1D5A0, 0x1D5BA, Some(0x1D7E2)),
        Font::BoldSansSerif => (0x1D5D4, 0x1D5EE, Some(0x1D7EC)),
        Font::SansSerifItalic => (0x1D608, 0x1D622, None),
        Font::SansSerifBoldItalic => (0x1D63C, 0x1D656, None),
        Font::Monospace => (0x1D670, 0x1D68A, Some(0x1D7F6)),
        Font::UpRight => return c,
    };
    // Letters Unicode had before the maths block; the block leaves holes for them.
    let hole = |c: char| -> Option<char> {
        Some(match (font, c) {
            (Font::Italic, 'h') => 'ℎ',
            (Font::Script, 'B') => 'ℬ',
            (Font::Script, 'E') => 'ℰ',
            (Font::Script, 'F') => 'ℱ',
            (Font::Script, 'H') => 'ℋ',
            (Font::Script, 'I') => 'ℐ',
            (Font::Script, 'L') => 'ℒ',
            (Font::Script, 'M') => 'ℳ',
            (Font::Script, 'R') => 'ℛ',
            (Font::Script, 'e') => 'ℯ',
            (Font::Script, 'g') => 'ℊ',
            (Font::Script, 'o') => 'ℴ',
            (Font::Fraktur, 'C') => 'ℭ',
            (Font::Fraktur, 'H') => 'ℌ',
            (Font::Fraktur, 'I') => 'ℑ',
            (Font::Fraktur, 'R') => 'ℜ',
            (Font::Fraktur, 'Z') => 'ℨ',
            (Font::DoubleStruck | Font::DoubleStruckItalic, 'C') => 'ℂ',
            (Font::DoubleStruck | Font::DoubleStruckItalic, 'H') => 'ℍ',
            (Font::DoubleStruck | Font::DoubleStruckItalic, 'N') => 'ℕ',
            (Font::DoubleStruck | Font::DoubleStruckItalic, 'P') => 'ℙ',
            (Font::DoubleStruck | Font::DoubleStruckItalic, 'Q') => 'ℚ',
            (Font::DoubleStruck | Font::DoubleStruckItalic, 'R') => 'ℝ',
            (Font::DoubleStruck | Font::DoubleStruckItalic, 'Z') => 'ℤ',
            _ => return None,
        })
    };
    if let Some(h) = hole(c) {
        return h;
    }
    let code = match c {
        'A'..='Z' => upper + (c as u32 - 'A' as u32),
        'a'..='z' => lower + (c as u32 - 'a' as u32),
        '0'..='9' => match digit {
            Some(d) => d + (c as u32 - '0' as u32),
            None => return c,
        },
        _ => return c,
    };
    char::from_u32(code).unwrap_or(c)
}

// ---------------------------------------------------------------------------------------
// MathML Core.

/// The formula as a MathML Core `<math>` element, its TeX in `alttext`. Well-formed XML,
/// so it serves HTML5 and XHTML alike.
pub fn mathml(formula: &Formula, tex: &str, display: bool) -> String {
    let mut out = String::with_capacity(tex.len() * 8 + 64);
    out.push_str(if display {
        "<math display=\"block\" alttext=\""
    } else {
        "<math alttext=\""
    });
    push_xml(&mut out, tex.trim(), true);
    out.push_str("\">");
    let mut w = MathmlWriter { out, display };
    w.row(&formula.nodes);
    w.out.push_str("</math>");
    w.out
}

struct MathmlWriter {
    out: String,
    display: bool,
}

impl MathmlWriter {
    fn row(&mut self, nodes: &[Node]) {
        let styled = nodes.iter().position(|n| matches!(n, Node::Style(_)));
        let (before, after) = match styled {
            Some(i) => nodes.split_at(i),
            None => (nodes, &[][..]),
        };
        let wrap = before.len() != 1 || !after.is_empty();
        if wrap {
            self.out.push_str("<mrow>");
        }
        for (i, n) in before.iter().enumerate() {
            self.node(n, before.get(i + 1));
        }
        if let Some((Node::Style(s), rest)) = after.split_first() {
            let (ds, level) = match s {
                MathStyle::Display => ("true", "0"),
                MathStyle::Text => ("false", "0"),
                MathStyle::Script => ("false", "1"),
                MathStyle::ScriptScript => ("false", "2"),
            };
            let _ = write!(
                self.out,
                "<mstyle displaystyle=\"{ds}\" scriptlevel=\"{level}\">"
            );
            let saved = self.display;
            self.display = *s == MathStyle::Display;
            self.row(rest);
            self.display = saved;
            self.out.push_str("</mstyle>");
        }
        if wrap {
            self.out.push_str("</mrow>");
        }
    }

    fn text(&mut self, tag: &str, attrs: &str, text: &str) {
        let _ = write!(self.out, "<{tag}{attrs}>");
        push_xml(&mut self.out, text, false);
        let _ = write!(self.out, "</{tag}>");
    }

    fn node(&mut self, node: &Node, next: Option<&Node>) {
        match node {
            Node::Atom {
                class,
                kind,
                text,
                upright,
                stretchy,
                size,
            } => match kind {
                AtomKind::Text => self.text("mtext", "", text),
                AtomKind::Number => self.text("mn", "", text),
                AtomKind::Function => {
                    self.text("mi", "", text);
                    if !matches!(
                        next,
                        Some(Node::Atom {
                            class: Class::Open,
                            ..
                        }) | None
                    ) {
                        self.out.push_str("<mo>\u{2061}</mo>");
                    }
                }
                AtomKind::LargeOp => self.text("mo", " largeop=\"true\"", text),
                AtomKind::Symbol => {
                    let attrs = match (size, stretchy) {
                        (Some(s), _) => {
                            format!(" stretchy=\"true\" minsize=\"{s}em\" maxsize=\"{s}em\"")
                        }
                        (None, true) => " stretchy=\"true\"".to_owned(),
                        (None, false) => match class {
                            Class::Open | Class::Close | Class::Fence => {
                                " stretchy=\"false\"".to_owned()
                            }
                            _ => String::new(),
                        },
                    };
                    match class {
                        Class::Ord if is_identifier(text) => {
                            let attrs = if *upright && text.chars().count() == 1 {
                                " mathvariant=\"normal\""
                            } else {
                                ""
                            };
                            self.text("mi", attrs, text)
                        }
                        Class::Ord if text.chars().all(|c| c.is_ascii_digit()) => {
                            self.text("mn", "", text)
                        }
                        _ => self.text("mo", &attrs, text),
                    }
                }
            },
            Node::Space(w) => {
                if *w > 0.0 {
                    let _ = write!(self.out, "<mspace width=\"{:.4}em\"/>", w);
                }
            }
            Node::Group(nodes) => {
                self.out.push_str("<mrow>");
                self.row(nodes);
                self.out.push_str("</mrow>");
            }
            Node::Fenced { open, close, body } => {
                self.out.push_str("<mrow>");
                if let Some(o) = open {
                    self.text("mo", " fence=\"true\" form=\"prefix\"", &o.to_string());
                }
                self.row(body);
                if let Some(c) = close {
                    self.text("mo", " fence=\"true\" form=\"postfix\"", &c.to_string());
                }
                self.out.push_str("</mrow>");
            }
            Node::Scripts {
                base,
                sub,
                sup,
                limits,
            } => {
                let over = limits.above_below(self.display);
                let accent = over && sub.is_none() && sup.as_deref().is_some_and(is_accent);
                let under_accent = over && sup.is_none() && sub.as_deref().is_some_and(is_accent);
                let tag = match (over, sub.is_some(), sup.is_some()) {
                    (false, true, true) => "msubsup",
                    (false, true, false) => "msub",
                    (false, false, _) => "msup",
                    (true, true, true) => "munderover",
                    (true, true, false) => "munder",
                    (true, false, _) => "mover",
                };
                let attrs = if accent {
                    " accent=\"true\""
                } else if under_accent {
                    " accentunder=\"true\""
                } else {
                    ""
                };
                let _ = write!(self.out, "<{tag}{attrs}>");
                self.one(base);
                if let Some(s) = sub {
                    self.one(s);
                }
                if let Some(s) = sup {
                    self.one(s);
                } else if sub.is_none() {
                    self.out.push_str("<mrow></mrow>");
                }
                let _ = write!(self.out, "</{tag}>");
            }
            Node::Frac { num, den, rule } => {
                match rule {
                    Some(r) if *r <= 0.0 => self.out.push_str("<mfrac linethickness=\"0\">"),
                    Some(r) => {
                        let _ = write!(self.out, "<mfrac linethickness=\"{r:.4}em\">");
                    }
                    None => self.out.push_str("<mfrac>"),
                }
                self.one(num);
                self.one(den);
                self.out.push_str("</mfrac>");
            }
            Node::Root { body, index } => match index {
                Some(i) => {
                    self.out.push_str("<mroot>");
                    self.one(body);
                    self.one(i);
                    self.out.push_str("</mroot>");
                }
                None => {
                    self.out.push_str("<msqrt>");
                    self.one(body);
                    self.out.push_str("</msqrt>");
                }
            },
            Node::Not(inner) => match &**inner {
                Node::Atom { text, .. } => self.text("mo", "", &negate(text)),
                other => {
                    self.out.push_str("<mrow>");
                    self.one(other);
                    self.out.push_str("<mo>\u{338}</mo></mrow>");
                }
            },
            Node::Table {
                rows,
                columns,
                pairs,
            } => {
                self.out.push_str("<mtable>");
                for row in rows {
                    self.out.push_str("<mtr>");
                    for (i, cell) in row.iter().enumerate() {
                        let a = column(columns, *pairs, i);
                        let style = match a {
                            Align::Center => "",
                            Align::Left => " style=\"text-align: left\"",
                            Align::Right => " style=\"text-align: right\"",
                        };
                        let pad = if *pairs {
                            if i % 2 == 0 {
                                " padding-right: 0"
                            } else {
                                " padding-left: 0"
                            }
                        } else {
                            ""
                        };
                        if pad.is_empty() {
                            let _ = write!(self.out, "<mtd{style}>");
                        } else {
                            let _ = write!(
                                self.out,
                                "<mtd style=\"text-align: {};{pad}\">",
                                if i % 2 == 0 { "right" } else { "left" }
                            );
                        }
                        self.row(cell);
                        self.out.push_str("</mtd>");
                    }
                    self.out.push_str("</mtr>");
                }
                self.out.push_str("</mtable>");
            }
            Node::Style(_) => {}
        }
    }

    /// One node as a single MathML child (scripts, fractions and roots take exactly one).
    fn one(&mut self, node: &Node) {
        match node {
            Node::Group(nodes) => {
                self.out.push_str("<mrow>");
                self.row(nodes);
                self.out.push_str("</mrow>");
            }
            Node::Atom {
                kind: AtomKind::Function,
                text,
                ..
            } => self.text("mi", "", text),
            other => self.node(other, None),
        }
    }
}

/// The alignment of column `i`.
pub fn column(columns: &[Align], pairs: bool, i: usize) -> Align {
    if pairs {
        return if i % 2 == 0 {
            Align::Right
        } else {
            Align::Left
        };
    }
    columns
        .get(i)
        .or(columns.last())
        .copied()
        .unwrap_or(Align::Center)
}

fn is_identifier(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_alphabetic() || matches!(c, '∞' | '∂' | '∅' | '∇' | 'ℏ' | 'ℓ' | '℘'))
}

/// An accent mark (a single symbol atom), rather than a script, above or below a base.
pub fn is_accent(node: &Node) -> bool {
    matches!(node, Node::Atom { kind: AtomKind::Symbol, class: Class::Ord, text, .. }
        if text.chars().count() == 1 && ACCENTS.iter().any(|(a, _)| text.starts_with(*a)))
}

/// Accent characters the parser gives, and the combining marks that put them on a letter.
const ACCENTS: &[(char, char)] = &[
    ('^', '\u{302}'),
    ('ˆ', '\u{302}'),
    ('~', '\u{303}'),
    ('˜', '\u{303}'),
    ('‾', '\u{305}'),
    ('¯', '\u{304}'),
    ('→', '\u{20D7}'),
    ('←', '\u{20D6}'),
    ('↔', '\u{20E1}'),
    ('˙', '\u{307}'),
    ('¨', '\u{308}'),
    ('´', '\u{301}'),
    ('`', '\u{300}'),
    ('ˇ', '\u{30C}'),
    ('˘', '\u{306}'),
    ('˚', '\u{30A}'),
    ('_', '\u{332}'),
    ('⏞', '\u{35D}'),
    ('⏟', '\u{35C}'),
    ('⃛', '\u{20DB}'),
];

/// A relation struck through, as its own character where Unicode has one.
pub fn negate(text: &str) -> String {
    let n = match text {
        "=" => "≠",
        "<" => "≮",
        ">" => "≯",
        "∈" => "∉",
        "≡" => "≢",
        "⊂" => "⊄",
        "⊃" => "⊅",
        "⊆" => "⊈",
        "⊇" => "⊉",
        "∼" => "≁",
        "≤" => "≰",
        "≥" => "≱",
        "≈" => "≉",
        "∃" => "∄",
        "|" | "∣" => "∤",
        "∥" => "∦",
        "≅" => "≇",
        "≃" => "≄",
        _ => return format!("{text}\u{338}"),
    };
    n.to_owned()
}

// ---------------------------------------------------------------------------------------
// The linear Unicode form.

/// The formula as one line of Unicode (`x² + y²`, `√(x+1)`, `∑_{k=1}^{n}`): what the plain
/// text writer prints and the PDF's text layer carries. Never TeX source.
pub fn linear(formula: &Formula) -> String {
    let mut out = String::new();
    seq(&mut out, &formula.nodes);
    tidy(&out)
}

/// The linear form of `tex`, or the source itself when it cannot be read (the reader has
/// warned about it).
pub fn linear_or_source(tex: &str) -> String {
    match parse(tex) {
        Ok(f) => linear(&f),
        Err(_) => tex.trim().to_owned(),
    }
}

fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.trim().chars() {
        if c == ' ' {
            space = true;
            continue;
        }
        if space && !out.is_empty() && !matches!(c, ')' | ']' | ',' | ';' | '}' | '!' | '′') {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    // No space inside an opening bracket.
    out.replace("( ", "(").replace("[ ", "[").replace("{ ", "{")
}

fn seq(out: &mut String, nodes: &[Node]) {
    for (i, n) in nodes.iter().enumerate() {
        lin(out, n, i == 0);
    }
}

/// The linear form of one node on its own (for scripts, fraction parts and the like).
fn alone(node: &Node) -> String {
    let mut s = String::new();
    lin(&mut s, node, true);
    tidy(&s)
}

/// Wrapped in parentheses unless it is one token.
fn operand(node: &Node) -> String {
    let s = alone(node);
    let simple = s.chars().count() <= 1
        || s.chars().all(|c| c.is_alphanumeric() || c == '.')
        || (s.starts_with('(') && s.ends_with(')') && balanced_outer(&s));
    if simple {
        s
    } else {
        format!("({s})")
    }
}

/// Whether the first `(` of `s` closes at its last character.
fn balanced_outer(s: &str) -> bool {
    let mut depth = 0i32;
    let n = s.chars().count();
    for (i, c) in s.chars().enumerate() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 && i + 1 != n {
                    return false;
                }
            }
            _ => {}
        }
    }
    true
}

fn superscript(c: char) -> Option<char> {
    Some(match c {
        '0' => '⁰',
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        '4' => '⁴',
        '5' => '⁵',
        '6' => '⁶',
        '7' => '⁷',
        '8' => '⁸',
        '9' => '⁹',
        '+' => '⁺',
        '-' | '−' => '⁻',
        '=' => '⁼',
        '(' => '⁽',
        ')' => '⁾',
        'n' => 'ⁿ',
        'i' => 'ⁱ',
        'T' => 'ᵀ',
        _ => return None,
    })
}

fn subscript(c: char) -> Option<char> {
    Some(match c {
        '0' => '₀',
        '1' => '₁',
        '2' => '₂',
        '3' => '₃',
        '4' => '₄',
        '5' => '₅',
        '6' => '₆',
        '7' => '₇',
        '8' => '₈',
        '9' => '₉',
        '+' => '₊',
        '-' | '−' => '₋',
        '=' => '₌',
        '(' => '₍',
        ')' => '₎',
        'i' => 'ᵢ',
        'j' => 'ⱼ',
        'k' => 'ₖ',
        'n' => 'ₙ',
        'm' => 'ₘ',
        'x' => 'ₓ',
        _ => return None,
    })
}

fn script(out: &mut String, node: &Node, sup: bool, plain: bool) {
    let s = alone(node);
    if s.is_empty() {
        return;
    }
    if sup && s.chars().all(|c| c == '′') {
        out.push_str(&s);
        return;
    }
    let map = if sup { superscript } else { subscript };
    if !plain && s.chars().count() <= 3 {
        if let Some(mapped) = s.chars().map(map).collect::<Option<String>>() {
            out.push_str(&mapped);
            return;
        }
    }
    out.push(if sup { '^' } else { '_' });
    if s.chars().count() == 1 && !plain {
        out.push_str(&s);
    } else {
        out.push('{');
        out.push_str(&s);
        out.push('}');
    }
}

fn lin(out: &mut String, node: &Node, first: bool) {
    match node {
        Node::Atom {
            class, text, kind, ..
        } => match (class, kind) {
            (_, AtomKind::Function) => {
                out.push_str(text);
                out.push(' ');
            }
            (_, AtomKind::Text) => out.push_str(text),
            (Class::Bin, _) if !first => {
                out.push(' ');
                out.push_str(&text.replace('-', "−"));
                out.push(' ');
            }
            (Class::Rel, _) => {
                out.push(' ');
                out.push_str(text);
                out.push(' ');
            }
            (Class::Punct, _) => {
                out.push_str(text);
                out.push(' ');
            }
            (Class::Op, AtomKind::LargeOp) => {
                out.push_str(text);
            }
            _ => out.push_str(&text.replace('-', "−")),
        },
        Node::Space(w) => {
            if *w > 0.1 {
                out.push(' ');
            }
        }
        Node::Group(nodes) => {
            let mut s = String::new();
            seq(&mut s, nodes);
            out.push_str(&s);
        }
        Node::Fenced { open, close, body } => {
            if let Some(o) = open {
                out.push(*o);
            }
            let mut s = String::new();
            seq(&mut s, body);
            out.push_str(s.trim());
            if let Some(c) = close {
                out.push(*c);
            }
        }
        Node::Scripts {
            base,
            sub,
            sup,
            limits,
        } => {
            if sub.is_none() {
                if let Some(s) = sup.as_deref().filter(|s| is_accent(s)) {
                    accent(out, base, s);
                    return;
                }
            }
            if sup.is_none() {
                if let Some(s) = sub.as_deref().filter(|s| is_accent(s)) {
                    accent(out, base, s);
                    return;
                }
            }
            let big = matches!(
                &**base,
                Node::Atom {
                    class: Class::Op,
                    ..
                }
            ) || *limits != Limits::Right;
            let b = alone(base);
            out.push_str(&b);
            if let Some(s) = sub {
                script(out, s, false, big);
            }
            if let Some(s) = sup {
                script(out, s, true, big);
            }
            out.push(' ');
        }
        Node::Frac { num, den, rule } => {
            if rule.is_some_and(|r| r <= 0.0) {
                let _ = write!(out, "{} choose {}", operand(num), operand(den));
            } else {
                let _ = write!(out, "{}/{} ", operand(num), operand(den));
            }
        }
        Node::Root { body, index } => {
            match index.as_deref().map(alone).as_deref() {
                None => out.push('√'),
                Some("3") => out.push('∛'),
                Some("4") => out.push('∜'),
                Some(i) => {
                    let mut s = String::new();
                    script(
                        &mut s,
                        &Node::Group(vec![Node::Atom {
                            class: Class::Ord,
                            kind: AtomKind::Symbol,
                            text: i.to_owned(),
                            upright: false,
                            stretchy: false,
                            size: None,
                        }]),
                        true,
                        false,
                    );
                    out.push_str(&s);
                    out.push('√');
                }
            }
            out.push_str(&operand(body));
        }
        Node::Not(inner) => match &**inner {
            Node::Atom { text, .. } => {
                out.push(' ');
                out.push_str(&negate(text));
                out.push(' ');
            }
            other => {
                out.push_str(&alone(other));
                out.push('\u{338}');
            }
        },
        Node::Table { rows, pairs, .. } => {
            // `aligned` pairs read as one expression; other cells are items.
            let sep = if *pairs { " " } else { ", " };
            let rows: Vec<String> = rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|cell| {
                            let mut s = String::new();
                            seq(&mut s, cell);
                            tidy(&s)
                        })
                        .filter(|c| !c.is_empty())
                        .collect::<Vec<_>>()
                        .join(sep)
                })
                .collect();
            out.push_str(&rows.join("; "));
        }
        Node::Style(_) => {}
    }
}

fn accent(out: &mut String, base: &Node, mark: &Node) {
    let b = alone(base);
    let Node::Atom { text, .. } = mark else {
        return;
    };
    let m = text.chars().next().unwrap_or('^');
    let combining = ACCENTS
        .iter()
        .find(|(a, _)| *a == m)
        .map(|(_, c)| *c)
        .unwrap_or('\u{302}');
    if b.chars().count() == 1 {
        out.push_str(&b);
        out.push(combining);
    } else {
        for c in b.chars() {
            out.push(c);
            if !c.is_whitespace() {
                out.push(combining);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lin(tex: &str) -> String {
        linear(&parse(tex).expect(tex))
    }

    #[test]
    fn linear_forms_read_as_maths() {
        assert_eq!(lin("x^2 + y^2"), "x² + y²");
        assert_eq!(lin(r"\sqrt{x+1}"), "√(x + 1)");
        assert_eq!(lin(r"\sum_{k=1}^{n} k"), "∑_{k = 1}^{n} k");
        assert_eq!(lin(r"\frac{a+b}{2}"), "(a + b)/2");
        assert_eq!(
            lin(r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}"),
            "(a, b; c, d)"
        );
        assert_eq!(lin(r"\int_0^1 x\,dx"), "∫_{0}^{1} x dx");
        assert_eq!(lin(r"a \not= b"), "a ≠ b");
        assert_eq!(lin(r"\mathbb{R}^n"), "ℝⁿ");
        assert_eq!(lin(r"\hat{x}"), "x\u{302}");
    }

    #[test]
    fn unknown_command_is_named() {
        let e = parse(r"a + \foo{b}").unwrap_err();
        assert_eq!(e.message, "unknown command `\\foo`");
        let e = parse(r"\frac{a}{b").unwrap_err();
        assert!(e.message.contains("unbalanced"), "{}", e.message);
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let tex = format!("{}x{}", "{".repeat(5000), "}".repeat(5000));
        assert!(parse(&tex).is_err());
        for tex in [
            r"\sqrt".repeat(5000) + "x",
            r"\frac".repeat(5000) + "x",
            r"\left(".repeat(5000) + "x",
            "x^{".repeat(5000),
        ] {
            assert!(parse(&tex).is_err());
        }
        // Within the limits, deep formulas still parse.
        assert!(parse(&(r"\sqrt{".repeat(20) + "x" + &"}".repeat(20))).is_ok());
    }

    #[test]
    fn mathml_is_well_formed_with_alttext() {
        let f = parse(r"\big( x \middle| y \big)").unwrap();
        let m = mathml(&f, r"\big( x \middle| y \big)", true);
        assert!(m.starts_with("<math display=\"block\" alttext=\"\\big( x"));
        assert!(!m.contains("\"minsize"), "{m}");
    }
}
