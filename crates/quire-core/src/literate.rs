//! FsBlog literate F# posts (`.fsx`): the script turned into the Markdown post it means.
//!
//! The header sits in `(*@ ... *)` (Razor's key = "value"; lines), Markdown in `(** ... *)`
//! comments, the F# between them is code, `(*** more ***)` is the excerpt mark and
//! `(*** hide ***)` hides the code after it (FSharp.Formatting's commands). Every source
//! line gives one line, so positions in warnings stay those of the script; the fences of
//! a code block take the place of delimiter or blank lines, and only a block with neither
//! around it adds a line.

/// The Markdown post (with a Razor `@{ ... }` header) an `.fsx` script holds.
pub fn fsx_to_markdown(src: &str) -> String {
    let mut w = Writer::default();
    let mut mode = Mode::Start;
    for line in src.split('\n') {
        let trimmed = line.trim();
        match mode {
            Mode::Start if trimmed.is_empty() => w.out.push(String::new()),
            Mode::Start if trimmed.starts_with("(*@") => {
                w.out.push("@{".to_owned());
                mode = Mode::Header;
            }
            Mode::Header => {
                if let Some(at) = line.find("*)") {
                    let before = line[..at].trim_end();
                    if !before.trim().is_empty() {
                        w.out.push(before.to_owned());
                    }
                    w.out.push("}".to_owned());
                    mode = Mode::Code;
                } else {
                    w.out.push(line.to_owned());
                }
            }
            Mode::Markdown => match closing(line) {
                Some(before) => {
                    w.out.push(before.to_owned());
                    w.slot = before.trim().is_empty().then(|| w.out.len() - 1);
                    mode = Mode::Code;
                }
                None => w.out.push(line.to_owned()),
            },
            Mode::Start | Mode::Code => {
                if let Some(command) = trimmed
                    .strip_prefix("(***")
                    .and_then(|c| c.strip_suffix("***)"))
                {
                    let fence = w.flush_code();
                    let command = command.trim();
                    if command == "more" {
                        w.push_delimiter(fence, "<!--more-->");
                    } else {
                        w.hidden = command == "hide";
                        w.push_delimiter(fence, "");
                        w.slot = Some(w.out.len() - 1).filter(|_| fence.is_none());
                    }
                    mode = Mode::Code;
                } else if let Some(rest) = trimmed.strip_prefix("(**") {
                    let fence = w.flush_code();
                    match closing(rest) {
                        // `(** text *)` on one line.
                        Some(text) => {
                            w.push_delimiter(fence, text.trim());
                            mode = Mode::Code;
                        }
                        None => {
                            w.push_delimiter(fence, rest.trim());
                            mode = Mode::Markdown;
                        }
                    }
                } else {
                    w.code.push(line.to_owned());
                    mode = Mode::Code;
                }
            }
        }
    }
    if let Some(fence) = w.flush_code() {
        w.out.push(fence.to_owned());
    }
    w.out.join("\n")
}

#[derive(Clone, Copy)]
enum Mode {
    Start,
    Header,
    Markdown,
    Code,
}

#[derive(Default)]
struct Writer {
    out: Vec<String>,
    /// F# lines since the last delimiter.
    code: Vec<String>,
    /// The code to come is hidden (`(*** hide ***)`).
    hidden: bool,
    /// An output line just before the code that is empty and may hold its opening fence.
    slot: Option<usize>,
}

const OPEN: &str = "```fsharp";
const CLOSE: &str = "```";

impl Writer {
    /// Writes the pending code as a fenced block; returns the closing fence when it still
    /// has to be written (on the delimiter's line, if that line is free).
    fn flush_code(&mut self) -> Option<&'static str> {
        let code = std::mem::take(&mut self.code);
        let hidden = std::mem::take(&mut self.hidden);
        let slot = self.slot.take();
        let first = code.iter().position(|l| !l.trim().is_empty());
        let (Some(first), false) = (first, hidden) else {
            self.out.extend(code.iter().map(|_| String::new()));
            return None;
        };
        let last = code
            .iter()
            .rposition(|l| !l.trim().is_empty())
            .unwrap_or(first);
        if first > 0 {
            self.out.extend((1..first).map(|_| String::new()));
            self.out.push(OPEN.to_owned());
        } else if slot == Some(self.out.len().wrapping_sub(1)) {
            if let Some(l) = self.out.last_mut() {
                *l = OPEN.to_owned();
            }
        } else {
            self.out.push(OPEN.to_owned());
        }
        self.out.extend(code[first..=last].iter().cloned());
        let trailing = code.len() - 1 - last;
        if trailing > 0 {
            self.out.push(CLOSE.to_owned());
            self.out.extend((1..trailing).map(|_| String::new()));
            None
        } else {
            Some(CLOSE)
        }
    }

    /// A delimiter line's text; a pending closing fence goes on it when it is otherwise
    /// empty, else on a line of its own before it.
    fn push_delimiter(&mut self, fence: Option<&str>, text: &str) {
        match fence {
            Some(fence) if text.is_empty() => self.out.push(fence.to_owned()),
            Some(fence) => {
                self.out.push(fence.to_owned());
                self.out.push(text.to_owned());
            }
            None => self.out.push(text.to_owned()),
        }
    }
}

/// The text before a closing `*)` that ends `line`, if it does.
fn closing(line: &str) -> Option<&str> {
    line.trim_end().strip_suffix("*)")
}

#[cfg(test)]
mod tests {
    use super::fsx_to_markdown;

    #[test]
    fn header_markdown_code_and_more_keep_their_lines() {
        let src = "(*@\n    Title = \"T\";\n*)\n\n(**\nIntro.\n*)\n(*** more ***)\n(**\nText.\n*)\nlet x = 1\nx + 1\n(**\nAfter.\n*)\n";
        let md = fsx_to_markdown(src);
        assert_eq!(md.split('\n').count(), src.split('\n').count(), "{md}");
        assert_eq!(
            md,
            "@{\n    Title = \"T\";\n}\n\n\nIntro.\n\n<!--more-->\n\nText.\n```fsharp\nlet x = 1\nx + 1\n```\nAfter.\n\n"
        );
    }

    #[test]
    fn hidden_code_and_other_commands_leave_blank_lines() {
        let md = fsx_to_markdown("(*** hide ***)\n#r \"x.dll\"\n(** Shown. *)\nlet y = 2\n");
        // No free line before the code: its opening fence adds one.
        assert_eq!(md, "\n\nShown.\n```fsharp\nlet y = 2\n```");
    }
}
