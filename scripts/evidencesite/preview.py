"""A preview that rebuilds only what an edit changed (``evidencesite serve``).

``mkdocs serve`` rebuilds every page after each save: about 5 s at this review's size
and minutes at 10,000 references, though one edited note changes a handful of pages.
``evidencesite serve`` runs MkDocs' own server with dirty builds, and this module
tells MkDocs which pages a build must read and write again:

- a generated page or asset whose content differs from what the last build wrote
  (the pipeline still produces every page; comparing them costs milliseconds);
- a hand-written page, by its file's time, as MkDocs does;
- every page, when the navigation every page shows changed (a title mkdocs.yml does
  not give, which the page gives; a page added or removed). A kept page is not read:
  its title in the navigation is the last build's (:meth:`Preview.nav`).

Anything that shapes every page (mkdocs.yml, review.yml, whose publisher and contact
end each page, a theme override folder, mkdocs.yml's ``watch`` list) empties the
preview's folder first, so that build is a full one. MkDocs' or Material's search
plugin (``init``'s mkdocs.yml has it) indexes only the pages a build builds: the
preview keeps each page's entries and hands the plugin the whole index, in the order a
full build makes it (:class:`SearchEntries`); a search plugin it does not know
rebuilds every page each time. A page whose note or file is gone is removed. MkDocs'
server holds each request until a build has finished, so a reader never sees a
half-built preview.

What a preview does not do: check the links and anchors of pages it did not rebuild
(a hand-written page pointing at an anchor an edit removed). ``make site`` builds
every page in strict mode and does.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
from pathlib import Path, PurePath
from typing import Any

import jinja2
import jinja2.bccache
import watchdog.observers.polling
from mkdocs.commands.build import _populate_page
from mkdocs.structure.files import File
from mkdocs.utils import clean_directory, get_build_date

#: What MkDocs logs before every dirty build. Its warning is about pages it cannot
#: tell are stale; here every stale page is known (see above), and in strict mode the
#: warning alone would stop the preview.
DIRTY_WARNING = "A 'dirty' build is being performed"


class DirtyWarningFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


#: A path pathlib leaves as it is on every system: relative, forward slashes, no
#: empty segment and none starting with a dot (the pipeline checks that every
#: generated path is so: write.check_generated_path).
_PLAIN_PATH = re.compile(r"(?:[^/\\.][^/\\]*/)*[^/\\.][^/\\]*")


class GeneratedFile(File):
    """A generated page or asset for MkDocs. MkDocs' File normalises every path it is
    given through ``pathlib``, which took 0.8 s of each preview build at 10,000
    references (32,000 files); a plain path, as generated paths are, is stored as it
    is, and anything else (another plugin setting a path) is normalised as before."""

    @property
    def src_path(self) -> str:
        return os.path.normpath(self.src_uri)

    @src_path.setter
    def src_path(self, value: str) -> None:
        plain = isinstance(value, str) and _PLAIN_PATH.fullmatch(value)
        self.src_uri = value if plain else PurePath(value).as_posix()


class KeptFile(GeneratedFile):
    """A generated file with the content the preview's last build wrote."""

    kept = True

    def is_modified(self) -> bool:
        return not self.kept


def _keep(file: KeptFile, date: str) -> None:
    """The last build's File of an unchanged generated file, as MkDocs would make it
    again: its addresses, worked out once (a third of a second at 32,000 files), and
    its Page (12,500 of them: another second), unless the page was in the navigation,
    whose links MkDocs makes afresh, or its date (the review's newest change) moved."""
    file.kept = True
    page = file.page
    if page is None:
        return
    in_nav = page.parent is not None or page.previous_page or page.next_page
    if in_nav or page.update_date != date:
        file.page = None
    else:  # what the page was built from, not needed again while it is kept
        page.markdown, page.content = None, None
        page.toc = []  # type: ignore[assignment]  # as MkDocs' Page starts


def _rebuild(file: File) -> None:
    if isinstance(file, KeptFile):
        file.kept = False
    else:  # a hand-written page: MkDocs writes it when its output is missing
        Path(file.abs_dest_path).unlink(missing_ok=True)


