"""The BibTeX download reads back as what was loaded (issue 23, part 5).

Every entry of every bibliography in tests/data/real/ is loaded with the project's
loader, written with our writer (render/data.py: bibtex_entry), and read back twice:
by our own loader, and by bibtexparser 2 with pylatexenc decoding the LaTeX (the
reference reader, as independent of our decoder as we can make it). Each field the
writer wrote must read back equal to the loaded value. Before the writer was fixed,
a field holding a backslash (``\\Sigma`` in jabref.bib) came back as ``\\{}Sigma``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from pylatexenc.latex2text import LatexNodes2Text

from conftest import ROOT
from evidencesite.bibtex import load_bibliography
from evidencesite.model import Location, Person, Reference
from evidencesite.render.data import BIBTEX_FIELDS, bibtex_entry

DATA = ROOT / "tests" / "data" / "real"
REAL = sorted(p.name for p in DATA.glob("*.bib"))
#: The fields the writer copies as they are (links), not as LaTeX.
VERBATIM = ("doi", "url")
_PYLATEXENC = LatexNodes2Text(math_mode="text", strict_latex_spaces=False)


def _written(ref: Reference) -> dict[str, str]:
    """The fields the writer writes for a reference, as loaded."""
    names = (*BIBTEX_FIELDS, "keywords")
    return {name: ref.get(name) for name in names if ref.get(name)}


#: Differences that are the loader's, not the writer's (left for another change):
#: ``\rlap{Lutz Birkhahn}`` is loaded as a family name "lapLutz Birkhahn", which no
#: BibTeX name without a given name can say.
LOADER_FAULTS = {"Lindner:TB10-3-368.authors"}


def _unknown(wrong: list[str]) -> list[str]:
    return [w for w in wrong if not w.startswith(tuple(f"{f}: " for f in LOADER_FAULTS))]


def _people(people: list[Person]) -> list[tuple[str, str, str, bool]]:
    """Names as compared. A nameless person is left out: the loader keeps one for a
    name it cannot read (tugboat.bib's macro ``\\Thanh``), and the writer leaves it
    out rather than write "and Rahtz"."""
    return [(p.family, p.given, p.suffix, p.corporate) for p in people if p.family or p.given]


def _load(tmp_path: Path, name: str, text: str) -> dict[str, Reference]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    refs, problems = load_bibliography([(path, name)])
    assert not [p for p in problems if p.severity == "error"], problems[:3]
    return refs


def _ours(loaded: dict[str, Reference], back: dict[str, Reference]) -> list[str]:
    """Every field that our loader reads back differently, as 'key.field: was -> now'."""
    wrong = []
    for key, ref in loaded.items():
        again = back[key]
        for name, value in _written(ref).items():
            if again.get(name) != value:
                wrong.append(f"{key}.{name}: {value!r} -> {again.get(name)!r}")
        for role in ("authors", "editors"):
            if _people(getattr(ref, role)) != _people(getattr(again, role)):
                wrong.append(f"{key}.{role}: {getattr(ref, role)} -> {getattr(again, role)}")
    return _unknown(wrong)


def _plain(latex: str) -> str:
    return " ".join(_PYLATEXENC.latex_to_text(latex).replace("\xa0", " ").split())


def _person_by_bibtexparser(name: str) -> tuple[str, str, str, bool]:
    if name.startswith("{") and name.endswith("}"):
        return (_plain(name[1:-1]), "", "", True)
    parts = parse_single_name_into_parts(name, strict=False)
    family = _plain(" ".join(parts.von + parts.last))
    return (family, _plain(" ".join(parts.first)), _plain(" ".join(parts.jr)), False)


def _bibtexparser(loaded: dict[str, Reference], export: str) -> list[str]:
    """Every field that bibtexparser 2 (+ pylatexenc) reads back differently."""
    library = parse_string(export)
    assert not library.failed_blocks, library.failed_blocks[:1]
    entries = {entry.key: entry for entry in library.entries}
    assert entries.keys() == loaded.keys()
    wrong = []
    for key, ref in loaded.items():
        fields = {f.key: f.value for f in entries[key].fields}
        for name, value in _written(ref).items():
            raw = fields.get(name, "")
            again = " ".join(raw.split()) if name in VERBATIM else _plain(raw)
            if again != " ".join(value.split()):
                wrong.append(f"{key}.{name}: {value!r} -> {again!r}")
        for field, role in (("author", "authors"), ("editor", "editors")):
            names = split_multiple_persons_names(fields.get(field, ""))
            again_people = [_person_by_bibtexparser(n.strip()) for n in names if n.strip()]
            if _people(getattr(ref, role)) != again_people:
                wrong.append(f"{key}.{role}: {_people(getattr(ref, role))} -> {again_people}")
    return _unknown(wrong)


def _round_trip(tmp_path: Path, name: str) -> tuple[int, int, list[str], list[str]]:
    """(entries, fields checked, wrong by our loader, wrong by bibtexparser)."""
    loaded = _load(tmp_path, name, (DATA / name).read_text(encoding="utf-8"))
    export = "\n".join(bibtex_entry(ref) for ref in loaded.values())
    back = _load(tmp_path, f"export-{name}", export)
    fields = sum(len(_written(r)) + bool(r.authors) + bool(r.editors) for r in loaded.values())
    return len(loaded), fields, _ours(loaded, back), _bibtexparser(loaded, export)


@pytest.mark.parametrize("name", REAL)
def test_every_entry_reads_back_as_loaded(tmp_path: Path, name: str) -> None:
    entries, fields, ours, theirs = _round_trip(tmp_path, name)
    assert entries > 0 and fields > entries
    assert ours == [], f"{len(ours)} of {fields} fields differ (our loader): {ours[:5]}"
    assert theirs == [], f"{len(theirs)} of {fields} fields differ (bibtexparser): {theirs[:5]}"


@pytest.mark.parametrize(
    "value",
    [
        r"\Sigma and \Delta",  # a backslash as text (jabref.bib's maths, once decoded)
        "{braces} and } unbalanced {",
        "100% of $5 & #1 under_score",
        "tilde ~ caret ^ and a lone \\",
        "en -- dash and `quotes' and ``double''",
    ],
)
def test_special_characters_read_back(tmp_path: Path, value: str) -> None:
    ref = Reference(
        entry_type="misc", key="k", slug="k", fields={"title": value, "publisher": value},
        authors=[Person(family="O'Brien", given="Flann")], editors=[], location=Location("t", 1),
    )  # fmt: skip
    export = bibtex_entry(ref)
    back = _load(tmp_path, "one.bib", export)["k"]
    assert (back.title, back.get("publisher")) == (value, value), export
    assert _plain(parse_string(export).entries[0].fields_dict["title"].value) == value, export
