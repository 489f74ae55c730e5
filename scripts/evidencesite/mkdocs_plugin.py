"""The MkDocs plugin: the review's pages reach MkDocs in memory, never through docs/.

Registered by an entry point (``mkdocs.plugins``: ``evidencesite``), so mkdocs.yml
names it like any other plugin::

    plugins:
      - evidencesite:
          literature: literature   # relative to mkdocs.yml

A thin adapter over :mod:`evidencesite.pipeline`, used the same way by ``mkdocs
build``, ``evidencesite build`` and the preview (``evidencesite serve`` or ``mkdocs
serve``, which also watch the literature folder, so an edit to a note or a ``.bib``
file reloads the preview; under ``evidencesite serve`` only the pages an edit changed
are rebuilt, see :mod:`evidencesite.preview`). It writes nothing into docs/: docs/
holds hand-written pages only.
"""

from __future__ import annotations

import gc
import logging
import os
import re
import time
from collections.abc import Collection
from functools import lru_cache
from html import escape, unescape
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort, MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel, set_exclusions
from mkdocs.utils import get_relative_url

from .config import CONFIG_FILE, load_shape
from .docs_links import follow_moves
from .load import shown_path
from .model import Problem, Review, ReviewInfo
from .pipeline import (
    Kept,
    Outcome,
    assets,
    forget_caches,
    history_notice,
    run,
    site_url,
    source_date_epoch,
)
from .preview import DirtyWarningFilter, GeneratedFile, Preview, poll_faster
from .render.families import blocks, folders
from .render.feed import feed_path
from .render.feedback import feedback_html
from .render.guidance import page_citation_md
from .render.metadata import json_ld, meta_tags, page_json_ld, review_json_ld
from .render.printing import print_meta_html
from .render.signpost import with_signpost
from .search import SearchIndexError, index_site, mark_page
from .shape import Shape
from .styles import CitationStyle
from .urls import Urls
from .wording import Wording
from .wording import default as default_wording
from .write import collisions, in_the_way_error

log = logging.getLogger("mkdocs.plugins.evidencesite")
#: A Markdown page's title line: '# Title' (and any { #id .class } after it).
_H1 = re.compile(r"^# +(.+?)(?: +\{[^}]*\})? *$", re.MULTILINE)


class EvidenceSiteConfig(Config):  # type: ignore[no-untyped-call]
    literature = config_options.Type(str, default="literature")
    """The review's folder (the .bib files and notes), relative to mkdocs.yml."""
    search = config_options.Type(bool, default=True)
    """Index the built site with Pagefind (search.py). `mkdocs serve` never does: a
    preview rebuilds in a second, and its search page says so."""


def walk_order(file: File) -> tuple[tuple[int, Any], ...]:
    """Sort key for os.walk order with sorted names: a folder's files (index first), then
    its subfolders. MkDocs lists docs/ in this order, so the site (search index, sitemap)
    is byte for byte what a build of the same pages read from disk makes."""
    return _walk_order(file.src_uri)


@lru_cache(maxsize=1 << 17)  # a preview sorts the same 30,000 names on every build
def _walk_order(src_uri: str) -> tuple[tuple[int, Any], ...]:
    *folders, name = src_uri.split("/")
    not_index = name.rpartition(".")[0] not in ("index", "README")  # as mkdocs.structure.files
    return (*((1, folder) for folder in folders), (0, (not_index, name)))


def _outside_nav(generated: list[File], config: Any) -> None:
    """With a nav in mkdocs.yml, the generated pages it leaves out are meant to be
    reached from the pages that list them: MkDocs need not name each one (12,500 lines
    on every preview build at 10,000 references). exclude_docs, draft_docs and
    not_in_nav apply to them first, as to any page."""
    set_exclusions(generated, config)
    if config["nav"] is not None:
        for file in generated:
            if file.inclusion == InclusionLevel.INCLUDED:
                file.inclusion = InclusionLevel.NOT_IN_NAV


