#!/usr/bin/env python3
"""Does an EPUB show every local image its posts reference, and that exists on disk?

Usage: check-epub-images.py [--quire BIN] [--root DIR]... [--in-order] EPUB POST|FOLDER...

A FOLDER stands for the posts `quire bundle FOLDER` takes from it (its quire.toml's `posts`,
else every .md, .markdown and .fsx below it, hidden ones skipped) and is a --root too.

For each post (its source), the local images it references are found: Markdown images
`![alt](url "title")`, reference-style images `![alt][ref]`, `![alt][]`, `![ref]` (with a
`[ref]: url` definition), raw HTML `<img src=...>`; code blocks, code spans and HTML
comments are skipped, and so are remote (`scheme:`, `//`) and `data:` URLs. An image
exists when quire would find it: a relative URL in the post's folder; a site-root URL
(`/x.png`, `~/x.png`, `@Model.Root/x.png`) in the post's folder or one of its parents, up
to the site root (the nearest parent holding .git, quire.toml or a static-site config;
without one, the working folder if it holds the post), or under a --root DIR (the folders
given to `quire bundle`, which quire also reads from). `?query`, `#fragment` and %-escapes
are handled as quire does. Files that are not PNG, JPEG, GIF, WebP or SVG are not counted.

Each existing image must be shown by an <img> of the post's chapter whose src is a file in
the EPUB with the same bytes as the file on disk (a `missing-image` placeholder does not
count). One line per image that is not: `POST: URL exists but its chapter shows no <img>`.

Which chapter is which post: the chapters are OEBPS/post-001.xhtml, post-002.xhtml, ...
A one-chapter book is the one post. Otherwise each chapter's <title> is matched with the
post's title as quire itself reads it (`BIN convert POST --to json`, `meta.title`; a post
without one is titled "Post N" by its chapter number, as quire does); among posts sharing a
title, the one whose date, authors and description the chapter's <meta> elements repeat,
and on a tie the first in quire's default bundle order (date, undated last, file name). With
--in-order the posts are taken to be given in book order and titles are not read.
BIN is --quire, else $QUIRE, else `quire` on PATH.

Exit: 0 every existing image shown, 1 some not, 2 usage error (including chapters that
cannot be matched to the posts given).
"""

import argparse
import datetime
import hashlib
import html
import html.parser
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import urllib.parse
import zipfile

SITE_MARKERS = (".git", "quire.toml", "config.toml", "hugo.toml", "_config.yml",
                "config.fsx", "package.json")


# ---- the images a post references ------------------------------------------------------

def strip_front_matter(text):
    """The body: YAML (---), TOML (+++) or JSON ({) front matter, or a Razor @{ } block, removed.

    Lines are kept as blank lines so that line numbers stay right."""
    lines = text.split("\n")
    if not lines:
        return text
    first = lines[0].lstrip("\ufeff").strip()
    end = None
    if first in ("---", "+++"):
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in (first, "...")), None)
    elif first.startswith("{") or first.startswith("@{"):
        depth = 0
        for i, line in enumerate(lines):
            depth += line.count("{") - line.count("}")
            if depth <= 0:
                end = i
                break
    if end is None:
        return text
    return "\n" * (end + 1) + "\n".join(lines[end + 1:])


FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
LIST_ITEM = re.compile(r"^ {0,3}([-+*]|\d{1,9}[.)])(\s|$)")


def blank_code_blocks(text):
    """Fenced and indented code blocks replaced by blank lines."""
    out, fence, prev_blank, in_list, in_code = [], None, True, False, False
    for line in text.split("\n"):
        if fence:
            m = FENCE.match(line)
            if m and m.group(2)[0] == fence[0] and len(m.group(2)) >= len(fence) and not m.group(3).strip():
                fence = None
            out.append("")
            continue
        m = FENCE.match(line)
        if m and not (m.group(2)[0] == "`" and "`" in m.group(3)):
            fence = m.group(2)
            out.append("")
            prev_blank = False
            in_code = False
            continue
        blank = not line.strip()
        indented = line.startswith("    ") or line.startswith("\t")
        if not blank and indented and (in_code or (prev_blank and not in_list)):
            in_code = True
            out.append("")
            continue
        if not blank:
            in_code = False
            if LIST_ITEM.match(line):
                in_list = True
            elif not indented and prev_blank:
                in_list = False
        out.append(line)
        prev_blank = blank
    return "\n".join(out)


