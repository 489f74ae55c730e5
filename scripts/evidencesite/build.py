"""Build the whole site with MkDocs without ever leaving a half-built one.

The generated pages reach MkDocs in memory through the evidencesite plugin, so a build
writes nothing into docs/. MkDocs builds into a staging folder beside the site folder,
and only a successful build is swapped in: a failed check, render or build leaves the
site exactly as it was. No output folder may be, hold or sit inside a source folder.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

from .load import shown_path
from .pipeline import Outcome
from .swap import build_lock, put_in_place, recover, staging_prefix
from .write import WriteError, unsafe_output, unsafe_output_error


class BuildError(Exception):
    """MkDocs refused to build (in strict mode, any warning), or its configuration is
    not one evidencesite can build."""


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


def load_config(config_file: Path, site_dir: Path | None = None) -> Any:
    """mkdocs.yml, validated by MkDocs, with the evidencesite plugin in it; ``site_dir``
    overrides its site folder once that is checked to be safe."""
    from mkdocs.config import load_config as mkdocs_load_config
    from mkdocs.exceptions import MkDocsException

    if not config_file.is_file():
        raise BuildError(f"{config_file}: error: MkDocs configuration not found")
    try:
        config = mkdocs_load_config(str(config_file), strict=True)
    except MkDocsException as exc:  # MkDocs has logged each wrong setting
        raise BuildError(f"{config_file}: error: {exc}") from exc
    if "evidencesite" not in config.plugins:
        raise BuildError(
            f"{config_file}: error: the evidencesite plugin is not enabled; add it under "
            "plugins:, e.g. '  - evidencesite: {literature: literature}'"
        )
    if site_dir is not None:
        config["site_dir"] = str(site_dir)
    check_site_dir(config)
    return config


def literature_of(config: Any) -> Path:
    """The review folder the plugin reads, as mkdocs.yml names it."""
    base = Path(config["config_file_path"]).parent
    folder: str = config.plugins["evidencesite"].config.literature
    return base / folder


def check_site_dir(config: Any) -> Path:
    """The site folder, refused before anything is touched when it is, holds or sits
    inside a source (the review, docs/, mkdocs.yml)."""
    site = Path(config["site_dir"])
    sources = (literature_of(config), Path(config["docs_dir"]), Path(config["config_file_path"]))
    reason = unsafe_output(site, (Path(shown_path(source)) for source in sources))
    if reason:
        raise unsafe_output_error(Path(shown_path(site)), reason, "site/")
    return site


def build_site(outcome: Outcome, config: Any) -> Path:
    """Build the pipeline's pages (plus the hand-written docs) with MkDocs, then swap
    the new site in (atomically, one build at a time: see swap.py). Returns the site
    folder."""
    site = check_site_dir(config)
    waiting = f"evidencesite: waiting for another build of {shown_path(site)} to finish..."
    with build_lock(site, waiting):
        recover(site)
        _build_and_swap(outcome, config, site)
    return site


def _build_and_swap(outcome: Outcome, config: Any, site: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    with tempfile.TemporaryDirectory(prefix=staging_prefix(site), dir=site.parent) as tmp:
        staged_site = Path(tmp) / "site"
        config["site_dir"] = str(staged_site)
        config.plugins["evidencesite"].outcome = outcome
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
            config["site_dir"] = str(site)
        put_in_place(staged_site, site, Path(tmp) / "old-site")


__all__ = ["BuildError", "WriteError", "build_site", "check_site_dir", "load_config"]
