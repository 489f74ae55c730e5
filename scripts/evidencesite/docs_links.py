"""Links from the hand-written pages (docs/) into the generated folders.

MkDocs finds a hand-written link to a page that is not generated only when it builds
(a strict build fails on it); `check` finds it first, with the page and line, and the
generated page the link most likely meant. That happens when a folder moves
(`urls:` in evidencesite.yml) or a note or work is renamed.

The hand-written pages are those of the MkDocs project around the literature folder:
the `docs_dir` of the `mkdocs.yml` beside it (default `docs`).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from .model import Location, Problem
from .suggest import closest
from .urls import Urls

#: An inline link or image, `[text](target "title")`, and a reference definition,
#: `[label]: target`; the target's group is "target".
_INLINE = re.compile(r"\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(?P<target>[^\s>]+)>?")
_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")


class _Fences:
    """Which lines are inside a fenced code block: a fence closes only on the same
    character, at least as long (a ``` line inside a ~~~ block is code)."""

    def __init__(self) -> None:
        self.open = ""

    def code(self, line: str) -> bool:
        """True for a fence line or a line inside a block."""
        fence = _FENCE.match(line)
        if self.open:
            if (
                fence
                and fence["fence"][0] == self.open[0]
                and len(fence["fence"]) >= len(self.open)
                and not line[fence.end() :].strip()
            ):
                self.open = ""
            return True
        if fence:
            self.open = fence["fence"]
            return True
        return False


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as YAML: its own tags (`!ENV`, `!relative`) read as nothing."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def docs_folder(literature: Path) -> Path | None:
    """The hand-written pages of the MkDocs project around ``literature``, or None when
    there is no mkdocs.yml beside it (a review checked on its own)."""
    config = literature.parent / "mkdocs.yml"
    if not config.is_file():
        return None
    try:
        # a SafeLoader with one constructor more: no object is made from the file
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506
    except yaml.YAMLError:
        return None  # MkDocs reports its own file's mistakes when it builds
    docs_dir = data.get("docs_dir") if isinstance(data, dict) else None
    docs = config.parent / (docs_dir if isinstance(docs_dir, str) else "docs")
    return docs if docs.is_dir() else None


def _links(text: str) -> Iterator[tuple[int, str]]:
    """Every link target in a Markdown page, with its 1-based line; none in code."""
    fences = _Fences()
    for number, line in enumerate(text.splitlines(), start=1):
        if fences.code(line):
            continue
        line = re.sub(r"`[^`]*`", "", line)  # inline code
        for match in _INLINE.finditer(line):
            yield number, match["target"]
        definition = _DEFINITION.match(line)
        if definition:
            yield number, definition["target"]


def _moved_target(target: str, pages: Collection[str], urls: Urls | None) -> str | None:
    """Where a link into a former folder of a page family (`urls: moved:`) now goes:
    the same page in the folder the family moved to, when that page is generated."""
    folder, _, rest = target.partition("/")
    if urls is None or folder not in urls.moved or not rest:
        return None
    moved = f"{urls.folders[urls.moved[folder]]}/{rest}"
    return moved if moved in pages else None


def _resolved(page: str, href: str) -> tuple[str, str] | None:
    """A relative link's docs path (and what follows the path: #fragment, ?query), or
    None for an absolute or external one."""
    url = urlsplit(href)
    if url.scheme or url.netloc or not url.path or url.path.startswith("/"):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(url.path)))
    return target, href[len(url.path) :]


def follow_moves(text: str, page: str, pages: Collection[str], urls: Urls) -> str:
    """A hand-written page (``page``, docs-relative) with its links into a former folder
    of a page family (`urls: moved:`) pointed at the folder the family moved to, so
    that moving /references/ to /works/ is a change of configuration alone. Only links
    whose page is generated there change; links in code stay as written."""
    if not urls.moved:
        return text
    out: list[str] = []
    fences = _Fences()
    for line in text.splitlines(keepends=True):
        if fences.code(line) or ("](" not in line and "]:" not in line):
            out.append(line)
            continue
        parts = re.split(r"(`[^`]*`)", line)  # inline code stays as written
        for i in range(0, len(parts), 2):
            parts[i] = _INLINE.sub(lambda m: _moved_link(m, page, pages, urls), parts[i])
            parts[i] = _DEFINITION.sub(lambda m: _moved_link(m, page, pages, urls), parts[i])
        out.append("".join(parts))
    return "".join(out)


def _moved_link(match: re.Match[str], page: str, pages: Collection[str], urls: Urls) -> str:
    href = match["target"]
    resolved = _resolved(page, href)
    moved = _moved_target(resolved[0], pages, urls) if resolved else None
    if resolved is None or moved is None:
        return match[0]
    new = posixpath.relpath(moved, posixpath.dirname(page) or ".") + resolved[1]
    start, end = match.span("target")
    whole = match[0]
    offset = match.start()
    return whole[: start - offset] + new + whole[end - offset :]


def _suggestion(target: str, pages: Mapping[str, str], urls: Urls | None) -> str | None:
    """The generated page a link most likely meant: the same page in the folder its
    family moved to (`urls: moved:`), else the one page of that name in another
    folder, else the nearest spelling."""
    folder, _, rest = target.partition("/")
    if urls is not None and folder in urls.moved:
        moved = f"{urls.folders[urls.moved[folder]]}/{rest}"
        if moved in pages:
            return moved
    same = [p for p in pages if p.endswith(".md") and p.partition("/")[2] == rest]
    if len(same) == 1:
        return same[0]
    return closest(target, [p for p in pages if p.endswith(".md")])


def check_docs_links(
    docs: Path, pages: Mapping[str, str], urls: Urls | None = None
) -> list[Problem]:
    """A problem for each link in a hand-written page to a page that is neither
    generated nor written by hand: a folder that moved without `urls: moved:`, a
    renamed note or work, a spelling."""
    problems: list[Problem] = []
    for page in sorted(docs.rglob("*.md")):
        rel = page.relative_to(docs).as_posix()
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        text = page.read_text(encoding="utf-8")
        for line, href in _links(text):
            url = urlsplit(href)
            if url.scheme or url.netloc or not url.path or url.path.startswith("/"):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(url.path)))
            if not target.endswith(".md") or target.startswith("../"):
                continue  # a picture, a file, or outside docs/: MkDocs' own check
            if target in pages or (docs / target).is_file():
                continue
            if _moved_target(target, pages, urls) is not None:  # follow_moves points it on
                continue
            message = f"link to '{target}' but no page is generated there"
            suggestion = _suggestion(target, pages, urls)
            if suggestion:
                message += f"; did you mean '{suggestion}'?"
            problems.append(Problem(Location(str(page), line), "error", message))
    return problems
