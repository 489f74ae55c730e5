"""Note pages: body with Harvard citations, related notes both ways, reference list."""

from __future__ import annotations

import json
import re
from functools import partial

from ..citations import mask_code, parse_citations
from ..model import CitationGroup, Note, Reference
from ..shape import Vocabulary
from ..slugs import value_slug
from ..urls import url_of
from . import appraisal
from .common import Site, admonition_title, link, meta, rel, text
from .guidance import last_updated_md, link_and_cite_md
from .metadata import json_ld, note_tags, page_json_ld
from .reuse import piece


def citation_md(site: Site, group: CitationGroup, page: str) -> str:
    """One citation group as Markdown, in the review's style, each work linked."""
    refs = site.review.references
    items = []
    for i, citation in enumerate(group.citations):
        ref = refs.get(citation.key)
        if ref is None:  # validation reports unknown keys; render them visibly
            items.append(text(f"@{citation.key}"))
            continue
        shown = _shown(site, group, i, ref)
        item = link(shown, page, site.ref_page(ref), site.hover[ref.key]) + "{ .citation }"
        if citation.prefix:
            item = f"{text(citation.prefix)} {item}"
        items.append(item)
    return _group(site, group, items)


def _named(group: CitationGroup, i: int) -> bool:
    """Whether the group's i-th work is named in running text: the first of a narrative
    citation ("Ostrom (1996, p. 33)"), unless written -@key (Pandoc: the year only)."""
    return group.narrative and i == 0 and not group.citations[0].suppress_author


def _shown(site: Site, group: CitationGroup, i: int, ref: Reference) -> str:
    citation = group.citations[i]
    if _named(group, i):
        return site.cite.narrative(ref, citation.locator)
    return site.cite.item(ref, citation.locator, citation.suppress_author)


def _group(site: Site, group: CitationGroup, items: list[str]) -> str:
    """A citation's works put together: the named work first, then any others (Pandoc's
    ``@a [p. 3; @b]``) in the style's brackets with its delimiter."""
    style = site.cite
    named = items[:1] if _named(group, 0) else []
    rest = items[len(named) :]
    bracketed = [f"{style.opening}{style.delimiter.join(rest)}{style.closing}"] if rest else []
    return " ".join(named + bracketed)


def citation_plain(site: Site, group: CitationGroup) -> str:
    refs = site.review.references
    items = []
    for i, citation in enumerate(group.citations):
        ref = refs.get(citation.key)
        if ref is None:
            items.append(f"@{citation.key}")
            continue
        items.append(f"{citation.prefix} {_shown(site, group, i, ref)}".strip())
    return _group(site, group, items)


#: Anchors the generated sections use; a body heading never takes one of them.
RESERVED_ANCHORS = frozenset(
    {"related", "references", "permalink", "cite", "confidence", "changes"}
)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
_EXPLICIT = re.compile(r"\{[^}]*#[\w-]+[^}]*\}\s*$")


def body_md(site: Site, note: Note, page: str) -> str:
    """The note's Markdown with citations rendered and every heading given an
    explicit anchor, so links to a section do not depend on the Markdown library."""
    out = []
    pos = 0
    for group in note.citations:
        out.append(note.body[pos : group.start])
        out.append(citation_md(site, group, page))
        pos = group.end
    out.append(note.body[pos:])
    return anchor_headings("".join(out).strip())


def anchor_headings(markdown: str) -> str:
    masked = mask_code(markdown)
    taken: set[str] = set(RESERVED_ANCHORS)
    out = []
    pos = 0
    for match in _HEADING.finditer(masked):
        if _EXPLICIT.search(match.group(2)):
            continue
        title = markdown[match.start(2) : match.end(2)]
        base = value_slug(_MD_MARKS.sub("", _MD_LINK.sub(r"\1", title)))
        anchor = base if base not in taken else f"{base}-section"
        n = 2
        while anchor in taken:
            anchor = f"{base}-{n}"
            n += 1
        taken.add(anchor)
        out.append(markdown[pos : match.end(2)])
        out.append(f" {{ #{anchor} }}")
        pos = match.end(2)
    out.append(markdown[pos:])
    return "".join(out)


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"(\*\*|__|\*|_|`)")


