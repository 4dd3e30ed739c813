#!/usr/bin/env python3
"""Site syntax left in prose: converts every post of a corpus to an HTML fragment and lists
the posts whose prose (outside <pre>, <code>, comments) still shows a template marker:
`{{<`, `{{%`, `{%` or `{:`. Exits 1 when more than --max posts do.

usage: dialect-sweep.py QUIRE CORPUS_DIR [--max N] [--show N]
"""
import argparse
import pathlib
import re
import subprocess
import sys

# Text left in prose is escaped (`{{&lt;`); a bare `{{<` is `{{` before raw HTML.
MARKERS = ["{{&lt;", "{{%", "{%", "{:"]
HIDDEN = re.compile(r"<pre\b.*?</pre>|<code\b.*?</code>|<!--.*?-->", re.S | re.I)


def prose(html: str) -> str:
    return HIDDEN.sub(" ", html)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("quire")
    ap.add_argument("corpus")
    ap.add_argument("--max", type=int, default=0)
    ap.add_argument("--show", type=int, default=20)
    args = ap.parse_args()
    posts = sorted(
        p
        for p in pathlib.Path(args.corpus).rglob("*")
        if p.suffix in (".md", ".markdown") and "spec" not in p.parts and p.is_file()
    )
    bad = []
    for post in posts:
        run = subprocess.run(
            [args.quire, "convert", str(post), "--to", "html", "--fragment",
             "--no-highlight", "--quiet"],
            capture_output=True,
        )
        if run.returncode != 0:
            continue
        text = prose(run.stdout.decode("utf-8", "replace"))
        found = [m for m in MARKERS if m in text]
        if found:
            line = next(l for l in text.splitlines() if any(m in l for m in found))
            bad.append((post, found, line.strip()[:120]))
    for post, found, line in bad[: args.show]:
        print(f"{post}: {' '.join(found)}: {line}")
    print(f"dialect sweep: {len(bad)} of {len(posts)} posts show template syntax in prose")
    return 1 if len(bad) > args.max else 0


if __name__ == "__main__":
    sys.exit(main())
