#!/usr/bin/env python3
"""Loads HTML pages in headless Chromium (Debian's, driven by Playwright) at a phone and a
desktop width; fails if a page scrolls sideways or logs a console error. Saves one
screenshot per page and width.

usage: browser-check.py OUT_DIR PAGE.html[:allow-missing-files] ...

`:allow-missing-files` ignores "Failed to load resource" errors (a page whose images are
missing on disk); every other console error still fails.
"""
import pathlib
import sys

from playwright.sync_api import sync_playwright

WIDTHS = (375, 1280)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def main():
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    failures = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for spec in sys.argv[2:]:
            path, _, flag = spec.partition(":")
            page_file = pathlib.Path(path).resolve()
            for width in WIDTHS:
                page = browser.new_page(viewport={"width": width, "height": 900})
                errors = []
                page.on("console", lambda m: m.type == "error" and errors.append(m.text))
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.goto(page_file.as_uri())
                page.wait_for_load_state("load")
                scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
                shot = out / f"{page_file.stem}-{width}.png"
                page.screenshot(path=str(shot), full_page=False)
                if flag == "allow-missing-files":
                    errors = [e for e in errors if "Failed to load resource" not in e]
                status = "ok" if scroll <= inner and not errors else "FAIL"
                print(f"{status} {page_file.name} at {width}px: scrollWidth {scroll} <= innerWidth {inner}; "
                      f"{len(errors)} console errors; screenshot {shot}")
                if status == "FAIL":
                    failures.append((page_file.name, width, scroll, inner, errors))
                page.close()
        browser.close()
    for f in failures:
        print("failure:", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
