"""What's new: the review's changes, newest first, from literature/changes.yml."""

from __future__ import annotations

from ..styles.harvard_ctr import long_date
from .common import Site, front_matter, link, text


def whats_new_page(site: Site) -> str:
    review = site.review
    page = site.urls.whats_new()
    info = review.info
    lines = [
        *front_matter("What’s new", "Changes to the review, newest first.", searchable=False),
        "# What’s new",
        "",
    ]
    if info is not None:
        lines += [
            f"This is version {text(info.version)} of the review. The literature was "
            f"last searched on **{text(long_date(info.last_search))}**.",
            "",
        ]
    if not review.changes:
        lines.append("No changes are recorded yet.")
    day = None
    for change in review.changes:  # newest first; one heading a day, however many changes
        if change.date != day:
            day = change.date
            lines += [f"## {text(long_date(day))} {{ #{day.isoformat()} }}", ""]
        lines += [text(change.summary), ""]
        if change.notes is None:
            lines += ["This change applies to the whole review.", ""]
            continue
        notes = [n for n in map(review.find_note, change.notes) if n is not None]
        notes.sort(key=lambda n: site.position[n.id])  # reading order
        if notes:
            lines += ["Pages changed:", ""]
        lines += [f"- {link(site.note_label(n), page, n.url_path)}" for n in notes]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