class EvidenceSitePlugin(BasePlugin[EvidenceSiteConfig]):  # type: ignore[no-untyped-call]
    """Adds the generated pages to the files MkDocs found in docs/."""

    def __init__(self) -> None:
        self.outcome: Outcome | None = None
        """Set by ``evidencesite build``, which has already run the pipeline."""
        self.literature = Path("literature")
        self.info: ReviewInfo | None = None
        self.words: Wording = default_wording()
        """The review's interface strings (its language), for the foot of every page."""
        self.serving = False
        self.preview: Preview | None = None
        """Set under ``evidencesite serve`` (dirty builds): rebuild only what changed."""
        self.pages_built = 0
        self.searchable: list[str] = []
        """The built pages Pagefind indexes (site-relative paths)."""
        self.pipeline_seconds = 0.0
        self.build_started = 0.0
        self.kept: Kept | None = None
        """What a preview keeps between builds (pipeline.Kept)."""
        self.history_told = False
        """Whether the build has said why no page shows its history (history.py)."""
        self.urls: Urls | None = None
        self.generated_pages: Collection[str] = ()
        """The generated pages' docs paths, for hand-written links (on_page_markdown)."""
        self.feed = ""
        """The Atom feed's site path ('' without one), advertised on every page."""
        self.review_updated: Any = None
        """The date of the review's newest change, for every page's JSON-LD."""
        self.cited: tuple[Review, CitationStyle, str] | None = None
        """The review, its style and address, for a hand-written page's citation."""

    def on_config(self, config: Any) -> Any:
        self.build_started = time.perf_counter()  # MkDocs' first event of a build
        # (after it read mkdocs.yml, which the log's "whole build" leaves out)
        base = Path(config["config_file_path"] or ".").parent
        # Absolute and normalised, as MkDocs makes the path to mkdocs.yml for each
        # rebuild (the first build has it as typed): a preview's caches are keyed by
        # path (not resolve(), which would follow symbolic links). Messages show paths
        # relative to the working folder (load.shown_path).
        self.literature = Path(os.path.abspath(base / self.config.literature))  # noqa: PTH100
        # Reproducible: the sitemap's dates come from the review, not the build day
        # (unless the caller set SOURCE_DATE_EPOCH). Undone when the build ends.
        self._epoch_set = False
        epoch = source_date_epoch(self.literature)
        if epoch and "SOURCE_DATE_EPOCH" not in os.environ:
            os.environ["SOURCE_DATE_EPOCH"] = epoch
            self._epoch_set = True
        self._theme_language(config)
        if self.preview:
            self.preview.theme_files.attach(config["theme"])
        return config

    def _theme_language(self, config: Any) -> None:
        """The theme's own words (Material's search, navigation and footer) in the
        review's language (evidencesite.yml ``language:``), unless mkdocs.yml names
        another: then that one stays, with a warning."""
        theme = config["theme"]
        if "language" not in theme:  # not Material: a theme without the setting
            return
        shape = self.outcome.review.shape if self.outcome else _shape(self.literature)
        if shape is None:  # the pipeline reports why, with the other problems
            return
        wanted = shape.wording.theme
        chosen = _theme_setting(config["config_file_path"], "language")
        if chosen is None:
            theme["language"] = wanted
        elif str(chosen) != wanted:
            log.warning(
                f"{config['config_file_path']}: theme.language is '{chosen}' but the review "
                f"is in '{shape.wording.language}' ({shown_path(self.literature / CONFIG_FILE)} "
                f"language:), so the theme's own words are in '{chosen}': remove "
                f"theme.language, or set it to '{wanted}'"
            )

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        if self.serving and dirty:
            self.preview = Preview()
            self.kept = Kept()
            logging.getLogger("mkdocs.commands.build").addFilter(DirtyWarningFilter())

    @event_priority(100)  # before the search plugin writes its index
    def _search_index(self, config: Any) -> None:
        if self.preview:
            self.preview.index()

    def _post_build(self, config: Any) -> None:
        self._unset_epoch()
        if self.preview:
            self.preview.built()
            log.info(
                f"evidencesite: {self.pages_built} page(s) rebuilt; {self._again()}; reading "
                f"and rendering the review took {self.pipeline_seconds:.2f} s, the whole "
                f"build {time.perf_counter() - self.build_started:.2f} s"
            )
        if self.serving or not self.config.search:
            return
        try:
            index_site(Path(config["site_dir"]), self.searchable)
        except SearchIndexError as exc:
            raise PluginError(f"evidencesite: {exc}") from exc

    on_post_build = CombinedEvent(_search_index, _post_build)

    def _again(self) -> str:
        """What the preview's build read and rendered again, for its log line."""
        assert self.kept is not None
        return (f"read again: {self.kept.bib.parsed} .bib file(s), {self.kept.notes.parsed} "
                f"note(s); rendered again: {self.kept.render.made} piece(s)")  # fmt: skip

    def on_build_error(self, error: Exception) -> None:
        self._unset_epoch()
        if self.preview:
            self.preview.failed()

    def _unset_epoch(self) -> None:
        if getattr(self, "_epoch_set", False):
            os.environ.pop("SOURCE_DATE_EPOCH", None)
            self._epoch_set = False

    def on_files(self, files: Files, config: Any) -> Files:
        started = time.perf_counter()
        outcome, self.outcome = self.outcome or self._run(), None
        self.pipeline_seconds = time.perf_counter() - started
        pages = outcome.pages
        self.info = outcome.review.info
        if outcome.review.shape is not None:
            self.words = outcome.review.shape.wording
        if pages is None:
            raise PluginError(
                f"evidencesite: {outcome.errors} error(s) in {shown_path(self.literature)}; "
                "the site was not built (see above)"
            )
        shape = outcome.review.shape
        urls, wording = (shape.urls, shape.wording) if shape else (None, None)
        self.urls, self.generated_pages = urls, pages.keys()
        feed = feed_path(urls.whats_new()) if urls else ""
        self.feed = feed if feed in pages else ""
        changes = outcome.review.changes
        self.review_updated = changes[0].date if changes else None
        self.cited = None
        if outcome.style is not None:
            self.cited = (outcome.review, outcome.style, site_url(outcome.review))
        shipped: dict[str, str | bytes] = {**pages, **assets(urls, wording)}
        blocked = collisions(files.src_uris, shipped)
        if blocked:
            raise PluginError(str(in_the_way_error(Path(config["docs_dir"]) / blocked[0])))
        if self.preview:
            generated = self.preview.files(config, shipped, self.info)
        else:
            generated = [
                GeneratedFile.generated(config, rel, content=data) for rel, data in shipped.items()
            ]
        _outside_nav(generated, config)
        if not self.preview:  # a one-off build: nothing reads the memos again
            forget_caches()
        self.pages_built = 0
        self.searchable = []
        everything = Files(sorted([*files, *generated], key=walk_order))
        if self.preview:
            self.preview.track(everything)
        return everything

    def on_nav(self, nav: Any, config: Any, files: Files) -> Any:
        if self.preview:
            self.preview.nav(nav, files)
        return nav

    def on_env(self, env: Any, config: Any, files: Files) -> Any:
        if self.preview:  # the last event before MkDocs writes files
            self.preview.settle(config)
            env.bytecode_cache = self.preview.templates
            self.preview.writing()
        else:  # every page is read: the review is not needed again in a one-off build
            self.cited, self.generated_pages = None, ()
            gc.collect()  # now, while MkDocs holds every page, rather than when it may
        return env

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Files) -> str:
        """A hand-written page's links into a folder that moved (`urls: moved:`) point
        at its new folder (docs_links.follow_moves); generated pages are made so. With
        front matter ``cite: page`` it ends with "Cite this page", with ``cite:
        review`` with "Cite this review" (the home page)."""
        if self.urls is None or page.file.src_uri in self.generated_pages:
            if not self.preview:  # read once (this is it): MkDocs keeps the Markdown
                page.file.content_string = ""  # as the page's, so not twice over
            return markdown
        markdown = follow_moves(markdown, page.file.src_uri, self.generated_pages, self.urls)
        return markdown + self._citation(page, config, markdown)

    def _citation(self, page: Any, config: Any, markdown: str) -> str:
        wanted = (page.meta or {}).get("cite")
        if wanted is None or wanted is False or self.cited is None:
            return ""
        if wanted not in ("page", "review", True):
            log.warning(
                f"{shown_path(Path(page.file.abs_src_path or page.file.src_uri))}:1: warning: "
                f"'cite' is '{wanted}'; it must be page (cite this page) or review (cite "
                "the whole review, at the home page's address)"
            )
            return ""
        whole = wanted == "review"
        heading = _H1.search(markdown)  # the page's own title, not the navigation's
        title = (page.meta or {}).get("title") or (heading and heading.group(1))
        title = title or page.title or config["site_name"]
        path = "index.md" if whole else page.file.src_uri
        cite = page_citation_md(*self.cited, unescape(str(title)), path, whole=whole)
        return f"\n\n{cite}" if cite else ""

    def on_page_content(self, html: str, page: Any, config: Any, files: Files) -> str:
        """Every page, hand-written or generated, ends with where to get help now (the
        home page has it in full after its title) and a way to comment on it."""
        self.pages_built += 1
        url = page.canonical_url or page.url
        search = (page.meta or {}).get("search")
        excluded = isinstance(search, dict) and bool(search.get("exclude"))
        signpost = self.info.signpost if self.info else None
        if page.is_homepage:  # indexed with the page, as the rest of its words
            html = with_signpost(html, signpost, home=True)
        html = mark_page(html, searchable=not excluded)
        if not excluded:  # the pages Pagefind reads (search.index_site)
            self.searchable.append(page.file.dest_uri)
        if not page.is_homepage:  # not indexed: it would make every page match
            html = with_signpost(html, signpost, home=False)
        title = (page.meta or {}).get("title")  # as the browser tab shows it
        if not title:
            title = config["site_name"] if page.is_homepage or not page.title else page.title
        printed = print_meta_html(self.words, self.info, url)  # on paper only
        return html + feedback_html(self.words, self.info, unescape(str(title)), url) + printed

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        """Every page's <head> names the feed of changes and carries what machines
        read (render/metadata.py): a note's Highwire Press tags from its front matter
        (``citation:``), and JSON-LD for a page that has none of its own (the home page
        describes the review; any other page is a part of it). The theme has no place
        for them, so they go before </head>."""
        head = []
        if self.feed:
            href = escape(get_relative_url(self.feed, page.file.url))
            head.append(f'<link rel="alternate" type="application/atom+xml" href="{href}">')
        citation = (page.meta or {}).get("citation")
        if isinstance(citation, dict):
            head.append(meta_tags(citation))
        if self.info is not None and "application/ld+json" not in output:
            head.append(json_ld(self._json_ld(page, config)))
        where = output.find("</head>")
        if where < 0 or not any(head):
            return output
        return output[:where] + "\n".join(h for h in head if h) + "\n" + output[where:]

    def _json_ld(self, page: Any, config: Any) -> dict[str, Any]:
        assert self.info is not None
        language, site_url = self.words.tag, config["site_url"] or ""
        if page.is_homepage:
            return review_json_ld(self.info, self.review_updated, language, site_url)
        title = (page.meta or {}).get("title") or page.title or ""
        return page_json_ld(
            self.info,
            unescape(str(title)),
            "/" + page.url,
            updated=None,
            review_updated=self.review_updated,
            language=language,
            site_url=site_url,
        )

    def _run(self) -> Outcome:
        outcome = run(self.literature, self.kept)
        told = self.history_told
        self.history_told = True  # a preview says it once, not after every save
        notice = [] if told else history_notice(outcome.review, self.literature)
        for problem in [*outcome.problems, *notice]:
            shown = {"error": log.error, "warning": log.warning, "info": log.info}
            shown[problem.severity](str(problem))
        return outcome

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        server.watch(str(self.literature))
        server.builder = _reported(server.builder, config["config_file_path"])
        if self.preview:  # the installed theme's folders, not an override folder
            theme = config["theme"]
            poll_faster(server, [d for d in theme.dirs if d != theme.custom_dir])
        return server


def _shape(literature: Path) -> Shape | None:
    """The review's shape alone (its language), before the pipeline reads the rest."""
    problems: list[Problem] = []
    path = literature / CONFIG_FILE
    return load_shape(path, shown_path(path), problems, folders(), blocks())


def _theme_setting(config_file: str | None, name: str) -> object | None:
    """A setting of ``theme:`` as mkdocs.yml itself writes it (None when it does not):
    MkDocs fills in the theme's defaults, so its config cannot tell."""
    from mkdocs.utils.yaml import yaml_load

    if not config_file:
        return None
    with open(config_file, encoding="utf-8") as file:  # noqa: PTH123 (yaml_load reads INHERIT by its name)
        theme = yaml_load(file).get("theme")
    return theme.get(name) if isinstance(theme, dict) else None


def _reported(builder: Any, config_file: str) -> Any:
    """The preview's rebuild, with a mistake in mkdocs.yml (saved while previewing) as
    one message, not a traceback: MkDocs' server prints an Abort as its message, and
    waits for the next save."""

    def build() -> None:
        try:
            builder()
        except MkDocsException as exc:
            if isinstance(exc, Abort):  # already a message
                raise
            raise Abort(f"{config_file}: error: {exc}") from exc

    return build
