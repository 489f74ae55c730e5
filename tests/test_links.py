"""Every internal href and src, and every #fragment, across the whole built site
resolves (issue 6): on the fixture review here, on the real review in
test_literature.py."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from bs4 import BeautifulSoup


def _targets(site: Path) -> tuple[dict[Path, set[str]], list[tuple[Path, str]]]:
    ids: dict[Path, set[str]] = {}
    links: list[tuple[Path, str]] = []
    for path in site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        ids[path] = {t["id"] for t in soup.find_all(id=True)} | {
            t["name"] for t in soup.find_all("a", attrs={"name": True})
        }
        for tag in soup.find_all(["a", "link", "script", "img", "source", "iframe"]):
            ref = tag.get("href") or tag.get("src")
            if ref:
                links.append((path, ref))
    return ids, links


def _check(site: Path) -> list[str]:
    ids, links = _targets(site)
    broken = []
    for page, ref in links:
        url = urlparse(ref)
        if url.scheme in ("http", "https", "mailto", "tel") or ref.startswith("//"):
            continue
        assert url.scheme == "", f"{page}: unexpected scheme in {ref}"
        target = (page.parent / unquote(url.path)).resolve() if url.path else page
        if url.path.startswith("/"):
            target = (site / unquote(url.path).lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            broken.append(f"{page.relative_to(site)}: {ref} (no such file)")
            continue
        if url.fragment and target.suffix == ".html" and url.fragment not in ids.get(target, set()):
            broken.append(f"{page.relative_to(site)}: {ref} (no #{url.fragment})")
    return broken


def test_every_internal_link_and_fragment_resolves(review_site: Path) -> None:
    assert _check(review_site) == []


def test_the_checker_finds_a_broken_link(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text(
        '<a href="../b/">b</a><a href="#top">top</a><a href="../a/#nope">x</a><img src="i.png">'
    )
    assert sorted(_check(tmp_path)) == [
        "a/index.html: #top (no #top)",
        "a/index.html: ../a/#nope (no #nope)",
        "a/index.html: ../b/ (no such file)",
        "a/index.html: i.png (no such file)",
    ]
