//! A generated cover: an SVG page with the title and the authors, so every book has one.

/// The cover as an SVG image, 1200 x 1800 (2:3, the usual e-book shape).
pub(crate) fn svg(title: &str, authors: &[String]) -> String {
    let title_lines = wrap(title, 18, 6);
    let size = if title_lines.len() > 4 { 88 } else { 104 };
    let mut s = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"1800\" viewBox=\"0 0 1200 1800\">\n",
        "<rect width=\"1200\" height=\"1800\" fill=\"#1f2a44\"/>\n",
        "<rect x=\"70\" y=\"70\" width=\"1060\" height=\"1660\" fill=\"none\" stroke=\"#c9a227\" stroke-width=\"6\"/>\n",
    ));
    let start = 560 - (title_lines.len() as i32 - 1) * size / 2;
    for (i, line) in title_lines.iter().enumerate() {
        s.push_str(&format!(
            "<text x=\"600\" y=\"{}\" font-family=\"Georgia, 'DejaVu Serif', serif\" font-size=\"{size}\" font-weight=\"bold\" fill=\"#f7f3e8\" text-anchor=\"middle\">{}</text>\n",
            start + i as i32 * (size + 18),
            escape(line)
        ));
    }
    s.push_str("<rect x=\"500\" y=\"1130\" width=\"200\" height=\"4\" fill=\"#c9a227\"/>\n");
    for (i, line) in wrap(&authors.join(", "), 34, 3).iter().enumerate() {
        s.push_str(&format!(
            "<text x=\"600\" y=\"{}\" font-family=\"Georgia, 'DejaVu Serif', serif\" font-size=\"56\" fill=\"#e6dcc0\" text-anchor=\"middle\">{}</text>\n",
            1260 + i * 74,
            escape(line)
        ));
    }
    s.push_str("</svg>\n");
    s
}

/// Greedy wrap by characters, at most `max_lines` lines (the last one ellipsized).
fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines
}

fn escape(s: &str) -> String {
    quire_core::escape::xml(s, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_wraps_and_escapes() {
        let svg = svg(
            "Microservices & Messaging: a very long title that needs wrapping",
            &["Ann <A>".into()],
        );
        assert!(svg.contains("Microservices &amp;"));
        assert!(svg.contains("Ann &lt;A&gt;"));
        assert!(svg.matches("<text").count() >= 4);
    }
}
