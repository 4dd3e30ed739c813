//! Knuth-Plass total-fit line breaking ("Breaking Paragraphs into Lines", 1981).
//!
//! A paragraph is a list of [`Item`]s: boxes (material of fixed width), glue (space that
//! can stretch and shrink) and penalties (possible breaks with a cost). The breaker picks
//! the breaks that minimize the total demerits of the paragraph, not line by line: this is
//! what keeps justified text free of rivers and very loose lines.
//!
//! Widths are in any unit (points for the PDF writer). The caller ends a paragraph with
//! `Glue` of infinite stretch and a forced `Penalty` (see [`Item::finishing`]).

/// A penalty at or below this forces a break.
pub const FORCED: f64 = -10_000.0;
/// A penalty at or above this forbids a break.
pub const FORBIDDEN: f64 = 10_000.0;

/// The badness ceiling of the pass at any tolerance: large, yet its square is finite.
const UNCAPPED: f64 = 1e150;

/// One element of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    /// Material of fixed width (a word, a glyph run).
    Box {
        /// Width.
        width: f64,
    },
    /// Space that may stretch and shrink; a break may follow a box before it.
    Glue {
        /// Natural width.
        width: f64,
        /// How much it may grow.
        stretch: f64,
        /// How much it may shrink.
        shrink: f64,
    },
    /// A possible break with a cost; `width` is added to the line if it breaks here
    /// (a hyphen). Flagged penalties (hyphens) cost extra when two lines in a row end in one.
    Penalty {
        /// Width of what appears at the end of the line when breaking here.
        width: f64,
        /// Cost of breaking here; [`FORCED`] forces, [`FORBIDDEN`] forbids.
        cost: f64,
        /// A hyphenation break.
        flagged: bool,
    },
}

impl Item {
    /// The end of every paragraph: no break before the glue that fills the last line (as
    /// TeX's `\parfillskip`), then a forced break.
    pub fn finishing() -> [Item; 3] {
        [
            Item::Penalty {
                width: 0.0,
                cost: FORBIDDEN,
                flagged: false,
            },
            Item::Glue {
                width: 0.0,
                stretch: 1e9,
                shrink: 0.0,
            },
            Item::Penalty {
                width: 0.0,
                cost: FORCED,
                flagged: false,
            },
        ]
    }
}

/// Parameters of the breaker.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Params {
    /// Largest adjustment ratio accepted in the first pass (TeX's tolerance, as a ratio).
    pub tolerance: f64,
    /// Added to the badness of every line (TeX's `\linepenalty`).
    pub line_penalty: f64,
    /// Extra demerits for two consecutive lines ending in a flagged penalty (TeX's
    /// `\doublehyphendemerits`); a third in a row costs [`FORBIDDEN`] squared more.
    pub flagged_demerits: f64,
    /// Extra demerits when the second-to-last line ends in a flagged penalty (TeX's
    /// `\finalhyphendemerits`).
    pub final_flagged_demerits: f64,
    /// Extra demerits for adjacent lines of incompatible tightness.
    pub fitness_demerits: f64,
    /// Stretch added to every line in the second pass, when no break fits the tolerance
    /// with the glue's own stretch (TeX's `\emergencystretch`); in width units.
    pub emergency_stretch: f64,
    /// A last line narrower than this is a runt (one short word or a fragment)...
    pub runt_width: f64,
    /// ... and costs these extra demerits.
    pub runt_demerits: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            tolerance: 2.0,
            line_penalty: 10.0,
            flagged_demerits: 10_000.0,
            final_flagged_demerits: 1e7,
            fitness_demerits: 100.0,
            emergency_stretch: 0.0,
            runt_width: 0.0,
            runt_demerits: 5_000.0,
        }
    }
}

/// A chosen break.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    /// Index of the item the line ends at (a glue or a penalty).
    pub at: usize,
    /// The line's adjustment ratio: > 0 stretched, < 0 shrunk, in units of its stretch or
    /// shrink. Below -1 the line is overfull (only when no feasible breaks exist).
    pub ratio: f64,
}

#[derive(Debug, Clone, Copy)]
struct Node {
    at: usize,
    line: usize,
    fitness: usize,
    /// Widths summed from the start up to this break (after skipping discardables).
    width: f64,
    stretch: f64,
    shrink: f64,
    demerits: f64,
    ratio: f64,
    previous: Option<usize>,
    flagged: bool,
}

