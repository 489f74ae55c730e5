"""Cite Them Right Harvard: in-text forms and reference-list entries by type."""

from __future__ import annotations

import datetime as dt

from evidencesite.bibtex import parse_names
from evidencesite.model import Location, Reference
from evidencesite.styles import WebPage
from evidencesite.styles import harvard_ctr as harvard
from evidencesite.wording import FOLDER, Wording, make, read_catalogue


def ref(
    key: str, entry_type: str = "article", author: str = "", editor: str = "", **fields: str
) -> Reference:
    return Reference(
        key=key,
        slug=key,
        entry_type=entry_type,
        fields=fields,
        authors=parse_names(author),
        editors=parse_names(editor),
        location=Location("x.bib", 1),
    )


def text(r: Reference, label: str | None = None) -> str:
    return harvard.plain_text(harvard.entry(r, label or r.year or "no date"))


def test_in_text_names_one_to_three_authors_then_et_al() -> None:
    assert harvard.in_text_names(ref("a", author="Ostrom, Elinor")) == "Ostrom"
    assert harvard.in_text_names(ref("a", author="Boyle, D. and Harris, M.")) == "Boyle and Harris"
    three = ref("a", author="Farr, M. and Davies, P. and Andrews, H.")
    assert harvard.in_text_names(three) == "Farr, Davies and Andrews"
    four = ref("a", author="A, A. and B, B. and C, C. and D, D.")
    assert harvard.in_text_names(four) == "A et al."
    assert harvard.in_text_names(ref("a", author="Smith, J. and others")) == "Smith et al."


def test_corporate_author_is_never_inverted() -> None:
    r = ref("nhs", "techreport", author="{NHS England}", title="Plan", year="2019")
    assert harvard.in_text(r, "2019") == "NHS England, 2019"
    assert text(r).startswith("NHS England (2019) Plan.")


def test_locator_suppressed_author_and_narrative() -> None:
    r = ref("o", author="Ostrom, Elinor", title="T", year="1996")
    assert harvard.in_text(r, "1996", "p. 12") == "Ostrom, 1996, p. 12"
    assert harvard.in_text(r, "1996", suppress_author=True) == "1996"
    assert harvard.narrative(r, "1996") == "Ostrom (1996)"


def test_same_author_same_year_get_letters_and_undated_works_no_date() -> None:
    a = ref("a", author="Needham, C.", title="Alpha", year="2009")
    b = ref("b", author="Needham, C.", title="Beta", year="2009")
    c = ref("c", author="Needham, C.", title="Gamma")
    labels = harvard.year_labels([a, b, c])
    assert labels == {"a": "2009a", "b": "2009b", "c": "no date"}


def test_journal_article_with_doi() -> None:
    r = ref(
        "f",
        author="Farr, Michelle",
        title="Power dynamics",
        journal="Critical Social Policy",
        year="2018",
        volume="38",
        number="4",
        pages="623--644",
        doi="10.1177/0261018317747444",
    )
    assert text(r) == (
        "Farr, M. (2018) 'Power dynamics', Critical Social Policy, 38(4), pp. 623–644. "
        "Available at: https://doi.org/10.1177/0261018317747444."
    )
    segments = harvard.entry(r, "2018")
    assert [s.text for s in segments if s.style == "italic"] == ["Critical Social Policy"]


def test_book_with_edition_place_and_publisher() -> None:
    r = ref(
        "l", "book", author="Lukes, Steven", title="Power: A Radical View", year="2005",
        edition="2nd", address="Basingstoke", publisher="Palgrave Macmillan",
    )  # fmt: skip
    assert (
        text(r)
        == "Lukes, S. (2005) Power: A Radical View. 2nd edn. Basingstoke: Palgrave Macmillan."
    )


def test_edited_book_and_chapter() -> None:
    book = ref(
        "b",
        "book",
        editor="Brandsen, Taco and Steen, Trui",
        title="Co-Production",
        year="2018",
        publisher="Routledge",
    )
    assert text(book) == "Brandsen, T. and Steen, T. (eds) (2018) Co-Production. Routledge."
    chapter = ref(
        "c", "incollection", author="Steen, Trui", editor="Brandsen, Taco",
        title="The dark side", booktitle="Co-Production", year="2018", publisher="Routledge",
        address="London", pages="284--293",
    )  # fmt: skip
    assert text(chapter) == (
        "Steen, T. (2018) 'The dark side', in Brandsen, T. (ed.) Co-Production. "
        "London: Routledge, pp. 284–293."
    )


