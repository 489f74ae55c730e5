"""A review in another language (evidencesite.yml ``language: cy``): the map, charts,
data and redirect pages, the theme's own words and the site's JavaScript all speak it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import build_site, make_project, write_literature
from evidencesite.pipeline import WORDING, assets
from evidencesite.wording import FOLDER, default, make, read_catalogue
from helpers import article, words


def welsh_project(root: Path) -> Path:
    lit = write_literature(root / "literature")
    config = lit / "evidencesite.yml"
    config.write_text(config.read_text() + "\nlanguage: cy\n")
    return make_project(root, lit, own_pages=False)


@pytest.fixture(scope="module")
def welsh_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(welsh_project(tmp_path_factory.mktemp("cy")))


def test_the_map_charts_and_data_pages_are_in_welsh(welsh_site: Path) -> None:
    for url, heading in [
        ("/map/", "Map tystiolaeth"),
        ("/map/charts/", "Siartiau o sylfaen y dystiolaeth"),
        ("/data/", "Data a lawrlwythiadau"),
    ]:
        body = article(welsh_site, url)
        assert words(body.find("h1")).rstrip("¶") == heading
    text = words(article(welsh_site, "/map/charts/"))
    assert "Gweithiau yn ôl blwyddyn cyhoeddi" in text and "Works" not in text


def test_the_theme_speaks_the_review_s_language(welsh_site: Path) -> None:
    """mkdocs.yml names no theme.language, so the plugin sets Material's from the
    review's."""
    page = (welsh_site / "map/index.html").read_text()
    assert '<html lang="cy"' in page


def test_the_script_takes_its_words_from_the_catalogue(welsh_site: Path) -> None:
    script = (welsh_site / "assets/evidencesite/site.js").read_text()
    line = next(s for s in script.splitlines() if s.startswith("var WORDING = "))
    found = re.fullmatch(r"var WORDING = (\{.*\}), LANGUAGE = (\S+), DATES = (.*);", line)
    assert found
    strings, language, dates = (json.loads(part) for part in found.groups())
    assert strings["close"] == "Cau" and language == "cy"
    assert dates["months"][11] == "Rhagfyr"
    # the placeholder the script replaces is the one the page wrote
    cite = article(welsh_site, "/recommendations/redistribute-power/").select_one("pre.cite")
    assert strings["date_placeholder"] in cite.get_text()


def test_no_english_interface_string_is_left_in_the_scripts() -> None:
    shipped = assets(wording=make(read_catalogue(FOLDER / "cy.yml"), "cy"))
    code = [text.decode() for name, text in shipped.items() if name.endswith(".js")]
    source = re.sub(r"//.*", "", "\n".join(code))  # the comments are for developers
    for entry in default().script().values():
        for form in [entry] if isinstance(entry, str) else entry.values():
            plain = re.split(r"\{[a-z_]+\}", form)[0].strip()
            if len(plain) > 3:
                assert f'"{plain}' not in source, plain  # as a string literal
    assert WORDING.decode() not in source


def test_a_theme_language_mkdocs_yml_sets_otherwise_stays_with_a_warning(
    run, tmp_path: Path
) -> None:
    project = welsh_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  name: material\n", "  name: material\n  language: en\n")
    )
    result = run("build", "--config", config, "--site-dir", tmp_path / "site")
    assert result.code != 0
    assert "theme.language is 'en' but the review is in 'cy'" in result.err
