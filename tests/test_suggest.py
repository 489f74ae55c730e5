"""The one 'did you mean' helper every reader and checker uses."""

from __future__ import annotations

from evidencesite.suggest import closest, did_you_mean


def test_the_nearest_known_word_ends_the_message() -> None:
    assert did_you_mean("themse", ["themes", "drivers"]) == "; did you mean 'themes'?"
    assert closest("artcle", ("article", "book")) == "article"


def test_nothing_near_gives_nothing_or_the_fallback() -> None:
    assert did_you_mean("zzz", ["themes"]) == ""
    assert did_you_mean("zzz", ["themes"], otherwise="; known: themes") == "; known: themes"
    assert closest("zzz", []) is None
