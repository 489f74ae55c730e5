"""The one slug module: letters are transliterated, never deleted, and every slug is a
checked one (lowercase ASCII words, single hyphens, at most 100 characters)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidencesite.slugs import (
    MAX_LENGTH,
    RESERVED,
    RESERVED_SUFFIX,
    is_slug,
    key_slug,
    keyword_slug,
    legacy_slug,
    suggested_slug,
    value_slug,
)


@pytest.mark.parametrize(
    ("key", "slug"),
    [
        ("Øvretveit2019", "ovretveit2019"),
        ("Straße2001", "strasse2001"),
        ("Иванов2019", "ivanov2019"),
        ("Петров2019", "petrov2019"),  # no longer '2019' as the key above was
        ("Ильич1920", "ilich1920"),  # the soft sign's apostrophe is dropped
        ("Παπαδόπουλος2010", "papadopoulos2010"),
        ("北京2020", "bei-jing-2020"),
        ("Łukasiewicz1951", "lukasiewicz1951"),
        ("Ærø1999", "aero1999"),
        # what the old rule kept is kept
        ("Müller2020", "muller2020"),
        ("Cahn2000", "cahn2000"),
        ("baez/article", "baez-article"),
        ("smith:2020a", "smith-2020a"),
        # a key's own hyphens: one hyphen, as for any other run (was 'a--b')
        ("a--b", "a-b"),
        ("zanne_three_????-1", "zanne-three-1"),
    ],
)
def test_key_slugs(key: str, slug: str) -> None:
    assert key_slug(key) == slug


@pytest.mark.parametrize(
    ("word", "slug"),
    [
        ("co-production", "co-production"),
        ("women's health", "women-s-health"),
        ("café", "cafe"),
        ("Straße", "strasse"),
        ("участие", "uchastie"),
        ("συμμετοχή", "summetokhe"),
        ("参与", "can-yu"),
        ("がっこう", "gatukou"),
        ("が", "ga"),
        ("か\u3099", "ga"),  # the same letter typed decomposed
        ("한국어", "hangugeo"),
        ("ﬁeld", "field"),
        ("1,000 voices", "1-000-voices"),  # python-slugify would say '1000-voices'
        ("R&amp;D", "r-amp-d"),  # no HTML entities decoded
        ("index", "index" + RESERVED_SUFFIX),
        ("at a glance", "at-a-glance" + RESERVED_SUFFIX),
        ("index keyword", "index-keyword"),
    ],
)
def test_keyword_slugs(word: str, slug: str) -> None:
    assert keyword_slug(word) == slug


def test_text_with_no_ascii_form_takes_a_stable_hash() -> None:
    assert value_slug("😀") == value_slug("😀") != value_slug("😃")
    assert value_slug("😀").startswith("keyword-")
    assert key_slug("😀").startswith("ref-")
    assert value_slug("😀") == legacy_slug("😀", "value")  # unchanged by the new rule
    assert key_slug("😀") == legacy_slug("😀", "key")


def test_a_long_text_is_cut_and_keeps_a_slug_of_its_own() -> None:
    one, two = "word " * 40 + "one", "word " * 40 + "two"
    assert len(value_slug(one)) <= MAX_LENGTH and is_slug(value_slug(one))
    assert value_slug(one) != value_slug(two)
    assert is_slug(key_slug("k" * 300))


@pytest.mark.parametrize(
    ("text", "old"),
    [
        ("Øvretveit2019", "vretveit2019"),
        ("Straße", "strae"),
        ("a--b", "a--b"),
        ("Иванов2019", "2019"),
    ],
)
def test_legacy_slug_is_the_rule_before_transliteration(text: str, old: str) -> None:
    assert legacy_slug(text, "key") == old


def test_the_new_rule_moves_only_letters_the_old_one_deleted() -> None:
    for text in ["Müller", "García", "O'Brien", "van der Berg", "Dávid", "Schön", "½"]:
        assert value_slug(text) == legacy_slug(text, "value")
    assert legacy_slug("index", "keyword") == "index" + RESERVED_SUFFIX


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [("Power Dynamics", "power-dynamics"), ("Émile", "emile"), ("Index", None), ("!!", None)],
)
def test_a_note_id_that_is_not_a_slug_gets_one_suggested(text: str, suggestion: str) -> None:
    assert suggested_slug(text) == suggestion


@given(st.text())
@settings(max_examples=500)
def test_every_key_slug_is_a_checked_slug(key: str) -> None:
    slug = key_slug(key)
    assert is_slug(slug), slug
    assert "/" not in slug and ".." not in slug


@given(st.text())
@settings(max_examples=500)
def test_every_keyword_slug_is_checked_or_a_reserved_name_with_its_suffix(word: str) -> None:
    slug = keyword_slug(word)
    assert is_slug(slug) or (
        slug.endswith(RESERVED_SUFFIX) and slug.removesuffix(RESERVED_SUFFIX) in RESERVED
    ), slug


@given(st.text())
@settings(max_examples=500)
def test_a_suggestion_is_a_usable_slug_or_none(text: str) -> None:
    slug = suggested_slug(text)
    assert slug is None or (is_slug(slug) and slug not in RESERVED)
