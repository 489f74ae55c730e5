"""What machines read off a page: Google Scholar's and Zotero's Highwire Press tags on
a note, schema.org JSON-LD on every page, and a COinS span naming the work a reference
page describes. Pure: values in, data or escaped HTML out.

Choices, and why:

- A note is a part of the review, so its Highwire tags name the review as the larger
  work it is in (``citation_inbook_title``): Zotero saves it as a section of the
  review (its "Book Section" type), with the review's title, authors, publisher and the
  date the note last changed. Scholar's documented type tags are for journals,
  conferences, theses and technical reports: ``citation_journal_title`` would make a
  note a journal article, and ``citation_technical_report_institution`` needs an
  institution that review.yml may not name (it is never made up). Highwire has no tag
  for a version or a licence: those are in the JSON-LD.
- A reference page describes someone else's work: its Highwire tags would tell Scholar
  that the page *is* that work (a copy of the paper, under our address). So the work
  is given as COinS, which is made for citing a work from a page about something else,
  and which Zotero ranks before the page's own tags (COinS priority 310, Embedded
  Metadata 320): a reader's Zotero saves the cited work, with its type, authors,
  title, container, year, pages and DOI.
- No Dublin Core or Open Graph tags: Scholar reads them last and poorly, and Zotero
  would merge them in through its RDF reader, so the Highwire tags say it all.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html import escape
from typing import Any
from urllib.parse import quote

from ..model import Note, Person, Reference, ReviewInfo

SCHEMA = "https://schema.org"


def highwire_date(day: dt.date) -> str:
    """A date as Scholar's guidelines write it (2026/11/30)."""
    return day.strftime("%Y/%m/%d")


def note_tags(
    info: ReviewInfo | None, note: Note, updated: dt.date | None, language: str
) -> dict[str, str | list[str]]:
    """The Highwire Press tags of a note's page: name -> value (a list for one tag
    given several times, as citation_author)."""
    tags: dict[str, str | list[str]] = {"citation_title": note.title}
    if info is not None:
        tags["citation_author"] = list(info.authors)
        tags["citation_inbook_title"] = info.title
        if info.publisher:
            tags["citation_publisher"] = info.publisher
    if updated is not None:
        tags["citation_publication_date"] = highwire_date(updated)
    tags["citation_language"] = language
    return tags


def meta_tags(tags: dict[str, Any]) -> str:
    """The tags as <meta> elements, every value escaped; anything that is not text (a
    hand-written page's front matter) is left out."""
    out = []
    for name, values in tags.items():
        if not isinstance(name, str) or not re.fullmatch(r"citation_[a-z_]+", name):
            continue
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, str) and value.strip():
                out.append(f'<meta name="{name}" content="{escape(" ".join(value.split()))}">')
    return "\n".join(out)


def json_ld(data: dict[str, Any]) -> str:
    """A JSON-LD script element. Its text cannot end the element or open a comment:
    <, > and & are written as JSON escapes, which every JSON reader decodes."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/ld+json">{text}</script>'


def _absolute(site_url: str, path: str) -> str:
    """A page's address when the site has one, else '' (no address is made up)."""
    return site_url.rstrip("/") + path if site_url else ""


def review_data(
    info: ReviewInfo, updated: dt.date | None, language: str, site_url: str
) -> dict[str, Any]:
    """The review as schema.org describes a report: what every page is part of."""
    data: dict[str, Any] = {
        "@type": "Report",
        "name": info.title,
        "author": list(info.authors),
        "version": info.version,
        "inLanguage": language,
    }
    home = _absolute(site_url, "/")
    if home:
        data["@id"] = home + "#review"
        data["url"] = home
    return _published(data, info, updated)


def _published(data: dict[str, Any], info: ReviewInfo, updated: dt.date | None) -> dict[str, Any]:
    """``data`` with the review's licence and publisher, and the date it last changed,
    when known."""
    if info.licence:
        data["license"] = info.licence
    if info.publisher:
        data["publisher"] = info.publisher
    if updated is not None:
        data["dateModified"] = updated.isoformat()
    return data


def review_json_ld(
    info: ReviewInfo, updated: dt.date | None, language: str, site_url: str
) -> dict[str, Any]:
    """The home page's JSON-LD: the review itself."""
    return {"@context": SCHEMA, **review_data(info, updated, language, site_url)}


def page_json_ld(
    info: ReviewInfo,
    title: str,
    path: str,
    *,
    updated: dt.date | None,
    review_updated: dt.date | None,
    language: str,
    site_url: str,
    description: str = "",
    kind: str = "WebPage",
) -> dict[str, Any]:
    """Any other page's JSON-LD: a page of the review (``isPartOf``), with the review's
    authors, version and licence, and the date it last changed when known."""
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": kind,
        "name": title,
        "author": list(info.authors),
        "version": info.version,
        "inLanguage": language,
        "isPartOf": review_data(info, review_updated, language, site_url),
    }
    url = _absolute(site_url, path)
    if url:
        data["url"] = url
    if description:
        data["description"] = description
    return _published(data, info, updated)


# --- COinS: the work a reference page describes, as an OpenURL ContextObject -------