def blank(m):
    return re.sub(r"[^\n]", " ", m.group(0))


CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.S)
COMMENT = re.compile(r"<!--.*?-->", re.S)
REF_DEF = re.compile(r"^ {0,3}\[((?:[^\]\\]|\\.)+)\]:[ \t]*(?:<([^>\n]*)>|(\S+))", re.M)
IMG_TAG = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.I | re.S)


def label_key(s):
    return " ".join(s.split()).casefold()


def bracket_end(s, i):
    """The index of the `]` closing the `[` at s[i], or -1."""
    depth = 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return i
        elif c == "\n" and s[i - 1:i + 1].strip() == "" and s[i + 1:i + 2] == "\n":
            return -1
        i += 1
    return -1


def inline_destination(s, i):
    """The URL of an inline link destination starting after `(` at s[i], or None."""
    while i < len(s) and s[i] in " \t\n":
        i += 1
    if i < len(s) and s[i] == "<":
        j = s.find(">", i)
        return s[i + 1:j] if j > 0 else None
    depth, j = 0, i
    while j < len(s) and not s[j].isspace():
        if s[j] == "\\":
            j += 2
            continue
        if s[j] == "(":
            depth += 1
        elif s[j] == ")":
            if depth == 0:
                break
            depth -= 1
        j += 1
    return s[i:j]


def unescape_md(url):
    return html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", url))


def images_of(source):
    """[(line, url)] of the images the post references, in source order."""
    text = strip_front_matter(source.replace("\r\n", "\n").replace("\r", "\n"))
    text = blank_code_blocks(text)
    text = COMMENT.sub(blank, text)
    text = CODE_SPAN.sub(blank, text)
    defs = {}
    for m in REF_DEF.finditer(text):
        defs.setdefault(label_key(m.group(1)), m.group(2) if m.group(2) is not None else m.group(3))
    found = []
    for m in re.finditer(r"!\[", text):
        start = m.start()
        if start > 0 and text[start - 1] == "\\":
            continue
        end = bracket_end(text, start + 1)
        if end < 0:
            continue
        alt = text[start + 2:end]
        url = None
        nxt = text[end + 1:end + 2]
        if nxt == "(":
            url = inline_destination(text, end + 2)
        elif nxt == "[":
            close = text.find("]", end + 2)
            if close > 0:
                ref = text[end + 2:close] or alt
                url = defs.get(label_key(ref))
        else:
            url = defs.get(label_key(alt))
        if url:
            found.append((text.count("\n", 0, start) + 1, unescape_md(url)))
    for m in IMG_TAG.finditer(text):
        url = next(g for g in m.groups() if g is not None)
        found.append((text.count("\n", 0, m.start()) + 1, html.unescape(url)))
    return sorted(found)


def is_remote(url):
    if url.startswith("//"):
        return True
    i = url.find(":")
    return i > 1 and all(c.isalnum() or c in "+-." for c in url[:i])


# ---- where quire would find them -------------------------------------------------------

def site_root(post_dir):
    for d in ancestors(post_dir):
        if any(os.path.exists(os.path.join(d, m)) for m in SITE_MARKERS):
            return d
    cwd = os.path.realpath(os.getcwd())
    return cwd if within(post_dir, cwd) else None


def ancestors(d):
    while True:
        yield d
        parent = os.path.dirname(d)
        if parent == d:
            return
        d = parent


def within(path, root):
    return path == root or path.startswith(root.rstrip("/") + "/")


