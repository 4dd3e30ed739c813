#!/usr/bin/env python3
"""Checks a PDF quire wrote: every word inside the text area (no overfull line, no code
running off the page), every font embedded and subset, qpdf clean.

usage: check-pdf.py FILE.pdf... [--left PT] [--right PT] [--top PT] [--bottom PT]

The defaults are quire's A4 margins at 10.5 pt (a 66-character measure). Running headers and page numbers sit in the top and
bottom margins, so vertically a word only has to stay clear of the paper's edge.
"""
import argparse
import fnmatch
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

SLACK = 0.6  # points: rounding in pdftotext's boxes


def check(path, a):
    problems = []
    qpdf = subprocess.run(["qpdf", "--check", path], capture_output=True, text=True)
    if qpdf.returncode != 0 or "No syntax or stream encoding errors" not in qpdf.stdout:
        problems.append(f"qpdf --check: {qpdf.stdout.strip()} {qpdf.stderr.strip()}")
    fonts = subprocess.run(["pdffonts", path], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    for line in fonts:
        cols = line.split()
        # name type... emb sub uni object gen: emb/sub are the 5th and 4th from the end.
        emb, sub = cols[-5], cols[-4]
        if emb != "yes" or sub != "yes":
            problems.append(f"font not embedded and subset: {line.strip()}")
    xml = subprocess.run(["pdftotext", "-bbox", path, "-"], capture_output=True, text=True, check=True).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
    xml = xml.replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    root = ET.fromstring(xml)
    words = 0
    for n, page in enumerate(root.iter("page"), 1):
        pw, ph = float(page.get("width")), float(page.get("height"))
        for w in page.iter("word"):
            words += 1
            x0, y0, x1, y1 = (float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))
            text = w.text or ""
            # Running headers sit in the top margin and page numbers in the bottom one;
            # nothing may leave the page's middle 70% of each margin.
            if x0 < a.left - SLACK or x1 > pw - a.right + SLACK:
                problems.append(f"page {n}: word {text!r} at x {x0:.1f}..{x1:.1f} outside {a.left}..{pw - a.right:.1f}")
            elif y0 < a.top * 0.3 or y1 > ph - a.bottom * 0.3:
                problems.append(f"page {n}: word {text!r} at y {y0:.1f}..{y1:.1f} outside the page's text and margin bands")
    if words == 0:
        problems.append("no text extracted")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--left", type=float, default=152.0)
    ap.add_argument("--right", type=float, default=152.0)
    ap.add_argument("--top", type=float, default=72.0)
    ap.add_argument("--bottom", type=float, default=78.0)
    ap.add_argument("--exclude", default=None, help="skip files whose name matches this glob")
    a = ap.parse_args()
    bad = 0
    files = [f for f in a.files if not (a.exclude and fnmatch.fnmatch(os.path.basename(f), a.exclude))]
    for f in files:
        problems = check(f, a)
        if problems:
            bad += 1
            print(f"{f}:")
            for p in problems[:20]:
                print(f"  {p}")
    print(f"check-pdf: {len(files)} files, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
