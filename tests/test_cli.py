"""The command-line contract: messages, exit codes, and nothing written on error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import BIB, write_literature

LINE = r"^[^:]+:\d+: (error|warning): .+$"


def test_clean_literature_checks_clean(run, literature: Path) -> None:
    result = run("check", "--literature", literature, "--strict")
    assert (result.code, result.err) == (0, "")


def test_error_exits_1_with_path_and_line(run, tmp_path: Path) -> None:
    lit = write_literature(tmp_path / "lit")
    note = lit / "themes" / "power.md"
    note.write_text(note.read_text().replace("[@ostrom1996crossing]", "[@ostrom1996crosing]"))
    result = run("check", "--literature", lit)
    assert result.code == 1
    first = result.err.splitlines()[0]
    assert first == (
        f"{note.relative_to(Path.cwd()) if note.is_relative_to(Path.cwd()) else note}:8: error: "
        "citation of unknown key 'ostrom1996crosing'; did you mean 'ostrom1996crossing'?"
    )


def test_warning_fails_only_with_strict(run, tmp_path: Path) -> None:
    lit = write_literature(tmp_path / "lit")
    note = lit / "themes" / "power.md"
    note.write_text(note.read_text().replace("keywords: [power]", "keyword: [power]"))
    relaxed = run("check", "--literature", lit)
    assert relaxed.code == 0
    assert "warning: unknown key 'keyword'; did you mean 'keywords'?" in relaxed.err
    assert run("check", "--literature", lit, "--strict").code == 1


def test_strict_names_warnings_when_only_warnings_stopped_it(run, tmp_path: Path) -> None:
    lit = write_literature(tmp_path / "lit")
    note = lit / "themes" / "power.md"
    note.write_text(note.read_text().replace("keywords: [power]", "keyword: [power]"))
    out, docs = tmp_path / "tree", tmp_path / "docs"
    docs.mkdir()
    result = run("generate", "--strict", "--literature", lit, "--docs", docs, "--out", out)
    assert result.code == 1
    assert "0 errors, 1 warning" in result.err
    assert "fix the errors" not in result.err
    assert "nothing written: --strict stops on warnings: fix the warnings above" in result.err
    assert not out.exists()


def test_usage_error_exits_2(run) -> None:
    assert run("chekc").code == 2
    assert run("check", "--no-such-flag").code == 2


def test_generate_refuses_and_writes_nothing_on_error(run, tmp_path: Path) -> None:
    lit = write_literature(tmp_path / "lit")
    (lit / "themes" / "power.md").write_text("---\nid: Power Theme\ntitle: x\nsummary: y\n---\n")
    out = tmp_path / "docs"
    result = run("generate", "--literature", lit, "--out", out)
    assert result.code == 1
    assert "nothing written" in result.err
    assert not out.exists()


def test_generate_writes_pages_at_stable_urls(run, literature: Path, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    assert run("generate", "--literature", literature, "--out", out).code == 0
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*.md"))
    for page in (
        "recommendations/redistribute-power.md",
        "recommendations/index.md",
        "challenges/unequal-power.md",
        "references/ostrom1996crossing.md",
        "references/index.md",
        "themes/index.md",
        "keywords/theory.md",
    ):
        assert page in written


def test_console_script_runs_as_a_process(literature: Path) -> None:
    exe = Path(sys.executable).with_name("evidencesite")
    proc = subprocess.run(
        [str(exe), "check", "--literature", str(literature)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr


def test_a_bibliography_saved_under_another_name_is_named_with_its_rename(
    run, tmp_path: Path
) -> None:
    lit = write_literature(tmp_path / "lit")
    (lit / "extra.bib.txt").write_text("@misc{x, title={X}}\n", encoding="utf-8")
    (lit / "more.bibtex").write_text("@misc{y, title={Y}}\n", encoding="utf-8")
    (lit / "notes.txt").write_text("not a bibliography\n", encoding="utf-8")
    result = run("check", "--literature", lit)
    assert result.code == 0
    warned = [line for line in result.err.splitlines() if "not read" in line]
    assert warned == [
        f"{lit / 'extra.bib.txt'}:0: warning: not read: only files ending in .bib are; rename "
        "it to extra.bib",
        f"{lit / 'more.bibtex'}:0: warning: not read: only files ending in .bib are; rename it "
        "to more.bib",
    ]


def test_warnings_alike_are_grouped_and_verbose_lists_them_all(run, tmp_path: Path) -> None:
    """One dropped link must not be buried under hundreds of warnings alike: beyond
    five alike, the first three and a count; errors are always listed in full."""
    extra = "".join(
        f"@misc{{uncited{i}, title = {{Work {i}}}, year = {{2020}}, author = {{Doe, J.}}}}\n"
        for i in range(8)
    )
    lit = write_literature(tmp_path / "lit", bib=BIB + "\n" + extra)
    grouped = run("check", "--literature", lit)
    uncited = [line for line in grouped.err.splitlines() if "is not cited by any note" in line]
    assert len(uncited) == 4 and uncited[3].startswith("  ... and 5 more")
    assert (
        "  ... and 5 more warnings like \"'…' is not cited by any note\" (--verbose lists them "
        "all)" in grouped.err.splitlines()
    )
    assert grouped.err.splitlines()[-1] == "0 errors, 24 warnings"  # counted in full
    verbose = run("check", "--verbose", "--literature", lit)
    assert sum("is not cited by any note" in line for line in verbose.err.splitlines()) == 8