/// Breaks a paragraph into lines of `line_width` each (the last entry of `line_widths`
/// repeats for further lines, so a first line may be indented differently).
///
/// Returns one [`Break`] per line. It always returns breaks, taking TeX's road when no set
/// of breaks keeps every line within tolerance: a second pass with the emergency stretch
/// added to every line, then one at any tolerance where badness is not capped (so the
/// least loose set of lines wins, not any set past the cap), and then, if a box is wider
/// than the line, one that lets that line be overfull (the caller decides how to split
/// such a word). The ratios returned are always of the glue's own stretch.
pub fn break_lines(items: &[Item], line_widths: &[f64], params: &Params) -> Vec<Break> {
    if items.is_empty() {
        return Vec::new();
    }
    if let Some(breaks) = pass(items, line_widths, params, params.tolerance, Mode::Normal) {
        return breaks;
    }
    if params.emergency_stretch > 0.0 {
        let mode = Mode::Emergency;
        if let Some(breaks) = pass(items, line_widths, params, params.tolerance, mode) {
            return breaks;
        }
    }
    if let Some(breaks) = pass(items, line_widths, params, f64::INFINITY, Mode::Normal) {
        return breaks;
    }
    pass(items, line_widths, params, f64::INFINITY, Mode::Overfull).unwrap_or_default()
}

/// What a pass allows beyond the tolerance.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Normal,
    /// Every line has the emergency stretch on top of its glue's.
    Emergency,
    /// Lines that cannot shrink enough are accepted.
    Overfull,
}

fn width_of(line_widths: &[f64], line: usize) -> f64 {
    line_widths
        .get(line)
        .or(line_widths.last())
        .copied()
        .unwrap_or(0.0)
}

fn fitness(ratio: f64) -> usize {
    if ratio < -0.5 {
        0
    } else if ratio <= 0.5 {
        1
    } else if ratio <= 1.0 {
        2
    } else {
        3
    }
}

