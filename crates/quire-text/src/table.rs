//! Tables as aligned columns, shrunk and wrapped to fit the measure when they can be.

use quire_core::Alignment;
use unicode_width::UnicodeWidthStr;

const GAP: usize = 2;

/// Lays out a table: header, a dashed rule under each column, rows. Columns wider than
/// the measure allows are narrowed (widest first) and their cells wrapped; a blank line
/// then separates rows so that wrapped rows stay readable.
pub(crate) fn render(
    aligns: &[Alignment],
    header: &[String],
    rows: &[Vec<String>],
    width: usize,
) -> Vec<String> {
    let ncols = header
        .len()
        .max(rows.iter().map(Vec::len).max().unwrap_or(0));
    if ncols == 0 {
        return Vec::new();
    }
    let all = || std::iter::once(header).chain(rows.iter().map(Vec::as_slice));
    let mut widths: Vec<usize> = (0..ncols)
        .map(|c| all().map(|r| cell(r, c).width()).max().unwrap_or(0).max(1))
        .collect();
    // The narrowest a column can go: its longest word.
    let floors: Vec<usize> = (0..ncols)
        .map(|c| {
            all()
                .flat_map(|r| cell(r, c).split(' ').map(UnicodeWidthStr::width))
                .max()
                .unwrap_or(1)
                .max(1)
        })
        .collect();
    let total = |w: &[usize]| w.iter().sum::<usize>() + GAP * (ncols - 1);
    while total(&widths) > width {
        let Some((c, _)) = widths
            .iter()
            .enumerate()
            .filter(|&(c, &w)| w > floors[c])
            .max_by_key(|&(_, &w)| w)
        else {
            break;
        };
        widths[c] -= 1;
    }
    let wrapped = widths.iter().zip(&floors).any(|(w, f)| w < f)
        || (0..ncols).any(|c| all().any(|r| cell(r, c).width() > widths[c]));

    let mut out = Vec::new();
    let push_row = |out: &mut Vec<String>, r: &[String]| {
        let cells: Vec<Vec<String>> = (0..ncols)
            .map(|c| {
                let text = cell(r, c);
                if text.width() <= widths[c] {
                    vec![text.to_owned()]
                } else {
                    crate::wrap::wrap(text, widths[c])
                }
            })
            .collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(1);
        for line in 0..height {
            let parts: Vec<String> = (0..ncols)
                .map(|c| {
                    pad(
                        cells[c].get(line).map(String::as_str).unwrap_or(""),
                        widths[c],
                        aligns.get(c).copied().unwrap_or(Alignment::None),
                    )
                })
                .collect();
            out.push(parts.join(&" ".repeat(GAP)).trim_end().to_owned());
        }
    };
    push_row(&mut out, header);
    out.push(
        widths
            .iter()
            .map(|&w| "-".repeat(w))
            .collect::<Vec<_>>()
            .join(&" ".repeat(GAP)),
    );
    for (i, r) in rows.iter().enumerate() {
        if wrapped && i > 0 {
            out.push(String::new());
        }
        push_row(&mut out, r);
    }
    out
}

fn pad(text: &str, width: usize, align: Alignment) -> String {
    let fill = width.saturating_sub(text.width());
    match align {
        Alignment::Right => format!("{}{text}", " ".repeat(fill)),
        Alignment::Center => format!(
            "{}{text}{}",
            " ".repeat(fill / 2),
            " ".repeat(fill - fill / 2)
        ),
        _ => format!("{text}{}", " ".repeat(fill)),
    }
}

fn cell(row: &[String], c: usize) -> &str {
    row.get(c).map(String::as_str).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn aligns_columns() {
        let out = render(
            &[Alignment::Left, Alignment::Right],
            &s(&["Name", "Qty"]),
            &[s(&["apple", "3"]), s(&["kiwi", "12"])],
            72,
        );
        assert_eq!(
            out,
            ["Name   Qty", "-----  ---", "apple    3", "kiwi    12"]
        );
    }

    #[test]
    fn wide_tables_wrap_to_the_measure() {
        let long = "word ".repeat(30);
        let out = render(
            &[Alignment::None, Alignment::None],
            &s(&["A", "B"]),
            &[s(&["x", long.trim()])],
            40,
        );
        assert!(out.iter().all(|l| l.width() <= 40), "{out:#?}");
    }

    #[test]
    fn short_rows_are_padded() {
        let out = render(
            &[Alignment::None; 3],
            &s(&["a", "b", "c"]),
            &[s(&["1"])],
            72,
        );
        assert_eq!(out.last().unwrap(), "1");
    }
}
