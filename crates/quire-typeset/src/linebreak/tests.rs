//! Line breaking tests on small paragraphs with fixed metrics (a character is 1 unit wide,
//! a space 1 unit that stretches by 0.5 and shrinks by 0.33).

use super::*;

/// An interword space: 1 unit, stretching by half and shrinking by a third.
const SPACE: Item = Item::Glue {
    width: 1.0,
    stretch: 0.5,
    shrink: 1.0 / 3.0,
};

fn paragraph(text: &str) -> Vec<Item> {
    let mut items = Vec::new();
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            items.push(SPACE);
        }
        items.push(Item::Box {
            width: word.chars().count() as f64,
        });
    }
    items.extend(Item::finishing());
    items
}

/// The natural width of each line given the breaks.
fn lines(items: &[Item], breaks: &[Break]) -> Vec<f64> {
    let mut start = 0;
    breaks
        .iter()
        .map(|b| {
            let (w, ..) = line_metrics(items, start, b.at);
            start = b.at + 1;
            w
        })
        .collect()
}

const TEXT: &str = "In olden times when wishing still helped one there lived a king whose daughters were all beautiful and the youngest was so beautiful that the sun itself which has seen so much was astonished whenever it shone in her face";

#[test]
fn lines_end_at_breaks_and_the_paragraph_at_its_end() {
    let items = paragraph(TEXT);
    let breaks = break_lines(&items, &[30.0], &Params::default());
    assert!(breaks.len() >= 6, "{breaks:?}");
    assert_eq!(breaks.last().unwrap().at, items.len() - 1);
    for b in &breaks[..breaks.len() - 1] {
        assert!(
            matches!(items[b.at], Item::Glue { .. }),
            "breaks at spaces only here"
        );
        assert!(b.ratio >= -1.0, "no line is overfull: {}", b.ratio);
    }
}

/// The demerits of one line, as the breaker counts them (no fitness or hyphen terms; at
/// infinite tolerance badness has no cap).
fn line_demerits(ratio: f64, penalty: f64, params: &Params) -> f64 {
    let cap = if params.tolerance.is_finite() {
        10_000.0
    } else {
        UNCAPPED
    };
    let badness = if ratio.is_finite() {
        (100.0 * ratio.abs().powi(3)).min(cap)
    } else {
        cap
    };
    let base = (params.line_penalty + badness).powi(2);
    if penalty >= 0.0 {
        base + penalty * penalty
    } else if penalty > FORCED {
        base - penalty * penalty
    } else {
        base
    }
}

/// Every way to break `items` (spaces only), by dynamic programming: the true optimum.
fn brute_force_optimum(items: &[Item], width: f64, params: &Params) -> f64 {
    let legal: Vec<usize> = (0..items.len())
        .filter(|&i| match items[i] {
            Item::Glue { .. } => i > 0 && matches!(items[i - 1], Item::Box { .. }),
            Item::Penalty { cost, .. } => cost < FORBIDDEN,
            Item::Box { .. } => false,
        })
        .collect();
    let mut best = vec![f64::INFINITY; legal.len()];
    for (j, &end) in legal.iter().enumerate() {
        for i in std::iter::once(None).chain((0..j).map(Some)) {
            let start = i.map_or(0, |i| legal[i] + 1);
            let before = i.map_or(0.0, |i| best[i]);
            let (w, st, sh, penalty) = line_metrics(items, start, end);
            let ratio = ratio_for(w, st, sh, width);
            if ratio < -1.0 || ratio > params.tolerance {
                continue;
            }
            best[j] = best[j].min(before + line_demerits(ratio, penalty, params));
        }
    }
    best[legal.len() - 1]
}

fn demerits_of(items: &[Item], breaks: &[Break], params: &Params) -> f64 {
    breaks
        .iter()
        .map(|b| {
            let penalty = if let Item::Penalty { cost, .. } = items[b.at] {
                cost
            } else {
                0.0
            };
            line_demerits(b.ratio, penalty, params)
        })
        .sum()
}

#[test]
fn total_fit_finds_the_optimum_of_every_way_to_break() {
    // With fitness and hyphen terms off, the breaker's total equals the true optimum.
    let params = Params {
        fitness_demerits: 0.0,
        flagged_demerits: 0.0,
        tolerance: 3.0,
        ..Params::default()
    };
    for (text, width) in [
        (TEXT, 30.0),
        (TEXT, 24.0),
        (TEXT, 41.0),
        ("aaa bb cccc dd eee f gg hhhh i jj", 9.0),
    ] {
        let items = paragraph(text);
        let breaks = break_lines(&items, &[width], &params);
        let ours = demerits_of(&items, &breaks, &params);
        let optimum = brute_force_optimum(&items, width, &params);
        assert!(
            (ours - optimum).abs() <= optimum * 1e-9 + 1e-6,
            "width {width}: {ours} vs optimum {optimum}"
        );
    }
}

