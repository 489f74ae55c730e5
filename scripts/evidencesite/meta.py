"""Load the review's own records: ``review.yml`` (title, version, last search),
``changes.yml`` (what changed when) and ``published-urls.txt`` (every URL ever
published). All optional; each mistake becomes a Problem with its line."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from .bibtex import read_text
from .model import SIGNPOST_LINK, Change, Location, Problem, ReviewInfo, Signpost
from .suggest import did_you_mean
from .yamldoc import YamlProblem, duplicate_keys, read_yaml

MAX_META_BYTES = 1024 * 1024
#: A site path as published-urls.txt records it: / then URL path characters.
_SITE_PATH = re.compile(r"/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*")


def _yaml(path: Path, shown: str, problems: list[Problem]) -> tuple[Any, yaml.Node | None]:
    text = read_text(path, shown, MAX_META_BYTES, problems)
    if text is None:
        return None, None
    try:
        data, node = read_yaml(text)
    except YamlProblem as problem:
        message = f"{path.name} {problem.message}"
        problems.append(Problem(Location(shown, problem.line + 1), "error", message))
        return None, None
    for line, key in duplicate_keys(node):
        problems.append(Problem(Location(shown, line + 1), "error", f"'{key}' is given twice"))
    return data, node


def _key_lines(node: yaml.Node | None) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _ in node.value}


def _date(value: Any) -> tuple[dt.date | None, str]:
    """A calendar date written YYYY-MM-DD, or None and why not."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return None, ""
    try:
        return dt.date.fromisoformat(value.strip()), ""
    except ValueError as exc:
        return None, f" ({value.strip()} does not exist: {exc})"


def _text(value: Any) -> str | None:
    """A non-empty line of text (numbers allowed, as YAML reads 1.0 as one), else None."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return " ".join(str(value).split()) or None


def _names(value: Any) -> list[str] | None:
    if not isinstance(value, list) or not value:
        return None
    names = [_text(item) for item in value]
    return None if None in names or any(isinstance(i, bool) for i in value) else names  # type: ignore[return-value]


def _web_address(value: Any) -> str | None:
    text = _text(value)
    if text is None or re.fullmatch(r"https?://[^\s/?#]+(?:/[^\s]*)?", text) is None:
        return None
    return text


def _contact(value: Any) -> str | None:
    """An email address or an http(s) address (a contact form)."""
    text = _text(value)
    if text is not None and re.fullmatch(r"[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}", text):
        return text
    return _web_address(value)


#: A signpost's link: a web page, a telephone number or an email address.
_SIGNPOST_ADDRESS = re.compile(
    r"https?://[^\s/?#]+(?:/\S*)?|tel:\+?[0-9][0-9-]*|mailto:[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}"
)
SIGNPOST_KEYS = ("heading", "text", "lines")
_SIGNPOST_EXPECTED = (
    "a mapping with 'heading' (text), 'lines' (a list of text) and optionally 'text'; "
    "a line's links are written [label](address), to an http(s), tel: or mailto: address"
)


def _signpost(value: Any) -> tuple[Signpost | None, str]:
    """review.yml's ``signpost:``, or None and why not."""
    if not isinstance(value, dict):
        return None, ""
    unknown = sorted(set(map(str, value)) - set(SIGNPOST_KEYS))
    if unknown:
        return None, f" (unknown key '{unknown[0]}'{did_you_mean(unknown[0], SIGNPOST_KEYS)})"
    heading, text = _text(value.get("heading")), value.get("text")
    lines = value.get("lines")
    if heading is None:
        return None, " (it has no 'heading')"
    if text is not None and _text(text) is None:
        return None, " ('text' is not text)"
    if not isinstance(lines, list) or not lines or any(_text(line) is None for line in lines):
        return None, " ('lines' is not a list of one or more lines of text)"
    shown = tuple(str(_text(line)) for line in lines)
    for line in (*shown, _text(text) or ""):
        for label, address in SIGNPOST_LINK.findall(line):
            if not _SIGNPOST_ADDRESS.fullmatch(address):
                return None, f" (the link '{label}' goes to '{address}')"
        if "](" in SIGNPOST_LINK.sub("", line):
            return None, f" ('{line}' has a link that is not [label](address) with no spaces)"
    return Signpost(heading=heading, lines=shown, text=_text(text) or ""), ""


