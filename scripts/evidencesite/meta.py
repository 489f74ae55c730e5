"""Load the review's own records: ``review.yml`` (title, version, last search),
``changes.yml`` (what changed when) and ``published-urls.txt`` (every URL ever
published). All optional; each mistake becomes a Problem with its line."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Any

import yaml

from .bibtex import read_text
from .model import Change, Location, Problem, ReviewInfo

MAX_META_BYTES = 1024 * 1024
INFO_KEYS = ("title", "authors", "version", "last_search", "site_url", "licence")


def _yaml(path: Path, shown: str, problems: list[Problem]) -> tuple[Any, yaml.Node | None]:
    text = read_text(path, shown, MAX_META_BYTES, problems)
    if text is None:
        return None, None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is not None and _has_alias(node, set()):
            problems.append(Problem(Location(shown, 1), "error", "YAML aliases are not allowed"))
            return None, None
        return yaml.safe_load(text), node
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problems.append(Problem(Location(shown, line), "error", f"not valid YAML: {exc.problem}"))
    except yaml.YAMLError as exc:
        problems.append(Problem(Location(shown, 1), "error", f"not valid YAML: {exc}"))
    return None, None


def _has_alias(node: yaml.Node, seen: set[int]) -> bool:
    if id(node) in seen:
        return True
    seen.add(id(node))
    children: list[yaml.Node] = []
    if isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    elif isinstance(node, yaml.MappingNode):
        children = [n for pair in node.value for n in pair]
    return any(_has_alias(child, seen) for child in children)


def _key_lines(node: yaml.Node | None) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _ in node.value}


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def load_info(path: Path, shown: str, problems: list[Problem]) -> ReviewInfo | None:
    if not path.exists():
        return None
    data, node = _yaml(path, shown, problems)
    if data is None:
        return None
    lines = _key_lines(node)
    if not isinstance(data, dict):
        problems.append(Problem(Location(shown, 1), "error", "review.yml must be a mapping"))
        return None
    for key in data:
        if key not in INFO_KEYS:
            close = difflib.get_close_matches(str(key), INFO_KEYS, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            problems.append(
                Problem(
                    Location(shown, lines.get(str(key), 1)), "warning", f"unknown key '{key}'{hint}"
                )
            )
    ok = True
    for key in ("title", "version"):
        if not isinstance(data.get(key), str | int | float) or not str(data.get(key)).strip():
            problems.append(
                Problem(Location(shown, lines.get(key, 1)), "error", f"'{key}' is required")
            )
            ok = False
    authors = data.get("authors")
    if not isinstance(authors, list) or not all(isinstance(a, str) and a.strip() for a in authors):
        problems.append(
            Problem(
                Location(shown, lines.get("authors", 1)),
                "error",
                "'authors' must be a list of names",
            )
        )
        ok = False
    last_search = _date(data.get("last_search"))
    if last_search is None:
        problems.append(
            Problem(
                Location(shown, lines.get("last_search", 1)),
                "error",
                "'last_search' must be a date like 2026-11-26",
            )
        )
        ok = False
    if not ok or last_search is None or not isinstance(authors, list):
        return None
    return ReviewInfo(
        title=str(data["title"]).strip(),
        authors=[str(a).strip() for a in authors],
        version=str(data["version"]).strip(),
        last_search=last_search,
        site_url=str(data.get("site_url") or "").strip(),
        licence=str(data.get("licence") or "").strip(),
    )


def load_changes(path: Path, shown: str, problems: list[Problem]) -> list[Change]:
    if not path.exists():
        return []
    data, node = _yaml(path, shown, problems)
    if data is None:
        return []
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        problems.append(
            Problem(Location(shown, 1), "error", "changes.yml must be a list of changes")
        )
        return []
    changes = []
    for item, item_node in zip(data, node.value, strict=True):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict):
            problems.append(
                Problem(Location(shown, line), "error", "each change must be a mapping")
            )
            continue
        date = _date(item.get("date"))
        summary = item.get("summary")
        notes = item.get("notes", [])
        if date is None:
            problems.append(
                Problem(Location(shown, line), "error", "change needs a 'date' like 2026-11-26")
            )
            continue
        if not isinstance(summary, str) or not summary.strip():
            problems.append(Problem(Location(shown, line), "error", "change needs a 'summary'"))
            continue
        if notes != "all" and not (
            isinstance(notes, list) and all(isinstance(n, str) for n in notes)
        ):
            problems.append(
                Problem(
                    Location(shown, line), "error", "'notes' must be a list of note ids, or all"
                )
            )
            continue
        for unknown in sorted(set(item) - {"date", "summary", "notes"}):
            problems.append(
                Problem(Location(shown, line), "warning", f"unknown key '{unknown}' in change")
            )
        changes.append(
            Change(
                date=date,
                summary=" ".join(summary.split()),
                notes=None if notes == "all" else [str(n) for n in notes],
                line=line,
            )
        )
    return sorted(changes, key=lambda c: c.date, reverse=True)


def load_published(path: Path, shown: str, problems: list[Problem]) -> dict[str, int]:
    """URL -> line in published-urls.txt."""
    if not path.exists():
        return {}
    text = read_text(path, shown, MAX_META_BYTES * 16, problems)
    if text is None:
        return {}
    urls: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        url = raw.strip()
        if not url or url.startswith("#"):
            continue
        if not url.startswith("/") or any(part in ("..", ".") for part in url.split("/")):
            problems.append(
                Problem(
                    Location(shown, number),
                    "error",
                    f"'{url}' is not a site path like /themes/power/",
                )
            )
            continue
        urls.setdefault(url, number)
    return urls
