"""What a reader downloads (issue 16): search with Pagefind against Material's search,
and the home page's first visit, counted in Chromium at N references (default
10,000; BENCH_SEARCH_SIZE).

For every response Chromium records, the bytes on disk are counted, and the bytes a
server sends gzip-compressed (level 6, as web servers and GitHub Pages use; Pagefind's
index files and wasm are already compressed, and count the same both ways).

Usage: python -m bench.search   (make bench runs it after the size table)
"""

from __future__ import annotations

import functools
import gzip
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

from bench.synth import write_literature

ROOT = Path(__file__).resolve().parent.parent
SIZE = int(os.environ.get("BENCH_SEARCH_SIZE", "10000"))
CHROMIUM = "/usr/bin/chromium"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _project(root: Path, literature: Path, material_search: bool) -> Path:
    """The real mkdocs.yml around the synthetic review, with one-line hand-written
    pages; with material_search, Material's own search plugin as before Pagefind."""
    project = root / ("material" if material_search else "pagefind")
    docs = project / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Benchmark review\n\nHome.\n", encoding="utf-8")
    (docs / "methods.md").write_text(
        "# Methods\n\n## How strength was judged { #how-strength-was-judged }\n", encoding="utf-8"
    )
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("literature: literature", f"literature: {literature}")
    if material_search:  # Material's search, and no Pagefind: the approach before
        config = config.replace("\nplugins:\n", "\nplugins:\n  - search\n")
        config = config.replace(
            f"literature: {literature}", f"literature: {literature}\n      search: false"
        )
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project


def _build(project: Path, material_search: bool) -> tuple[Path, float]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "scripts")}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "evidencesite.cli", "build", "-q", "--config",
         str(project / "mkdocs.yml")],
        cwd=project, env=env, check=True,
    )  # fmt: skip
    return project / "site", time.perf_counter() - start


def _sizes(site: Path, path: str) -> tuple[int, int]:
    local = site / path.lstrip("/")
    if local.is_dir():
        local = local / "index.html"
    data = local.read_bytes() if local.is_file() else b""
    return len(data), len(gzip.compress(data, compresslevel=6, mtime=0))


def _serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def _visit(site: Path, action) -> list[tuple[str, int, int]]:
    """Every response while ``action(page, base)`` runs: (path, bytes, gzip bytes)."""
    from playwright.sync_api import sync_playwright

    httpd, base = _serve(site)
    seen: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM)
            page = browser.new_page()
            page.on("requestfinished", lambda r: seen.append(urlparse(r.url).path))
            action(page, base, seen)
            browser.close()
    finally:
        httpd.shutdown()
    return [(path, *_sizes(site, path)) for path in seen]


def _first_visit(page, base: str, seen: list[str]) -> None:
    page.goto(base + "/")
    page.wait_for_load_state("networkidle")


def _pagefind_search(query: str):
    def act(page, base: str, seen: list[str]) -> None:
        page.goto(base + "/find/")
        page.wait_for_load_state("networkidle")
        seen.clear()  # the search page itself is not search
        page.fill("#es-search-input", query)
        page.wait_for_function(
            "() => /match|No pages/.test(document.querySelector('.es-search-status').textContent)"
        )

    return act


def _material_search(query: str):
    def act(page, base: str, seen: list[str]) -> None:
        page.goto(base + "/")  # Material loads its index on the first visit
        meta = page.locator(".md-search-result__meta")
        page.wait_for_function(
            "() => document.querySelector('.md-search-result__meta')"
            " && !/Initializing/.test(document.querySelector('.md-search-result__meta').textContent)",
            timeout=600_000,
        )
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").fill(query)
        meta.wait_for()

    return act


def _kind(path: str) -> str:
    if "/pagefind/" in path or "search_index" in path or "/workers/" in path:
        return "search"
    suffix = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else "html"
    return {"js": "scripts", "css": "styles", "svg": "images", "png": "images",
            "woff2": "fonts", "html": "page"}.get(suffix, suffix)  # fmt: skip


def _total(rows: list[tuple[str, int, int]], only: str | None = None) -> tuple[int, int, int]:
    chosen = [r for r in rows if only is None or _kind(r[0]) == only]
    return len(chosen), sum(r[1] for r in chosen), sum(r[2] for r in chosen)


def main(pagefind_site: Path | None = None, size: int = SIZE) -> tuple[dict, str]:
    """Count what a reader downloads; ``pagefind_site``, when given, is a site of
    ``size`` synthetic references that make bench has built already (with the review's
    own settings: Pagefind), so only Material's search is built here. Returns the
    totals (KB gzip) and a Markdown report."""
    root = Path(os.environ.get("BENCH_TMP", "/tmp")) / f"evidencesite-bench-search-{size}"
    shutil.rmtree(root, ignore_errors=True)
    literature = write_literature(root, size)
    surname = "Patel"  # a family name of the synthetic bibliography
    assert re.search(rf"\b{surname}\b", (literature / "references.bib").read_text())
    builds = []
    if pagefind_site is None:
        pagefind_site, pagefind_s = _build(_project(root, literature, False), False)
        builds.append(f"with Pagefind {pagefind_s:.0f} s")
    material_site, material_s = _build(_project(root, literature, True), True)
    builds.append(f"with Material's search {material_s:.0f} s")
    rows = {
        "Pagefind: open the search page, search for a surname, see the results": _visit(
            pagefind_site, _pagefind_search(surname)
        ),
        "Material's search: first visit (it fetches the whole index), the same search": _visit(
            material_site, _material_search(surname)
        ),
        "the home page, first visit (Pagefind build)": _visit(pagefind_site, _first_visit),
    }
    lines = [f"What a reader downloads, {size:,} references, counted in Chromium "
             f"(builds: {', '.join(builds)}, one each):", "",
             "| what | requests | bytes | gzip bytes | of which search (gzip) |",
             "|---|---:|---:|---:|---:|"]  # fmt: skip
    totals = {}
    for label, found in rows.items():
        count, raw, packed = _total(found)
        _, _, search = _total(found, "search")
        totals[label] = packed / 1024
        lines.append(f"| {label} | {count} | {raw / 1024:,.0f} KB | {packed / 1024:,.0f} KB "
                     f"| {search / 1024:,.0f} KB |")  # fmt: skip
    home = rows["the home page, first visit (Pagefind build)"]
    lines += ["", "The home page, first visit, by part (gzip):", ""]
    for part in sorted({_kind(p) for p, _, _ in home}):
        count, _, packed = _total(home, part)
        lines.append(f"- {part}: {count} files, {packed / 1024:,.1f} KB")
    index = material_site / "search" / "search_index.json"
    bundle = sum(p.stat().st_size for p in (pagefind_site / "pagefind").rglob("*") if p.is_file())
    lines += ["", f"Material's search_index.json: {index.stat().st_size / 1024 / 1024:,.1f} MB "
              f"({len(gzip.compress(index.read_bytes(), 6)) / 1024 / 1024:,.1f} MB gzip); "
              f"Pagefind's whole bundle on disk: {bundle / 1024 / 1024:,.1f} MB, "
              "of which a search fetches the parts above."]  # fmt: skip
    shutil.rmtree(root, ignore_errors=True)
    keys = list(totals)
    figures = {"size": size, "pagefind_kb": totals[keys[0]], "material_kb": totals[keys[1]],
               "home_kb": totals[keys[2]]}  # fmt: skip
    return figures, "\n".join(lines)


if __name__ == "__main__":
    print(main()[1])