#[test]
fn total_fit_is_never_worse_than_first_fit() {
    let params = Params {
        fitness_demerits: 0.0,
        flagged_demerits: 0.0,
        tolerance: f64::INFINITY,
        ..Params::default()
    };
    let items = paragraph(TEXT);
    for width in [24.0, 30.0, 37.0, 45.0] {
        let kp = break_lines(&items, &[width], &params);
        // First fit's breaks are one feasible solution; the optimum costs no more.
        let ff_breaks = first_fit(&items, width);
        let ff_cost = cost_of_breaks(&items, &ff_breaks, width, &params);
        assert!(
            demerits_of(&items, &kp, &params) <= ff_cost + 1e-6,
            "width {width}"
        );
    }
}

#[test]
fn forced_breaks_are_taken_and_forbidden_ones_never() {
    let mut items = paragraph("one two three four five six");
    // Force a break after "two" (replacing the glue that follows it).
    items[3] = Item::Penalty {
        width: 0.0,
        cost: FORCED,
        flagged: false,
    };
    let breaks = break_lines(&items, &[100.0], &Params::default());
    assert_eq!(
        breaks.iter().map(|b| b.at).collect::<Vec<_>>(),
        [3, items.len() - 1]
    );

    let mut glued = paragraph("aa bb cc dd");
    // Forbid every break but the end: one (overfull) line.
    for item in glued.iter_mut().take(7) {
        if let Item::Glue { .. } = item {
            *item = Item::Penalty {
                width: 0.0,
                cost: FORBIDDEN,
                flagged: false,
            };
        }
    }
    let breaks = break_lines(&glued, &[4.0], &Params::default());
    assert_eq!(breaks.len(), 1);
}

#[test]
fn a_box_wider_than_the_line_still_gives_breaks() {
    let items = paragraph("short averyveryverylongunbreakableword end");
    let breaks = break_lines(&items, &[10.0], &Params::default());
    assert_eq!(breaks.last().unwrap().at, items.len() - 1);
    assert!(
        breaks.iter().any(|b| b.ratio < -1.0),
        "the long word's line is overfull: {breaks:?}"
    );
}

#[test]
fn consecutive_hyphens_are_avoided_when_possible() {
    // Words with a hyphenation point each: hy-phen.
    let mut items = Vec::new();
    for (i, (a, b)) in [
        ("hy", "phen"),
        ("ex", "ample"),
        ("com", "puter"),
        ("pro", "gram"),
        ("in", "put"),
    ]
    .iter()
    .enumerate()
    {
        if i > 0 {
            items.push(SPACE);
        }
        items.push(Item::Box {
            width: a.len() as f64,
        });
        items.push(Item::Penalty {
            width: 1.0,
            cost: 50.0,
            flagged: true,
        });
        items.push(Item::Box {
            width: b.len() as f64,
        });
    }
    items.extend(Item::finishing());
    let breaks = break_lines(&items, &[9.0], &Params::default());
    let hyphen_ends: Vec<bool> = breaks
        .iter()
        .map(|b| matches!(items[b.at], Item::Penalty { flagged: true, .. }))
        .collect();
    assert!(
        !hyphen_ends.windows(2).any(|w| w[0] && w[1]),
        "two hyphenated lines in a row: {breaks:?}"
    );
}

#[test]
fn the_first_line_may_have_its_own_width() {
    let items = paragraph(TEXT);
    let breaks = break_lines(&items, &[20.0, 40.0], &Params::default());
    let widths = lines(&items, &breaks);
    assert!(widths[0] <= 20.0 + 4.0, "{widths:?}");
    assert!(widths[1] > 30.0, "{widths:?}");
}

#[test]
fn empty_paragraphs_have_no_lines() {
    assert!(break_lines(&[], &[10.0], &Params::default()).is_empty());
    assert_eq!(
        break_lines(&Item::finishing(), &[10.0], &Params::default()).len(),
        1
    );
}

#[test]
fn long_paragraphs_break_in_reasonable_time_and_stay_optimal_per_line() {
    let text = TEXT.repeat(40);
    let items = paragraph(&text);
    let breaks = break_lines(&items, &[33.0], &Params::default());
    assert!(breaks.len() > 200);
    assert!(breaks
        .iter()
        .take(breaks.len() - 1)
        .all(|b| b.ratio.abs() <= 2.0));
}

