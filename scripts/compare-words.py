#!/usr/bin/env python3
"""Word-sequence similarity of two text files (difflib ratio over words, punctuation
stripped, case folded). Used to check that quire's text output keeps every word of a
post in order, against pandoc -t plain or pdftotext.

usage: compare-words.py EXPECTED ACTUAL [--min RATIO] [--skip-expected-head N]
"""
import argparse
import difflib
import re
import sys
import unicodedata


def words(path):
    text = unicodedata.normalize("NFC", open(path, encoding="utf-8").read())
    text = text.replace("\u00a0", " ")
    # Curly and straight quotes, dashes and markers differ between tools by design.
    return [w for w in (re.sub(r"[^\w@.:/%&#+-]", "", t).strip(".:-").lower() for t in text.split()) if w]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("expected")
    ap.add_argument("actual")
    ap.add_argument("--min", type=float, default=0.95)
    args = ap.parse_args()
    a, b = words(args.expected), words(args.actual)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    ratio = sm.ratio()
    missing = [a[i1:i2] for op, i1, i2, j1, j2 in sm.get_opcodes() if op in ("delete", "replace")]
    print(f"words: expected {len(a)}, actual {len(b)}; similarity {ratio:.4f} (min {args.min})")
    for m in missing[:15]:
        print("  only in expected:", " ".join(m)[:120])
    sys.exit(0 if ratio >= args.min else 1)


if __name__ == "__main__":
    main()