class Preview:
    """What the last successful build wrote, and what the next must write again."""

    def __init__(self) -> None:
        self.written: dict[str, str | bytes] = {}
        """docs-relative path -> content of every generated file the last build wrote."""
        self.destinations: dict[str, str] = {}
        """Every file of the last build (hand-written too) -> where it was written, in
        the site folder."""
        self.site_dir = ""
        self.stamp = ""
        self.templates = TemplateCache()
        self.theme_files = ThemeListing()
        self.search = SearchEntries()
        self.shown: Any = None
        """The navigation as the last build's pages show it (:func:`_shown`)."""
        self.shown_pages: dict[str, tuple[Any, dict[str, Any]]] = {}
        """Every page in it -> (its title, its front matter the navigation shows)."""
        self._shown_pending: Any = None
        self._nav: Any = None
        self._files: Any = None
        self._pending: tuple[dict[str, str | bytes], dict[str, str], str] | None = None
        self._writing = False
        self.made: dict[str, GeneratedFile] = {}
        """docs path -> the File the last build gave MkDocs for each generated file."""
        self._made_pending: dict[str, GeneratedFile] = {}
        self.sitemap: Any = None
        """What the last build's sitemap lists: each page's address and date."""
        self._sitemap_pending: Any = None
        self._theme: Any = None

    def files(self, config: Any, shipped: dict[str, str | bytes], info: Any) -> list[File]:
        """MkDocs files for the generated pages; unchanged ones are kept. When anything
        that shapes every page changed (:func:`shaping`), or a search plugin's index
        cannot be followed page by page (:class:`SearchEntries`), the folder is emptied
        and everything is rebuilt."""
        stamp = hashlib.sha256(shaping(config, info).encode("utf-8")).hexdigest()
        followed = self.search.attach(config)
        if stamp != self.stamp or not followed or config["site_dir"] != self.site_dir:
            clean_directory(config["site_dir"])
            self.written, self.destinations = {}, {}
            self.search.kept = {}
            self.shown, self.shown_pages = None, {}
            self.made, self.sitemap = {}, None
        self.site_dir = config["site_dir"]
        made: dict[str, GeneratedFile] = {}
        date = get_build_date()
        for rel, data in shipped.items():
            unchanged = self.written.get(rel) == data
            last = self.made.get(rel)
            if unchanged and isinstance(last, KeptFile):
                _keep(last, date)
                made[rel] = last
            else:
                kind = KeptFile if unchanged else GeneratedFile
                made[rel] = kind.generated(config, rel, content=data)  # type: ignore[assignment]
        self._pending, self._made_pending = (shipped, {}, stamp), made
        return list(made.values())

    def track(self, files: Any) -> None:
        """Every file of this build, hand-written and generated, and where it goes
        (inside the site folder)."""
        if self._pending is not None:
            self._pending[1].update((f.src_uri, f.dest_uri) for f in files)

    def nav(self, nav: Any, files: Any) -> None:
        """Every page shows the navigation: its pages' titles (mkdocs.yml's, else the
        page's own) and, under Material, their icon, subtitle and status (the page's
        front matter). A kept page is not read, so it gets them from the last build
        (the same Markdown gives the same ones); a page the last build did not show is
        read. Once every page to rebuild is read, :meth:`settle` compares the
        navigation with the last build's. (With no nav in mkdocs.yml, every page is in
        it.)"""
        for page in nav.pages:
            src = page.file.src_uri
            if page.file.is_modified():
                continue
            if src not in self.shown_pages:
                _rebuild(page.file)
                continue
            title, meta = self.shown_pages[src]
            page.meta = dict(meta)
            if "title" not in vars(page):
                page.title = title
        self._nav, self._files = nav, files
        self.search.order = files

    def settle(self, config: Any) -> None:
        """Every page to rebuild is read: when the navigation differs from the last
        build's (a title, an icon, a page added or removed), every other page is read
        too, and every page is written."""
        shown = _shown(self._nav.items)
        self._shown_pending = (shown, {p.file.src_uri: (p.title, _nav_meta(p.meta))
                                       for p in self._nav.pages})  # fmt: skip
        self._sitemap(config)
        if shown == self.shown:
            return
        for file in self._files.documentation_pages(inclusion=lambda level: level.is_in_serve()):
            if file.page is not None and not file.is_modified():
                _rebuild(file)
                _populate_page(file.page, config, self._files)

    def _sitemap(self, config: Any) -> None:
        """The sitemap lists every page's address and date; when they are the last
        build's, the file the last build wrote stays (rendering it for 12,500 pages
        took half a second)."""
        pages = self._files.documentation_pages()
        listed = tuple((f.src_uri, f.page and (f.page.canonical_url, f.page.abs_url,
                        f.page.update_date)) for f in pages)  # fmt: skip
        self._sitemap_pending = listed
        theme = config["theme"]
        written = Path(config["site_dir"], "sitemap.xml").is_file()
        if listed == self.sitemap and written and "sitemap.xml" in theme.static_templates:
            theme.static_templates.discard("sitemap.xml")
            self._theme = theme

    def _restore(self) -> None:
        if self._theme is not None:  # the theme as mkdocs.yml made it
            self._theme.static_templates.add("sitemap.xml")
        self._theme, self._sitemap_pending = None, None

    def index(self) -> None:
        """Every page built: the search plugin's index, whole, before it is written."""
        self.search.merge()

    def built(self) -> None:
        """After a successful build: remove what no longer exists (a note or a
        hand-written page deleted), and remember what was written."""
        if self._pending is None:
            return
        shipped, destinations, stamp = self._pending
        current = set(destinations.values())  # a renamed page may write the same file
        for src in self.destinations.keys() - destinations.keys():
            if self.destinations[src] in current:
                continue
            gone = Path(self.site_dir, self.destinations[src])
            if gone.is_file():
                gone.unlink()
                with contextlib.suppress(OSError):  # its folder, once empty
                    gone.parent.rmdir()
        self.written, self.destinations, self.stamp = shipped, destinations, stamp
        self._pending, self._writing = None, False
        self.search.built()
        if self._shown_pending is not None:
            self.shown, self.shown_pages = self._shown_pending
        self._shown_pending, self._nav, self._files = None, None, None
        self.made, self._made_pending = self._made_pending, {}
        self.sitemap = self._sitemap_pending
        self._restore()

    def writing(self) -> None:
        """MkDocs is about to write this build's files."""
        self._writing = True

    def failed(self) -> None:
        """A build that stopped before writing changed nothing (a mistake in a note:
        the preview waits, as it was, for the fix). One that stopped part-way through
        writing may have written some pages and not others: the next build starts from
        an empty folder."""
        if self._writing:
            self.written, self.destinations, self.stamp = {}, {}, ""
            self.search.kept = {}
            self.shown, self.shown_pages = None, {}
            self.sitemap = None
        self._pending, self._writing = None, False
        self.search.made = {}
        self._shown_pending, self._nav, self._files = None, None, None
        self.made, self._made_pending = {}, {}  # a failed build may have left them half made
        self._restore()


