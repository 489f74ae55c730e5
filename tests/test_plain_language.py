"""Written for people who use services too (issue 14, point 5): a note's summary in
plain words is shown before the detail, measured in SMOG grades, and `check` reports
one that is too hard or missing. (That this review's summaries read at SMOG 10 or
below, and that its home page says where to get help now: test_literature.py.)"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import COPRODUCTION, write_literature
from evidencesite.load import load_review
from evidencesite.readability import sentences, smog, syllables
from helpers import article, words

REVIEW = load_review(COPRODUCTION / "literature")
PLAIN = REVIEW.shape.plain if REVIEW.shape else None


def test_syllables_come_from_the_dictionary_and_fall_back_to_vowel_groups() -> None:
    assert [syllables(w) for w in ("power", "services", "together", "co")] == [2, 3, 3, 1]
    assert syllables("Bamber's") == 2  # not in the dictionary: vowel groups, no 's
    assert syllables("coproduce") >= 3


def test_smog_scales_short_texts_rather_than_passing_them() -> None:
    easy = smog("Staff and people who use services decide things together. They share power.")
    hard = smog(
        "Organisational implementation of co-production necessitates considerable "
        "institutional reconfiguration."
    )
    assert easy.sentences == 2 and easy.grade < 10
    assert hard.sentences == 1 and hard.grade > 15  # textstat would give 0 here
    assert "necessitates" in hard.polysyllables
    assert sentences("One. Two! Three? 4.5 is a number") == 4


def test_a_note_page_shows_the_plain_summary_before_the_detail(review_site: Path) -> None:
    body = article(review_site, "/recommendations/redistribute-power/")
    box = body.select_one(".plain-words")
    assert box is not None and words(box).startswith(f"{PLAIN.heading}:")
    note = REVIEW.find_note("redistribute-power")
    assert note is not None and note.plain in words(box)
    first_body_heading = body.find("h2", id="what-to-do")
    assert box.find_next("h2", id="what-to-do") is first_body_heading


EASY = "Staff and the people who use services decide things together. They share power."


def plain_literature(folder: Path) -> Path:
    """The small fixture with the fixture review's plain-language setting, and an easy
    summary on every note."""
    literature = write_literature(folder)
    shutil.copy(COPRODUCTION / "literature" / "evidencesite.yml", literature / "evidencesite.yml")
    for path in literature.glob("*/*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(summary: .*\n)", rf"\1plain: {EASY}\n", text, count=1))
    return literature


def test_the_fixture_with_plain_summaries_checks_clean(run, tmp_path: Path) -> None:
    result = run("check", "--strict", "--literature", plain_literature(tmp_path / "lit"))
    assert result.code == 0, result.err


def test_check_reports_a_plain_summary_that_is_too_hard(run, tmp_path: Path) -> None:
    literature = plain_literature(tmp_path / "lit")
    path = literature / "themes/power.md"
    hard = (
        "Institutional reconfiguration necessitates considerable organisational "
        "deliberation and multidisciplinary collaboration."
    )
    path.write_text(path.read_text(encoding="utf-8").replace(EASY, hard), encoding="utf-8")
    result = run("check", "--strict", "--literature", literature)
    assert result.code == 1
    line = path.read_text(encoding="utf-8").splitlines().index(f"plain: {hard}") + 1
    hits = [x for x in result.err.splitlines() if "SMOG grade" in x]
    assert len(hits) == 1, result.err
    assert hits[0].startswith(f"{path}:{line}: warning: 'plain' reads at SMOG grade ")
    assert "reconfiguration" in hits[0] and "Traceback" not in result.err


def test_check_reports_a_missing_plain_summary(run, tmp_path: Path) -> None:
    literature = plain_literature(tmp_path / "lit")
    path = literature / "challenges/unequal-power.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"plain: {EASY}\n", ""), encoding="utf-8")
    result = run("check", "--strict", "--literature", literature)
    assert result.code == 1
    assert f"{path}:2: warning: challenge has no 'plain' summary in plain words" in result.err


def test_abbreviations_do_not_end_a_sentence() -> None:
    text = "Use a ladder, e.g. Arnstein's ladder, to judge involvement, i.e. its level."
    assert sentences(text) == 1
