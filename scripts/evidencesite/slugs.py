"""Slugs: the one place text becomes a URL segment.

Every address the site publishes is built from a slug made here: a reference page's
from its cite key (:func:`key_slug`), a keyword page's (:func:`keyword_slug`), a
browse page's from a facet value and a heading's anchor (:func:`value_slug`). A slug
is lowercase ASCII words joined by single hyphens (:data:`SLUG_RE`), at most
:data:`MAX_LENGTH` characters: never a path ('/', '..'), never empty.

Letters are transliterated, not deleted: 'Øvretveit' -> 'ovretveit', 'Straße' ->
'strasse', 'Иванов' -> 'ivanov', 'Ἀριστοτέλης' -> 'aristoteles', '北京' -> 'bei-jing'
(text-unidecode's tables). A letter that decomposes into ASCII and accents ('ü',
'ﬁ') reads as it always did ('u', 'fi'), so only the letters the rule used to delete
give new slugs; the old rule is kept as :func:`legacy_slug`, for the redirects from
the addresses it made (``render/redirects.py``).

Why text-unidecode directly and not python-slugify (which uses the same tables):
``python -m bench.slugs``, 50,000 distinct keys and keywords, 64% not ASCII, on
3 December 2026 on a shared machine: this module 0.21-0.43 s, python-slugify 9.1
0.70-1.02 s, the NFKD rule it replaces 0.15-0.25 s. Both are fast enough; but
python-slugify also folds '1,000' into '1000' and decodes HTML entities, which would
move addresses that need not move, and its default backend switches to Unidecode
whenever that is installed, so a slug would depend on what else is installed.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from typing import Literal

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: The longest slug: a longer one is cut and ends with a hash of the whole text.
MAX_LENGTH = 100

#: Names the generator uses for its own pages (each folder's index.md).
RESERVED = frozenset({"index", "at-a-glance"})

#: What a keyword's slug takes when the site needs that slug itself ('index'). No
#: keyword's own slug ends so: a slug never has two hyphens in a row.
RESERVED_SUFFIX = "--keyword"
#: The suffix such keywords took until November 2026, which the keyword 'index
#: keyword' also slugs to; their old pages redirect (render/redirects.py).
OLD_RESERVED_SUFFIX = "-keyword"

_NOT_WORD = re.compile(r"[^a-z0-9]+")
#: What transliteration writes for a sign that is not a letter (Cyrillic 'ь' -> "'",
#: Hebrew 'ע' -> '`'): dropped, so 'Ильич' is 'ilich' and not 'il-ich'.
_MARKS = str.maketrans("", "", "'`\"[]?")


def is_slug(text: str) -> bool:
    """True for lowercase ASCII words joined by single hyphens: safe as a URL and a file name."""
    return bool(SLUG_RE.match(text)) and len(text) <= MAX_LENGTH


def keyword_of(word: str) -> str:
    """A keyword as one form: NFC (café typed two ways is one keyword), lowercase,
    single spaces."""
    return " ".join(unicodedata.normalize("NFC", word).lower().split())


@lru_cache(maxsize=4096)
def _ascii_letter(char: str) -> str:
    """One non-ASCII character in ASCII: its decomposition's ASCII part when it has
    one (what the old rule kept: 'ü' -> 'u', 'ﬁ' -> 'fi'), else its transliteration."""
    kept = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
    if kept:
        return kept
    # Imported here: its tables take 40-60 ms to load, which a review whose every
    # letter decomposes (most of them) never needs to pay.
    from text_unidecode import unidecode

    return str(unidecode(char)).translate(_MARKS)


def ascii_text(text: str) -> str:
    """``text`` in ASCII, transliterated letter by letter (composed first, so 'が'
    typed two ways is 'ga' both times)."""
    if text.isascii():
        return text
    return "".join(map(_ascii_letter, unicodedata.normalize("NFC", text)))


def _words(text: str) -> str:
    """Lowercase ASCII words joined by single hyphens; '' when there is none."""
    return _NOT_WORD.sub("-", ascii_text(text).lower()).strip("-")


def _hash(text: str, length: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def _fit(slug: str, whole: str) -> str:
    """A slug of at most MAX_LENGTH characters: a longer one cut at MAX_LENGTH - 9 and
    ended with 8 characters of the hash of ``whole``, so two long texts that begin
    alike keep two slugs."""
    if len(slug) <= MAX_LENGTH:
        return slug
    return slug[: MAX_LENGTH - 9].rstrip("-") + "-" + _hash(whole, 8)


@lru_cache(maxsize=65536)
def value_slug(value: str) -> str:
    """The slug of a keyword, a facet value or a heading: its words, or, with no letter
    or digit that has an ASCII form (emoji), 'keyword-' and a hash of the text."""
    slug = _words(value)
    if not slug:
        return "keyword-" + _hash(keyword_of(value), 8)
    return _fit(slug, keyword_of(value))


def keyword_slug(word: str) -> str:
    """The slug of a keyword's page (keyword_of form); a slug the site uses itself
    ('index') takes :data:`RESERVED_SUFFIX`, so the keyword 'index' keeps a page."""
    slug = value_slug(word)
    return slug + RESERVED_SUFFIX if slug in RESERVED else slug


@lru_cache(maxsize=65536)
def key_slug(key: str) -> str:
    """The slug of a cite key (its reference page's URL segment): its letters and
    digits, transliterated and lowercase, every other run of characters one hyphen
    ('baez/article' -> 'baez-article', 'Müller2020' -> 'muller2020'). Keys that differ
    only in case share a slug, which bibtex.py reports. It depends on the key alone,
    so it never changes while the key does not; a key with no letter or digit that
    has an ASCII form takes 'ref-' and a hash of the key."""
    slug = _words(key)
    if not slug:
        return "ref-" + _hash(key, 10)
    return _fit(slug, key)


def suggested_slug(text: str) -> str | None:
    """A slug to offer for text that should have been one (a note's id), or None when
    no slug of its words would do (none, or a name the site keeps)."""
    slug = _words(text)[:MAX_LENGTH].rstrip("-")
    return slug if slug and slug not in RESERVED else None


def legacy_slug(text: str, rule: Literal["key", "value", "keyword"]) -> str:
    """The slug the rule before transliteration made (until December 2026): letters
    without an ASCII decomposition deleted ('Øvretveit2019' -> 'vretveit2019'), a
    key's own hyphens kept, no length limit. Only for finding the pages published
    under it, which redirect (render/redirects.py)."""
    kept = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    if rule == "key":
        slug = re.sub(r"[^a-z0-9-]+", "-", kept).strip("-")
        return slug or "ref-" + _hash(text, 10)
    slug = re.sub(r"[^a-z0-9]+", "-", kept).strip("-") or "keyword-" + _hash(keyword_of(text), 8)
    return slug + RESERVED_SUFFIX if rule == "keyword" and slug in RESERVED else slug
