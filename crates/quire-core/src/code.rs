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
        "fsharp" | "f#" | "fs" => "fs",
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

#[cfg(test)]
mod tests {
    use super::syntax_token;

    #[test]
    fn aliases_and_attribute_forms() {
        assert_eq!(syntax_token("rust,ignore").as_deref(), Some("rust"));
        assert_eq!(syntax_token("{.python}").as_deref(), Some("python"));
        assert_eq!(syntax_token("C#").as_deref(), Some("cs"));
        assert_eq!(syntax_token("text"), None);
        assert_eq!(syntax_token(""), None);
    }
}
