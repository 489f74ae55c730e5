"""MkDocs hook for ``mkdocs serve``: regenerate pages when literature/ changes.

Loaded by path (mkdocs.yml ``hooks:``), so it imports the installed package absolutely.
A convenience only: ``evidencesite generate`` writes the same pages before a build,
so the site builds without this hook (and with tools that run no hooks). During
``mkdocs build`` the hook does nothing.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from evidencesite.cli import site_url
from evidencesite.load import load_review
from evidencesite.render import OUTPUT_FOLDERS, render_site
from evidencesite.validate import validate
from evidencesite.write import write_pages

log = logging.getLogger("mkdocs.hooks.evidencesite")
_state: dict[str, Any] = {"serving": False}


def _literature(config: Any) -> Path:
    return Path(config["config_file_path"]).parent / "literature"


def on_startup(command: str, dirty: bool) -> None:
    _state["serving"] = command == "serve"


def on_pre_build(config: Any) -> None:
    if not _state["serving"]:
        return
    started = time.perf_counter()
    review = load_review(_literature(config))
    problems = validate(review)
    for problem in problems:
        (log.error if problem.severity == "error" else log.warning)(str(problem))
    if any(p.severity == "error" for p in problems):
        log.error("evidencesite: pages not regenerated: fix the errors above")
        return
    pages = render_site(review, site_url(review))
    result = write_pages(pages, Path(config["docs_dir"]), OUTPUT_FOLDERS)
    log.info(
        "evidencesite: %d pages rewritten, %d removed, %d unchanged in %.2f s",
        len(result.written),
        len(result.removed),
        result.unchanged,
        time.perf_counter() - started,
    )


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    server.watch(str(_literature(config)))
    return server
