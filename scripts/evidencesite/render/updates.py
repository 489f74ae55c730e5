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
    for change in review.changes:
        lines += [f"## {text(long_date(change.date))} {{ #{change.date.isoformat()} }}", ""]
        lines += [text(change.summary), ""]
        if change.notes is None:
            lines += ["This change applies to the whole review.", ""]
            continue
        for note_id in change.notes:
            note = review.find_note(note_id)
            if note is not None:
                lines.append(f"- {link(site.note_label(note), page, note.url_path)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