def locate(url, post, extra_roots):
    """The file quire would read for `url` in `post`, or None."""
    path = urllib.parse.unquote(re.split(r"[?#]", url, maxsplit=1)[0])
    post_dir = os.path.realpath(os.path.dirname(os.path.abspath(post)))
    roots = [post_dir] + extra_roots
    root = site_root(post_dir)
    if root:
        roots.append(root)
    rel = None
    for prefix in ("~/", "@Model.Root/", "/"):
        if path.startswith(prefix):
            rel = path[len(prefix):].lstrip("/")
            break
    if rel is not None:
        candidates = [os.path.join(d, rel) for d in ancestors(post_dir)]
    else:
        candidates = [os.path.join(post_dir, path)]
    for c in candidates:
        if os.path.isfile(c):
            real = os.path.realpath(c)
            if any(within(real, r) for r in roots):
                return real
    return None


def is_image(data):
    if data[:4] == b"\x89PNG" or data[:3] == b"\xff\xd8\xff" or data[:4] == b"GIF8":
        return True
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return True
    head = data[:1024].decode("utf-8", "replace").lstrip("\ufeff").lstrip()
    return head.startswith("<svg") or (head.startswith(("<?xml", "<!--")) and "<svg" in head)


# ---- the book --------------------------------------------------------------------------

