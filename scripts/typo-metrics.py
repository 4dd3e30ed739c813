#!/usr/bin/env python3
"""Typographic measures of a PDF's body text, read from its text layer with pdfminer.six.

usage: scripts/typo-metrics.py [--check A4|A5] [--json] FILE.pdf...

Body lines are the lines set in the most common (font, size) pair that is not a monospace
font: headings, code, captions, tables, footnotes and folios are left out. A *full* line
is a body line reaching the column's right edge (within 2 pt): a justified line. Reported
per file:

- chars/line: mean characters (spaces included) of full lines;
- word space median / p95 / max, in points, between words of full lines;
- hyphenated: share of full lines ending in a hyphen, and the longest run of them;
- broken compounds: lines ending in a hyphen inside a word that already has one
  ("lineage-dri-");
- runts: a paragraph's last line holding one word of at most 7 letters or the tail of a
  hyphenated word;
- fill: the least share of the text area a page fills, last page excepted.

With --check, exits 1 when a file misses the limits CI holds (docs/typography.md):
mean full line 60-78 characters (A5: 55-75), no word space over 8 pt at 10.5 pt, at most
5% hyphenated full lines (A5: 8%), no three hyphenated lines in a row, no broken compound.
"""
import argparse
import collections
import json
import statistics
import sys

try:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTFigure, LTImage, LTRect, LTTextContainer, LTTextLine
except ImportError:
    sys.exit("needs pdfminer.six: python3 -m pip install pdfminer.six")


def lines_of(pdf):
    """Per page: the page's height, its text lines as (chars) lists and the bottoms of
    its images and filled boxes (an image's placeholder frame, a code block), which fill
    a page as text does."""
    pages = []
    params = LAParams(char_margin=20.0, line_margin=0.3, word_margin=0.1)
    for page in extract_pages(pdf, laparams=params):
        lines = []
        boxes = []

        def walk(obj):
            if isinstance(obj, (LTImage, LTFigure)) or (
                isinstance(obj, LTRect) and obj.fill and obj.height > 12
            ):
                boxes.append(page.height - obj.y0)
                if isinstance(obj, LTFigure):
                    for o in obj:
                        walk(o)
            elif isinstance(obj, LTTextLine):
                chars = [c for c in obj if isinstance(c, LTChar) or c.get_text() == " "]
                if chars:
                    lines.append(chars)
            elif isinstance(obj, LTTextContainer) or hasattr(obj, "__iter__"):
                for o in obj:
                    walk(o)

        walk(page)
        pages.append((page.height, lines, boxes))
    return pages


def style(line):
    """The line's dominant (font, size)."""
    counts = collections.Counter(
        (c.fontname.split("+")[-1], round(c.size, 1)) for c in line if isinstance(c, LTChar)
    )
    return counts.most_common(1)[0][0] if counts else None


def text(line):
    return "".join(c.get_text() for c in line).rstrip()


