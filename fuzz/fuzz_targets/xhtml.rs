//! The XHTML writer on arbitrary posts: the output must be well-formed XML.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(read) = quire_core::read_post(data, Some("fuzz.md"), &quire_core::ReadOptions::default()) else { return };
    let mut o = quire_html::HtmlOptions::fragment();
    o.xhtml = true;
    let out = quire_html::convert(&read.document, &o, &quire_core::NoResources);
    let wrapped = format!("<div xmlns=\"http://www.w3.org/1999/xhtml\">{}</div>", out.html);
    if let Err(e) = quick_check(&wrapped) {
        panic!("not well-formed XML ({e}):\n{wrapped}");
    }
});

/// A minimal well-formedness check: balanced tags, quoted attributes, no stray `<` or `&`.
fn quick_check(xml: &str) -> Result<(), String> {
    let mut stack: Vec<&str> = Vec::new();
    let b = xml.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'<' => {
                let end = xml[i..].find('>').ok_or("unclosed tag")? + i;
                let tag = &xml[i + 1..end];
                if let Some(name) = tag.strip_prefix('/') {
                    if stack.pop() != Some(name.trim()) {
                        return Err(format!("mismatched </{name}>"));
                    }
                } else if !tag.ends_with('/') {
                    let name = tag.split(|c: char| c.is_whitespace()).next().unwrap_or("");
                    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':') {
                        return Err(format!("bad tag <{tag}>"));
                    }
                    stack.push(name);
                }
                if tag.matches('"').count() % 2 == 1 {
                    return Err(format!("unbalanced quotes in <{tag}>"));
                }
                i = end + 1;
            }
            b'&' => {
                let end = xml[i..].find(';').ok_or("bare &")? + i;
                let name = &xml[i + 1..end];
                if !matches!(name, "amp" | "lt" | "gt" | "quot" | "apos") && !name.starts_with('#') {
                    return Err(format!("entity &{name}; is not XML"));
                }
                i = end + 1;
            }
            _ => i += 1,
        }
    }
    if stack.is_empty() { Ok(()) } else { Err(format!("unclosed {stack:?}")) }
}
