"""`check` reports a link in a hand-written page (docs/) into a generated folder where
no page is generated: the page and line, and the page it most likely meant. MkDocs
finds these only when it builds."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import make_project, write_literature

MOVE = "\nurls:\n  references: works\n  moved:\n    references: references\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The fixture project: docs/index.md links to references/index.md (line 6)."""
    return make_project(tmp_path, write_literature(tmp_path / "literature"))


def test_the_fixture_project_checks_clean(run, project: Path) -> None:
    result = run("check", "--strict", "--literature", project / "literature")
    assert (result.code, result.err) == (0, "")


def test_a_moved_folder_is_reported_with_the_page_it_moved_to(run, project: Path) -> None:
    shape = project / "literature/evidencesite.yml"
    shape.write_text(shape.read_text(encoding="utf-8") + MOVE, encoding="utf-8")
    result = run("check", "--literature", project / "literature")
    assert result.code == 1
    assert result.err.splitlines() == [
        f"{project / 'docs/index.md'}:6: error: link to 'references/index.md' but no page is "
        "generated there; did you mean 'works/index.md'?",
        "1 error, 0 warnings",
    ]


#: docs/guide/extra.md: two broken links (lines 3 and 14), and links that are fine or
#: not checked: a generated page, a hand-written one, one outside, a picture, code.
PAGE = """\
# Extra

See [a theme](../themes/powr.md#what-it-means) and [a work][cahn].

- [the map](../map/index.md), [methods](../methods.md), [out](https://example.org/themes/x.md)
- ![a picture](../themes/picture.png) and [mine](../map/mine.md)

```
[in code](../themes/code.md)
```

Inline code is not a link: `[x](../themes/inline.md)`.

[cahn]: ../references/cahn2000n.md "Cahn"
"""


def test_each_broken_link_is_one_error_at_its_line(run, project: Path) -> None:
    docs = project / "docs"
    (docs / "guide").mkdir()
    (docs / "guide/extra.md").write_text(PAGE, encoding="utf-8")
    (docs / "map").mkdir()
    (docs / "map/mine.md").write_text("# Mine\n", encoding="utf-8")  # hand-written, kept
    result = run("check", "--literature", project / "literature")
    assert result.code == 1
    page = docs / "guide/extra.md"
    assert result.err.splitlines() == [
        f"{page}:3: error: link to 'themes/powr.md' but no page is generated there; did you "
        "mean 'themes/power.md'?",
        f"{page}:14: error: link to 'references/cahn2000n.md' but no page is generated there; "
        "did you mean 'references/cahn2000no.md'?",
        "2 errors, 0 warnings",
    ]


def test_without_a_project_around_it_a_review_checks_alone(run, tmp_path: Path) -> None:
    literature = write_literature(tmp_path / "literature")
    assert run("check", "--strict", "--literature", literature).code == 0
