"""`check` reports a link in a hand-written page (docs/) into a generated folder where
no page is generated: the page and line, and the page it most likely meant. MkDocs
finds these only when it builds."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import build_site, make_project, write_literature
from evidencesite.docs_links import follow_moves
from evidencesite.urls import FOLDERS, Urls

MOVE = "\nurls:\n  references: works\n  moved:\n    references: references\n"
MOVE_ONLY = "\nurls:\n  references: works\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The fixture project: docs/index.md links to references/index.md (line 6)."""
    return make_project(tmp_path, write_literature(tmp_path / "literature"))


def test_the_fixture_project_checks_clean(run, project: Path) -> None:
    result = run("check", "--strict", "--literature", project / "literature")
    assert (result.code, result.err) == (0, "")


def test_a_folder_moved_without_saying_so_is_reported_at_each_link(run, project: Path) -> None:
    shape = project / "literature/evidencesite.yml"
    shape.write_text(shape.read_text(encoding="utf-8") + MOVE_ONLY, encoding="utf-8")
    result = run("check", "--literature", project / "literature")
    assert result.code == 1
    home = (project / "docs/index.md").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(home, 1) if "(references/index.md)" in text)
    assert result.err.splitlines()[0].startswith(
        f"{project / 'docs/index.md'}:{line}: error: link to 'references/index.md' but no page is "
        "generated there"
    )
    assert result.err.splitlines()[-1] == "1 error, 0 warnings"


def test_a_declared_move_points_hand_written_links_at_the_new_folder(
    run, project: Path, tmp_path: Path
) -> None:
    """`urls: moved:` says where a folder went: check is clean, and the built site's
    and the generated tree's hand-written pages link to the new folder directly."""
    shape = project / "literature/evidencesite.yml"
    shape.write_text(shape.read_text(encoding="utf-8") + MOVE, encoding="utf-8")
    assert run("check", "--strict", "--literature", project / "literature").code == 0
    config = project / "mkdocs.yml"  # the nav is MkDocs' own configuration
    config.write_text(
        config.read_text(encoding="utf-8").replace(": references/index.md", ": works/index.md"),
        encoding="utf-8",
    )
    site = build_site(project)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="works/"' in home and 'href="references/"' not in home
    assert (site / "references/index.html").is_file()  # the old address redirects
    out = tmp_path / "tree"
    args = ["generate", "--literature", project / "literature", "--docs", project / "docs"]
    assert run(*args, "--out", out).code == 0
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "[references](works/index.md)" in index
    assert (project / "docs/index.md").read_text(encoding="utf-8") == index.replace(
        "works/index.md", "references/index.md"
    )  # docs/ itself is never changed


def test_follow_moves_changes_only_links_into_the_former_folder() -> None:
    urls = Urls({**FOLDERS, "references": "works"}, {"references": "references"})
    pages = {"works/index.md", "works/cahn2000no.md", "themes/power.md"}
    text = textwrap.dedent(
        """\
        [all](../references/index.md#letter-c) and [one][c], [theme](../themes/power.md)
        `[code](../references/index.md)` and [gone](../references/nobody.md)

        ```
        [fenced](../references/index.md)
        ```

        ~~~
        ```
        [in a tilde block](../references/index.md)
        ~~~
        [after it](../references/index.md)

        [c]: ../references/cahn2000no.md "Cahn"
        """
    )
    moved = follow_moves(text, "guide/page.md", pages, urls)
    assert moved.splitlines() == [
        "[all](../works/index.md#letter-c) and [one][c], [theme](../themes/power.md)",
        "`[code](../references/index.md)` and [gone](../references/nobody.md)",
        "",
        "```",
        "[fenced](../references/index.md)",
        "```",
        "",
        "~~~",
        "```",
        "[in a tilde block](../references/index.md)",
        "~~~",
        "[after it](../works/index.md)",
        "",
        '[c]: ../works/cahn2000no.md "Cahn"',
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
