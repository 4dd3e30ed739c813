//! Code blocks: which syntax an info string names, shared by the writers that colour code.

/// The syntax token (as syntect's syntax sets know them) for a code block's info string:
/// `rust,ignore` and `{.python}` name their language first; common aliases are folded
/// (`c#` to `cs`, `shell` to `bash`). `None` for plain text.
pub fn syntax_token(info: &str) -> Option<String> {
    let lang = info
        .trim_start_matches(['{', '.'])
        .split([',', '}', ' '])
        .next()
        .unwrap_or(info);
    let lower = lang.to_ascii_lowercase();
    let alias = match lower.as_str() {
        "" => return None,
        // By the syntax's name: the token "fs" is also GLSL's fragment-shader extension,
        // which shadows F# when looked up by extension (issue 17).
        "fsharp" | "f#" | "fs" | "fsx" | "fsi" => "f#",
        "csharp" | "c#" | "cs" => "cs",
        "shell" | "sh" | "console" | "zsh" => "bash",
        "js" | "javascript" | "jsx" => "js",
        "ts" | "typescript" => "ts",
        "yml" => "yaml",
        "py" | "python3" => "py",
        "rs" => "rust",
        "text" | "txt" | "plain" | "plaintext" => return None,
        other => other,
    };
    Some(alias.to_owned())
}

/// Tabs expanded to the next multiple of four columns, counting each character's columns
/// with `width` (display width for text output, one per character in a monospace font);
/// columns restart at each newline.
pub fn expand_tabs(text: &str, width: impl Fn(char) -> usize) -> String {
    if !text.contains('\t') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut col = 0;
    for c in text.chars() {
        match c {
            '\t' => {
                let n = 4 - col % 4;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
            }
            '\n' => {
                out.push(c);
                col = 0;
            }
            c => {
                out.push(c);
                col += width(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{expand_tabs, syntax_token};

    #[test]
    fn tabs_stop_every_four_columns_per_line() {
        assert_eq!(expand_tabs("a\tb\n\tc", |_| 1), "a   b\n    c");
        assert_eq!(expand_tabs("語\tx", |_| 2), "語  x");
    }

    #[test]
    fn aliases_and_attribute_forms() {
        assert_eq!(syntax_token("rust,ignore").as_deref(), Some("rust"));
        assert_eq!(syntax_token("{.python}").as_deref(), Some("python"));
        assert_eq!(syntax_token("C#").as_deref(), Some("cs"));
        assert_eq!(syntax_token("fsharp").as_deref(), Some("f#"));
        assert_eq!(syntax_token("text"), None);
        assert_eq!(syntax_token(""), None);
    }
}
