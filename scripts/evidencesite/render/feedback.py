"""A way to comment on every page: a link to the review's issue form, prefilled with
the page, and the review's contact. A plain link: nothing is requested until a reader
follows it."""

from __future__ import annotations

import os
from html import escape
from urllib.parse import urlencode

from ..model import ReviewInfo


def repository_url(info: ReviewInfo | None) -> str:
    """The review's repository: $REPOSITORY_URL (set by the deploy job), else
    review.yml's ``repository``; '' when neither is given."""
    found = os.environ.get("REPOSITORY_URL") or (info.repository if info else "")
    return found.rstrip("/") if found.startswith(("https://", "http://")) else ""


def issue_url(repository: str, title: str, page_url: str) -> str:
    """A new issue on the repository (GitHub, Gitea and Forgejo share this form),
    titled with the page and naming its address in the body."""
    query = urlencode(
        {
            "title": f"Comment on: {title}",
            "body": f"Page: {page_url}\n\nYour comment or suggested change:\n",
        }
    )
    return f"{repository}/issues/new?{query}"


def feedback_html(info: ReviewInfo | None, title: str, page_url: str) -> str:
    """The block at the foot of a page: comment on it, who publishes it, and whom to
    contact."""
    parts = []
    repository = repository_url(info)
    if repository:
        href = escape(issue_url(repository, title, page_url))
        parts.append(
            f'<a href="{href}">Comment on this page or suggest a change</a> '
            "(opens the review's public issue form; you need a free account there)."
        )
    publisher = info.publisher if info else ""
    if publisher:
        parts.append(f"Published by {escape(publisher)}.")
    contact = info.contact if info else ""
    if contact:
        web = contact.startswith(("http://", "https://"))
        href = escape(contact if web else f"mailto:{contact}")
        parts.append(f'Contact the review team: <a href="{href}">{escape(contact)}</a>.')
    if not parts:
        return ""
    return (
        '\n<aside class="page-feedback" data-search-exclude>'
        + " ".join(f"<p>{p}</p>" for p in parts)
        + "</aside>\n"
    )
