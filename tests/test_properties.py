"""Property-based tests: any Unicode in, no crash; round trips where they exist."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from evidencesite.bibtex import parse_names
from evidencesite.citations import parse_citations
from evidencesite.config import load_shape
from evidencesite.latex import decode
from evidencesite.model import Citation
from evidencesite.notes import parse_note
from evidencesite.render.common import text as md_text
from evidencesite.styles.harvard_ctr import initials
from evidencesite.texmacros import group_end as _group_end

_CONFIG = (
    Path(__file__).resolve().parent
    / "fixtures"
    / "coproduction"
    / "literature"
    / "evidencesite.yml"
)
SHAPE = load_shape(_CONFIG, str(_CONFIG), [])
assert SHAPE is not None

KEYS = st.from_regex(r"[a-z][a-z0-9]{0,12}", fullmatch=True)
LOCATORS = st.sampled_from(["", "p. 12", "pp. 3-4", "ch. 2", "section 4.1"])
PREFIXES = st.sampled_from(["", "see", "cf.", "e.g."])


@given(st.text())
@settings(max_examples=300)
def test_citation_parser_never_crashes(body: str) -> None:
    groups, errors = parse_citations(body, 7)
    for group in groups:
        assert 0 <= group.start < group.end <= len(body)
        assert group.line >= 7
    for error in errors:
        assert error.line >= 7


@st.composite
def citation_groups(draw: st.DrawFn) -> list[Citation]:
    items = draw(
        st.lists(st.tuples(KEYS, LOCATORS, PREFIXES, st.booleans()), min_size=1, max_size=4)
    )
    return [
        Citation(key=k, locator=loc, prefix=pre, suppress_author=sup) for k, loc, pre, sup in items
    ]


def pandoc(citations: list[Citation]) -> str:
    parts = []
    for c in citations:
        part = f"{c.prefix} " if c.prefix else ""
        part += ("-" if c.suppress_author else "") + "@" + c.key
        if c.locator:
            part += f", {c.locator}"
        parts.append(part)
    return "[" + "; ".join(parts) + "]"


@given(
    st.lists(citation_groups(), min_size=1, max_size=5), st.text(alphabet="abc XYZ.\n", max_size=30)
)
def test_citations_round_trip(groups: list[list[Citation]], filler: str) -> None:
    body = filler.join(pandoc(g) for g in groups)
    parsed, errors = parse_citations(body)
    assert errors == []
    assert [list(g.citations) for g in parsed] == groups


@given(st.text())
@settings(max_examples=300)
def test_name_splitting_never_crashes(names: str) -> None:
    for person in parse_names(names):
        assert isinstance(person.family, str)
        assert isinstance(initials(person), str)


FAMILY = st.from_regex(r"[A-Z][a-zà-ÿ]{1,10}", fullmatch=True)
GIVEN = st.from_regex(r"[A-Z][a-z]{1,8}", fullmatch=True)


@given(st.lists(st.tuples(FAMILY, GIVEN), min_size=1, max_size=6))
def test_names_round_trip(people: list[tuple[str, str]]) -> None:
    raw = " and ".join(f"{family}, {given}" for family, given in people)
    parsed = parse_names(raw)
    assert [(p.family, p.given) for p in parsed] == people
    assert [initials(p) for p in parsed] == [given[0] + "." for _, given in people]


@given(st.text())
@settings(max_examples=300)
def test_latex_decoding_never_crashes(value: str) -> None:
    assert isinstance(decode(value), str)


@given(
    st.text(alphabet=st.characters(blacklist_characters="\\{}$~`'-", blacklist_categories=("Cs",)))
)
def test_text_without_latex_is_unchanged(value: str) -> None:
    assert decode(value) == " ".join(value.split())


@given(st.text())
@settings(max_examples=200)
def test_note_parser_never_crashes(body: str) -> None:
    problems: list = []
    parse_note(SHAPE, "themes", body, "x.md", problems)
    parse_note(SHAPE, "themes", "---\nid: t\ntitle: T\nsummary: S\n---\n" + body, "x.md", problems)
    parse_note(SHAPE, "themes", "---\n" + body + "\n---\n", "x.md", problems)


@given(st.text())
@settings(max_examples=300)
def test_escaped_text_renders_to_the_same_text(value: str) -> None:
    import html

    import markdown

    rendered = markdown.markdown(md_text(value), extensions=["attr_list", "tables"])
    inner = rendered.removeprefix("<p>").removesuffix("</p>")
    assert "<" not in inner.replace("&lt;", "")
    visible = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "", value)
    assert " ".join(html.unescape(inner).split()) == " ".join(visible.split())


LATEX_PIECES = [
    r'{\"u}', r"\'e", r"{\'\i}", r"\c{c}", r"\c c", r"{\o}", r"\O{}", r"\ss{}", r"{\aa}",
    r"\v{s}", r"\u{a}", r"\^o", r"\`a", r"\~n", r"\&", r"\%", r"\_", "--", "---", "{NHS}",
    "``", "''", "`", "'", "~", " ", "a", "Z", "word", "{", "}",
]  # fmt: skip


@given(st.lists(st.sampled_from(LATEX_PIECES), max_size=12))
@settings(max_examples=400)
def test_fast_latex_decoder_agrees_with_pylatexenc(pieces: list[str]) -> None:
    from evidencesite.latex import _fast, _full

    value = "".join(pieces)
    fast = _fast(value)
    if fast is None:
        return  # the full decoder handles it
    expected = " ".join(_full(value).replace("\xa0", " ").split())
    assert " ".join(fast.replace("\xa0", " ").split()) == expected


def _group_end_by_characters(raw: str, start: int) -> int:
    """The obvious character-by-character brace matcher the fast one must agree with."""
    depth = 0
    for i in range(start, len(raw)):
        escaped = i > 0 and raw[i - 1] == "\\"
        if raw[i] == "{" and not escaped:
            depth += 1
        elif raw[i] == "}" and not escaped:
            depth -= 1
            if depth == 0:
                return i + 1
    return -1


@given(st.text(alphabet="{}\\ab ", max_size=40))
@settings(max_examples=500)
def test_brace_matching_agrees_with_a_character_scan(tail: str) -> None:
    raw = "{" + tail
    assert _group_end(raw, 0) == _group_end_by_characters(raw, 0)
