//! Page numbers: none on the cover, roman in the front matter, arabic in the body; and
//! the PDF page labels that make viewers show the same numbers.

use super::PagePlan;
use crate::layout::{Flow, Part};
use crate::page::PageLabel;

/// The printed number of each page: none on the cover, roman in the front matter, arabic
/// from 1 in the body.
pub(super) fn page_labels(
    flow: &Flow,
    plans: &[PagePlan],
) -> (Vec<Option<String>>, Vec<PageLabel>) {
    let mut printed = Vec::new();
    let mut labels = Vec::new();
    let mut front = 0;
    let mut body = 0;
    let mut last: Option<Part> = None;
    for (p, plan) in plans.iter().enumerate() {
        let part = flow
            .chunks
            .get(plan.body.start)
            .or_else(|| flow.chunks.last())
            .map_or(Part::Body, |c| c.part);
        if last != Some(part) {
            labels.push(match part {
                Part::Cover => PageLabel::Named {
                    page: p,
                    prefix: "Cover".into(),
                },
                Part::Front => PageLabel::Roman { page: p },
                Part::Body => PageLabel::Arabic { page: p },
            });
            last = Some(part);
        }
        printed.push(match part {
            Part::Cover => None,
            Part::Front => {
                front += 1;
                Some(roman(front))
            }
            Part::Body => {
                body += 1;
                Some(body.to_string())
            }
        });
    }
    (printed, labels)
}

fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        assert_eq!(roman(4), "iv");
        assert_eq!(roman(14), "xiv");
    }
}
