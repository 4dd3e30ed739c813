#!/usr/bin/env python3
"""Checks of quire's PDF book features, read back with poppler and qpdf as a reader would.

usage:
  check-book.py toc FILE.pdf                 contents entries land on the pages they name
  check-book.py table-header FILE.pdf WORD ROWWORD
                                             every page with a table row (ROWWORD) shows the
                                             header (WORD)
  check-book.py footnotes FILE.pdf REF NOTE N
                                             for i in 1..N, the page holding "REF i " also
                                             holds "NOTE i:" (a note sits with its reference)
  check-book.py outline FILE.pdf TITLE...    the top-level bookmarks are exactly these titles
"""
import json
import re
import subprocess
import sys


def pages(path):
    text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def labels(path):
    """The printed number of every page, from the PDF's page labels (via qpdf's JSON)."""
    j = json.loads(subprocess.run(["qpdf", "--json", path], capture_output=True, text=True, check=True).stdout)
    return [p.get("label", {}) for p in j.get("pagelabels", [])], len(j["pages"])


def printed_numbers(path):
    ranges, n = labels(path)
    out = [str(i + 1) for i in range(n)]
    # qpdf lists label ranges as {"index": i, "label": {"/S": "/D", "/P": ...}}.
    starts = sorted((r.get("index", 0), r.get("label", {})) for r in json.loads(
        subprocess.run(["qpdf", "--json", "--json-key=pagelabels", path], capture_output=True, text=True, check=True).stdout
    ).get("pagelabels", []))
    for k, (start, lab) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else n
        for i in range(start, end):
            style = lab.get("/S")
            num = i - start + 1
            if style == "/D":
                out[i] = str(num)
            elif style == "/r":
                out[i] = roman(num)
            else:
                out[i] = lab.get("/P", "")
    return out


def roman(n):
    table = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    s = ""
    for v, r in table:
        while n >= v:
            s += r
            n -= v
    return s


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


def check_toc(path):
    ps = pages(path)
    numbers = printed_numbers(path)
    toc_pages = [i for i, p in enumerate(ps) if re.search(r"^\s*Contents\s*$", p, re.M)][:1]
    assert toc_pages, "no Contents page"
    # The contents go on over the following pages as long as they are lines with leaders.
    while toc_pages[-1] + 1 < len(ps) and len(re.findall(r"\. \. \.|\.{5}", ps[toc_pages[-1] + 1])) >= 3:
        toc_pages.append(toc_pages[-1] + 1)
    entries = []
    for i in toc_pages:
        for line in ps[i].splitlines():
            m = re.match(r"^\s*(.+?)[\s.]*\s([0-9]+|[ivxlc]+)\s*$", line)
            if m and "Contents" not in line and re.search(r"\.\s?\.", line):
                title = norm(m.group(1).rstrip(". "))
                entries.append((title, m.group(2)))
    assert entries, "no contents entries"
    bad = []
    for title, number in entries:
        if number not in numbers:
            bad.append(f"{title!r}: page {number} does not exist")
            continue
        idx = numbers.index(number)
        # Titles may wrap differently on their page: compare without spaces and hyphens.
        squash = lambda t: re.sub(r"[\s\-\u00ad]+", "", t)
        body = squash(ps[idx])
        # On a contents page the title is there once already, as the entry.
        found = body.count(squash(title)[:30]) >= (2 if idx in toc_pages else 1)
        if not found:
            bad.append(f"{title!r}: not found on page {number} (index {idx})")
    for b in bad:
        print("  " + b)
    print(f"toc: {len(entries)} entries, {len(bad)} wrong")
    return not bad


def check_table_header(path, word, rowword):
    bad = 0
    seen = 0
    for i, p in enumerate(pages(path)):
        if rowword in p:
            seen += 1
            if word not in p:
                bad += 1
                print(f"  page {i + 1} has table rows but no header")
    print(f"table header: {seen} pages with rows, {bad} without the header")
    return seen > 1 and bad == 0


def check_footnotes(path, ref, note, n):
    ps = pages(path)
    bad = 0
    for i in range(1, n + 1):
        ref_page = [k for k, p in enumerate(ps) if re.search(rf"{re.escape(ref)} {i}\b", p)]
        note_page = [k for k, p in enumerate(ps) if re.search(rf"{re.escape(note)} {i}:", p)]
        if not ref_page or not note_page or ref_page[0] != note_page[0]:
            bad += 1
            print(f"  note {i}: reference on {ref_page[:1]}, note on {note_page[:1]}")
    print(f"footnotes: {n} notes, {bad} away from their reference")
    return bad == 0


def check_outline(path, titles):
    j = json.loads(subprocess.run(["qpdf", "--json", "--json-key=outlines", path], capture_output=True, text=True, check=True).stdout)
    top = [o["title"] for o in j["outlines"]]
    ok = top == list(titles)
    print(f"outline: top level {top}" + ("" if ok else f", expected {list(titles)}"))
    nested = sum(len(o.get("kids", [])) for o in j["outlines"])
    print(f"outline: {nested} entries nested under them")
    return ok


def main():
    cmd, path, *rest = sys.argv[1:]
    ok = {
        "toc": lambda: check_toc(path),
        "table-header": lambda: check_table_header(path, *rest),
        "footnotes": lambda: check_footnotes(path, rest[0], rest[1], int(rest[2])),
        "outline": lambda: check_outline(path, rest),
    }[cmd]()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
