"""What's new: the review's changes, newest first, from literature/changes.yml."""

from __future__ import annotations

from .common import Site, external, front_matter, link, text
from .feed import feed_path
from .feedback import comment_channel, repository_url
from .history import versions_md


def has_feed(site: Site) -> bool:
    """Whether the review has an Atom feed of changes (render/feed.py): it needs the
    review's title and authors, and a change to list."""
    return site.review.info is not None and bool(site.review.changes)


def whats_new_page(site: Site) -> str:
    review = site.review
    page = site.urls.whats_new()
    info = review.info
    words, say = site.words, site.say
    lines = [
        *front_matter(words("whats_new.title"), words("whats_new.description"), searchable=False),
        f"# {say('whats_new.title')}",
        "",
    ]
    if info is not None:
        searched = f"**{text(words.date(info.last_search))}**"
        lines += [say("whats_new.version", version=text(info.version), date=searched), ""]
        repository = repository_url(info)
        if repository:
            releases = external(repository + "/releases", repository + "/releases")
            lines += [say("whats_new.releases", releases=releases), ""]
    if has_feed(site):
        feed = link(words("whats_new.feed_link"), page, feed_path(page))
        lines += [say("whats_new.feed", feed=feed), ""]
    lines += you_said_we_did(site)
    if not review.changes:
        lines.append(say("whats_new.no_changes"))
    day = None
    for change in review.changes:  # newest first; one heading a day, however many changes
        if change.date != day:
            day = change.date
            lines += [f"## {text(words.date(day))} {{ #{day.isoformat()} }}", ""]
        lines += [text(change.summary), ""]
        if change.notes is None:
            lines += [say("whats_new.whole_review"), ""]
            continue
        notes = [n for n in map(review.find_note, change.notes) if n is not None]
        notes.sort(key=lambda n: site.position[n.id])  # reading order
        if notes:
            lines += [say("whats_new.pages_changed"), ""]
        lines += [f"- {link(site.note_label(n), page, n.url_path)}" for n in notes]
        lines.append("")
    lines += versions_md(site, page)  # what each released version changed (git tags)
    return "\n".join(lines).rstrip() + "\n"


def you_said_we_did(site: Site) -> list[str]:
    """The public record of changes that readers' comments led to."""
    words, say = site.words, site.say
    lines = [f"## {say('whats_new.you_said_we_did')} {{ #you-said-we-did }}", ""]
    prompted = [c for c in site.review.changes if c.you_said]
    for change in prompted:
        when = f"[{text(words.date(change.date))}](#{change.date.isoformat()})"
        lines.append(
            "- "
            + say(
                "whats_new.said_and_did",
                you_said=f"**{say('whats_new.you_said')}**",
                said=text(change.you_said),
                we_did=f"**{say('whats_new.we_did')}**",
                did=text(change.summary),
                date=when,
            )
        )
    if not prompted:
        lines.append(say("whats_new.none_from_comments"))
    if not comment_channel(site.review.info):  # no way to comment: no call for comments
        return [*lines, ""]
    comments = say("whats_new.comments") + " " + say("whats_new.how_to_comment")
    return [*lines, "", comments, ""]
