"""Slugs for a 10,000-reference build (issue 23): 50,000 distinct texts, cite keys and
keywords, 64% of them not ASCII and half with letters NFKD cannot decompose (Ø, ß,
Cyrillic, Greek, CJK), each slugged once with the caches bypassed. Medians of five runs, for
evidencesite.slugs, python-slugify with the same tables, and the NFKD rule it replaced.

    PYTHONPATH=scripts python -m bench.slugs
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

from evidencesite import slugs

NAMES = ["Smith", "Müller", "García", "O'Brien", "van der Berg", "Øvretveit", "Straße",
         "Иванов", "Παπαδόπουλος", "北京大学", "Łukasiewicz", "Ærø", "Jones", "Dávid"]  # fmt: skip
WORDS = ["co-production", "power", "mental health", "service design", "évaluation",
         "lived experience", "NHS", "Mitbestimmung", "участие", "συμμετοχή", "参与"]  # fmt: skip


def texts(n: int = 50_000, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        if i % 5 == 0:  # a cite key
            out.append(f"{rng.choice(NAMES).replace(' ', '')}{1960 + i % 60}{i}")
        else:  # a keyword or facet value
            out.append(f"{' '.join(rng.sample(WORDS, 2))} {i}")
    return out


def _median(slug: Callable[[str], str], items: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for text in items:
            slug(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure() -> dict[str, float]:
    items = texts()
    slugs._ascii_letter.cache_clear()
    rows = {
        "evidencesite.slugs (first run, empty letter cache)": _median(
            slugs.value_slug.__wrapped__, items, runs=1
        ),
        "evidencesite.slugs": _median(slugs.value_slug.__wrapped__, items),
        "legacy NFKD rule": _median(lambda t: slugs.legacy_slug(t, "value"), items),
    }
    try:  # only for the comparison: pip install python-slugify==9.1.3
        from slugify import slugify
    except ModuleNotFoundError:
        return rows
    rows["python-slugify (text-unidecode)"] = _median(
        lambda t: slugify(t, backend="text-unidecode"), items
    )
    return rows


if __name__ == "__main__":
    for name, seconds in measure().items():
        print(f"{name:55} {seconds:6.3f} s  ({seconds / 50_000 * 1e6:5.1f} µs a slug)")