def test_thesis_and_report() -> None:
    thesis = ref(
        "t", "phdthesis", author="Bamber, Hayley M.", title="Perspectives", year="2020",
        school="University of Salford", type="DProf thesis", url="http://usir.salford.ac.uk/1/",
    )  # fmt: skip
    assert text(thesis) == (
        "Bamber, H.M. (2020) Perspectives. DProf thesis. University of Salford. "
        "Available at: http://usir.salford.ac.uk/1/."
    )
    report = ref(
        "r", "techreport", author="Needham, C. and Carr, S.", title="Co-production", year="2009",
        institution="SCIE", address="London", type="Research Briefing", number="31",
    )  # fmt: skip
    assert text(report) == (
        "Needham, C. and Carr, S. (2009) Co-production. Research Briefing 31. London: SCIE."
    )


def test_web_page_with_access_date() -> None:
    r = ref(
        "w",
        "misc",
        author="{TLAP}",
        title="Ladder",
        url="https://example.org/l",
        urldate="2024-01-02",
    )
    assert (
        text(r)
        == "TLAP (no date) Ladder. Available at: https://example.org/l (Accessed: 2024-01-02)."
    )


def test_initials_for_hyphenated_and_multiple_given_names() -> None:
    (person,) = parse_names("Hall, Anne-Mari")
    assert harvard.initials(person) == "A.-M."
    (person,) = parse_names("Voorberg, W. H.")
    assert harvard.initials(person) == "W.H."


def test_sort_key_orders_by_family_then_year_ignoring_articles_and_accents() -> None:
    refs = [
        ref("k", author="{The King's Fund}", title="M", year="2015"),
        ref("z", author="Zed, A.", title="Z", year="2000"),
        ref("e", author="Élan, B.", title="E", year="2001"),
        ref("a2", author="Abel, C.", title="B", year="2010"),
        ref("a1", author="Abel, C.", title="A", year="2002"),
    ]
    order = [r.key for r in sorted(refs, key=harvard.sort_key)]
    assert order == ["a1", "a2", "e", "k", "z"]


def welsh() -> Wording:
    return make(read_catalogue(FOLDER / "cy.yml"), "cy")


def test_the_style_writes_the_review_language_s_words() -> None:
    """'no date', 'Available at', 'edn', 'eds', 'pp.' and 'and' are the catalogue's
    (style.*), the edition's ordinal by the language's CLDR ordinal rules."""
    chapter = ref(
        "c", "incollection", author="Steen, Trui and Abel, Anne", editor="Brandsen, T. and Ive, B.",
        title="The dark side", booktitle="Co-Production", publisher="Routledge",
        address="London", pages="284--293", edition="2", url="https://example.org/c",
        urldate="2024-01-02",
    )  # fmt: skip
    words = welsh()
    labels = harvard.year_labels([chapter], words)
    assert labels == {"c": "dim dyddiad"}
    assert harvard.plain_text(harvard.entry(chapter, labels["c"], words)) == (
        "Steen, T. ac Abel, A. (dim dyddiad) 'The dark side', yn Brandsen, T. ac Ive, B. "
        "(goln.) Co-Production. 2il arg. London: Routledge, tt. 284–293. "
        "Ar gael yn: https://example.org/c (Cyrchwyd: 2024-01-02)."
    )
    four = ref("a", author="A, A. and B, B. and C, C. and D, D.")
    assert harvard.in_text_names(four, words) == "A et al."


def test_english_editions_take_their_ordinal_suffix() -> None:
    for edition, shown in [("1", "1st"), ("2nd", "2nd"), ("3", "3rd"), ("4", "4th"),
                           ("11", "11th"), ("12", "12th"), ("13", "13th"), ("21", "21st"),
                           ("22", "22nd"), ("103", "103rd"), ("111", "111th")]:  # fmt: skip
        r = ref("b", "book", author="Lukes, S.", title="Power", year="2005", edition=edition)
        assert f"Power. {shown} edn." in text(r)
    revised = ref("b", "book", author="Lukes, S.", title="Power", year="2005", edition="Revised")
    assert "Power. Revised. " in text(revised) + " "


def test_cite_this_page_uses_the_placeholder_the_script_replaces() -> None:
    page = WebPage(["Bamber, H."], "Redistribute power", "Recommendation R3", "Review", "1.2",
                   dt.date(2026, 12, 3), "https://example.org/r3/")  # fmt: skip
    english = harvard.HarvardCTR([]).web_page(page)
    assert english == (
        "Bamber, H. (2026) Redistribute power (Recommendation R3), in Review. Version 1.2, "
        "last updated 3 December 2026. Available at: https://example.org/r3/ "
        "(Accessed: DD Month YYYY)."
    )
    cymraeg = harvard.HarvardCTR([], welsh()).web_page(page)
    assert "diweddarwyd ddiwethaf 3 Rhagfyr 2026" in cymraeg
    assert cymraeg.endswith(f"(Cyrchwyd: {welsh()('js.date_placeholder')}).")
