"""Cite the repository: ``CITATION.cff`` (GitHub's "Cite this repository") and
``.zenodo.json`` (the metadata Zenodo gives each archived release) from review.yml.

Pure: ReviewInfo in, text out; ``evidencesite citation`` writes them at the
repository's root or checks that the committed ones match. Only what review.yml says
is used: an author is written as one name (review.yml does not split a person's
names, and may name a team), the licence only when it names CC BY 4.0 (the one
licence read off its text), the date of the newest change as the release's.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import yaml

from .model import ReviewInfo
from .wording import Wording

FILES = ("CITATION.cff", ".zenodo.json")
_CC_BY = re.compile(r"\bCC[ -]BY[ -]4\.0\b", re.IGNORECASE)


def spdx_licence(info: ReviewInfo) -> str:
    """The licence's SPDX id when review.yml's licence names one it can be read off
    ('' otherwise: no licence is guessed)."""
    return "CC-BY-4.0" if _CC_BY.search(info.licence) else ""


def citation_cff(info: ReviewInfo, words: Wording, released: dt.date | None) -> str:
    data: dict[str, object] = {
        "cff-version": "1.2.0",
        "message": words("citation.message"),
        "title": info.title,
        "authors": [{"name": name} for name in info.authors],
        "version": info.version,
    }
    if released is not None:
        data["date-released"] = released.isoformat()
    if spdx_licence(info):
        data["license"] = spdx_licence(info)
    if info.repository:
        data["repository-code"] = info.repository
    if info.site_url:
        data["url"] = info.site_url
    header = "# Made by `evidencesite citation` from literature/review.yml: edit that, not this.\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def zenodo_json(info: ReviewInfo, words: Wording) -> str:
    data: dict[str, object] = {
        "upload_type": "publication",
        "publication_type": "report",
        "title": info.title,
        "creators": [{"name": name} for name in info.authors],
        "description": words("citation.description", title=info.title, version=info.version),
        "version": info.version,
        "access_right": "open",
    }
    if spdx_licence(info):
        data["license"] = spdx_licence(info).lower()
    if info.repository or info.site_url:
        related = [u for u in (info.site_url, info.repository) if u]
        data["related_identifiers"] = [
            {"identifier": url, "relation": "isSupplementTo", "scheme": "url"} for url in related
        ]
    if info.contact and "@" in info.contact and not info.contact.startswith("http"):
        data["notes"] = words("citation.contact", contact=info.contact)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
