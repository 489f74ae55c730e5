"""Bad input (issue 5): each mistake gets one clear message naming the file and line,
exit 1, and nothing written. Each case is a small literature folder with one fault."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import BIB, NOTES, write_literature

GOOD_ENTRY = "@misc{good2020x, title = {Good}, year = {2020}, author = {Doe, Jane}}\n"

# (id, bib text or None for the default, notes overrides, expected file, line, message part)
BIB_CASES = [
    ("unbalanced-brace",
     "@article{a2020x,\n  title = {Unclosed,\n  year = {2020}\n}\n\n" + GOOD_ENTRY,
     "references.bib", 1, "cannot read entry 'a2020x'"),
    ("missing-comma",
     "@article{a2020x,\n  title = {T}\n  year = {2020}\n}\n" + GOOD_ENTRY,
     "references.bib", 2, "title: cannot read the value '{T} year = {2020}'; is a comma missing before 'year ='?"),
    ("missing-comma-after-key",
     "@article{a2020x\n  title = {T}\n}\n" + GOOD_ENTRY,
     "references.bib", 1, "put a comma after the key"),
    ("duplicate-key",
     GOOD_ENTRY + "\n" + GOOD_ENTRY.replace("2020}", "2021}"),
     "references.bib", 3, "duplicate key 'good2020x': already used by the entry on line 1"),
    ("duplicate-field",
     "@article{a2020x,\n  title = {T},\n  year = {2020},\n  title = {U}\n}\n",
     "references.bib", 4, "field 'title' appears twice in entry 'a2020x' (first on line 2)"),
    ("undefined-string",
     "@article{a2020x,\n  title = {T},\n  year = {2020},\n  journal = jnl\n}\n",
     "references.bib", 4, "undefined @string macro 'jnl'"),
    ("undefined-string-did-you-mean",
     "@string{bmjq = {BMJ Quality}}\n@article{a2020x,\n  title = {T},\n  year = {2020},\n"
     "  journal = bmjg\n}\n",
     "references.bib", 5, "did you mean 'bmjq'?"),
    ("missing-crossref",
     "@incollection{a2020x,\n  title = {T},\n  year = {2020},\n  crossref = {book2019}\n}\n",
     "references.bib", 4, "'a2020x' has crossref 'book2019', but there is no entry with that key"),
    ("missing-xref",
     "@incollection{a2020x,\n  title = {T},\n  year = {2020},\n  xref = {book2019}\n}\n",
     "references.bib", 4, "'a2020x' has xref 'book2019', but there is no entry with that key"),
    ("missing-xdata",
     "@xdata{pub,\n  publisher = {P}\n}\n@book{a2020x,\n  title = {T},\n  year = {2020},\n  xdata = {pbu}\n}\n",
     "references.bib", 7, "has xdata 'pbu', but there is no @xdata entry with that key; did you mean 'pub'?"),
    ("keys-sharing-a-slug",
     "@misc{baez/article,\n  title = {T},\n  year = {2020}\n}\n@misc{Baez-Article,\n  title = {U},\n  year = {2020}\n}\n",
     "references.bib", 5, "would share the address of one reference page (.../baez-article/"),
    ("empty-file", "", "references.bib", 0, "the file is empty"),
    ("only-comments", "% nothing here\n", "references.bib", 0, "no entries found"),
    ("megabyte-field",
     "@article{a2020x,\n  title = {T},\n  year = {2020},\n  abstract = {" + "x" * 1_048_576 + "}\n}\n",
     "references.bib", 4, "field 'abstract' of 'a2020x' is 1,048,576 characters"),
    ("unknown-entry-type",
     "@artcle{a2020x,\n  title = {T},\n  year = {2020}\n}\n",
     "references.bib", 1, "unknown entry type @artcle; did you mean @article?"),
    ("reserved-key",
     "@misc{index,\n  title = {T},\n  year = {2020}\n}\n",
     "references.bib", 1, "cite key 'index' is reserved"),
    ("bad-key",
     "@article{a\\b,\n  title = {T},\n  year = {2020}\n}\n",
     "references.bib", 1, "cite key 'a\\b' cannot be used"),
    ("javascript-url",
     "@misc{a2020x,\n  title = {T},\n  year = {2020},\n  url = {javascript:alert(1)}\n}\n",
     "references.bib", 4, "is not a web address"),
    ("key-with-markup",
     "@misc{x`<svg><script>alert&lpar;1&rpar;</script></svg>,\n  title = {T},\n  year = {2020}\n}\n",
     "references.bib", 1, "cannot be used: a key holds letters, digits"),
    ("data-url",
     "@misc{a2020x,\n  title = {T},\n  year = {2020},\n  url = {data:text/html,<script>x</script>}\n}\n",
     "references.bib", 4, "is not a web address"),
    ("bad-doi",
     "@misc{a2020x,\n  title = {T},\n  year = {2020},\n  doi = {not a doi}\n}\n",
     "references.bib", 4, "does not look like 10.xxxx/"),
    ("bad-design",
     "@misc{a2020x,\n  title = {T},\n  year = {2020},\n  design = {qualitative}\n}\n",
     "references.bib", 4, "did you mean 'qualitative study'?"),
]  # fmt: skip


def _bib_literature(tmp_path: Path, bib: str) -> Path:
    # notes cite nothing so that only the .bib fault is reported
    notes = {"themes/t.md": "---\nid: t\ntitle: T\nsummary: S\n---\nBody.\n"}
    return write_literature(tmp_path / "lit", bib=bib, notes=notes)


@pytest.mark.parametrize(
    ("bib", "file", "line", "message"),
    [case[1:] for case in BIB_CASES],
    ids=[case[0] for case in BIB_CASES],
)
def test_bib_mistake(run, tmp_path: Path, bib: str, file: str, line: int, message: str) -> None:
    assert_one_error(run, _bib_literature(tmp_path, bib), tmp_path, file, line, message)


def assert_one_error(run, lit: Path, tmp_path: Path, file: str, line: int, message: str) -> None:
    """generate reports exactly one error, at file:line, exits 1 and writes nothing."""
    out = tmp_path / "docs"
    result = run("generate", "--literature", lit, "--out", out)
    errors = [e for e in result.err.splitlines() if ": error: " in e]
    assert result.code == 1
    assert len(errors) == 1, result.err
    assert errors[0].startswith(f"{lit / file}:{line}: error: "), errors[0]
    assert message in errors[0]
    assert not out.exists()


def test_non_utf8_bytes_name_the_line(run, tmp_path: Path) -> None:
    lit = _bib_literature(tmp_path, "")
    (lit / "references.bib").write_bytes(
        b"@misc{a2020x,\n  title = {Caf\xe9},\n  year = {2020}\n}\n"
    )
    result = run("check", "--literature", lit)
    assert result.code == 1
    assert f"{lit / 'references.bib'}:2: error: byte 0xe9 is not valid UTF-8" in result.err


def test_one_broken_entry_does_not_hide_the_others(run, tmp_path: Path) -> None:
    bib = (
        "@article{a2020x,\n  title = {Unclosed,\n  year = {2020}\n}\n\n"
        "@article{b2020x,\n  year = {2020}\n}\n\n" + GOOD_ENTRY
    )
    lit = write_literature(
        tmp_path / "lit",
        bib=bib,
        notes={
            "themes/t.md": "---\nid: t\ntitle: T\nsummary: S\n---\nSee [@good2020x; @b2020x].\n"
        },
    )
    result = run("check", "--literature", lit)
    errors = [e for e in result.err.splitlines() if ": error: " in e]
    assert len(errors) == 1, result.err  # the unreadable entry; a missing title warns
    assert (
        f"{lit / 'references.bib'}:6: warning: 'b2020x' has no title; it is shown as [Untitled]"
        in result.err
    )
    assert not [e for e in errors if "good2020x" in e]  # still loaded: its citation resolves


def test_biblatex_fields_and_export_clutter_are_understood(run, tmp_path: Path) -> None:
    bib = textwrap.dedent(
        r"""
        @online{web2021page,
          author = {{NHS England}},
          title = {A page},
          date = {2021-03-04},
          url = {https://www.england.nhs.uk/},
          urldate = {2024-01-02},
          langid = {english},
          file = {/home/me/Zotero/storage/ABC/page.pdf},
          abstract = {We find $\alpha \leq \beta^{2}$ and \textit{more}.}
        }
        @article{jnl2019art,
          author = {M{\"u}ller, J{\o}rn and van der Berg, Jan},
          title = {An {NHS} study},
          journaltitle = {Journal of Things},
          date = {2019},
        }
        """
    )
    lit = write_literature(
        tmp_path / "lit",
        bib=bib,
        notes={
            "themes/t.md": "---\nid: t\ntitle: T\nsummary: S\n---\nSee [@web2021page; @jnl2019art].\n"
        },
    )
    out = tmp_path / "docs"
    result = run("generate", "--literature", lit, "--out", out)
    assert result.code == 0, result.err
    assert ": error: " not in result.err
    page = (out / "references" / "jnl2019art.md").read_text(encoding="utf-8")
    assert "Müller, J\\. and van der Berg, J\\. \\(2019\\)" in page
    assert "*Journal of Things*" in page
    web = (out / "references" / "web2021page.md").read_text(encoding="utf-8")
    assert "NHS England \\(2021\\)" in web
    assert "Accessed: 2024" in web
    assert "Zotero/storage" not in web and "alpha" not in web


NOTE = "---\nid: t\ntitle: T\nsummary: S\n---\nBody [@ostrom1996crossing; @cahn2000no].\n"

NOTE_CASES = [
    ("yaml-syntax-error", "---\nid: t\ntitle: [unclosed\nsummary: S\n---\nBody.\n",
     4, "front matter is not valid YAML"),
    ("not-a-mapping", "---\n- id\n- title\n---\nBody.\n",
     2, "front matter must be a mapping"),
    ("wrong-type", "---\nid: t\ntitle: T\nsummary: S\nkeywords: power\n---\nBody.\n",
     5, "'keywords' must be a list"),
    ("order-not-number", "---\nid: t\ntitle: T\nsummary: S\norder: first\n---\nBody.\n",
     5, "'order' must be a whole number"),
    ("id-not-slug", "---\nid: Power Theme\ntitle: T\nsummary: S\n---\nBody.\n",
     2, "id 'Power Theme' is not a slug"),
    ("id-reserved", "---\nid: index\ntitle: T\nsummary: S\n---\nBody.\n",
     2, "id 'index' is reserved"),
    ("id-path", "---\nid: ../../etc\ntitle: T\nsummary: S\n---\nBody.\n",
     2, "id '../../etc' is not a slug"),
    ("missing-summary", "---\nid: t\ntitle: T\n---\nBody.\n",
     2, "missing required key 'summary'"),
    ("unknown-citation", "---\nid: t\ntitle: T\nsummary: S\n---\n\nSee [@ostrom1996crosing].\n",
     7, "did you mean 'ostrom1996crossing'?"),
    ("unclosed-citation", "---\nid: t\ntitle: T\nsummary: S\n---\nSee [@ostrom1996crossing.\n\nMore.\n",
     6, "never closed"),
    ("empty-file", "", 0, "the note is empty"),
    ("no-front-matter", "# Title\n\nBody.\n", 1, "no front matter"),
    ("unclosed-front-matter", "---\nid: t\ntitle: T\n", 1, "front matter is never closed"),
    ("yaml-alias", "---\nid: &a t\ntitle: *a\nsummary: S\n---\nBody.\n",
     3, "aliases"),
    ("python-tag", "---\nid: t\ntitle: !!python/object/apply:os.system [echo]\nsummary: S\n---\n",
     3, "front matter is not valid YAML"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [case[1:] for case in NOTE_CASES],
    ids=[case[0] for case in NOTE_CASES],
)
def test_note_mistake(run, tmp_path: Path, text: str, line: int, message: str) -> None:
    lit = write_literature(tmp_path / "lit", notes={"themes/t.md": text})
    assert_one_error(run, lit, tmp_path, "themes/t.md", line, message)


def test_unknown_key_is_a_warning_with_nearest_key(run, tmp_path: Path) -> None:
    lit = write_literature(
        tmp_path / "lit",
        notes={"themes/t.md": NOTE.replace("summary: S\n", "summary: S\nkeyword: [x]\n")},
    )
    result = run("check", "--literature", lit)
    assert result.code == 0
    assert f"{lit / 'themes/t.md'}:5: warning: unknown key 'keyword'; did you mean 'keywords'?" in (
        result.err
    )


@pytest.mark.parametrize(
    ("written", "meant"),
    [("driver", "drivers"), ("addresess", "addresses"), ("audiences", "audience")],
    ids=["relation", "relation-typo", "vocabulary"],
)
def test_a_misspelt_relation_or_vocabulary_is_an_error(
    run, tmp_path: Path, written: str, meant: str
) -> None:
    """As a warning, the note's links or values were dropped and the site built."""
    notes = dict(NOTES)
    path = "recommendations/redistribute-power.md"
    notes[path] = notes[path].replace(f"\n        {meant}:", f"\n        {written}:", 1)
    assert f"{written}:" in notes[path]
    lit = write_literature(tmp_path / "lit", notes=notes)
    result = run("check", "--literature", lit)
    assert result.code == 1
    line = next(
        i
        for i, text in enumerate(textwrap.dedent(notes[path]).splitlines(), 1)
        if text.startswith(f"{written}:")
    )
    assert (
        f"{lit / path}:{line}: error: unknown key '{written}'; did you mean '{meant}'? (as "
        f"written, the note's '{meant}' would be lost)"
    ) in result.err


def test_duplicate_ids_across_files(run, tmp_path: Path) -> None:
    notes = {
        "themes/a.md": NOTE,
        "drivers/b.md": NOTE,
    }
    lit = write_literature(tmp_path / "lit", notes=notes)
    result = run("check", "--literature", lit)
    assert result.code == 1
    assert "id 't' is already used by" in result.err


def test_relation_to_unknown_id_and_wrong_kind(run, tmp_path: Path) -> None:
    notes = dict(NOTES)
    rec = NOTES["recommendations/redistribute-power.md"]
    notes["recommendations/redistribute-power.md"] = rec.replace(
        "addresses: [unequal-power]", "addresses: [unequal-powr, power]"
    )
    lit = write_literature(tmp_path / "lit", notes=notes)
    result = run("check", "--literature", lit)
    path = lit / "recommendations/redistribute-power.md"
    assert result.code == 1
    assert (
        f"{path}:8: error: 'addresses' lists 'unequal-powr', but there is no challenge with "
        "that id; did you mean 'unequal-power'?"
    ) in result.err
    assert f"{path}:8: error: 'addresses' lists 'power', which is a theme, not a challenge" in (
        result.err
    )


def test_default_bib_is_valid() -> None:
    assert "@article{ostrom1996crossing" in BIB


def test_giant_note_is_refused_with_a_message(run, tmp_path: Path) -> None:
    big = NOTE + ("word " * 250_000)
    lit = write_literature(tmp_path / "lit", notes={"themes/t.md": big})
    result = run("check", "--literature", lit)
    assert result.code == 1
    assert f"{lit / 'themes/t.md'}:0: error: file is 1,250," in result.err
    assert "the limit is 1,048,576 bytes" in result.err


def test_yaml_alias_bomb_is_refused_quickly(run, tmp_path: Path) -> None:
    bomb = "---\nid: t\ntitle: T\nsummary: S\n"
    bomb += 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(ord("b"), ord("j")):
        prev = chr(i - 1)
        bomb += f"{chr(i)}: &{chr(i)} [{', '.join('*' + prev for _ in range(9))}]\n"
    bomb += "---\nBody.\n"
    lit = write_literature(tmp_path / "lit", notes={"themes/t.md": bomb})
    result = run("check", "--literature", lit)
    assert result.code == 1
    assert "aliases (*name) are not allowed" in result.err


REVIEW = "title: T\nauthors: [A. Author]\nversion: '1.0'\nlast_search: 2026-01-31\n"
CHANGE = "- date: 2026-01-31\n  summary: First version.\n  notes: all\n"

# (id, file, text, line, message part): every wrong value in the review's own records
META_CASES = [
    ("review-authors-empty", "review.yml", REVIEW.replace("[A. Author]", "[]"), 2,
     "'authors' must be a list of one or more names"),
    ("review-authors-not-a-list", "review.yml", REVIEW.replace("[A. Author]", "A. Author"), 2,
     "'authors' must be a list"),
    ("review-authors-blank-name", "review.yml", REVIEW.replace("[A. Author]", "[A, '']"), 2,
     "'authors' must be a list"),
    ("review-title-missing", "review.yml", REVIEW.replace("title: T\n", ""), 1,
     "'title' is required"),
    ("review-title-a-list", "review.yml", REVIEW.replace("title: T", "title: [T]"), 1,
     "'title' must be the review's title"),
    ("review-version-boolean", "review.yml", REVIEW.replace("'1.0'", "yes"), 3,
     "'version' must be a version"),
    ("review-impossible-date", "review.yml", REVIEW.replace("2026-01-31", "2026-02-30"), 4,
     "(2026-02-30 does not exist: day is out of range for month)"),
    ("review-date-with-time", "review.yml", REVIEW.replace("2026-01-31", "2026-01-31 10:00:00"), 4,
     "'last_search' must be a date like 2026-11-26"),
    ("review-date-not-iso", "review.yml", REVIEW.replace("2026-01-31", "31/01/2026"), 4,
     "'last_search' must be a date"),
    ("review-site-url-not-web", "review.yml", REVIEW + "site_url: javascript:alert(1)\n", 5,
     "'site_url' must be an http(s) address"),
    ("review-site-url-a-list", "review.yml", REVIEW + "site_url: [https://a.org/]\n", 5,
     "'site_url' must be an http(s) address"),
    ("review-signpost-script-link", "review.yml",
     REVIEW + "signpost:\n  heading: Help\n  lines: ['Call [111](javascript:alert(1))']\n", 5,
     "'signpost' must be a mapping with 'heading'"),
    ("review-signpost-spaced-number", "review.yml",
     REVIEW + "signpost: {heading: H, lines: ['Call [116 123](tel:116 123)']}\n", 5,
     "has a link that is not [label](address)"),
    ("review-signpost-no-heading", "review.yml", REVIEW + "signpost: {lines: [Call 111]}\n", 5,
     "(it has no 'heading')"),
    ("review-signpost-lines-text", "review.yml", REVIEW + "signpost: {heading: H, lines: x}\n", 5,
     "('lines' is not a list"),
    ("review-signpost-misspelt-key", "review.yml",
     REVIEW + "signpost: {heading: H, line: [x]}\n", 5, "unknown key 'line'; did you mean 'lines'"),
    ("review-licence-a-mapping", "review.yml", REVIEW + "licence: {a: 1}\n", 5,
     "'licence' must be text"),
    ("review-key-twice", "review.yml", REVIEW + "title: U\n", 5, "'title' is given twice"),
    ("review-empty", "review.yml", "", 1, "review.yml is empty"),
    ("review-a-list", "review.yml", "- T\n", 1, "review.yml holds a list"),
    ("review-bad-yaml", "review.yml", REVIEW + "licence: [unclosed\n", 6, "review.yml is not valid YAML"),
    ("review-nested-deep", "review.yml", REVIEW + "x: " + "[" * 5000 + "]" * 5000 + "\n", 5,
     "nested more than 50 levels deep"),
    ("review-alias", "review.yml", REVIEW + "x: &a [1]\ny: *a\n", 6, "aliases (*name) are not allowed"),
    ("changes-impossible-date", "changes.yml", CHANGE.replace("2026-01-31", "2026-02-30"), 1,
     "(2026-02-30 does not exist"),
    ("changes-no-date", "changes.yml", CHANGE.replace("- date: 2026-01-31\n  summary", "- summary"), 1,
     "change needs a 'date'"),
    ("changes-summary-a-list", "changes.yml", CHANGE.replace("First version.", "[x]"), 2,
     "change needs a 'summary'"),
    ("changes-notes-a-mapping", "changes.yml", CHANGE.replace("notes: all", "notes: {a: 1}"), 3,
     "'notes' must be a list of note ids or cite keys, or all"),
    ("changes-entry-not-a-mapping", "changes.yml", CHANGE + "- just text\n", 4,
     "each change must be a mapping"),
    ("changes-a-mapping", "changes.yml", "date: 2026-01-31\n", 1, "changes.yml must be a list"),
    ("changes-nested-deep", "changes.yml", "- " + "[" * 5000 + "]" * 5000 + "\n", 1,
     "nested more than 50 levels deep"),
    ("published-relative", "published-urls.txt", "/themes/power/\nthemes/power/\n", 2,
     "'themes/power/' is not a site path"),
    ("published-dot-dot", "published-urls.txt", "/themes/../x/\n", 1, "is not a site path"),
    ("published-space", "published-urls.txt", "/themes/power now/\n", 1, "is not a site path"),
    ("published-query", "published-urls.txt", "/themes/power/?x=1\n", 1, "is not a site path"),
    ("published-other-host", "published-urls.txt", "//example.org/\n", 1, "is not a site path"),
    ("published-gone", "published-urls.txt", "/themes/power/\n/themes/powr/\n", 2,
     "/themes/powr/ was published but is no longer produced"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("file", "text", "line", "message"),
    [case[1:] for case in META_CASES],
    ids=[case[0] for case in META_CASES],
)
def test_review_record_mistake(
    run, tmp_path: Path, file: str, text: str, line: int, message: str
) -> None:
    lit = write_literature(tmp_path / "lit")
    (lit / file).write_text(text, encoding="utf-8")
    assert_one_error(run, lit, tmp_path, file, line, message)
    result = run("check", "--literature", lit)
    assert "Traceback" not in result.err


# --- issue 15: inputs that crashed, hung, or silently changed a page ----------------


def _note_literature(tmp_path: Path, rel: str, change) -> Path:
    lit = write_literature(tmp_path / "lit")
    path = lit / rel
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return lit


SET = "\n@set{bundle,\n  entryset = {ostrom1996crossing, cahn2000no}\n}\n"


def test_citing_a_set_names_its_members(run, tmp_path: Path) -> None:
    """A biblatex @set is not a work: citing it is an error that says whom to cite."""
    lit = write_literature(tmp_path / "lit", bib=BIB + SET)
    note = lit / "themes/power.md"
    note.write_text(note.read_text().replace("[@ostrom1996crossing]", "[@bundle]"))
    line = note.read_text().splitlines().index(
        "Power matters [@bundle]. As @cahn2000no argued, people are assets.") + 1  # fmt: skip
    assert_one_error(run, lit, tmp_path, "themes/power.md", line,
                     "citation of 'bundle', a @set and not a work: cite its members "
                     "(ostrom1996crossing, cahn2000no) one by one")  # fmt: skip


def test_a_set_and_a_work_cannot_share_a_key(run, tmp_path: Path) -> None:
    """In one file bibtexparser finds the duplicate; across files the loader does."""
    lit = write_literature(tmp_path / "lit")
    (lit / "sets.bib").write_text(SET.replace("bundle", "cahn2000no"), encoding="utf-8")
    assert_one_error(run, lit, tmp_path, "sets.bib", 2, "duplicate key 'cahn2000no'")


def test_a_published_page_of_a_set_says_sets_have_none(run, tmp_path: Path) -> None:
    """Before sets were read as their members, a set had a page of its own."""
    lit = write_literature(tmp_path / "lit", bib=BIB + SET)
    (lit / "published-urls.txt").write_text("/references/bundle/\n", encoding="utf-8")
    assert_one_error(run, lit, tmp_path, "published-urls.txt", 1,
                     "/references/bundle/ was published but is no longer produced; 'bundle' "
                     "is a @set, which has no page of its own")  # fmt: skip


def test_an_alias_that_is_a_site_page_is_an_error_not_a_crash(run, tmp_path: Path) -> None:
    lit = _note_literature(
        tmp_path, "recommendations/redistribute-power.md",
        lambda t: t.replace("id: redistribute-power\n", "id: redistribute-power\naliases: [index]\n"),
    )  # fmt: skip
    assert_one_error(run, lit, tmp_path, "recommendations/redistribute-power.md", 3,
                     "'index' in 'aliases' is the address of the site's own page")  # fmt: skip


def test_an_old_key_that_is_another_works_address_is_an_error(run, tmp_path: Path) -> None:
    bib = (
        BIB
        + "@misc{other2020x,\n  title = {T},\n  year = {2020},\n  ids = {ostrom1996crossing}\n}\n"
    )
    lit = write_literature(tmp_path / "lit", bib=bib)
    line = bib.splitlines().index("  ids = {ostrom1996crossing}") + 1
    assert_one_error(run, lit, tmp_path, "references.bib", line,
                     "would redirect the address of 'ostrom1996crossing'")  # fmt: skip


def _keyword_pages(run, lit: Path, out: Path) -> dict[str, str]:
    assert run("generate", "--literature", lit, "--out", out).code == 0
    return {p.stem: p.read_text(encoding="utf-8") for p in (out / "keywords").glob("*.md")}


def test_a_keyword_named_index_does_not_replace_the_keywords_page(run, tmp_path: Path) -> None:
    """...nor shares a page with the keyword 'index keyword'."""
    lit = _note_literature(
        tmp_path, "themes/power.md",
        lambda t: t.replace("keywords: [power]", "keywords: [power, index, index keyword]"),
    )  # fmt: skip
    pages = _keyword_pages(run, lit, tmp_path / "out")
    assert pages["index"].startswith('---\ntitle: "Keywords"\n')
    assert "# Keyword: index\n" in pages["index--keyword"]
    assert "# Keyword: index keyword\n" in pages["index-keyword"]
    assert not (tmp_path / "out/keywords/index-keyword/index.html").exists()


def test_the_old_address_of_the_keyword_index_redirects(run, tmp_path: Path) -> None:
    """Until November 2026 the keyword 'index' was at /keywords/index-keyword/."""
    lit = _note_literature(
        tmp_path, "themes/power.md", lambda t: t.replace("keywords: [power]", "keywords: [power, index]")
    )  # fmt: skip
    _keyword_pages(run, lit, tmp_path / "out")
    redirect = (tmp_path / "out/keywords/index-keyword/index.html").read_text(encoding="utf-8")
    assert 'content="0; url=../index--keyword/"' in redirect


def test_a_new_spelling_never_takes_over_a_keyword_address(run, tmp_path: Path) -> None:
    """Adding 'Co Production' once moved 'co-production' to /keywords/co-production-2/."""
    lit = _note_literature(
        tmp_path, "themes/power.md", lambda t: t.replace("keywords: [power]", "keywords: [power, co-production]")
    )  # fmt: skip
    before = _keyword_pages(run, lit, tmp_path / "before")
    path = lit / "drivers/public-service-reform.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("themes: [power]", "themes: [power]\nkeywords: [Co Production]"))
    after = _keyword_pages(run, lit, tmp_path / "after")
    assert set(after) == set(before)  # no co-production-2
    assert "Public service reform" in after["co-production"] and "Power" in after["co-production"]


def test_one_keyword_typed_two_ways_is_one_page(run, tmp_path: Path) -> None:
    nfc, nfd = "caf\u00e9", "cafe\u0301"
    lit = _note_literature(
        tmp_path, "themes/power.md",
        lambda t: t.replace("keywords: [power]", f"keywords: [power, {nfc}]"),
    )  # fmt: skip
    path = lit / "drivers/public-service-reform.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("themes: [power]", f"themes: [power]\nkeywords: [{nfd}]"))
    pages = _keyword_pages(run, lit, tmp_path / "out")
    assert [name for name in pages if name.startswith("caf")] == ["cafe"]
    assert "(2)" in next(line for line in pages["index"].splitlines() if "cafe.md" in line)


@pytest.mark.parametrize("what", ["dev-zero", "fifo"])
def test_a_note_that_is_not_a_file_is_refused_not_read_forever(
    run, tmp_path: Path, what: str
) -> None:
    import os

    lit = write_literature(tmp_path / "lit")
    target = lit / "themes/odd.md"
    if what == "dev-zero":
        target.symlink_to("/dev/zero")
    else:
        os.mkfifo(target)
    result = run("check", "--literature", lit)
    assert result.code == 1
    assert f"{target}:0: error: is not a regular file" in result.err


@pytest.mark.parametrize("name", ["upper.MD", "long.markdown"])
def test_a_note_with_another_markdown_suffix_is_not_skipped_silently(
    run, tmp_path: Path, name: str
) -> None:
    lit = write_literature(tmp_path / "lit")
    (lit / "themes/power.md").rename(lit / "themes" / name)
    result = run("check", "--literature", lit)
    assert result.code == 1
    stem = name.split(".")[0]
    assert (
        f"'{name}' is not read: a note's file name ends in '.md' (lowercase); rename it '{stem}.md'"
        in result.err
    )


def test_a_windows_note_reads_like_any_other(run, tmp_path: Path) -> None:
    lit = _note_literature(
        tmp_path, "themes/power.md", lambda t: (t + "\n## A heading\n\nText.\n").replace("\n", "\r\n")
    )  # fmt: skip
    out = tmp_path / "out"
    assert run("generate", "--literature", lit, "--out", out).code == 0
    page = (out / "themes/power.md").read_text(encoding="utf-8")
    assert "\r" not in page and "## A heading { #a-heading }\n" in page


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        (r"\href{https://example.org}{Linked words}", "Linked words"),
        ("\\textbf{" * 300 + "Deep" + "}" * 300, "Deep"),
        (r"\newthing{Kept} words", "Kept words"),
        (r"\dbl{x} Doubled", "Doubled"),
        ("\\url{" * 4000 + "Deep" + "}" * 4000, "Deep"),
    ],
    ids=["href", "nested-300-deep", "unknown-command", "doubling-macro", "url-4000-deep"],
)
def test_latex_in_a_field_is_read_or_named_never_a_crash(
    run, tmp_path: Path, title: str, shown: str
) -> None:
    old = "title = {Crossing the great divide: coproduction, synergy, and development}"
    bib = '@preamble{ "\\def\\dbl#1{\\dbl{#1#1}}" }\n' + BIB.replace(
        old, "title = {" + title + "}", 1
    )
    assert bib != BIB
    lit = write_literature(tmp_path / "lit", bib=bib)
    out = tmp_path / "out"
    result = run("generate", "--literature", lit, "--out", out)
    assert result.code == 0 and "Traceback" not in result.err
    heading = next(
        line
        for line in (out / "references/ostrom1996crossing.md")
        .read_text(encoding="utf-8")
        .splitlines()
        if line.startswith("# ")
    )
    assert heading.endswith(shown), heading
    if "newthing" in title:
        assert "\\newthing (in 1 field, first on line" in result.err


def test_a_chain_of_crossrefs_inherits_from_every_parent(run, tmp_path: Path) -> None:
    """A chapter of a volume of a multi-volume set, children first as BibTeX wants."""
    bib = textwrap.dedent(
        """\
        @inbook{ch, title = {Chapter}, crossref = {vol}, pages = {1--9}}
        @book{vol, title = {Volume}, crossref = {SET}, xdata = {pub}}
        @mvbook{set, title = {The Set}, year = {1999}, editor = {Doe, Jane}}
        @xdata{pub, publisher = {Press}}
        """
    )
    lit = write_literature(tmp_path / "lit", bib=BIB + bib)
    out = tmp_path / "out"
    result = run("generate", "--literature", lit, "--out", out)
    assert result.code == 0, result.err
    assert "'ch' has no year" not in result.err
    page = (out / "references/ch.md").read_text(encoding="utf-8")
    assert "1999" in page and "Press" in page and "Doe" in page


def test_an_entry_repeated_exactly_is_one_warning_and_read_once(run, tmp_path: Path) -> None:
    """A reference manager's export repeats an entry that sits in two collections: read
    once, with a warning, in one file or across two (the same key with other fields is
    an error: 'duplicate-key' above)."""
    repeated = BIB.split("\n\n")[0]  # ostrom1996crossing, as written
    lit = write_literature(tmp_path / "lit", bib=BIB + "\n" + repeated.replace("  ", "    ") + "\n")
    (lit / "more.bib").write_text(repeated + "\n", encoding="utf-8")
    result = run("check", "--literature", lit)
    assert result.code == 0, result.err
    warned = [line for line in result.err.splitlines() if "repeats" in line]
    assert len(warned) == 2
    # more.bib is read first; both copies in references.bib repeat it
    assert all(
        line.startswith(f"{lit / 'references.bib'}:") and "entry 'ostrom1996crossing'" in line
        for line in warned
    )
    assert all("exactly; it is read once" in line for line in warned)
    assert ": error: " not in result.err


def test_a_misspelt_kind_folder_comes_before_the_links_it_breaks(run, tmp_path: Path) -> None:
    """The cause first: the folder whose notes were not read, then the notes whose
    links to them fail (they sort before it by path)."""
    notes = {path.replace("themes/", "theme/"): text for path, text in NOTES.items()}
    lit = write_literature(tmp_path / "lit", notes=notes)
    result = run("check", "--literature", lit)
    assert result.code == 1
    lines = result.err.splitlines()
    assert lines[0].startswith(f"{lit / 'theme'}:0: error: folder 'theme' is not a kind of note")
    assert "did you mean 'themes'?" in lines[0]
    assert all("no theme with that id" in line for line in lines[1:-1])
    assert len(lines) == 5