class Chapter(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title, self.imgs, self.placeholders = "", [], 0
        self.meta = {"author": []}
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "meta" and a.get("name") in ("author", "description", "dcterms.date"):
            if a["name"] == "author":
                self.meta["author"].append(a.get("content") or "")
            else:
                self.meta[a["name"]] = a.get("content") or ""
        elif tag == "img" and a.get("src"):
            self.imgs.append(a["src"])
        elif tag == "span" and "missing-image" in (a.get("class") or "").split():
            self.placeholders += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def read_chapters(book):
    names = sorted(n for n in book.namelist() if re.fullmatch(r"OEBPS/post-\d+\.xhtml", n))
    chapters = []
    for n in names:
        p = Chapter()
        p.feed(book.read(n).decode("utf-8", "replace"))
        shown = set()
        for src in p.imgs:
            if is_remote(src):
                continue
            entry = posixpath.normpath(posixpath.join(posixpath.dirname(n),
                                                      urllib.parse.unquote(src.split("#")[0])))
            try:
                shown.add(hashlib.sha256(book.read(entry)).hexdigest())
            except KeyError:
                pass
        chapters.append(dict(name=n, title=" ".join(p.title.split()), shown=shown,
                             placeholders=p.placeholders, meta=p.meta))
    return chapters


def bundle_posts(folder):
    """The posts `quire bundle FOLDER` takes: a quire.toml's `posts` list, else every .md,
    .markdown and .fsx below it in name order, hidden files and folders skipped."""
    config = os.path.join(folder, "quire.toml")
    if os.path.isfile(config):
        try:
            import tomllib
            listed = tomllib.load(open(config, "rb")).get("posts")
        except Exception as e:  # noqa: BLE001 (quire itself would refuse the book)
            sys.exit(f"check-epub-images: {config}: {e}")
        if listed is not None:
            return [os.path.join(folder, p) for p in listed]
    out = []

    def walk(d):
        try:
            names = sorted(os.listdir(d))
        except OSError:
            return
        for n in names:
            p = os.path.join(d, n)
            if n.startswith("."):
                continue
            if os.path.isdir(p):
                walk(p)
            elif n.lower().endswith((".md", ".markdown", ".fsx")) and os.path.isfile(p):
                out.append(p)

    walk(folder)
    return out


def quire_meta(binary, post):
    r = subprocess.run([binary, "convert", post, "--to", "json", "--quiet"],
                       capture_output=True, stdin=subprocess.DEVNULL)
    if r.returncode != 0:
        sys.exit(f"check-epub-images: {binary} convert {post} --to json failed: "
                 f"{r.stderr.decode(errors='replace').strip()}")
    return json.loads(r.stdout)["meta"]


def date_key(meta):
    d = meta.get("date")
    if not d:
        return (1, 0.0)
    try:
        return (0, datetime.datetime.fromisoformat(d.replace("Z", "+00:00")).timestamp())
    except ValueError:
        return (0, 0.0)


def match(chapters, posts, binary):
    """posts[i] for each chapter, or exit 2 saying why not."""
    if len(chapters) != len(posts):
        sys.exit(f"check-epub-images: the book has {len(chapters)} chapters but "
                 f"{len(posts)} posts were given")
    if len(posts) == 1:
        return posts
    metas = {p: quire_meta(binary, p) for p in posts}
    order = sorted(posts, key=lambda p: (date_key(metas[p]), os.path.basename(p)))
    by_title = {}
    for p in order:
        by_title.setdefault(" ".join((metas[p].get("title") or "").split()), []).append(p)
    out = []
    for i, ch in enumerate(chapters, 1):
        queue = by_title.get(ch["title"])
        if not queue and ch["title"] == f"Post {i}":
            queue = by_title.get("")
        if not queue:
            sys.exit(f"check-epub-images: {ch['name']} (title {ch['title']!r}) matches no "
                     "post given, or more chapters than posts have that title")
        # Posts sharing a title: the one whose date, authors and description the chapter's
        # <meta> elements repeat, else the first in quire's default order.
        m = ch["meta"]

        def agreement(p):
            pm = metas[p]
            return ((pm.get("date") or "") == m.get("dcterms.date", "")) \
                + (list(pm.get("authors") or []) == m["author"]) \
                + ((pm.get("description") or "") == m.get("description", ""))

        best = max(queue, key=agreement)  # max keeps the first of equals
        queue.remove(best)
        out.append(best)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("epub")
    ap.add_argument("posts", nargs="+", metavar="POST|FOLDER")
    ap.add_argument("--quire", default=os.environ.get("QUIRE") or shutil.which("quire"),
                    help="the quire binary that reads the posts' titles")
    ap.add_argument("--root", action="append", default=[], metavar="DIR",
                    help="a folder images may also come from (the folders given to quire bundle)")
    ap.add_argument("--in-order", action="store_true",
                    help="the posts are given in book order (no titles read)")
    args = ap.parse_args()
    try:
        book = zipfile.ZipFile(args.epub)
    except (OSError, zipfile.BadZipFile) as e:
        ap.error(f"{args.epub}: {e}")
    posts, seen = [], set()
    for p in args.posts:
        if os.path.isdir(p):
            args.root.append(p)
            found = bundle_posts(p)
        elif os.path.isfile(p):
            found = [p]
        else:
            ap.error(f"{p}: no such post or folder")
        for f in found:
            if os.path.realpath(f) not in seen:
                seen.add(os.path.realpath(f))
                posts.append(f)
    args.posts = posts
    chapters = read_chapters(book)
    if not args.in_order and len(args.posts) > 1 and not args.quire:
        ap.error("give --quire BIN (or set $QUIRE) to match chapters to posts by title, or --in-order")
    posts = args.posts if args.in_order else match(chapters, args.posts, args.quire)
    if args.in_order and len(chapters) != len(posts):
        ap.error(f"the book has {len(chapters)} chapters but {len(posts)} posts were given")
    roots = [os.path.realpath(r) for r in args.root]

    missing = checked = 0
    for post, ch in zip(posts, chapters):
        source = open(post, encoding="utf-8", errors="replace").read()
        seen = set()
        for line, url in images_of(source):
            if not url or url in seen or is_remote(url):
                continue
            seen.add(url)
            path = locate(url, post, roots)
            if path is None:
                continue
            data = open(path, "rb").read()
            if not is_image(data):
                continue
            checked += 1
            if hashlib.sha256(data).hexdigest() not in ch["shown"]:
                missing += 1
                print(f"{post}:{line}: {url} exists but its chapter shows no <img> "
                      f"({ch['name']}: {len(ch['shown'])} image(s) shown, "
                      f"{ch['placeholders']} placeholder(s))")
    verdict = "FAILED" if missing else "ok"
    print(f"{verdict} {os.path.basename(args.epub)}: {checked - missing} of {checked} existing "
          f"local images shown ({len(posts)} post(s))")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
