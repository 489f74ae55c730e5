"""make bench: the generator against its floor and its alternatives, at three sizes.

For 100, 1,000 and 10,000 synthetic references (bench/synth.py) it measures, in one
run on this machine, and reports as ratios within that run:
- each generator stage, against bibtexparser's bare parse_file of the same .bib;
- the full build (evidencesite build), against a bare `mkdocs build` of the same
  pages already written as static Markdown;
- the mkdocs-bibtex plugin building the same notes from the same .bib;
- built site bytes, the largest HTML page, the search index, peak memory;
- an incremental regenerate after editing one note (`generate --out`);
- Pagefind's indexing alone, and (bench/search.py, bench/preview.py) what a reader
  downloads to search, and how long a saved note takes to show in the preview.
Writes bench/out/results.json and bench/out/results.md.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from bench.synth import write_literature

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PY = sys.executable
BENCH_PY = ROOT / ".venv-bench" / "bin" / "python"
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "100,1000,10000").split(",")]
#: Each timing is the median of this many runs (the machine is shared and noisy):
#: five up to 1,000 references, three at 10,000 (where one build takes over a minute).
REPEATS = os.environ.get("BENCH_REPEATS")


def repeats(n: int) -> int:
    return int(REPEATS) if REPEATS else (5 if n <= 1000 else 3)


ENV = {
    **os.environ,
    "NO_MKDOCS_2_WARNING": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONPATH": str(ROOT),
}


def measure(*cmd: str | Path, cwd: Path | None = None) -> dict:
    proc = subprocess.run(
        [PY, "-m", "bench.measure", "--", *map(str, cmd)],
        capture_output=True, text=True, cwd=cwd or ROOT, env=ENV, check=True,
    )  # fmt: skip
    result = json.loads(proc.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"failed: {' '.join(map(str, cmd))}\n{result['stderr']}")
    return result


def mkdocs_config(project: Path, plugin: bool) -> None:
    """The project's mkdocs.yml; without the evidencesite plugin for a build of pages
    that are already on disk."""
    project.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if not plugin:
        config = re.sub(r"\n  - evidencesite:\n(      .*\n)+", "\n", config)
    config = re.sub(r"\n  - How this review was done: methods.md", "", config)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    docs = project / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Benchmark review\n", encoding="utf-8")
    # evidencesite.yml's strength label links here
    (docs / "methods.md").write_text(
        "# Methods\n\n## How strength was judged { #how-strength-was-judged }\n", encoding="utf-8"
    )


def dir_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def bare_parse(bib: Path) -> dict:
    # With the cycle collector off, as the generator runs: the fastest call there is.
    code = (
        "import gc, sys, time, bibtexparser\n"
        "gc.disable()\n"
        "t, c = time.perf_counter(), time.process_time()\n"
        "bibtexparser.parse_file(sys.argv[1])\n"
        "print(time.perf_counter() - t, time.process_time() - c)"
    )
    result = measure(PY, "-c", code, bib)
    wall, cpu = map(float, result["stdout"].split())
    return {"seconds": wall, "cpu_seconds": cpu, "peak_mb": result["peak_mb"]}


def plugin_build(root: Path, literature: Path, runs: int) -> dict | None:
    if not BENCH_PY.exists():
        return None
    project = root / "plugin"
    docs = project / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Benchmark review\n", encoding="utf-8")
    for note in literature.rglob("*.md"):
        body = note.read_text(encoding="utf-8").split("---\n", 2)[2]
        target = docs / note.parent.name / note.name
        target.parent.mkdir(exist_ok=True)
        target.write_text(f"# {note.stem}\n\n{body}\n\n\\bibliography\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: bench\ntheme:\n  name: material\n  font: false\n"
        f"plugins:\n  - search\n  - bibtex:\n      bib_file: {literature / 'references.bib'}\n",
        encoding="utf-8",
    )
    try:
        results = []
        for i in range(runs):
            config, site = project / "mkdocs.yml", project / f"site-{i}"
            results.append(measure(BENCH_PY, "-m", "mkdocs", "build", "-q", "-f", config,
                                   "-d", site, cwd=project))  # fmt: skip
    except SystemExit as failure:  # the plugin stops with a traceback on some input
        last = str(failure).strip().splitlines()[-1]
        return {"seconds": None, "peak_mb": None, "failed": last}
    return typical(results)


def typical(results: list[dict]) -> dict:
    """The median wall time and the median CPU time of repeated runs, with every run's
    times and the highest peak memory seen. CPU time is what the ratios rest on: on this
    shared machine wall time of the same command varied by 15% from run to run."""
    return {
        "seconds": statistics.median(r["seconds"] for r in results),
        "cpu_seconds": statistics.median(r["cpu_seconds"] for r in results),
        "peak_mb": max(r["peak_mb"] for r in results),
        "fastest_seconds": min(r["seconds"] for r in results),
        "all_seconds": [r["seconds"] for r in results],
        "all_cpu_seconds": [r["cpu_seconds"] for r in results],
    }


def run_size(n: int) -> dict:
    root = Path(os.environ.get("BENCH_TMP", "/tmp")) / f"evidencesite-bench-{n}"
    shutil.rmtree(root, ignore_errors=True)
    literature = write_literature(root, n)
    os.sync()
    notes = sum(1 for _ in literature.rglob("*.md"))
    runs = repeats(n)
    row: dict = {"references": n, "notes": notes, "repeats": runs}
    row["bare_parse"] = typical([bare_parse(literature / "references.bib") for _ in range(runs)])

    stage_runs = []
    # A fresh output folder each time (a cold generate); nothing is deleted until the
    # size is done, since deleting files here slowed the writes that followed 10-fold.
    for i in range(runs):
        out = root / f"stages-{i}" / "docs"
        result = measure(PY, "-m", "bench.stages", literature, out)
        stage_runs.append({**json.loads(result["stdout"]), "peak_mb": result["peak_mb"]})
    for kind in ("times", "cpu"):
        row["stages" if kind == "times" else "stages_cpu"] = {
            k: statistics.median(r[kind][k] for r in stage_runs) for k in stage_runs[0][kind]
        }
    row["stages_fastest_total"] = min(r["times"]["total"] for r in stage_runs)
    row["generator_peak_mb"] = max(r["peak_mb"] for r in stage_runs)

    project = root / "project"
    mkdocs_config(project, plugin=True)
    shutil.copytree(literature, project / "literature")
    static = root / "static"  # the same pages, written as Markdown before the build
    mkdocs_config(static, plugin=False)
    shutil.rmtree(static / "docs")
    measure(PY, "-m", "evidencesite.cli", "generate", "-q", "--literature",
            project / "literature", "--docs", project / "docs", "--out", static / "docs")  # fmt: skip
    full_runs, bare_runs = [], []
    # Interleaved, so drift in the machine's load hits both; each run builds into a new
    # folder, so no run pays for deleting the previous site.
    for i in range(runs):
        full_runs.append(measure(
            PY, "-m", "evidencesite.cli", "build", "-q",
            "--config", project / "mkdocs.yml", "--site-dir", project / f"site-{i}", cwd=project,
        ))  # fmt: skip
        bare_runs.append(measure(
            PY, "-m", "mkdocs", "build", "-q", "-f", static / "mkdocs.yml",
            "-d", static / f"site-{i}", cwd=static,
        ))  # fmt: skip
    row["full_build"] = typical(full_runs)
    row["bare_mkdocs"] = typical(bare_runs)
    # What the full build's search step costs: Pagefind indexing each built site again,
    # alone (into a folder of its own, so the site is not changed)
    row["pagefind"] = typical([
        measure(PY, "-m", "pagefind", "--site", project / f"site-{i}", "--silent",
                "--output-path", root / f"pagefind-{i}")
        for i in range(runs)
    ])  # fmt: skip
    site = project / "site-0"
    pages = list(site.rglob("*.html"))
    largest = max(pages, key=lambda p: p.stat().st_size)
    row["site_bytes"] = dir_bytes(site)
    row["largest_page"] = {"bytes": largest.stat().st_size, "path": str(largest.relative_to(site))}
    # Pagefind's bundle, all of it on disk; a search fetches a small part (bench/search.py)
    row["search_index_bytes"] = dir_bytes(site / "pagefind")

    row["plugin"] = plugin_build(root, literature, runs)

    # generate --out for an engine that reads files: the tree already written, then
    # one note edited
    tree = root / "tree"
    generate = (PY, "-m", "evidencesite.cli", "generate", "--literature", project / "literature",
                "--docs", project / "docs", "--out", tree)  # fmt: skip
    measure(*generate)
    note = next((project / "literature" / "challenges").glob("*.md"))
    note.write_text(note.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    inc = measure(*generate, cwd=project)
    written = re.search(r"(\d+) written", inc["stdout"])
    row["incremental"] = {
        "seconds": inc["seconds"],
        "written": int(written.group(1)) if written else None,
    }
    shutil.rmtree(root, ignore_errors=True)
    os.sync()  # the deletions' discards done before the next size is timed
    return row


def table(rows: list[dict]) -> str:
    def col(label: str, fn) -> str:
        return f"| {label} | " + " | ".join(fn(r) for r in rows) + " |"

    lines = [
        "| | " + " | ".join(f"{r['references']:,} refs" for r in rows) + " |",
        "|---|" + "---:|" * len(rows),
        col("notes", lambda r: f"{r['notes']:,}"),
        col("runs of each timing (medians shown)", lambda r: str(r["repeats"])),
        col("bibtexparser bare `parse_file` (s)", lambda r: f"{r['bare_parse']['seconds']:.2f}"),
    ]
    for stage in ("parse", "decode", "notes", "validate", "render", "write"):
        lines.append(col(f"stage: {stage} (s)", lambda r, s=stage: f"{r['stages'][s]:.2f}"))
    lines += [
        col("**generator total (s)**", lambda r: f"{r['stages']['total']:.2f}"),
        col("generator / bare parse: median (fastest run)",
            lambda r: f"{r['stages']['total'] / r['bare_parse']['seconds']:.1f}x "
                      f"({r['stages_fastest_total'] / r['bare_parse']['fastest_seconds']:.1f}x)"),
        col("plain `open`/`write` of the same files (s)", lambda r: f"{r['stages']['bare_write']:.2f}"),
        col("render, Cite Them Right Harvard (built in) (s)", lambda r: f"{r['stages']['render']:.2f}"),
        col("render, APA through citeproc-js (CSL) (s)", lambda r: f"{r['stages']['render_csl']:.2f}"),
        col("CSL render / built-in render, cold (empty cache), medians",
            lambda r: f"{r['stages']['render_csl'] / r['stages']['render']:.1f}x"),
        col("render again, built in (s)", lambda r: f"{r['stages']['render_warm']:.2f}"),
        col("render again, APA from its cache (s)", lambda r: f"{r['stages']['render_csl_warm']:.2f}"),
        col("CSL render / built-in render, warm, medians (target 3x)",
            lambda r: f"{r['stages']['render_csl_warm'] / r['stages']['render_warm']:.1f}x"),
        col("generator / (bare parse + plain write), medians",
            lambda r: f"{r['stages']['total'] / (r['bare_parse']['seconds'] + r['stages']['bare_write']):.2f}x"),
        col("full build: `evidencesite build` (s)", lambda r: f"{r['full_build']['seconds']:.1f}"),
        col("bare `mkdocs build`, same pages (s)", lambda r: f"{r['bare_mkdocs']['seconds']:.1f}"),
        col("full / bare MkDocs: median (fastest run)",
            lambda r: f"{r['full_build']['seconds'] / r['bare_mkdocs']['seconds']:.2f}x "
                      f"({r['full_build']['fastest_seconds'] / r['bare_mkdocs']['fastest_seconds']:.2f}x)"),
        col("of which Pagefind indexing, run alone (s)", lambda r: f"{r['pagefind']['seconds']:.1f}"),
        col("full build less indexing / bare MkDocs, medians",
            lambda r: f"{(r['full_build']['seconds'] - r['pagefind']['seconds']) / r['bare_mkdocs']['seconds']:.2f}x"),
        col("mkdocs-bibtex plugin, same notes and .bib (s)",
            lambda r: (f"{r['plugin']['seconds']:.1f}" if r["plugin"] and r["plugin"]["seconds"]
                       else "failed" if r["plugin"] else "not run")),
        col("site (MB)", lambda r: f"{r['site_bytes'] / 1e6:.1f}"),
        col("largest HTML page (KB)", lambda r: f"{r['largest_page']['bytes'] / 1e3:.0f}"),
        col("search bundle on disk, Pagefind (KB)", lambda r: f"{r['search_index_bytes'] / 1e3:.0f}"),
        col("search bundle per reference (KB)", lambda r: f"{r['search_index_bytes'] / r['references'] / 1e3:.2f}"),
        col("generator peak memory (MB)", lambda r: f"{r['generator_peak_mb']:.0f}"),
        col("full build peak memory, with MkDocs (MB)", lambda r: f"{r['full_build']['peak_mb']:.0f}"),
        col("bare MkDocs peak memory (MB)", lambda r: f"{r['bare_mkdocs']['peak_mb']:.0f}"),
        col("Pagefind indexing peak memory, alone (MB)", lambda r: f"{r['pagefind']['peak_mb']:.0f}"),
        col("edit one note, regenerate (s)", lambda r: f"{r['incremental']['seconds']:.2f}"),
        col("files rewritten after that edit", lambda r: str(r["incremental"]["written"])),
    ]  # fmt: skip
    by = {r["references"]: r for r in rows}
    if 1000 in by and 10000 in by:
        a, b = by[1000], by[10000]
        lines += [
            "",
            "From 1,000 to 10,000 references: "
            f"full build x{b['full_build']['seconds'] / a['full_build']['seconds']:.1f}, "
            f"site bytes x{b['site_bytes'] / a['site_bytes']:.1f}, "
            f"largest page x{b['largest_page']['bytes'] / a['largest_page']['bytes']:.2f} "
            f"({a['largest_page']['path']} -> {b['largest_page']['path']}).",
        ]
    return "\n".join(lines)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in SIZES:
        print(f"benchmarking {n:,} references...", file=sys.stderr, flush=True)
        rows.append(run_size(n))
        (OUT / "results.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    md = table(rows)
    from bench import citations

    md += "\n\nCitation parsing (medians of 5):\n\n" + citations.table(citations.measure())
    if os.environ.get("BENCH_SEARCH", "1") != "0":  # what a reader downloads (Chromium)
        from bench import search

        search.main()
    if os.environ.get("BENCH_PREVIEW", "1") != "0":  # save to reloaded page (Chromium)
        from bench import preview

        preview.main()
        md += "\n\nPreview, save to reloaded page:\n\n" + (OUT / "preview.md").read_text()
    (OUT / "results.md").write_text(md + "\n", encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
