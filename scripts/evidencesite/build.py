"""Build the whole site without ever leaving a half-built one.

The rendered pages go to MkDocs in memory (``File.generated``), so a build writes
nothing into docs/: MkDocs builds into a staging folder beside site/, and only a
successful build is swapped in. A failed check, render or build leaves docs/ and
site/ exactly as they were.

Copies of the pages that ``evidencesite generate`` wrote into docs/ earlier (for
``mkdocs serve``) are left on disk but kept out of the build, so a stale copy can
never reach the site; a hand-written file in the way of a generated page is refused,
as ``generate`` refuses it.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

from .render import OUTPUT_FOLDERS
from .write import generated_on_disk, in_the_way, in_the_way_error


class BuildError(Exception):
    """MkDocs refused to build (in strict mode, any warning)."""


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


def _walk_order(file: Any) -> tuple[tuple[int, Any], ...]:
    """Sort key for os.walk order with sorted names: a folder's files (index first), then
    its subfolders."""
    *folders, name = file.src_uri.split("/")
    not_index = name.rpartition(".")[0] not in ("index", "README")  # as mkdocs.structure.files
    return (*((1, folder) for folder in folders), (0, (not_index, name)))


def _pages_plugin(pages: dict[str, str], stale: set[str]) -> Any:
    """A MkDocs plugin that swaps the generated folders' files for ``pages``."""
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import File, Files

    class GeneratedPages(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
        def on_files(self, files: Files, config: Any) -> Files:
            kept = [file for file in files if file.src_uri not in stale]
            generated = [File.generated(config, rel, content=text) for rel, text in pages.items()]
            # In the order MkDocs' own walk of docs/ gives, so that the site (search
            # index, sitemap) is byte for byte what `generate` + `mkdocs build` makes.
            return Files(sorted([*kept, *generated], key=_walk_order))

    return GeneratedPages()


def build_site(pages: dict[str, str], config_file: Path, site_dir: Path | None = None) -> Path:
    """Build ``pages`` (plus the hand-written docs) with MkDocs, then swap in the site.

    Returns the site folder.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    config = load_config(str(config_file))
    docs = Path(config["docs_dir"])
    site = site_dir or Path(config["site_dir"])
    owned = generated_on_disk(docs)  # copies an earlier `generate` wrote
    blocked = in_the_way(pages, docs, OUTPUT_FOLDERS, owned)
    if blocked:
        raise in_the_way_error(docs / blocked[0])
    site.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".evidencesite-", dir=site.parent) as tmp:
        staged_site = Path(tmp) / "site"
        config = load_config(str(config_file), site_dir=str(staged_site), strict=True)
        config.plugins["evidencesite-pages"] = _pages_plugin(pages, owned)
        counter = _Count()
        mkdocs_log = logging.getLogger("mkdocs")
        mkdocs_log.addHandler(counter)
        try:
            build(config)
            if counter.records:  # strict: build() aborts itself, but be explicit
                raise BuildError("\n".join(counter.records))
        except MkDocsException as exc:
            raise BuildError("\n".join([*counter.records, str(exc)])) from exc
        finally:
            mkdocs_log.removeHandler(counter)
        old = Path(tmp) / "old-site"
        if site.exists():
            site.rename(old)
        staged_site.rename(site)
    return site
