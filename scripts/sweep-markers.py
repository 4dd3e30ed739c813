#!/usr/bin/env python3
"""Callout markers in HTML fragments: which posts still print `[!NOTE]`-style source.

Usage: sweep-markers.py QUIRE POST... [--max N]

Converts each post to an HTML fragment with QUIRE and counts the posts whose prose (outside
<code>, <pre> and comments) shows a `[!KIND]` marker, and the posts that have callouts
(`class="callout`). Fails when more than N posts (default 0) show a marker.
"""
import html
import re
import subprocess
import sys

MARKER = re.compile(r"\[![A-Za-z][\w-]*\][+-]?")
HIDDEN = re.compile(r"<pre\b.*?</pre>|<code\b.*?</code>|<!--.*?-->", re.S)
TAGS = re.compile(r"<[^>]+>")


def main(argv):
    limit = 0
    if "--max" in argv:
        i = argv.index("--max")
        limit = int(argv[i + 1])
        del argv[i : i + 2]
    quire, posts = argv[0], argv[1:]
    marked, with_callouts, callouts = [], 0, 0
    for post in posts:
        run = subprocess.run(
            [quire, "convert", post, "--to", "html", "--fragment", "--quiet", "-o", "-"],
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            print(f"FAILED: {post}: {run.stderr.strip()[:200]}")
            continue
        fragment = run.stdout
        n = fragment.count('class="callout ')
        callouts += n
        with_callouts += n > 0
        prose = html.unescape(TAGS.sub(" ", HIDDEN.sub(" ", fragment)))
        found = MARKER.findall(prose)
        if found:
            marked.append((post, found))
    for post, found in marked:
        print(f"marker in prose: {post}: {', '.join(sorted(set(found)))}")
    print(
        f"posts: {len(posts)}; with [!KIND] markers in prose: {len(marked)}; "
        f"with callouts: {with_callouts} ({callouts} callouts)"
    )
    return 1 if len(marked) > limit else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