#: What Material's navigation shows of a page's front matter, beside its title.
NAV_META = ("icon", "subtitle", "status")


def _nav_meta(meta: dict[str, Any]) -> dict[str, Any]:
    return {key: meta[key] for key in NAV_META if key in meta}


def _shown(items: list[Any]) -> tuple[Any, ...]:
    """The navigation as every page shows it: each item's kind, title, address and the
    front matter Material shows (:data:`NAV_META`), nested as sections nest."""
    return tuple(
        (type(item).__name__, item.title, getattr(item, "url", None),
         repr(_nav_meta(getattr(item, "meta", None) or {})),
         _shown(item.children or []) if item.is_section else ())
        for item in items
    )  # fmt: skip


class ThemeListing:
    """The theme's files, listed once per preview rather than once per build. Before
    reading any page, every MkDocs build lists and filters the theme's files (14,500
    for Material, most of them icons): a quarter of a second, a third of a small
    rebuild. The list depends only on the theme's folders and the names in its
    override folder, so it is listed again when a file there is added or removed."""

    def __init__(self) -> None:
        self.key: tuple[Any, ...] = ()
        self.listed: dict[Any, list[str]] = {}
        """Of the theme as :attr:`key` describes it: filter -> names."""

    def attach(self, theme: Any) -> None:
        """Give every template environment of ``theme`` (a new theme each build) the
        kept listing."""
        get_env = theme.get_env

        def env() -> jinja2.Environment:
            made: jinja2.Environment = get_env()
            whole = made.list_templates

            def list_templates(extensions: Any = None, filter_func: Any = None) -> list[str]:
                key = (tuple(theme.dirs), frozenset(theme.static_templates),
                       _names(theme.custom_dir))  # fmt: skip
                if key != self.key:
                    self.key, self.listed = key, {}
                # MkDocs' filter is a new function each time, made from the same code
                # and the same mkdocs.yml.
                code = getattr(filter_func, "__code__", filter_func)
                entry = (extensions and tuple(extensions), code)
                if entry not in self.listed:
                    self.listed[entry] = whole(extensions, filter_func)
                return list(self.listed[entry])

            made.list_templates = list_templates  # type: ignore[method-assign]
            return made

        theme.get_env = env


def _names(folder: str | None) -> tuple[str, ...]:
    """The files' names in a theme override folder."""
    if not folder:
        return ()
    return tuple(sorted(str(path.relative_to(folder)) for path in Path(folder).rglob("*")))


#: How often the preview looks for saved files, in seconds. MkDocs' server looks every
#: 0.5 s: on average a quarter of a second before a rebuild even starts.
POLLING_INTERVAL = 0.1


