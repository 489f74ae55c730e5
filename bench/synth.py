"""Synthetic literatures for the benchmark: N references and one note per 20, each
citing 10, with LaTeX accents, @string macros and corporate authors, so that every
code path a real export exercises is timed."""

from __future__ import annotations

import random
import shutil
import textwrap
from pathlib import Path

FAMILIES = [
    "M{\\\"u}ller", "Fran{\\c{c}}ois", "Smith", "Jones", "Brown", "Taylor", "Wilson",
    "Davies", "Evans", "Thomas", "Johnson", "Roberts", "Walker", "Wright", "Robinson",
    "Thompson", "White", "Hughes", "Edwards", "Green", "Hall", "Wood", "Harris",
    "Lewis", "Martin", "Jackson", "Clarke", "Clark", "Turner", "Hill", "Scott",
    "Cooper", "Morris", "Ward", "Moore", "King", "Watson", "Baker", "Harrison",
    "Morgan", "Patel", "Young", "Allen", "Mitchell", "James", "Anderson", "Phillips",
    "Lee", "Bell", "Parker", "Dav{\\'\\i}d", "{\\O}stergaard", "Garc{\\'\\i}a",
    "Sch{\\\"o}n", "L{\\'o}pez", "van der Berg", "de la Cruz", "O'Brien",
]  # fmt: skip
GIVEN = ["Anna", "Ben", "Chlo{\\'e}", "David", "Ewa", "Fatima", "George", "Hannah",
         "Ibrahim", "J{\\\"u}rgen", "Kate", "Liam", "Maria", "Nadia", "Owen", "Priya"]  # fmt: skip
CORPORATE = ["{NHS England}", "{Department of Health and Social Care}", "{Mind}",
             "{National Collaborating Centre for Mental Health}", "{The King's Fund}"]  # fmt: skip
JOURNALS = {
    "jmh": "Journal of Mental Health",
    "hex": "Health Expectations",
    "bmjqs": "BMJ Quality {\\&} Safety",
    "par": "Public Administration Review",
    "sphs": "Social Policy and Society",
    "ijmhn": "International Journal of Mental Health Nursing",
}
ROOT = Path(__file__).resolve().parent.parent
WORDS = [
    "co-production",
    "power",
    "culture",
    "recovery",
    "service",
    "users",
    "community",
    "mental",
    "health",
    "NHS",
    "trust",
    "staff",
    "training",
    "evaluation",
    "commissioning",
    "peer",
    "support",
    "governance",
    "risk",
    "definitions",
    "design",
    "participation",
    "tokenism",
    "leadership",
    "change",
    "reorganisation",
]
DESIGNS = ["qualitative study", "review", "theory", "policy", "guidance", "grey literature",
           "mixed methods", "commentary"]  # fmt: skip
SETTINGS = ["mental health", "NHS", "social care", "health care", "research", "public services"]
KEYWORDS = [f"topic {i}" for i in range(40)] + ["co-production", "power", "recovery", "culture"]
THEMES = ["corporate-machine", "continual-revolution", "power", "interface", "attitudes"]


def _title(rng: random.Random) -> str:
    words = rng.sample(WORDS, 7)
    title = " ".join(words).capitalize()
    return title.replace("NHS", "{NHS}") + (" -- a case study" if rng.random() < 0.2 else "")


def bib_text(n: int, seed: int = 1) -> tuple[str, list[str]]:
    rng = random.Random(seed)
    parts = [f'@string{{{k} = "{v}"}}' for k, v in JOURNALS.items()]
    keys = []
    for i in range(n):
        year = rng.randint(1970, 2024)
        key = f"ref{i}y{year}"
        keys.append(key)
        if rng.random() < 0.08:
            authors = rng.choice(CORPORATE)
        else:
            authors = " and ".join(
                f"{rng.choice(FAMILIES)}, {rng.choice(GIVEN)}" for _ in range(rng.randint(1, 6))
            )
        kind = rng.choice(["article"] * 6 + ["book", "techreport", "incollection", "misc"])
        fields = [
            f"  author = {{{authors}}}",
            f"  title = {{{_title(rng)}}}",
            f"  year = {{{year}}}",
        ]
        if kind == "article":
            fields += [
                f"  journal = {rng.choice(list(JOURNALS))}",
                f"  volume = {{{rng.randint(1, 60)}}}",
                f"  number = {{{rng.randint(1, 12)}}}",
                f"  pages = {{{(p := rng.randint(1, 900))}--{p + rng.randint(5, 30)}}}",
                f"  doi = {{10.{rng.randint(1000, 9999)}/bench.{i}}}",
            ]
        elif kind == "incollection":
            fields += ["  booktitle = {Handbook of Co-production}", "  editor = {Brandsen, Taco}",
                       "  publisher = {Routledge}", "  address = {London}"]  # fmt: skip
        elif kind == "techreport":
            fields += [
                "  institution = {Example Institute}",
                f"  url = {{https://example.org/{key}}}",
            ]
        else:
            fields += ["  publisher = {Example Press}", f"  url = {{https://example.org/{key}}}"]
        fields += [
            f"  annotation = {{{_title(rng)}, as it bears on co-production in community mental health.}}",
            f"  design = {{{rng.choice(DESIGNS)}}}",
            f"  setting = {{{'; '.join(rng.sample(SETTINGS, rng.randint(1, 2)))}}}",
            f"  keywords = {{{'; '.join(rng.sample(KEYWORDS, 3))}}}",
            "  file = {/home/user/Zotero/storage/ABCD1234/paper.pdf}",
            "  abstract = {We study $\\alpha$ and \\emph{more} in services.}",
        ]
        parts.append(f"@{kind}{{{key},\n" + ",\n".join(fields) + "\n}")
    return "\n\n".join(parts) + "\n", keys


