"""Reference pages and the bibliography."""

from __future__ import annotations

import html
from functools import partial

from ..model import Note, Reference
from ..shape import Vocabulary
from ..slugs import value_slug
from ..styles import doi_url
from . import appraisal, characteristics
from .common import (
    Site,
    chunks,
    external,
    front_matter,
    link,
    meta,
    page_path,
    pager_md,
    text,
    work_view,
)
from .data import downloads_md
from .facets import entry_attributes, facets, filter_form
from .metadata import coins_span
from .notes import sentence_plain
from .reuse import piece


def reference_page(site: Site, ref: Reference) -> str:
    page = site.ref_page(ref)
    short = site.cite.item(ref)
    words = site.words
    annotation = site.shape.annotation.of(ref)
    # The creators' names as tags: Material's search ranks a tag match first, so a
    # search for an author finds that author's works before the pages citing them
    # (the theme shows no tags without its tags plugin).
    names = sorted(
        {p.family for p in (*ref.authors, *ref.editors)} or {ref.get("institution")} - {""}
    )
    lines = [
        "---",
        f"title: {meta(f'{short}: {ref.title}')}",
        f"description: {meta(annotation or ref.title)}",
        *([f"tags: [{', '.join(meta(n) for n in names)}]"] if names else []),
        "---",
        "",
        f"# {text(ref.title or ref.key)}",
        "",
        f"{text(site.cite.narrative(ref))}\n{{ .lead }}",
        "",
        f"## {site.say('reference.full_reference')} {{ #full-reference }}",
        "",
        # The work itself, for a reader's reference manager (render/metadata.py)
        site.entries[ref.key] + " " + coins_span(ref),
        "",
    ]
    lines += [downloads_md(site, ref, page), ""]
    updated = site.index.last_updated(ref.key)
    if updated:
        lines += [f"**{site.say('page.last_updated')}** {text(words.date(updated))}", ""]
    if annotation:
        heading = site.shape.annotation.heading or words("reference.annotation")
        lines += [f"## {text(heading)} {{ #annotation }}", "", text(annotation), ""]
    lines += [
        f"## {site.say('reference.about')} {{ #details }}",
        "",
        f"| {site.say('reference.detail')} | {site.say('reference.information')} |",
        "|---|---|",
    ]
    lines += [f"| {text(name)} | {value} |" for name, value in _details(site, ref, page)]
    lines.append("")

    lines += appraisal.reference_md(site, ref.key, page)
    lines += profile_md(site, ref, page)
    cited = site.cited_in.get(ref.key, ())
    lines += [f"## {site.say('reference.cited_in')} {{ #cited-in data-search-exclude }}", ""]
    if not cited:
        lines += [site.say("reference.not_cited"), ""]
    by_note: dict[str, list[str]] = {}
    notes = {}
    for place in cited:
        notes[place.note.id] = place.note
        by_note.setdefault(place.note.id, []).append(sentence_plain(site, place.sentence))
    for note_id in sorted(by_note, key=lambda i: site.position[i]):
        note = notes[note_id]
        lines.append(f"- {link(site.note_label(note), page, note.url_path)}")
        lines.append("")
        lines += [f"    > {text(quote)}" + "\n" for quote in by_note[note_id]]
    lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _details(site: Site, ref: Reference, page: str) -> list[tuple[str, str]]:
    """'About this work': every vocabulary of the review's works, in its configured
    order and with its labels (a facet's values link to its narrowed list), then the
    keywords, the DOI, the web page and the cite key."""
    words = site.words
    details = []
    for vocabulary in site.shape.reference_vocabularies:
        order = {key: i for i, key in enumerate(vocabulary.values)}
        values = sorted(vocabulary.split(ref.get(vocabulary.name)), key=lambda v: order.get(v, -1))
        if values:
            shown = [_term(site, vocabulary, value, page) for value in values]
            details.append((vocabulary.heading, ", ".join(shown)))
    details += characteristics.details(site, ref)
    if ref.keywords:
        keywords = ", ".join(link(k, page, site.keyword_page(k)) for k in ref.keywords)
        details.append((words("reference.keywords"), keywords))
    if ref.doi:
        url = doi_url(ref.doi)
        details.append((words("reference.doi"), external(url, url)))
    if ref.url:
        details.append((words("reference.web_page"), external(ref.url, ref.url)))
    details.append((words("reference.cite_key"), f"<code>{html.escape(ref.key)}</code>"))
    return details


def _term(site: Site, vocabulary: Vocabulary, value: str, page: str) -> str:
    """A vocabulary value as its label; a facet's links to the works that share it."""
    label = vocabulary.values.get(value, value)
    if not vocabulary.facet:
        return text(label)
    return link(label, page, site.urls.facet(vocabulary.name, value_slug(value)))


