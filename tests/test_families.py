"""Page families are registered in one place (render/families.py): a new family is one
module, its block of evidencesite.yml and one registration line. This test registers a
small family of its own (not shipped) and builds it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import write_literature
from evidencesite.config import Reader
from evidencesite.pipeline import run
from evidencesite.render import families
from evidencesite.render.common import Site, front_matter, link
from evidencesite.render.families import Block, PageFamily, register

# --- the new family's module: its block's reader and its pages -----------------------


def read_flowchart(reader: Reader, node: yaml.Node, kinds: tuple[str, ...]) -> tuple[str, ...]:
    """flowchart: {kinds: [...]}: the kinds the page draws, in order."""
    found = reader.mapping(node, "'flowchart'", ("kinds",), ())
    chosen = tuple(reader.text(k, "a kind") for k in reader.items(found.get("kinds"), "'kinds'"))
    for item, name in zip(found["kinds"].value if "kinds" in found else [], chosen, strict=True):
        if name not in kinds:
            reader.error(item, f"'{name}' is not a kind")
    return chosen


def flowchart_pages(site: Site) -> dict[str, str]:
    here = site.urls.page("flowchart")
    kinds = site.shape.blocks["flowchart"]
    assert isinstance(kinds, tuple)
    steps = [link(site.shape.kind(k).title, here, site.urls.kind_index(k)) for k in kinds]
    return {here: "\n".join([*front_matter("Flow"), "# Flow", "", " -> ".join(steps), ""])}


FLOWCHART = PageFamily(
    "flowchart", flowchart_pages, "flowchart", Block("flowchart", read_flowchart)
)

# --- the tests -------------------------------------------------------------------------


@pytest.fixture
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registration line, undone after the test."""
    monkeypatch.setitem(families.REGISTRY, FLOWCHART.name, FLOWCHART)


def literature_with(tmp_path: Path, extra: str) -> Path:
    lit = write_literature(tmp_path / "lit")
    config = lit / "evidencesite.yml"
    config.write_text(config.read_text() + extra)
    return lit


def test_a_registered_family_is_built_from_its_block(registered: None, tmp_path: Path) -> None:
    outcome = run(literature_with(tmp_path, "\nflowchart:\n  kinds: [themes, challenges]\n"))
    assert outcome.errors == 0, outcome.problems
    assert outcome.pages is not None
    page = outcome.pages["flowchart/index.md"]
    assert "[Themes](<../themes/index.md>) -> [Challenges](<../challenges/index.md>)" in page


def test_a_registered_family_moves_with_urls(registered: None, tmp_path: Path) -> None:
    extra = (
        "\nflowchart:\n  kinds: [themes]\nurls:\n  flowchart: flows\n"
        "  moved:\n    flowchart: flowchart\n"
    )
    outcome = run(literature_with(tmp_path, extra))
    assert outcome.errors == 0, outcome.problems
    assert outcome.pages is not None
    assert "flows/index.md" in outcome.pages
    assert "flowchart/index.md" not in outcome.pages
    assert "flows/" in outcome.pages["flowchart/index.html"]  # the old address redirects


def test_a_mistake_in_its_block_is_reported_at_its_line(registered: None, tmp_path: Path) -> None:
    lit = literature_with(tmp_path, "\nflowchart:\n  kinds: [themes, chalenges]\n")
    outcome = run(lit)
    text = (lit / "evidencesite.yml").read_text().splitlines()
    line = next(i for i, t in enumerate(text, start=1) if "chalenges" in t)
    assert [(p.location.line, p.message) for p in outcome.problems] == [
        (line, "'chalenges' is not a kind")
    ]
    assert outcome.pages is None


def test_without_its_registration_the_block_is_an_unknown_key(tmp_path: Path) -> None:
    outcome = run(literature_with(tmp_path, "\nflowchart:\n  kinds: [themes]\n"))
    assert outcome.errors == 1
    assert "unknown key 'flowchart'" in outcome.problems[0].message


def test_a_family_is_registered_once() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        register(PageFamily("map", flowchart_pages))


def test_two_families_may_not_claim_one_page(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def clash(site: Site) -> dict[str, str]:
        return {site.urls.search(): "# Not the search page\n"}

    monkeypatch.setitem(families.REGISTRY, "clash", PageFamily("clash", clash))
    with pytest.raises(AssertionError, match=r"page family clash claims find/index\.md"):
        run(write_literature(tmp_path / "lit"))
