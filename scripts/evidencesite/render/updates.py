"""What's new: the review's changes, newest first, from literature/changes.yml."""

from __future__ import annotations

from ..styles import long_date
from .common import Site, external, front_matter, link, text
from .feedback import repository_url


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
        repository = repository_url(info)
        if repository:
            lines += [
                "Every released version is kept, so that a policy or a paper can cite "
                "exactly what it saw: each is a downloadable archive of the whole site, "
                "with a note on how to cite it, at "
                f"{external(repository + '/releases', repository + '/releases')}.",
                "",
            ]
    lines += you_said_we_did(site)
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


def you_said_we_did(site: Site) -> list[str]:
    """The public record of changes that readers' comments led to."""
    lines = ["## You said, we did { #you-said-we-did }", ""]
    prompted = [c for c in site.review.changes if c.you_said]
    for change in prompted:
        lines += [
            f"- **You said:** {text(change.you_said)} **We did:** {text(change.summary)} "
            f"([{text(long_date(change.date))}](#{change.date.isoformat()}))",
        ]
    if not prompted:
        lines.append("No change has come from a reader's comment yet.")
    how = (
        " To comment, use the link at the foot of any page."
        if repository_url(site.review.info)
        else ""
    )
    lines += [
        "",
        "Comments from readers, and from people who use services above all, shape the "
        f"review: each change they lead to is listed here.{how}",
        "",
    ]
    return lines