def page_inputs(site: Site, ref: Reference) -> tuple[object, ...]:
    """Everything :func:`reference_page` reads beyond the reuse epoch (the shape, the
    review's details, the site's address and the style): a preview reuses the page
    while these are equal (:mod:`.reuse`). Some follow from others (the entry from the
    work and its key); they are listed anyway, so that the list reads like the page."""
    key = ref.key
    return (
        work_view(site, ref),
        site.entries[key],
        site.index.last_updated(key),
        tuple(site.keyword_page(k) for k in ref.keywords),
        tuple(
            (kind, tuple(_note_view(site, n) for n in notes))
            for kind, notes in site.profile.get(key, {}).items()
        ),
        tuple(
            (_note_view(site, place.note), sentence_plain(site, place.sentence))
            for place in site.cited_in.get(key, ())
        ),
    )


def _note_view(site: Site, note: Note) -> tuple[object, ...]:
    """What a page shows of a note it links to, and where it puts it."""
    return (note.id, site.note_label(note), note.url_path, site.position[note.id])


def bibliography_pages(site: Site) -> dict[str, str]:
    """The bibliography, a page of PAGE_SIZE works at a time, with an A-Z jump."""
    refs = site.sorted_refs
    pages = chunks(refs)
    letters = {ref.key: site.cite.letter(ref) for ref in refs}
    first_page: dict[str, int] = {}
    for number, chunk in enumerate(pages, start=1):
        for ref in chunk:
            first_page.setdefault(letters[ref.key], number)
    whole: tuple[object, ...] = (
        len(refs),
        len(pages),
        tuple(first_page.items()),
        tuple(facets(site)),
    )
    if len(pages) == 1:  # the page holds the combining filter, made from everything
        whole += (filter_form(site),)
    out: dict[str, str] = {}
    for number, chunk in enumerate(pages, start=1):
        page = page_path(site.urls.bibliography(), number)

        def inputs(chunk: list[Reference] = chunk) -> tuple[object, ...]:
            return (whole, tuple(_listed(site, ref) for ref in chunk))

        make = partial(_bibliography_page, site, number, chunk, len(pages), first_page, letters)
        out[page] = piece(site.reuse, "bibliography page", number, inputs, make)
    return out


def _listed(site: Site, ref: Reference) -> tuple[object, ...]:
    """What a list shows of a work: its entry, its page, its facet values."""
    return (work_view(site, ref), tuple(site.index.ref_facets[ref.key].items()))


def _bibliography_page(
    site: Site, number: int, chunk: list[Reference], total: int, first_page: dict[str, int],
    letters: dict[str, str],
) -> str:  # fmt: skip
    refs = site.sorted_refs
    page = page_path(site.urls.bibliography(), number)
    words = site.words
    title = words("bibliography.title")
    if number > 1:
        title = words("page.numbered", title=title, number=words.number(number))
    lines = [
        *front_matter(
            title, words("bibliography.description", style=site.cite.name), searchable=False
        ),
        f"# {text(title)}",
        "",
        site.say_count(
            "bibliography.intro",
            len(refs),
            style=text(site.cite.name),
            bibtex=link("BibTeX", page, site.urls.data("references.bib")),
            ris=link("RIS", page, site.urls.data("references.ris")),
        ),
        "",
    ]
    jump = " · ".join(
        link(letter, page, page_path(site.urls.bibliography(), n) + "#" + _anchor(letter))
        if n != number
        else f"[{text(letter)}](#{_anchor(letter)})"
        for letter, n in first_page.items()
    )
    lines += [f"**{site.say('bibliography.jump')}** {jump}\n{{ .az }}", ""]
    browse = words.either(list(facets(site).values()))
    lines += [
        site.say(
            "bibliography.browse",
            ways=link(browse, page, site.urls.browse()),
            keyword=link(words("bibliography.keyword"), page, site.urls.keywords()),
        ),
        "",
    ]
    if total == 1:  # the combining filter works on a list it can see whole
        lines += [filter_form(site), ""]
    pager = pager_md(site, site.urls.bibliography(), number, total)
    if pager:
        lines += [pager, ""]
    current = None
    for ref in chunk:
        letter = letters[ref.key]
        if letter != current:
            lines += ["", f"## {text(letter)} {{ #{_anchor(letter)} }}", ""]
            current = letter
        about = link(words("reference.about"), page, site.ref_page(ref))
        lines.append(f"- {site.entries[ref.key]} {about}")
        lines.append(f"    {entry_attributes(site, ref)}")
    if pager:
        lines += ["", pager]
    return "\n".join(lines).rstrip() + "\n"


def _anchor(letter: str) -> str:
    return "letter-other" if letter == "#" else f"letter-{letter.lower()}"


def profile_md(site: Site, ref: Reference, page: str) -> list[str]:
    """Which notes of each kind the work informs."""
    profile = site.profile.get(ref.key)
    if not profile or not any(profile.values()):
        return []
    lines = [
        f"## {site.say('profile.heading')} {{ #profile data-search-exclude }}",
        "",
        f"| {site.say('profile.informs')} | {site.say('profile.notes')} |",
        "|---|---|",
    ]
    for kind in site.shape.kinds:
        notes = profile.get(kind.name, ())
        value = ", ".join(link(site.note_label(n), page, n.url_path) for n in notes)
        count = text(site.words.number(len(notes)))
        lines.append(f"| {text(kind.title)} ({count}) | {value or site.say('profile.none')} |")
    lines.append("")
    return lines