def sentence_plain(site: Site, sentence: str) -> str:
    """A sentence from a note as plain text: citations in Harvard form, no Markdown."""
    known = site.plain_sentences.get(sentence)
    if known is None:
        known = site.plain_sentences[sentence] = piece(
            site.reuse, "sentence", sentence, lambda: (), partial(_plain, site, sentence)
        )
    return known


def _plain(site: Site, sentence: str) -> str:
    groups, _ = parse_citations(sentence)
    out = []
    pos = 0
    for group in groups:
        out.append(sentence[pos : group.start])
        out.append(citation_plain(site, group))
        pos = group.end
    out.append(sentence[pos:])
    plain = _MD_LINK.sub(r"\1", "".join(out))
    return " ".join(_MD_MARKS.sub("", plain).split())


def related_md(site: Site, note: Note, page: str) -> str:
    sections: dict[str, list[Note]] = {}
    shape = site.shape
    for relation in note.relations:
        target = site.review.notes[relation.target_kind].get(relation.target_id)
        if target is not None:
            heading = shape.relation(relation.name, note.kind).heading
            sections.setdefault(heading, []).append(target)
    for name, source in site.incoming.get(note.id, []):
        heading = shape.relation(name, source.kind).reverse
        sections.setdefault(heading, []).append(source)
    if not sections:
        return ""
    lines = [f"## {site.say('note.related')} {{ #related data-search-exclude }}", ""]
    for heading, notes in sections.items():
        lines.append(f"**{text(heading)}**")
        lines.append("")
        unique = {n.id: n for n in notes}.values()
        for other in sorted(unique, key=lambda n: site.position[n.id]):
            lines.append(
                f"- {link(site.note_label(other), page, other.url_path)}: {text(other.summary)}"
            )
        lines.append("")
    return "\n".join(lines)


def reference_list_md(site: Site, note: Note, page: str) -> str:
    refs = [site.review.references[k] for k in note.cited_keys if k in site.review.references]
    if not refs:
        return ""
    lines = [f"## {site.say('note.references')} {{ #references data-search-exclude }}", ""]
    about = site.words("reference.about")
    for ref in sorted(refs, key=lambda r: site.ref_order[r.key]):
        entry = site.entries[ref.key]
        lines.append(f"- {entry} {link(about, page, site.ref_page(ref))}")
    return "\n".join(lines) + "\n"


def confidence_md(site: Site, note: Note) -> str:
    conf, framework = note.confidence, site.shape.confidence
    if conf is None or framework is None:
        return ""
    level = framework.levels[conf.level]
    component = site.say("note.component", framework=text(framework.framework))
    lines = [
        f"## {site.say('note.confidence')} {{ #confidence }}",
        "",
        f'!!! abstract "{admonition_title(site.say("note.confidence_level", level=text(level)))}"',
        "",
        f"    {text(conf.explanation)}",
        "",
        f"    | {component} | {site.say('note.concerns')} | {site.say('note.why')} |",
        "    |---|---|---|",
    ]
    for name, label in framework.components.items():
        comp = conf.components[name]
        lines.append(
            f"    | {text(label)} | {text(framework.concerns[comp.concern])} "
            f"| {text(comp.explanation)} |"
        )
    lines += appraisal.finding_md(site, note, note.url_path)
    lines += ["", f"    {text(framework.explanation)}"]
    return "\n".join(lines) + "\n"


def explained_label(vocabulary: Vocabulary, page: str) -> str:
    """The vocabulary's label, linked to the page that says how a value is chosen."""
    if not vocabulary.explained:
        return text(vocabulary.label)
    target, _, anchor = vocabulary.explained.partition("#")
    href = rel(page, target) + (f"#{anchor}" if anchor else "")
    return f"[{text(vocabulary.label)}]({href})"