#: review.yml: key -> (reader returning the value or None, required, what it must be).
INFO_FIELDS: dict[str, tuple[Any, bool, str]] = {
    "title": (_text, True, "the review's title, as text"),
    "authors": (_names, True, "a list of one or more names, e.g. [A. Author, B. Author]"),
    "version": (_text, True, "a version, e.g. '1.0' (in quotes)"),
    "last_search": (None, True, "a date like 2026-11-26"),
    "site_url": (_web_address, False, "an http(s) address, e.g. https://example.org/review/"),
    "licence": (_text, False, "text, e.g. 'Text CC BY 4.0'"),
    "publisher": (_text, False, "the name of who publishes the review, as text"),
    "contact": (_contact, False, "an email address or an http(s) address"),
    "repository": (
        _web_address,
        False,
        "the http(s) address of the review's repository, whose issue "
        "form takes comments, e.g. https://github.com/owner/review",
    ),
    "signpost": (_signpost, False, _SIGNPOST_EXPECTED),
}
INFO_KEYS = tuple(INFO_FIELDS)


def load_info(path: Path, shown: str, problems: list[Problem]) -> ReviewInfo | None:
    if not path.exists():
        return None
    before = len(problems)
    data, node = _yaml(path, shown, problems)
    if len(problems) > before:
        return None
    if not isinstance(data, dict):
        got = "is empty" if data is None else f"holds a {type(data).__name__}"
        message = f"review.yml {got}; it must be a mapping with {', '.join(INFO_KEYS[:4])}"
        problems.append(Problem(Location(shown, 1), "error", message))
        return None
    lines = _key_lines(node)

    def report(key: str, severity: str, message: str) -> None:
        location = Location(shown, lines.get(key, 1))
        problems.append(Problem(location, severity, message))  # type: ignore[arg-type]

    for key in data:
        if key not in INFO_FIELDS:
            hint = did_you_mean(str(key), INFO_KEYS)
            report(str(key), "warning", f"unknown key '{key}'{hint}")
    values: dict[str, Any] = {}
    for key, (reader, required, expected) in INFO_FIELDS.items():
        if key not in data or data[key] is None:
            if required:
                report(key, "error", f"'{key}' is required: {expected}")
            continue
        if key == "last_search":
            values[key], why = _date(data[key])
        elif key == "signpost":
            values[key], why = _signpost(data[key])
        else:
            values[key], why = reader(data[key]), ""
        if values[key] is None:
            report(key, "error", f"'{key}' must be {expected}{why}")
    if len(problems) > before and any(p.severity == "error" for p in problems[before:]):
        return None
    return ReviewInfo(
        title=values["title"],
        authors=values["authors"],
        version=values["version"],
        last_search=values["last_search"],
        site_url=values.get("site_url") or "",
        licence=values.get("licence") or "",
        publisher=values.get("publisher") or "",
        contact=values.get("contact") or "",
        repository=(values.get("repository") or "").rstrip("/"),
        signpost=values.get("signpost"),
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
        change = _change(item, item_node, shown, problems)
        if change is not None:
            changes.append(change)
    return sorted(changes, key=lambda c: c.date, reverse=True)


CHANGE_KEYS = ("date", "summary", "notes", "you_said")


def _change(item: Any, node: yaml.Node, shown: str, problems: list[Problem]) -> Change | None:
    """One entry of changes.yml, or None after reporting what is wrong with it."""
    line = node.start_mark.line + 1
    lines = _key_lines(node)

    def report(key: str, message: str, severity: str = "error") -> None:
        location = Location(shown, lines.get(key, line))
        problems.append(Problem(location, severity, message))  # type: ignore[arg-type]

    if not isinstance(item, dict):
        report("", "each change must be a mapping with date, summary and notes")
        return None
    for unknown in sorted(set(map(str, item)) - set(CHANGE_KEYS)):
        hint = did_you_mean(unknown, CHANGE_KEYS)
        report(unknown, f"unknown key '{unknown}' in change{hint}", "warning")
    date, why = _date(item.get("date"))
    summary = _text(item.get("summary"))
    notes = item.get("notes", [])
    if date is None:
        report("date", f"change needs a 'date' like 2026-11-26{why}")
    if summary is None:
        report("summary", "change needs a 'summary': a sentence or two of text")
    if notes != "all" and not (isinstance(notes, list) and all(_text(n) for n in notes)):
        report("notes", "'notes' must be a list of note ids or cite keys, or all")
        return None
    you_said = item.get("you_said")
    if you_said is not None and _text(you_said) is None:
        report("you_said", "'you_said' must be text: the comment that led to this change")
        return None
    if date is None or summary is None:
        return None
    return Change(
        date=date,
        summary=summary,
        notes=None if notes == "all" else [str(n) for n in notes],
        line=line,
        you_said=_text(you_said) or "",
    )


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
        if (
            not _SITE_PATH.fullmatch(url)
            or "//" in url
            or any(part in ("..", ".") for part in url.split("/"))
        ):
            problems.append(
                Problem(
                    Location(shown, number),
                    "error",
                    f"'{url}' is not a site path like /references/smith2020/ (one address a line, "
                    "starting with /, with no spaces, ? or #)",
                )
            )
            continue
        urls.setdefault(url, number)
    return urls