def poll_faster(server: Any, theme_dirs: list[str], interval: float = POLLING_INTERVAL) -> bool:
    """MkDocs' server, looking for changes every ``interval`` seconds; True if so. Its
    watcher is made with a fixed interval before plugins see the server, so the paths
    it watches move to a new watcher, each as it was (still polling: it works on every
    file system, as MkDocs chose). Looking at a preview's few folders ten times a
    second is cheap; looking at an installed theme's 14,500 files (``--watch-theme``)
    is not, and then MkDocs' interval stays. (This reads MkDocs 1.6's record of its
    watches; ``tests/test_serve.py`` fails if that changes.)"""
    watched = dict(server._watched_paths)
    installed = {str(Path(d).absolute()) for d in theme_dirs}  # as MkDocs records them
    if installed & watched.keys():
        return False
    recursive = {path: server._watch_refs[path].is_recursive for path in watched}
    for path, count in watched.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = watchdog.observers.polling.PollingObserver(timeout=interval)
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path, recursive=recursive[path])
    return True


class TemplateCache(jinja2.BytecodeCache):
    """The theme's compiled templates, kept between the preview's builds: MkDocs makes a
    new template environment for each build, and compiling the theme's templates again
    took a third of a small rebuild. Jinja checks each template's source checksum."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def shaping(config: Any, info: Any) -> str:
    """Everything that shapes every page, beyond the pages' own Markdown: mkdocs.yml,
    the review's details (the foot of every page), and the files of a theme override
    folder or of mkdocs.yml's ``watch`` list (which MkDocs watches, but cannot tell
    which pages use)."""
    parts = [Path(config["config_file_path"]).read_text(encoding="utf-8"), repr(info)]
    folders = [config["theme"].custom_dir, *config["watch"]]
    for folder in filter(None, folders):
        for path in sorted(Path(folder).rglob("*")):
            with contextlib.suppress(OSError):
                stat = path.stat()
                parts.append(f"{path} {stat.st_size} {stat.st_mtime_ns}")
    return "\n".join(parts)


class SearchEntries:
    """The search index of a preview's dirty builds. MkDocs' search plugin and
    Material's index a page when it is built (``on_page_context``), so a build that
    writes 2 pages indexes 2 (Material merges them into its last index, but assumes one
    page, matching it by address prefix). The preview records each page's entries as the
    plugin makes them, keeps them while the page is kept (the same Markdown gives the
    same entries) and, before the plugin writes its index, gives it every page's
    entries in the order the pages are built, as a full build lists them."""

    def __init__(self) -> None:
        self.kept: dict[str, list[Any]] = {}
        """Page (docs path) -> its entries, as the last successful build left them."""
        self.made: dict[str, list[Any]] = {}
        """Pages this build indexed -> their entries."""
        self.plugin: Any = None
        self.order: Any = None
        """This build's files, in the order MkDocs builds (and indexes) its pages."""
        self._entries: list[Any] | None = None

    def attach(self, config: Any) -> bool:
        """Follow this build's search plugin, if any; False when there is one whose
        index this class cannot follow (then every page is built each time)."""
        self.made, self.order, self._entries, self.plugin = {}, None, None, None
        plugins = config["plugins"]
        plugin = next((plugins[name] for name in SEARCH_PLUGINS if name in plugins), None)
        if plugin is None:
            return True
        index = getattr(plugin, "search_index", None)  # made by on_config or on_pre_build
        entries = getattr(index, "entries", getattr(index, "_entries", None))  # Material's, MkDocs'
        add = getattr(index, "add_entry_from_context", None)
        if index is None or not isinstance(entries, list) or add is None:
            return False
        self.plugin, self._entries = plugin, entries

        def add_entry_from_context(page: Any) -> None:
            start = len(entries)
            add(page)
            self.made[page.file.src_uri] = entries[start:]

        index.add_entry_from_context = add_entry_from_context
        return True

    def merge(self) -> None:
        """The plugin's index: every page's entries, made by this build or kept."""
        if self._entries is None or self.order is None:
            return
        pages = self.order.documentation_pages(inclusion=lambda _: True)
        kept, made = self.kept, self.made
        self.kept = {f.src_uri: made.get(f.src_uri, kept.get(f.src_uri, [])) for f in pages}
        self._entries[:] = [entry for entries in self.kept.values() for entry in entries]
        if hasattr(self.plugin, "search_index_prev"):  # Material's own (partial) merge
            self.plugin.search_index_prev = None

    def built(self) -> None:
        self.made, self.order, self._entries = {}, None, None


#: The search plugins :class:`SearchEntries` follows, as mkdocs.yml names them
#: ("search" is Material's own under Material).
SEARCH_PLUGINS = ("search", "material/search")
