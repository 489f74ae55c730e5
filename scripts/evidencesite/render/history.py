"""Each page's history across the review's released versions (history.py reads it from
git): "Changes to this page" on a note, and each version's changed pages on What's new.

Plain Markdown: wording taken out or put in is ``<del>``/``<ins>`` (struck through and
underlined) inside a text label ("[removed: ...]"), so neither colour nor a line is
the only sign of it.
"""

from __future__ import annotations

import re

from ..model import CitationGroup, Cited, History, Note, NoteChange, Passage, Word
from ..slugs import value_slug
from .common import Site, link, text
from .notes import citation_plain

#: Where a note's history starts on its page (render/notes.py keeps body headings off it).
ANCHOR = "changes"


def _history(site: Site) -> History | None:
    history = site.review.history
    return history if history is not None and history.releases else None


def history_md(site: Site, note: Note) -> str:
    """The note's "Changes to this page": each released version that added, changed or
    left it out, newest first, and the versions that did not change it. Nothing when
    no version is released (or the history could not be read)."""
    history = _history(site)
    if history is None:
        return ""
    say = site.say
    lines = [f"## {say('history.heading')} {{ #{ANCHOR} data-search-exclude }}", ""]
    mine = history.notes.get(note.id)
    if mine is None:
        latest = history.releases[-1].version
        return "\n".join([*lines, say("history.unreleased", version=text(latest)), ""])
    lines += [say("history.intro"), ""]
    for change in reversed(mine.changes):
        lines += [f"**{_version(site, change)}**", ""]
        lines += _change_md(site, change, note.url_path)
    if mine.unchanged:
        versions = site.words.both([r.version for r in mine.unchanged])
        lines += [site.say_count("history.unchanged", len(mine.unchanged), versions=text(versions))]
    return "\n".join(lines).rstrip() + "\n"


def _version(site: Site, change: NoteChange) -> str:
    release = change.release
    return site.say(
        "history.version",
        version=text(release.version),
        date=text(site.words.date(release.day)),
    )


def _change_md(site: Site, change: NoteChange, page: str) -> list[str]:
    if change.event == "added":
        return [site.say("history.added"), ""]
    if change.event == "left out":
        return [site.say("history.left_out"), ""]
    items = _items(site, change, page)
    return [*items, ""]


def _items(site: Site, change: NoteChange, page: str) -> list[str]:
    say, framework, shape = site.say, site.shape.confidence, site.shape
    items = []
    if change.title:
        before, after = change.title
        items.append(f"- {say('history.title', before=text(before), after=text(after))}")
    if len(change.wording) == 1:
        items.append(f"- {say('history.wording')} {_passage(site, change.wording[0])}")
    elif change.wording:
        items.append(f"- {say('history.wording')}")
        items += [f"    - {_passage(site, passage)}" for passage in change.wording]
    levels = framework.levels if framework else {}
    concerns = framework.concerns if framework else {}
    components = framework.components if framework else {}
    if change.level:
        before, after = (text(levels.get(v, v)) for v in change.level)
        items.append(f"- {say('history.confidence', before=before, after=after)}")
    for name, was, now in change.concerns:
        component = text(components.get(name, name))
        before, after = text(concerns.get(was, was)), text(concerns.get(now, now))
        items.append(f"- {say('history.concern', component=component, before=before, after=after)}")
    for name, was_values, now_values in change.terms:
        vocabulary = shape.vocabulary(name)
        label = vocabulary.label if vocabulary else name
        values = vocabulary.values if vocabulary else {}
        before = text(", ".join(values.get(v, v) for v in was_values))
        after = text(", ".join(values.get(v, v) for v in now_values))
        items.append(f"- {say('history.term', label=text(label), before=before, after=after)}")
    if change.cited_added:
        works = _works(site, change.cited_added, page)
        items.append(f"- {say('history.works_added', works=works)}")
    if change.cited_removed:
        works = _works(site, change.cited_removed, page)
        items.append(f"- {say('history.works_removed', works=works)}")
    for version, what, name in change.unrecorded:
        items.append(f"- {_unrecorded(site, version, what, name)}")
    return items


def _unrecorded(site: Site, version: str, what: str, name: str) -> str:
    version = text(version)
    if what == "confidence":
        return site.say("history.no_confidence", version=version)
    if what == "concern":
        framework = site.shape.confidence
        component = framework.components.get(name, name) if framework else name
        return site.say("history.no_concern", version=version, component=text(component))
    vocabulary = site.shape.vocabulary(name)
    label = site.words.in_sentence(vocabulary.label) if vocabulary else name
    return site.say("history.no_term", version=version, label=text(label))