_BOOK = "info:ofi/fmt:kev:mtx:book"
#: BibTeX type -> (OpenURL format, genre, the key its title goes in).
_FORMATS: dict[str, tuple[str, str, str]] = {
    "article": ("info:ofi/fmt:kev:mtx:journal", "article", "rft.atitle"),
    "book": (_BOOK, "book", "rft.btitle"),
    "booklet": (_BOOK, "book", "rft.btitle"),
    "inbook": (_BOOK, "bookitem", "rft.atitle"),
    "incollection": (_BOOK, "bookitem", "rft.atitle"),
    "inproceedings": (_BOOK, "proceeding", "rft.atitle"),
    "conference": (_BOOK, "proceeding", "rft.atitle"),
    "proceedings": (_BOOK, "book", "rft.btitle"),
    "techreport": (_BOOK, "report", "rft.btitle"),
    "report": (_BOOK, "report", "rft.btitle"),
    "phdthesis": ("info:ofi/fmt:kev:mtx:dissertation", "", "rft.title"),
    "mastersthesis": ("info:ofi/fmt:kev:mtx:dissertation", "", "rft.title"),
    "thesis": ("info:ofi/fmt:kev:mtx:dissertation", "", "rft.title"),
}
_WEB = ("info:ofi/fmt:kev:mtx:dc", "", "rft.title")
_PAGES = re.compile(r"\s*(?:-+|\u2013|\u2014)\s*")


def _person(person: Person) -> tuple[str, str]:
    # An organisation as a family name alone (rft.aulast): Zotero's reader puts an
    # rft.aucorp first, whatever its place in the list (openurl.js gives it no offset).
    if person.corporate or not person.given:
        return "rft.aulast" if person.corporate else "rft.au", person.family
    name = f"{person.family}, {person.given}"
    return "rft.au", f"{name}, {person.suffix}" if person.suffix else name


def context_object(ref: Reference) -> str:
    """The work as an OpenURL 1.0 ContextObject (KEV), as Zotero's COinS reader reads
    it: type, creators, title, container, date, volume, issue, pages, publisher,
    place, ISBN, ISSN, DOI and web address."""
    fmt, genre, title_key = _FORMATS.get(ref.entry_type, _WEB)
    pairs: list[tuple[str, str]] = [("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", fmt)]
    if genre:
        pairs.append(("rft.genre", genre))
    if ref.title:
        pairs.append((title_key, ref.title))
    container = ref.get("journal") or ref.get("journaltitle") or ref.get("booktitle")
    if container and ref.entry_type == "article":
        pairs.append(("rft.jtitle", container))
    elif container and genre in ("bookitem", "proceeding"):
        pairs.append(("rft.btitle", container))
    pairs += [_person(p) for p in ref.authors]
    if not ref.authors and fmt != _WEB[0]:  # an edited book: its editors, as Zotero reads
        pairs += [("rft.au", _person(p)[1]) for p in ref.editors]
    date = ref.get("date") or ref.year
    if date:
        pairs.append(("rft.date", date))
    for field, key in (("volume", "rft.volume"), ("number", "rft.issue"), ("issue", "rft.issue")):
        if ref.get(field) and fmt == "info:ofi/fmt:kev:mtx:journal":
            pairs.append((key, ref.get(field)))
    pages = ref.get("pages")
    if pages:
        first, _, last = _PAGES.sub("-", pages.strip()).partition("-")
        pairs.append(("rft.spage", first))
        if last:
            pairs.append(("rft.epage", last))
    publisher = ref.get("publisher") or ref.get("institution") or ref.get("organization")
    if fmt == "info:ofi/fmt:kev:mtx:dissertation":
        publisher = ref.get("school") or ref.get("institution")
        if publisher:
            pairs.append(("rft.inst", publisher))
    elif publisher:
        pairs.append(("rft.pub", publisher))
    if ref.get("address") or ref.get("location"):
        pairs.append(("rft.place", ref.get("address") or ref.get("location")))
    if ref.get("isbn"):
        pairs.append(("rft.isbn", ref.get("isbn")))
    if ref.get("issn"):
        pairs.append(("rft.issn", ref.get("issn")))
    if ref.doi:
        pairs.append(("rft_id", f"info:doi/{ref.doi}"))
    if ref.url.startswith(("http://", "https://")):
        pairs.append(("rft_id", ref.url))
    return "&".join(f"{key}={_quote(' '.join(value.split()))}" for key, value in pairs)


# Percent-encoding of ASCII text as urllib's quote(value, safe="") does it, by one
# str.translate: three times faster on the ten or so values of every work's COinS.
_QUOTED = {c: chr(c) if chr(c).isalnum() or chr(c) in "_.-~" else f"%{c:02X}" for c in range(128)}


def _quote(value: str) -> str:
    """``quote(value, safe="")``, by a table when the value is ASCII."""
    return value.translate(_QUOTED) if value.isascii() else quote(value, safe="")


def coins_span(ref: Reference) -> str:
    """The COinS span: empty, so readers see nothing; reference managers read its
    title."""
    return f'<span class="Z3988" title="{escape(context_object(ref))}"></span>'
