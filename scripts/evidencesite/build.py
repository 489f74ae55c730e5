"""Build the whole site without ever leaving a half-built one.

Pages are rendered into a staging copy of docs/ and MkDocs builds from it into a
staging site folder. Only when both succeed are the generated folders of docs/
synced and site/ swapped in, so a failed check, render or build leaves the previous
pages and site exactly as they were.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from .render import OUTPUT_FOLDERS
from .write import MANIFEST, WriteReport, write_pages


class BuildError(Exception):
    """MkDocs refused to build (in strict mode, any warning)."""


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


def _stage_docs(docs: Path, staging: Path, pages: dict[str, str]) -> None:
    """Hand-written files of docs/ plus the freshly rendered pages."""
    ignore = set(OUTPUT_FOLDERS) | {MANIFEST}

    def skip(folder: str, names: list[str]) -> set[str]:
        return {n for n in names if n in ignore} if Path(folder) == docs else set()

    shutil.copytree(docs, staging, ignore=skip)
    for rel, text in pages.items():
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def build_site(
    pages: dict[str, str], config_file: Path, site_dir: Path | None = None
) -> WriteReport:
    """Build ``pages`` with MkDocs; on success sync docs/ and swap in the new site."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    config = load_config(str(config_file))
    docs = Path(config["docs_dir"])
    site = site_dir or Path(config["site_dir"])
    site.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".evidencesite-", dir=site.parent) as tmp:
        staged_docs = Path(tmp) / "docs"
        staged_site = Path(tmp) / "site"
        _stage_docs(docs, staged_docs, pages)
        config = load_config(
            str(config_file), docs_dir=str(staged_docs), site_dir=str(staged_site), strict=True
        )
        counter = _Count()
        mkdocs_log = logging.getLogger("mkdocs")
        mkdocs_log.addHandler(counter)
        try:
            build(config)
        except MkDocsException as exc:
            raise BuildError("\n".join([*counter.records, str(exc)])) from exc
        finally:
            mkdocs_log.removeHandler(counter)
        if counter.records:  # strict: build() aborts itself, but be explicit
            raise BuildError("\n".join(counter.records))
        report = write_pages(pages, docs, OUTPUT_FOLDERS)
        old = Path(tmp) / "old-site"
        if site.exists():
            site.rename(old)
        staged_site.rename(site)
    return report
