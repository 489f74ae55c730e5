"""Citation parsing scales linearly (issue 15): one sentence with n citations, and one
note with n one-citation sentences. Medians of five runs; the per-citation cost should
stay flat as n doubles (it grew cubically before: 400 in one sentence took 18.5 s)."""

from __future__ import annotations

import statistics
import time

from evidencesite.citations import parse_citations

SIZES = (200, 400, 800, 1600, 100_000)


def _median(body: str, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        parse_citations(body)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure() -> list[dict[str, float | int]]:
    rows: list[dict[str, float | int]] = []
    for n in SIZES:
        one_sentence = "Claim " + "; ".join(f"[@k{i}]" for i in range(n)) + "."
        many = " ".join(f"Sentence {i} cites [@k{i % 50}]." for i in range(n))
        runs = 1 if n >= 100_000 else 5
        rows.append(
            {
                "citations": n,
                "one_sentence_s": _median(one_sentence, runs) if n < 100_000 else float("nan"),
                "one_per_sentence_s": _median(many, runs),
            }
        )
    return rows


def table(rows: list[dict[str, float | int]]) -> str:
    lines = [
        "| citations | one sentence (s) | per citation (µs) | one per sentence (s) | per citation (µs) |",
        "|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        n = int(row["citations"])
        one, many = float(row["one_sentence_s"]), float(row["one_per_sentence_s"])
        first = "n/a" if one != one else f"{one:.3f} | {one / n * 1e6:.0f}"
        first = first if "|" in first else f"{first} | n/a"
        lines.append(f"| {n:,} | {first} | {many:.3f} | {many / n * 1e6:.0f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(measure()))
