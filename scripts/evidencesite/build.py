"""Build the whole site without ever leaving a half-built one.

Changed pages are written into docs/ (each file atomically) and MkDocs builds into a
staging folder beside site/. If the build fails, the pages are put back as they were;
if it succeeds, the new site is swapped in. Either way a failed check, render or
build leaves the previous pages and site exactly as they were.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from .render import OUTPUT_FOLDERS
from .write import WriteReport, write_pages


class BuildError(Exception):
    """MkDocs refused to build (in strict mode, any warning)."""


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


def build_site(
    pages: dict[str, str], config_file: Path, site_dir: Path | None = None
) -> WriteReport:
    """Write ``pages`` into docs/, build with MkDocs beside the old site, then swap.

    If MkDocs fails, the pages written are put back as they were, so docs/ and site/
    are both unchanged. Only changed pages are written, once.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    config = load_config(str(config_file))
    docs = Path(config["docs_dir"])
    site = site_dir or Path(config["site_dir"])
    site.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".evidencesite-", dir=site.parent) as tmp:
        staged_site = Path(tmp) / "site"
        config = load_config(str(config_file), site_dir=str(staged_site), strict=True)
        report = write_pages(pages, docs, OUTPUT_FOLDERS)
        counter = _Count()
        mkdocs_log = logging.getLogger("mkdocs")
        mkdocs_log.addHandler(counter)
        try:
            build(config)
            if counter.records:  # strict: build() aborts itself, but be explicit
                raise BuildError("\n".join(counter.records))
        except MkDocsException as exc:
            report.undo()
            raise BuildError("\n".join([*counter.records, str(exc)])) from exc
        except BaseException:
            report.undo()
            raise
        finally:
            mkdocs_log.removeHandler(counter)
        old = Path(tmp) / "old-site"
        if site.exists():
            site.rename(old)
        staged_site.rename(site)
    return report
