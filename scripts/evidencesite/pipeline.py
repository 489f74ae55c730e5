"""The one pipeline every adapter calls: load -> validate -> derive -> render -> check URLs.

The CLI (``check``, ``generate``, ``build``, ``urls``) and the MkDocs plugin (``mkdocs
build`` and ``mkdocs serve``) all get their pages from :func:`run`, so they can never
disagree about what the site holds or which problems stop it.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import latex, slugs
from .bibmemo import BibMemo, memoised
from .derive import Index, derive
from .history import HistoryCache, read_history
from .load import BibCache, NoteCache, load_review, shown_path
from .meta import load_changes, load_info
from .model import Location, Problem, Review
from .render import common, render_site
from .render.feedback import repository_url
from .render.reuse import Reuse
from .styles import CitationStyle, make_style
from .urls import Urls, url_of
from .validate import check_published, validate
from .wording import Wording, default
from .write import check_generated_path


@dataclass
class Outcome:
    """What one run of the pipeline found and made."""

    review: Review
    problems: list[Problem]
    """Every problem, in the order found (errors and warnings)."""
    pages: dict[str, str] | None
    """docs-relative path -> text; None when any problem is an error."""
    style: CitationStyle | None = None
    """The citation style (when rendered), for what an adapter adds to hand-written
    pages ("Cite this page", mkdocs_plugin)."""

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Loading and rendering allocate hundreds of thousands of objects that live until
    the end and form no garbage cycles, so the cycle collector's repeated scans of them
    are pure cost (10-15% at 10,000 references). Reference counting still frees
    everything else at once; the collector runs again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def forget_caches() -> None:
    """Empty the memos that loading and rendering fill (decoded LaTeX, slugs, escaped
    text, the generated paths checked): a preview's next build reads them, a one-off
    build never again. At 10,000 references they hold about half a million objects
    (some 50 MB), which MkDocs can use for its pages instead."""
    for memo in (latex.decode, slugs.key_slug, slugs.value_slug, common.text,
                 check_generated_path):  # fmt: skip
        memo.cache_clear()


def site_url(review: Review) -> str:
    """Where the site is published: $SITE_URL, else review.yml's site_url."""
    return os.environ.get("SITE_URL") or (review.info.site_url if review.info else "")


def no_address(review: Review, literature: Path) -> list[Problem]:
    """A build without a published address, said once as information (never failing
    --strict: a local build, and CI's, has none; the deploy sets SITE_URL)."""
    if site_url(review):
        return []
    message = (
        "the site has no published address (neither SITE_URL nor site_url in review.yml): "
        "permanent links and citations give each page's path, and the site names no "
        "canonical address and no absolute sitemap or download addresses; set SITE_URL, "
        "or site_url, when building the published site"
    )
    return [Problem(Location(shown_path(literature / "review.yml"), 1), "info", message)]


def no_channel(review: Review, literature: Path) -> list[Problem]:
    """No way for readers to comment, as information (the deploy may still set
    REPOSITORY_URL): review.yml names neither a repository nor a contact."""
    info = review.info
    if info is None or info.contact or info.repository or repository_url(info):
        return []
    message = (
        "readers have no way to comment: neither 'repository' nor 'contact' is set (nor "
        "REPOSITORY_URL), so pages have no comment link and What's new does not ask for "
        "comments; set 'repository' (its issue form) or 'contact' (an email or a contact form)"
    )
    return [Problem(Location(shown_path(literature / "review.yml"), 1), "info", message)]


def history_notice(review: Review, literature: Path) -> list[Problem]:
    """Why no page shows its history (no git, no repository, a shallow clone), said
    once as information by a build; nothing when the history was read, or when no
    version is tagged yet."""
    if review.history is None or not review.history.notice:
        return []
    return [Problem(Location(shown_path(literature), 0), "info", review.history.notice)]


def source_date_epoch(literature: Path) -> str | None:
    """The review's own date, for reproducible builds (SOURCE_DATE_EPOCH): midnight UTC
    of the newest change in changes.yml, or of the last search; None without either.
    MkDocs dates the sitemap by it, so rebuilding on another day changes nothing."""
    problems: list[Problem] = []
    info = load_info(literature / "review.yml", "review.yml", problems)
    changes = load_changes(literature / "changes.yml", "changes.yml", problems)
    days = [c.date for c in changes] + ([info.last_search] if info else [])
    if not days:
        return None
    newest = dt.datetime.combine(max(days), dt.time(), tzinfo=dt.UTC)
    return str(int(newest.timestamp()))


ASSETS = Path(__file__).parent / "assets"
#: Where the package's stylesheet and scripts go in the site (name them in mkdocs.yml's
#: extra_css and extra_javascript).
ASSET_FOLDER = "assets/evidencesite"


#: In site.js, where the header's search box sends a search (the default folder).
SEARCH_PAGE = b'var SEARCH_PAGE = "find/";'
#: In site.js, the words its scripts show and their language, written in when shipped.
WORDING = b'var WORDING = {}, LANGUAGE = "en", DATES = null;'