def write_literature(root: Path, n: int, seed: int = 1) -> Path:
    """A literature folder of n references and n/20 notes (at least one of each kind)."""
    rng = random.Random(seed + 1)
    lit = root / "literature"
    for kind in ("themes", "drivers", "challenges", "recommendations"):
        (lit / kind).mkdir(parents=True, exist_ok=True)
    # This review's shape (kinds, relations, vocabularies), as the real review has it.
    shutil.copy(ROOT / "literature" / "evidencesite.yml", lit / "evidencesite.yml")
    bib, keys = bib_text(n, seed)
    (lit / "references.bib").write_text(bib, encoding="utf-8")
    total = max(8, n // 20)
    others = total - len(THEMES)
    counts = {"drivers": others // 3, "challenges": others // 3}
    counts["recommendations"] = others - counts["drivers"] - counts["challenges"]
    ids: dict[str, list[str]] = {"themes": THEMES}
    for kind, count in counts.items():
        ids[kind] = [f"{kind[:-1]}-{i}" for i in range(count)]
    cursor = 0

    def body() -> str:
        nonlocal cursor
        cited = [keys[(cursor + j) % len(keys)] for j in range(10)]
        cursor += 10
        sentences = [
            f"Evidence on {rng.choice(WORDS)} varies [@{cited[0]}; @{cited[1]}, p. {rng.randint(1, 99)}].",
            f"As @{cited[2]} argued, services change slowly [@{cited[3]}].",
            f"Several studies agree [@{cited[4]}; @{cited[5]}; @{cited[6]}].",
            f"Others disagree [-@{cited[7]}], see also [@{cited[8]}] and [@{cited[9]}].",
        ]
        return "## What it is\n\n" + " ".join(sentences) + "\n\n## Why it matters\n\nText.\n"

    confidence = textwrap.dedent(
        """\
        confidence:
          level: low
          explanation: Synthetic.
          methodological-limitations: {concern: minor, explanation: Synthetic.}
          coherence: {concern: minor, explanation: Synthetic.}
          adequacy: {concern: moderate, explanation: Synthetic.}
          relevance: {concern: minor, explanation: Synthetic.}
        """
    )
    for kind, names in ids.items():
        for i, note_id in enumerate(names):
            front = [f"id: {note_id}", f"title: {_title(rng).replace('{', '').replace('}', '')}",
                     f"summary: A synthetic {kind[:-1]} for the benchmark.",
                     "plain: A made-up note. It is here to test speed.", f"order: {i + 1}",
                     f"keywords: [{rng.choice(KEYWORDS)}]"]  # fmt: skip
            if kind != "themes":
                front.append(f"themes: [{rng.choice(THEMES)}]")
            if kind == "challenges":
                front.append(
                    f"drivers: [{', '.join(rng.sample(ids['drivers'], min(2, len(ids['drivers']))))}]"
                )
            if kind == "recommendations":
                front.append(
                    f"addresses: [{', '.join(rng.sample(ids['challenges'], min(3, len(ids['challenges']))))}]"
                )
                front += ["audience: [managers]", "strength: conditional"]
            if kind != "themes":
                front.append(confidence.rstrip())
            text = "---\n" + "\n".join(front) + "\n---\n\n" + body()
            (lit / kind / f"{note_id}.md").write_text(text, encoding="utf-8")
    return lit


def real_literature(root: Path, bib: Path) -> Path:
    """A literature folder of a real bibliography (tests/data/real) with this review's
    shape and no notes: what a team's first build of its export does."""
    lit = root / "literature"
    lit.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "literature" / "evidencesite.yml", lit / "evidencesite.yml")
    shutil.copy(bib, lit / "references.bib")
    return lit
