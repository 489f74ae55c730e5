"""A way to comment on every page: a link to the review's issue form, prefilled with
the page, and the review's contact. A plain link: nothing is requested until a reader
follows it."""

from __future__ import annotations

import os
from html import escape
from urllib.parse import quote, urlencode

from ..model import ReviewInfo
from ..wording import Wording


def repository_url(info: ReviewInfo | None) -> str:
    """The review's repository: $REPOSITORY_URL (set by the deploy job), else
    review.yml's ``repository``; '' when neither is given."""
    found = os.environ.get("REPOSITORY_URL") or (info.repository if info else "")
    return found.rstrip("/") if found.startswith(("https://", "http://")) else ""


def issue_url(words: Wording, repository: str, title: str, page_url: str) -> str:
    """A new issue on the repository (GitHub, Gitea and Forgejo share this form),
    titled with the page and naming its address in the body."""
    body = f"{words('feedback.issue_page', url=page_url)}\n\n{words('feedback.issue_prompt')}\n"
    query = urlencode({"title": words("feedback.issue_title", title=title), "body": body})
    return f"{repository}/issues/new?{query}"


def comment_channel(info: ReviewInfo | None) -> str:
    """Where readers' comments go: the repository (its issue form), else the contact;
    '' when the review has neither."""
    return repository_url(info) or (info.contact if info else "")


def contact_url(words: Wording, contact: str, title: str, page_url: str) -> str:
    """A comment by the contact: its form, or an email with the page in its subject."""
    if contact.startswith(("http://", "https://")):
        return contact
    body = f"{words('feedback.issue_page', url=page_url)}\n\n{words('feedback.issue_prompt')}\n"
    query = urlencode(
        {"subject": words("feedback.issue_title", title=title), "body": body}, quote_via=quote
    )
    return f"mailto:{contact}?{query}"


def feedback_html(words: Wording, info: ReviewInfo | None, title: str, page_url: str) -> str:
    """The block at the foot of a page: comment on it, who publishes it, and whom to
    contact, in the review's language."""
    parts = []
    repository = repository_url(info)
    if repository:
        href = escape(issue_url(words, repository, title, page_url))
        comment = f'<a href="{href}">{escape(words("feedback.comment_link"))}</a>'
        parts.append(words.fill("feedback.comment", escape, link=comment))
    elif info is not None and info.contact:  # no repository: comments go to the contact
        href = escape(contact_url(words, info.contact, title, page_url))
        comment = f'<a href="{href}">{escape(words("feedback.comment_link"))}</a>'
        web = info.contact.startswith(("http://", "https://"))
        form = "feedback.comment_by_form" if web else "feedback.comment_by_email"
        parts.append(words.fill(form, escape, link=comment))
    publisher = info.publisher if info else ""
    if publisher:
        parts.append(words.fill("feedback.published_by", escape, publisher=escape(publisher)))
    contact = info.contact if info else ""
    if contact:
        web = contact.startswith(("http://", "https://"))
        href = escape(contact if web else f"mailto:{contact}")
        address = f'<a href="{href}">{escape(contact)}</a>'
        parts.append(words.fill("feedback.contact", escape, contact=address))
    if not parts:
        return ""
    return (
        '\n<aside class="page-feedback" data-search-exclude>'
        + " ".join(f"<p>{p}</p>" for p in parts)
        + "</aside>\n"
    )