def measure(pdf):
    pages = lines_of(pdf)
    styles = collections.Counter()
    for _, lines, _ in pages:
        for line in lines:
            s = style(line)
            if s and "mono" not in s[0].lower() and "courier" not in s[0].lower():
                styles[s] += len(line)
    if not styles:
        return None
    body = styles.most_common(1)[0][0]
    size = body[1]
    # Body lines in reading order, with page and position.
    body_lines = []
    for p, (height, lines, _) in enumerate(pages):
        for line in lines:
            if style(line) == body:
                chars = [c for c in line if isinstance(c, LTChar)]
                body_lines.append(
                    {
                        "page": p,
                        "x0": min(c.x0 for c in chars),
                        "x1": max(c.x1 for c in chars),
                        "top": height - max(c.y1 for c in chars),
                        "text": text(line),
                        "chars": chars,
                    }
                )
        body_lines.sort(key=lambda l: (l["page"], round(l["top"], 0), l["x0"]))
    # The column's edges: where most lines end and start (a stray overfull line or an
    # indented block does not move them).
    right = collections.Counter(round(l["x1"]) for l in body_lines).most_common(1)[0][0] + 0.5
    left = collections.Counter(round(l["x0"]) for l in body_lines).most_common(1)[0][0] - 0.5
    for l in body_lines:
        l["full"] = right - 2.0 < l["x1"] < right + 2.0 and l["x0"] < left + size * 3
    full = [l for l in body_lines if l["full"]]
    gaps = []
    for l in full:
        # From the end of one word's last glyph to the next word's first, whether the
        # space is a glyph of its own or only a gap.
        prev, spaced = None, False
        for c in l["chars"]:
            if c.get_text().isspace():
                spaced = True
                continue
            if prev is not None and (spaced or c.x0 - prev.x1 > size * 0.12):
                gaps.append(c.x0 - prev.x1)
            prev, spaced = c, False
    hyphen_ends = [l["text"].endswith(("-", "\u2010", "\u00ad")) for l in body_lines]
    hyphenated = sum(1 for l, h in zip(body_lines, hyphen_ends) if h and l["full"])
    run = longest = 0
    broken = []
    for i, l in enumerate(body_lines):
        if hyphen_ends[i] and l["full"]:
            run += 1
            longest = max(longest, run)
            last_word = l["text"].split(" ")[-1].rstrip("-\u2010\u00ad")
            nxt = body_lines[i + 1]["text"].split(" ")[0] if i + 1 < len(body_lines) else ""
            # A break inside a compound: a hyphen ends a line whose last word already has
            # one, and the next line does not go on with the compound ("lineage-dri- /
            # ven"; "state-of- / the-art" breaks at the compound's own hyphen).
            if "-" in last_word.strip("-") and last_word[-1:].isalpha() and "-" not in nxt:
                broken.append(l["text"][-30:] + " / " + nxt)
        else:
            run = 0
    leading = statistics.median(
        [
            b["top"] - a["top"]
            for a, b in zip(body_lines, body_lines[1:])
            if a["page"] == b["page"] and b["top"] > a["top"] + 1
        ]
        or [size * 1.4]
    )
    runts = []
    for i, l in enumerate(body_lines):
        if l["full"] or i == 0:
            continue
        prev = body_lines[i - 1]
        same_para = prev["full"] and (
            (prev["page"] == l["page"] and abs(l["top"] - prev["top"] - leading) < 1.5)
            or prev["page"] + 1 == l["page"]
        )
        if not same_para:
            continue
        words = l["text"].split()
        letters = sum(ch.isalpha() for ch in l["text"])
        if len(words) == 1 and (letters <= 7 or hyphen_ends[i - 1]):
            runts.append(prev["text"][-20:] + " / " + l["text"])
    # Page fill: the lowest line of text, image or placeholder of each page (folios and
    # running heads, set smaller than the body, left out) over the deepest any page
    # reaches.
    bottoms, tops = {}, {}
    for p, (height, lines, boxes) in enumerate(pages):
        for b in boxes:
            bottoms[p] = max(bottoms.get(p, 0.0), b)
        for line in lines:
            st = style(line)
            if st is None or (st[1] < size * 0.9 and "mono" not in st[0].lower()):
                continue
            chars = [c for c in line if isinstance(c, LTChar)]
            top = height - max(c.y1 for c in chars)
            bottoms[p] = max(bottoms.get(p, 0.0), height - min(c.y0 for c in chars))
            tops[p] = min(tops.get(p, 1e9), top)
    deepest = max(bottoms.values())
    highest = min(tops.values())
    fills = [
        (bottoms[p] - highest) / (deepest - highest)
        for p in sorted(bottoms)[:-1]
        if deepest > highest
    ]
    return {
        "file": pdf,
        "pages": len(pages),
        "body_size": size,
        "full_lines": len(full),
        "chars_per_line": round(statistics.mean(len(l["text"]) for l in full), 1) if full else 0,
        "space_median": round(statistics.median(gaps), 2) if gaps else 0,
        "space_p95": round(sorted(gaps)[int(len(gaps) * 0.95)], 2) if gaps else 0,
        "space_max": round(max(gaps), 2) if gaps else 0,
        "hyphenated_pct": round(100.0 * hyphenated / len(full), 1) if full else 0,
        "hyphen_run": longest,
        "broken_compounds": broken,
        "runts": runts,
        "min_fill": round(min(fills), 2) if fills else 1.0,
    }


def check(m, paper, max_hyphenated=None):
    lo, hi = (55, 75) if paper == "A5" else (60, 78)
    hyph = 8.0 if paper == "A5" else 5.0
    if max_hyphenated is not None:
        hyph = max_hyphenated
    limit_space = 8.0 * m["body_size"] / 10.5
    fails = []
    if not lo <= m["chars_per_line"] <= hi:
        fails.append(f"mean full line {m['chars_per_line']} characters, not {lo}-{hi}")
    if m["space_max"] > limit_space:
        fails.append(f"a word space of {m['space_max']} pt (limit {limit_space:.1f})")
    if m["hyphenated_pct"] > hyph:
        fails.append(f"{m['hyphenated_pct']}% hyphenated lines (limit {hyph}%)")
    if m["hyphen_run"] >= 3:
        fails.append(f"{m['hyphen_run']} hyphenated lines in a row")
    if m["broken_compounds"]:
        fails.append(f"compounds broken inside: {m['broken_compounds'][:3]}")
    # Figures float or shrink so that no page but the last is left under half full.
    if m["min_fill"] < 0.5:
        fails.append(f"a page {m['min_fill']} full (limit 0.5, last page excepted)")
    return fails


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", choices=["A4", "Letter", "A5"])
    ap.add_argument(
        "--max-hyphenated",
        type=float,
        help="the share of hyphenated lines allowed, in percent, instead of the paper's",
    )
    ap.add_argument("--json", action="store_true")
    ap.add_argument("pdf", nargs="+")
    args = ap.parse_args()
    failed = False
    for pdf in args.pdf:
        m = measure(pdf)
        if m is None:
            print(f"{pdf}: no body text")
            failed = True
            continue
        if args.json:
            print(json.dumps(m))
        else:
            print(
                f"{pdf}: {m['pages']} pages, {m['full_lines']} full lines, "
                f"{m['chars_per_line']} chars/line, spaces median {m['space_median']} "
                f"p95 {m['space_p95']} max {m['space_max']} pt, hyphenated "
                f"{m['hyphenated_pct']}% (longest run {m['hyphen_run']}), "
                f"{len(m['broken_compounds'])} broken compounds, {len(m['runts'])} runts, "
                f"least page fill {m['min_fill']}"
            )
        if args.check:
            for f in check(m, args.check, args.max_hyphenated):
                print(f"  FAIL: {f}")
                failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