/// One pass of the algorithm. In [`Mode::Overfull`], a line that cannot shrink enough is
/// still accepted (ratio below -1), at maximal badness.
fn pass(
    items: &[Item],
    line_widths: &[f64],
    params: &Params,
    tolerance: f64,
    mode: Mode,
) -> Option<Vec<Break>> {
    let overfull = mode == Mode::Overfull;
    let emergency = if mode == Mode::Emergency {
        params.emergency_stretch
    } else {
        0.0
    };
    let mut nodes = vec![Node {
        at: 0,
        line: 0,
        fitness: 1,
        width: 0.0,
        stretch: 0.0,
        shrink: 0.0,
        demerits: 0.0,
        ratio: 0.0,
        previous: None,
        flagged: false,
    }];
    let mut active: Vec<usize> = vec![0];
    let (mut width, mut stretch, mut shrink) = (0.0, 0.0, 0.0);

    for (i, item) in items.iter().enumerate() {
        let (penalty, penalty_width, flagged) = match *item {
            Item::Box { width: w } => {
                width += w;
                continue;
            }
            Item::Glue {
                width: w,
                stretch: st,
                shrink: sh,
            } => {
                // A glue is a break only after a box.
                let legal = i > 0 && matches!(items[i - 1], Item::Box { .. });
                if !legal {
                    width += w;
                    stretch += st;
                    shrink += sh;
                    continue;
                }
                (0.0, 0.0, false)
            }
            Item::Penalty {
                width: w,
                cost,
                flagged,
            } => {
                if cost >= FORBIDDEN {
                    continue;
                }
                (cost, w, flagged)
            }
        };

        // Try a break at `i` from every active node.
        let mut candidates: [Option<Node>; 4] = [None; 4];
        let mut deactivate = Vec::new();
        for (slot, &a) in active.iter().enumerate() {
            let node = nodes[a];
            let line_width = width_of(line_widths, node.line);
            let natural = width - node.width + penalty_width;
            let ratio = if natural < line_width {
                let st = stretch - node.stretch;
                // The emergency stretch judges the line, never sets it: the ratio kept is
                // of the glue's own stretch.
                let judged = st + emergency;
                if judged > 0.0 {
                    (line_width - natural) / judged
                } else {
                    f64::INFINITY
                }
            } else if natural > line_width {
                let sh = shrink - node.shrink;
                if sh > 0.0 {
                    (line_width - natural) / sh
                } else {
                    f64::NEG_INFINITY
                }
            } else {
                0.0
            };
            let too_tight = ratio < -1.0;
            if too_tight || penalty <= FORCED {
                deactivate.push(slot);
            }
            // The last-resort pass accepts overfull lines at maximal badness: a feasible
            // alternative, if there is one, still wins on demerits.
            let acceptable = (-1.0..=tolerance).contains(&ratio) || (overfull && too_tight);
            if !acceptable {
                continue;
            }
            // Past the tolerance (the pass at any tolerance) badness is not capped: a
            // line twice as loose must cost more, or the breaker may pick a terrible one.
            // A line that cannot stretch at all is the worst.
            let cap = if tolerance.is_finite() || overfull {
                10_000.0
            } else {
                UNCAPPED
            };
            let badness = if ratio.is_finite() {
                100.0 * ratio.abs().powi(3)
            } else {
                cap
            };
            let base = (params.line_penalty + badness.min(cap)).powi(2);
            let mut demerits = if penalty >= 0.0 {
                base + penalty * penalty
            } else if penalty > FORCED {
                base - penalty * penalty
            } else {
                base
            };
            if flagged && node.flagged {
                demerits += params.flagged_demerits;
                // A third hyphenated line in a row: only when nothing else fits.
                if node.previous.is_some_and(|p| nodes[p].flagged) {
                    demerits += FORBIDDEN * FORBIDDEN;
                }
            }
            if penalty <= FORCED && node.flagged {
                demerits += params.final_flagged_demerits;
            }
            if penalty <= FORCED && natural < params.runt_width && node.previous.is_some() {
                demerits += params.runt_demerits;
            }
            let fit = fitness(ratio);
            if fit.abs_diff(node.fitness) > 1 {
                demerits += params.fitness_demerits;
            }
            let total = node.demerits + demerits;
            if candidates[fit].is_none_or(|c| total < c.demerits) {
                candidates[fit] = Some(Node {
                    at: i,
                    line: node.line + 1,
                    fitness: fit,
                    width: 0.0,
                    stretch: 0.0,
                    shrink: 0.0,
                    demerits: total,
                    ratio: if emergency > 0.0 && ratio > 0.0 {
                        let st = stretch - node.stretch;
                        if st > 0.0 {
                            (line_width - natural) / st
                        } else {
                            f64::INFINITY
                        }
                    } else {
                        ratio.max(-1e9)
                    },
                    previous: Some(a),
                    flagged,
                });
            }
        }
        for slot in deactivate.into_iter().rev() {
            active.remove(slot);
        }
        if candidates.iter().any(Option::is_some) {
            // The widths after the break skip the discardable items that follow it.
            let (mut w, mut st, mut sh) = (width, stretch, shrink);
            for next in &items[i..] {
                match *next {
                    Item::Box { .. } => break,
                    Item::Glue {
                        width: gw,
                        stretch: gs,
                        shrink: gh,
                    } => {
                        w += gw;
                        st += gs;
                        sh += gh;
                    }
                    Item::Penalty { cost, .. } if cost <= FORCED && !std::ptr::eq(next, item) => {
                        break
                    }
                    Item::Penalty { .. } => {}
                }
            }
            for c in candidates.into_iter().flatten() {
                nodes.push(Node {
                    width: w,
                    stretch: st,
                    shrink: sh,
                    ..c
                });
                active.push(nodes.len() - 1);
            }
        }
        if active.is_empty() {
            return None;
        }
        if let Item::Glue {
            width: w,
            stretch: st,
            shrink: sh,
        } = *item
        {
            width += w;
            stretch += st;
            shrink += sh;
        }
    }

    // The paragraph ends with a forced break: the best node there ends it.
    let last = items.len() - 1;
    let best = nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.at == last && n.previous.is_some())
        .min_by(|a, b| a.1.demerits.total_cmp(&b.1.demerits))?
        .0;
    let mut out = Vec::new();
    let mut cursor = Some(best);
    while let Some(n) = cursor {
        let node = nodes[n];
        if node.previous.is_some() {
            out.push(Break {
                at: node.at,
                ratio: node.ratio,
            });
        }
        cursor = node.previous;
    }
    out.reverse();
    Some(out)
}

#[cfg(test)]
mod tests;