def confidence_line(site: Site, note: Note) -> str:
    """'Confidence in the evidence: Moderate (why)', above the body; the assessment
    itself follows the body."""
    conf, framework = note.confidence, site.shape.confidence
    if conf is None or framework is None:
        return ""
    label = site.say("note.label", label=site.say("note.confidence"))
    why = f"[{site.say('note.confidence_why')}](#confidence)"
    level = site.say("note.confidence_line", level=text(framework.levels[conf.level]), why=why)
    return f"**{label}** {level}"


def plain_md(site: Site, note: Note) -> list[str]:
    """The summary in plain words, in a box under the title, for readers who want the
    point without the detail."""
    plain = site.shape.plain_for(note.kind)
    if plain is None or not note.plain:
        return []
    return [
        '<div class="plain-words" markdown="1">',
        "",
        f"**{site.say('note.label', label=text(plain.heading))}** {text(note.plain)}",
        "",
        "</div>",
        "",
    ]


def terms_md(site: Site, note: Note) -> list[str]:
    """The note's vocabulary values, each under its label ("**For:** managers")."""
    parts = []
    for vocabulary in site.shape.note_vocabularies(note.kind):
        values = note.terms.get(vocabulary.name)
        if values:
            shown = ", ".join(vocabulary.values[value] for value in values)
            label = site.say("note.label", label=explained_label(vocabulary, note.url_path))
            parts += [f"**{label}** {text(shown)}", ""]
    return parts


def note_page(site: Site, note: Note, history: str = "") -> str:
    """The note's page; ``history`` is its "Changes to this page" (render/history.py),
    last before the machine-readable part."""
    page = note.url_path
    lead = site.say(
        "note.lead",
        kind=text(site.shape.kind(note.kind).label),
        number=text(site.numbers[note.id]),
        summary=f"*{text(note.summary)}*",
    )
    highwire = note_tags(site.review.info, note, site.index.last_updated(note.id), site.words.tag)
    parts = [
        "---",
        f"title: {meta(note.title)}",
        f"description: {meta(note.summary)}",
        # Highwire Press tags for the page's <head> (the MkDocs plugin writes them;
        # another engine's template can): JSON is YAML, escaped when written.
        f"citation: {json.dumps(highwire, ensure_ascii=True)}",
        "---",
        "",
        f"# {text(note.title)}",
        "",
        f"{lead}\n{{ .lead }}",
        "",
    ]
    parts += plain_md(site, note)
    parts += terms_md(site, note)
    updated = last_updated_md(site, note)
    if updated:
        parts += [updated, ""]
    if note.keywords:
        tags = ", ".join(link(k, page, site.keyword_page(k)) for k in note.keywords)
        parts += [f"**{site.say('note.label', label=site.say('note.keywords'))}** {tags}", ""]
    level = confidence_line(site, note)
    if level:
        parts += [level, ""]
    parts += [body_md(site, note, page), ""]
    # The action first, then the detail of how far it can be relied on.
    sections = [confidence_md(site, note), related_md(site, note, page)]
    sections.append(link_and_cite_md(site, note))  # every note can be linked and cited
    sections.append(reference_list_md(site, note, page))
    sections.append(history)
    parts += [section for section in sections if section]
    parts.append(note_json_ld(site, note))
    return "\n".join(parts).rstrip() + "\n"


def note_json_ld(site: Site, note: Note) -> str:
    """The note as schema.org reads it, a part of the review; in the page itself, so
    that any engine's build has it."""
    info = site.review.info
    if info is None:
        return ""
    data = page_json_ld(
        info,
        note.title,
        url_of(note.url_path),
        updated=site.index.last_updated(note.id),
        review_updated=max((c.date for c in site.review.changes), default=None),
        language=site.words.tag,
        site_url=site.site_url,
        description=note.summary,
        kind="Article",
    )
    return "\n" + json_ld(data) + "\n"