def _works(site: Site, keys: tuple[str, ...], page: str) -> str:
    """Each work as the style names it in running text, linked to its page while the
    review still has it."""
    shown = []
    for key in keys:
        ref = site.review.references.get(key)
        if ref is None:
            shown.append(text(key))
        else:
            shown.append(link(site.cite.narrative(ref, ""), page, site.ref_page(ref)))
    return "; ".join(shown)


_BEFORE_PUNCTUATION = re.compile(r" ([.,;:!?)])")


def _words(site: Site, words: tuple[Word, ...]) -> str:
    shown = []
    for word in words:
        if isinstance(word, Cited):
            group = CitationGroup(word.citations, word.narrative, 0, 0, 0, "")
            shown.append(citation_plain(site, group))
        else:
            shown.append(word)
    return text(_BEFORE_PUNCTUATION.sub(r"\1", " ".join(shown)))


def _passage(site: Site, passage: Passage) -> str:
    """A changed passage: unchanged words as they are, the rest inside their labels."""
    out = "…" if passage.cut_before else ""
    for run in passage.runs:
        words = _words(site, run.words)
        if run.change == "removed":
            words = site.say("history.removed", words=f"<del>{words}</del>")
        elif run.change == "added":
            words = site.say("history.inserted", words=f"<ins>{words}</ins>")
        first = run.words[0]
        glued = run.change == "same" and isinstance(first, str) and _PUNCTUATION.match(first)
        out += words if glued or not out else " " + words
    return out + (" …" if passage.cut_after else "")


_PUNCTUATION = re.compile(r"^[.,;:!?)]")


# --- What's new ------------------------------------------------------------------------


def versions_md(site: Site, page: str) -> list[str]:
    """What's new's part: each released version, newest first, with the pages it
    changed and what changed in each (linked to the page's own account of it)."""
    history = _history(site)
    if history is None:
        return []
    say = site.say
    heading = say("history.heading")
    lines = [
        f"## {say('history.versions')} {{ #versions }}",
        "",
        say("history.versions_intro", heading=heading),
        "",
    ]
    changed: dict[str, list[tuple[str, NoteChange]]] = {}
    for note_id, mine in history.notes.items():
        for change in mine.changes:
            changed.setdefault(change.release.tag, []).append((note_id, change))
    first = history.releases[0]
    for release in reversed(history.releases):
        anchor = "version-" + value_slug(release.version)
        shown = say(
            "history.version",
            version=text(release.version),
            date=text(site.words.date(release.day)),
        )
        lines += [f"### {shown} {{ #{anchor} }}", ""]
        if release is first:
            lines += [site.say_count("history.first_release", len(release.notes)), ""]
            continue
        entries = sorted(changed.get(release.tag, []), key=lambda e: _order(site, e[0]))
        if not entries:
            lines += [say("history.no_pages_changed"), ""]
            continue
        for note_id, change in entries:
            lines.append(f"- {_page_changed(site, history, page, note_id, change)}")
        lines.append("")
    return lines


def _order(site: Site, note_id: str) -> tuple[int, str]:
    """Reading order for today's notes; notes the review no longer has after them."""
    return (site.position.get(note_id, len(site.position)), note_id)


def _page_changed(site: Site, history: History, page: str, note_id: str, change: NoteChange) -> str:
    note = site.review.find_note(note_id)
    if note is not None:
        shown = link(site.note_label(note), page, f"{note.url_path}#{ANCHOR}")
    else:  # no longer in the review: its title as the last version with it had it
        titles = [r.notes[note_id].title for r in history.releases if note_id in r.notes]
        shown = text(titles[-1] if titles else note_id)
    return site.say("history.page_changed", page=shown, what=text(_aspects(site, change)))


def _aspects(site: Site, change: NoteChange) -> str:
    words = site.words
    if change.event == "added":
        return words("history.aspect_added")
    if change.event == "left out":
        return words("history.aspect_left_out")
    shown = []
    for aspect in change.aspects:
        if aspect in ("title", "wording", "confidence", "works"):
            shown.append(words(f"history.aspect_{aspect}"))
        else:
            vocabulary = site.shape.vocabulary(aspect)
            shown.append(words.in_sentence(vocabulary.label) if vocabulary else aspect)
    return words.both(shown)