def assets(urls: Urls | None = None, wording: Wording | None = None) -> dict[str, bytes]:
    """The package's CSS and JavaScript, keyed by their path in the docs tree; site.js
    with the search page's folder of ``urls`` (the review's URLs) and the strings of
    ``wording`` its scripts show (the review's language; English by default)."""
    files = {
        f"{ASSET_FOLDER}/{path.name}": path.read_bytes()
        for path in sorted(ASSETS.iterdir())
        if path.suffix in (".css", ".js")
    }
    script = f"{ASSET_FOLDER}/site.js"
    assert SEARCH_PAGE in files[script], "site.js no longer names the search page"
    assert WORDING in files[script], "site.js no longer takes its words"
    if urls is not None:
        folder = urls.search().removesuffix("index.md")
        here = b"var SEARCH_PAGE = " + json.dumps(folder).encode() + b";"
        files[script] = files[script].replace(SEARCH_PAGE, here)
    files[script] = files[script].replace(WORDING, script_wording(wording or default()))
    return files


def script_wording(wording: Wording) -> bytes:
    """site.js's line of words: the catalogue's js.* strings, the language's tag and
    how it writes a date (Wording.date_form)."""
    strings = json.dumps(wording.script(), ensure_ascii=True, sort_keys=True)
    language, dates = json.dumps(wording.tag), json.dumps(wording.date_form(), ensure_ascii=True)
    return f"var WORDING = {strings}, LANGUAGE = {language}, DATES = {dates};".encode()


#: Set (to anything) to render from nothing after every reusing render and stop on
#: any difference: ``tests/test_serve.py`` runs every preview this way.
CHECK_REUSE = "EVIDENCESITE_CHECK_REUSE"


def _check_reuse(review: Review, pages: dict[str, str]) -> None:
    fresh = render_site(review, *derived(review), site_url(review))
    stale = sorted(p for p in fresh.keys() | pages.keys() if fresh.get(p) != pages.get(p))
    if stale:
        raise AssertionError(f"a reusing render differs from a fresh one: {stale[:10]}")


@dataclass
class Kept:
    """What a preview keeps between its builds, so that a save costs what it changed:
    the .bib files and notes as last read, and the pieces of the last render. The
    pages are the same as a build from nothing makes."""

    bib: BibCache = field(default_factory=BibCache)
    notes: NoteCache = field(default_factory=NoteCache)
    render: Reuse = field(default_factory=Reuse)
    history: HistoryCache = field(default_factory=HistoryCache)
    """The released versions as last read: read again only when the tags change."""
    bibliography: BibMemo = field(default_factory=BibMemo)
    """What validate and derive work out from the references and the shape alone."""


def cache_folder(literature: Path) -> Path:
    """Where a build keeps what it may reuse next time (a CSL style's rendered works):
    beside the review's folder, outside the docs and the site, ignored by git."""
    return literature.resolve().parent / ".cache" / "evidencesite"


def derived(
    review: Review, cache: Path | None = None, memo: BibMemo | None = None
) -> tuple[Index, CitationStyle]:
    """The derive stage: the one frozen index of a valid review, and the citation style
    (chosen first: its order is the bibliography's), prepared for its references,
    keeping what it renders in ``cache`` when given one. A preview passes its ``memo``
    (bibmemo.py); it is used only with the built-in style, which reads nothing but the
    references and the shape's wording (a CSL style also reads the notes' locators)."""
    if review.shape is None or review.shape.style is not None:
        memo = None
    style = memoised(memo, "style", lambda: make_style(review, cache))
    return derive(review, style.sort_key, memo), style


def run(literature: Path, kept: Kept | None = None) -> Outcome:
    """Load, validate and (when valid) derive and render the review in ``literature``.
    A preview passes what it ``kept`` from its last build."""
    with no_cycle_collection():
        if kept is None:
            review = load_review(literature)
        else:
            review = load_review(literature, kept.bib, kept.notes)
            kept.bibliography.start(review)
        memo = kept.bibliography if kept else None
        problems = validate(review, memo)
        pages, made = None, None
        if not any(p.severity == "error" for p in problems):
            if review.shape is not None:  # each note's history, from git (history.py)
                cache = kept.history if kept else None
                review.history = read_history(literature, review.shape, cache)
            index, style = made = derived(review, cache_folder(literature), memo)
            reuse = kept.render if kept else None
            pages = render_site(review, index, style, site_url(review), reuse)
            for path in pages:  # every adapter stores and writes them as they are
                check_generated_path(path)
            if kept is not None and os.environ.get(CHECK_REUSE):
                _check_reuse(review, pages)
            problems += check_published(review, {url_of(path) for path in pages})
            problems += no_channel(review, literature)
            if any(p.severity == "error" for p in problems):
                pages = None
    return Outcome(review, problems, pages, made[1] if made and pages is not None else None)