/// First fit, as a browser or a plain-text tool breaks.
fn first_fit(items: &[Item], width: f64) -> Vec<Break> {
    let mut out = Vec::new();
    let mut line = 0.0;
    let mut last_glue = None;
    let mut i = 0;
    while i < items.len() {
        match items[i] {
            Item::Box { width: w } => {
                if line + w > width {
                    if let Some(g) = last_glue.take() {
                        out.push(Break { at: g, ratio: 0.0 });
                        line = 0.0;
                        i = g + 1;
                        continue;
                    }
                }
                line += w;
            }
            Item::Glue { width: w, .. } => {
                if i > 0 && matches!(items[i - 1], Item::Box { .. }) {
                    last_glue = Some(i);
                }
                line += w;
            }
            Item::Penalty { cost, .. } if cost <= FORCED => out.push(Break { at: i, ratio: 0.0 }),
            Item::Penalty { .. } => {}
        }
        i += 1;
    }
    out
}

/// The demerits of given breaks, with each line's ratio computed from the items.
fn cost_of_breaks(items: &[Item], breaks: &[Break], width: f64, params: &Params) -> f64 {
    let mut total = 0.0;
    let mut start = 0;
    for b in breaks {
        let (w, st, sh, penalty) = line_metrics(items, start, b.at);
        total += line_demerits(ratio_for(w, st, sh, width), penalty, params);
        start = b.at + 1;
    }
    total
}

/// Natural width, stretch and shrink of the line from `start` to the break at `end`, with
/// the break's penalty width and cost; discardable items at the line's start are skipped.
fn line_metrics(items: &[Item], start: usize, end: usize) -> (f64, f64, f64, f64) {
    let mut s = start;
    while s < end && !matches!(items[s], Item::Box { .. }) {
        s += 1;
    }
    let (mut w, mut st, mut sh) = (0.0, 0.0, 0.0);
    for item in &items[s..end] {
        match *item {
            Item::Box { width } => w += width,
            Item::Glue {
                width,
                stretch,
                shrink,
            } => {
                w += width;
                st += stretch;
                sh += shrink;
            }
            Item::Penalty { .. } => {}
        }
    }
    let penalty = match items[end] {
        Item::Penalty { width, cost, .. } => {
            w += width;
            cost
        }
        _ => 0.0,
    };
    (w, st, sh, penalty)
}

/// The adjustment ratio of a line of natural width `w` set to `width`.
fn ratio_for(w: f64, st: f64, sh: f64, width: f64) -> f64 {
    if w < width {
        if st > 0.0 {
            (width - w) / st
        } else {
            f64::INFINITY
        }
    } else if w > width {
        if sh > 0.0 {
            (width - w) / sh
        } else {
            f64::NEG_INFINITY
        }
    } else {
        0.0
    }
}

/// Issue 17: with no break inside the tolerance, the emergency stretch lets the second
/// pass spread the looseness over lines instead of leaving one line catastrophic, and the
/// ratios it returns are of the glue's own stretch.
#[test]
fn catastrophic_loose_line_is_spread_by_the_emergency_stretch() {
    let items = paragraph("aa bbbbbbbbbbbbbbbbbbbbbbbbb cc dd ee ff gg hh ii jj kk");
    let params = Params {
        tolerance: 1.0,
        emergency_stretch: 6.0,
        ..Params::default()
    };
    let breaks = break_lines(&items, &[20.0], &params);
    assert!(breaks.len() >= 2);
    // The lone long word sits on a line of its own; no other line is spread past its
    // space's own stretch a dozen times over.
    for b in &breaks[1..breaks.len() - 1] {
        assert!(b.ratio < 12.0, "{breaks:?}");
    }
}

/// Issue 17: a paragraph's second-to-last line does not end in a hyphen when another set
/// of breaks exists, and the last line is not a runt when it can be avoided.
#[test]
fn no_final_hyphen_and_no_runt() {
    // "aaaa-bbbb" may break at its hyphenation point (a flagged penalty).
    let mut items = Vec::new();
    for (i, word) in "xx yy zz ww vv uu tt ss rr".split(' ').enumerate() {
        if i > 0 {
            items.push(SPACE);
        }
        items.push(Item::Box {
            width: word.len() as f64,
        });
    }
    items.push(SPACE);
    items.push(Item::Box { width: 4.0 });
    items.push(Item::Penalty {
        width: 1.0,
        cost: 50.0,
        flagged: true,
    });
    items.push(Item::Box { width: 4.0 });
    items.extend(Item::finishing());
    let params = Params {
        runt_width: 6.0,
        ..Params::default()
    };
    let breaks = break_lines(&items, &[14.0], &params);
    let before_last = breaks[breaks.len() - 2].at;
    assert!(!matches!(
        items[before_last],
        Item::Penalty { flagged: true, .. }
    ));
    let (last, ..) = line_metrics(&items, before_last + 1, breaks[breaks.len() - 1].at);
    assert!(last >= 6.0, "runt of {last}");
}
