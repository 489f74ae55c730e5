"""The review's shape (evidencesite.yml): each mistake is one error at its line, with
"did you mean" where one fits; and a shape change needs no Python."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import COPRODUCTION, write_literature

CONFIG = (COPRODUCTION / "literature" / "evidencesite.yml").read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


KIND = "  - {{singular: x, title: X, prefix: X, intro: X, name: {}}}\n"

# (id, old text, new text, text on the reported line, message part)
CASES = [
    ("rule-unknown-level", "strong: [high, moderate]", "strong: [high, moderat]",
     "strong: [high, moderat]", "'moderat' is not a confidence level; did you mean 'moderate'?"),
    ("unknown-top-key", "\nrelations:\n", "\nrelation:\n", "relation:",
     "unknown key 'relation' in evidencesite.yml; did you mean 'relations'?"),
    ("unknown-kind-key", "    group: true\n", "    grup: true\n",
     "grup:", "unknown key 'grup' in a kind; did you mean 'group'?"),
    ("relation-to-unknown-kind", "to: challenges,", "to: challenge,", "to: challenge,",
     "'to' 'challenge' is not a kind; did you mean 'challenges'?"),
    ("kind-twice", "  - name: drivers\n", KIND.format("themes") + "  - name: drivers\n",
     "name: themes}", "kind 'themes' is declared twice"),
    ("kind-takes-a-site-address", "  - name: drivers\n", KIND.format("references") + "  - name: drivers\n",
     "name: references}", "would take the address of the site's references"),
    ("kind-name-not-a-slug", "  - name: drivers\n", KIND.format("Other") + "  - name: drivers\n",
     "name: Other}", "must be lowercase letters, digits and hyphens"),
    ("prefix-twice", "    prefix: D\n", "    prefix: T\n", "- name: drivers",
     "prefix 'T' is used by another kind"),
    ("flag-not-boolean", "    group: true\n", "    group: often\n", "group: often",
     "'group' must be true or false"),
    ("expect-unknown-field", "expect: [addresses,", "expect: [adresses,", "expect: [adresses,",
     "names 'adresses', which a recommendation does not have; did you mean 'addresses'?"),
    ("relation-takes-a-base-field", "{field: addresses,", "{field: keywords,", "{field: keywords,",
     "'keywords' is a field every note has already"),
    ("vocabulary-values-not-a-mapping", "      strong: \"Strong: we recommend this\"\n"
     "      conditional: \"Conditional: consider this, depending on local circumstances\"\n",
     "      - strong\n      - conditional\n", "- strong", "'values' must map each value to its label"),
    ("facet-on-notes", "    label: Strength\n", "    label: Strength\n    facet: Strength\n",
     "facet: Strength", "only a vocabulary 'on: references' can be a facet"),
    ("vocabulary-on-unknown-kind", "on: [recommendations]\n    label: Strength",
     "on: [recomendations]\n    label: Strength", "on: [recomendations]",
     "'on' 'recomendations' is not a kind; did you mean 'recommendations'?"),
    ("findings-table-of-unassessed-kind", "kinds: [drivers, challenges]}", "kinds: [themes, challenges]}",
     "kinds: [themes, challenges]}", "'themes' is not a kind with 'confidence: true'"),
    ("map-grid-unknown-kind", "{rows: challenges, columns: recommendations}",
     "{rows: challenges, columns: recomendations}", "columns: recomendations",
     "'columns' 'recomendations' is not a kind; did you mean 'recommendations'?"),
    ("summary-with-raw-html", "    How far we can rely on each finding", "    <script>x</script> How far we can rely on each finding",
     "  summary: >-", "raw HTML <script> is not allowed"),
    ("key-twice", "    heading: From drivers to challenges to recommendations\n",
     "    heading: From drivers to challenges to recommendations\n  flow: {kinds: [drivers, challenges], heading: H}\n",
     "  flow: {kinds: [drivers, challenges], heading: H}", "'flow' is given twice"),
    ("plain-unknown-kind", "  kinds: [themes, drivers, challenges, recommendations]\n  heading: In plain",
     "  kinds: [themes, drivers, challenge, recommendations]\n  heading: In plain",
     "kinds: [themes, drivers, challenge,", "is not a kind; did you mean 'challenges'?"),
    ("plain-smog-not-a-number", "  max_smog: 10\n", "  max_smog: ten\n", "max_smog: ten",
     "'max_smog' must be a number"),
    ("plain-smog-out-of-range", "  max_smog: 10\n", "  max_smog: 40\n", "max_smog: 40",
     "'max_smog' must lie between 3 and 20"),
    ("plain-field-is-a-relation", "  heading: In plain words\n", "  heading: In plain words\n  field: themes\n",
     "  field: themes", "'field' 'themes' is already a relation or vocabulary"),
    ("keyword-merged-into-a-merged-one", "    front line: front-line staff\n",
     "    front line: front-line staff\n    definition: meaning\n", "    definitions: definition",
     "'definitions' is merged into 'definition', which is itself merged"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "at", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_config_mistake(run, tmp_path: Path, old: str, new: str, at: str, message: str) -> None:
    assert old in CONFIG
    lit = write_literature(tmp_path / "lit")
    text = CONFIG.replace(old, new, 1)
    (lit / "evidencesite.yml").write_text(text, encoding="utf-8")
    result = run("check", "--literature", lit)
    errors = [e for e in result.err.splitlines() if ": error: " in e]
    assert result.code == 1
    assert len(errors) == 1, result.err
    line = line_of(text, at)
    assert errors[0].startswith(f"{lit / 'evidencesite.yml'}:{line}: error: "), errors[0]
    assert message in errors[0]
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (None, "evidencesite.yml not found"),
        ("", "evidencesite.yml is empty"),
        ("kinds: []\n", "'kinds' must list at least one kind of note"),
        ("kinds: {a: 1}\n", "'kinds' must be a list"),
        ("- a\n", "evidencesite.yml must be a mapping"),
        ("kinds: [\n", "evidencesite.yml is not valid YAML"),
    ],
    ids=["missing", "empty", "no-kinds", "kinds-a-mapping", "a-list", "bad-yaml"],
)
def test_config_file_that_cannot_be_used(
    run, tmp_path: Path, text: str | None, message: str
) -> None:
    lit = write_literature(tmp_path / "lit")
    config = lit / "evidencesite.yml"
    if text is None:
        config.unlink()
    else:
        config.write_text(text, encoding="utf-8")
    result = run("check", "--literature", lit)
    errors = [e for e in result.err.splitlines() if ": error: " in e]
    assert result.code == 1
    assert len(errors) == 1, result.err
    assert errors[0].startswith(f"{config}:"), errors[0]
    assert message in errors[0]


def test_a_new_vocabulary_value_needs_configuration_only(run, tmp_path: Path) -> None:
    """design = {cohort study} was an error with the vocabularies fixed in Python."""
    from conftest import BIB

    lit = write_literature(
        tmp_path / "lit",
        bib=BIB.replace(
            "design = {theory},\n  setting = {public services}",
            "design = {cohort study},\n  setting = {housing; public services}",
            1,
        ),
    )
    result = run("check", "--literature", lit)
    assert result.code == 1
    assert "design 'cohort study' of 'ostrom1996crossing' is not one of" in result.err
    config = CONFIG.replace(
        "      methods: methods\n", "      methods: methods\n      cohort study: cohort study\n"
    )
    config = config.replace(
        "      public services: public services\n",
        "      public services: public services\n      housing: housing\n",
    )
    (lit / "evidencesite.yml").write_text(config, encoding="utf-8")
    assert run("check", "--literature", lit).code == 0


def test_a_misspelt_kind_folder_is_reported(run, tmp_path: Path) -> None:
    lit = write_literature(tmp_path / "lit")
    (lit / "recomendations").mkdir()
    (lit / "recommendations/redistribute-power.md").rename(
        lit / "recomendations/redistribute-power.md"
    )
    result = run("check", "--literature", lit)
    assert result.code == 1  # a near-miss of a kind's name is a typo: an error
    assert (
        f"{lit / 'recomendations'}:0: error: folder 'recomendations' is not a kind of note, so "
        "its notes are not read; did you mean 'recommendations'?"
    ) in result.err
    (lit / "recomendations").rename(lit / "drafts")  # any other folder may be drafts
    result = run("check", "--literature", lit)
    assert f"{lit / 'drafts'}:0: warning: folder 'drafts' is not a kind of note" in result.err
