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
import time
from pathlib import Path

from bench.synth import real_literature, write_literature

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PY = sys.executable
BENCH_PY = ROOT / ".venv-bench" / "bin" / "python"
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "100,1000,10000").split(",")]
#: Real bibliographies timed for generate alone (tests/data/real)
REAL_BIBS = [ROOT / "tests" / "data" / "real" / name
             for name in os.environ.get("BENCH_REAL", "tugboat.bib").split(",") if name]  # fmt: skip
#: Sizes at which the two ways of running citeproc-js are compared (bench/csl_engines.py)
ENGINE_SIZES = [int(s) for s in os.environ.get("BENCH_ENGINE_SIZES", "1000,10000").split(",")]
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
    if not BENCH_PY.exists() or os.environ.get("BENCH_PLUGIN", "1") == "0":
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


def generator_stages(root: Path, literature: Path, runs: int, csl: bool = True) -> dict:
    """bench.stages ``runs`` times, each in a fresh process, with the bare parse of the
    same .bib run just before each: every stage's median, and per run the generator's
    total against the bare parse plus the plain write of the same files."""
    row: dict = {}
    parses, stage_runs = [], []
    # A fresh output folder each time (a cold generate); nothing is deleted until the
    # size is done, since deleting files here slowed the writes that followed 10-fold.
    for i in range(runs):
        parses.append(bare_parse(literature / "references.bib"))
        out = root / f"stages-{i}" / "docs"
        result = measure(PY, "-m", "bench.stages", literature, out, *([] if csl else ["--no-csl"]))
        stage_runs.append({**json.loads(result["stdout"]), "peak_mb": result["peak_mb"]})
    row["bare_parse"] = typical(parses)
    for kind in ("times", "cpu"):
        row["stages" if kind == "times" else "stages_cpu"] = {
            k: statistics.median(r[kind][k] for r in stage_runs) for k in stage_runs[0][kind]
        }
    row["stages_fastest_total"] = min(r["times"]["total"] for r in stage_runs)
    row["generator_peak_mb"] = max(r["peak_mb"] for r in stage_runs)
    row["files"] = stage_runs[0]["files"]
    # Ratios within each run, so that a slow moment hits both sides of one ratio
    row["generate_ratios"] = [
        r["times"]["total"] / (p["seconds"] + r["times"]["bare_write"])
        for r, p in zip(stage_runs, parses, strict=True)
    ]
    if csl:
        row["csl_cold_ratios"] = [r["cpu"]["render_csl"] / r["cpu"]["render"] for r in stage_runs]
        row["csl_warm_ratios"] = [
            r["cpu"]["render_csl_warm"] / r["cpu"]["render_warm"] for r in stage_runs
        ]
    return row


def run_real(path: Path) -> dict:
    """The generate stages on a real bibliography (tugboat.bib: 4,828 works), with
    this review's shape and no notes."""
    runs = repeats(1000)
    root = Path(os.environ.get("BENCH_TMP", "/tmp")) / f"evidencesite-bench-{path.stem}"
    shutil.rmtree(root, ignore_errors=True)
    literature = real_literature(root, path)
    os.sync()
    row = {"name": path.name, "repeats": runs}
    row.update(generator_stages(root, literature, runs, csl=False))
    shutil.rmtree(root, ignore_errors=True)
    os.sync()
    return row


def run_size(n: int, keep_site: Path | None = None) -> dict:
    root = Path(os.environ.get("BENCH_TMP", "/tmp")) / f"evidencesite-bench-{n}"
    shutil.rmtree(root, ignore_errors=True)
    literature = write_literature(root, n)
    os.sync()
    notes = sum(1 for _ in literature.rglob("*.md"))
    runs = repeats(n)
    row: dict = {"references": n, "notes": notes, "repeats": runs}
    row.update(generator_stages(root, literature, runs))

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
    # Interleaved pairs: each full build against the bare build run beside it
    row["full_bare_ratios"] = [
        f["seconds"] / b["seconds"] for f, b in zip(full_runs, bare_runs, strict=True)
    ]
    row["memory_ratios"] = [
        f["peak_mb"] / b["peak_mb"] for f, b in zip(full_runs, bare_runs, strict=True)
    ]
    row["full_peaks_mb"] = [r["peak_mb"] for r in full_runs]
    row["bare_peaks_mb"] = [r["peak_mb"] for r in bare_runs]
    # What the full build's search step costs: Pagefind indexing each built site again,
    # alone (into a folder of its own, so the site is not changed)
    row["pagefind"] = typical([
        measure(PY, "-m", "pagefind", "--site", project / f"site-{i}", "--silent",
                "--output-path", root / f"pagefind-{i}")
        for i in range(runs)
    ])  # fmt: skip
    site = project / "site-0"
    row["pagefind_options"] = pagefind_options(root, site)
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
    if keep_site is not None:  # bench.search counts what a reader downloads from it
        shutil.rmtree(keep_site, ignore_errors=True)
        site.rename(keep_site)
    shutil.rmtree(root, ignore_errors=True)
    os.sync()  # the deletions' discards done before the next size is timed
    return row


def _mirror(site: Path, pages: list[Path], folder: Path) -> Path:
    """Hard links to ``pages`` in ``folder``, as the build hands Pagefind its pages."""
    for page in pages:
        target = folder / page.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(page, target)
    return folder


def pagefind_options(root: Path, site: Path) -> dict:
    """Pagefind's peak memory and bundle for what it could be given to index: the
    searchable pages, as the build gives it, and those less the reference pages (a
    search then finds notes and findings only). One run each, after the timed runs."""
    searchable = [p for p in site.rglob("*.html")
                  if "pagefind" not in p.parts and b"data-pagefind-body" in p.read_bytes()]  # fmt: skip
    options = {
        "searchable pages (as the build indexes)": searchable,
        "searchable pages less reference pages": [
            p for p in searchable if p.relative_to(site).parts[0] != "references"
        ],
    }
    found = {}
    for i, (label, pages) in enumerate(options.items()):
        mirror = _mirror(site, pages, root / f"pagefind-mirror-{i}")
        out = root / f"pagefind-option-{i}"
        result = measure(PY, "-m", "pagefind", "--site", mirror, "--silent",
                         "--force-language", "en", "--output-path", out)  # fmt: skip
        found[label] = {"pages": len(pages), "peak_mb": result["peak_mb"],
                        "seconds": result["seconds"], "bundle_bytes": dir_bytes(out)}  # fmt: skip
    return found


def spread(values: list[float], fmt: str = "{:.2f}", unit: str = "") -> str:
    """The median of ``values`` and, when there are several, their range."""
    median = fmt.format(statistics.median(values)) + unit
    if len(values) < 2:
        return median
    return f"{median} ({fmt.format(min(values))}{unit} to {fmt.format(max(values))}{unit})"


def _seconds(result: dict) -> str:
    return spread(result["all_seconds"], "{:.1f}")


def table(rows: list[dict]) -> str:
    def col(label: str, fn) -> str:
        return f"| {label} | " + " | ".join(fn(r) for r in rows) + " |"

    lines = [
        "| | " + " | ".join(f"{r['references']:,} refs" for r in rows) + " |",
        "|---|" + "---:|" * len(rows),
        col("notes", lambda r: f"{r['notes']:,}"),
        col("files generated", lambda r: f"{r['files']:,}"),
        col("runs of each timing", lambda r: str(r["repeats"])),
        col("bibtexparser bare `parse_file` (s)", lambda r: spread(r["bare_parse"]["all_seconds"])),
    ]
    for stage in ("parse", "decode", "notes", "validate", "render", "write"):
        lines.append(col(f"stage: {stage} (s)", lambda r, s=stage: f"{r['stages'][s]:.2f}"))
    lines += [
        col("**generator total (s)**", lambda r: f"{r['stages']['total']:.2f}"),
        col("plain `open`/`write` of the same files (s)", lambda r: f"{r['stages']['bare_write']:.2f}"),
        col("**generator / (bare parse + plain write)** (target 1.5x)",
            lambda r: spread(r["generate_ratios"], unit="x")),
        col("render CPU, Cite Them Right Harvard, built in (s)", lambda r: f"{r['stages_cpu']['render']:.2f}"),
        col("render CPU, APA through citeproc-js, empty cache (s)",
            lambda r: f"{r['stages_cpu']['render_csl']:.2f}"),
        col("APA / built-in, cold", lambda r: spread(r["csl_cold_ratios"], "{:.1f}", "x")),
        col("render CPU again, built in (s)", lambda r: f"{r['stages_cpu']['render_warm']:.2f}"),
        col("render CPU again, APA from its cache (s)", lambda r: f"{r['stages_cpu']['render_csl_warm']:.2f}"),
        col("**APA / built-in, warm** (target 3x)", lambda r: spread(r["csl_warm_ratios"], unit="x")),
        col("full build: `evidencesite build` (s)", lambda r: _seconds(r["full_build"])),
        col("bare `mkdocs build`, same pages (s)", lambda r: _seconds(r["bare_mkdocs"])),
        col("full / bare MkDocs, pairs run side by side", lambda r: spread(r["full_bare_ratios"], unit="x")),
        col("Pagefind indexing alone, every built page (s)", lambda r: _seconds(r["pagefind"])),
        col("mkdocs-bibtex plugin, same notes and .bib (s)",
            lambda r: (_seconds(r["plugin"]) if r["plugin"] and r["plugin"]["seconds"]
                       else "failed" if r["plugin"] else "not run")),
        col("site (MB)", lambda r: f"{r['site_bytes'] / 1e6:.1f}"),
        col("largest HTML page (KB)", lambda r: f"{r['largest_page']['bytes'] / 1e3:.0f}"),
        col("search bundle on disk, Pagefind (KB)", lambda r: f"{r['search_index_bytes'] / 1e3:,.0f}"),
        col("generator peak memory (MB)", lambda r: f"{r['generator_peak_mb']:.0f}"),
        col("full build peak memory (MB)", lambda r: spread(r["full_peaks_mb"], "{:.0f}")),
        col("bare MkDocs peak memory (MB)", lambda r: spread(r["bare_peaks_mb"], "{:.0f}")),
        col("**full / bare MkDocs, peak memory** (target 1.2x)", lambda r: spread(r["memory_ratios"], unit="x")),
    ]  # fmt: skip
    for label in rows[0]["pagefind_options"]:
        lines.append(col(f"Pagefind alone, {label}: pages, peak (MB), bundle (KB)",
                         lambda r, k=label: f"{r['pagefind_options'][k]['pages']:,}, "
                                            f"{r['pagefind_options'][k]['peak_mb']:.0f}, "
                                            f"{r['pagefind_options'][k]['bundle_bytes'] / 1e3:,.0f}"))  # fmt: skip
    lines += [
        col("edit one note, regenerate (s)", lambda r: f"{r['incremental']['seconds']:.2f}"),
        col("files rewritten after that edit", lambda r: str(r["incremental"]["written"])),
    ]
    return "\n".join(lines)


def real_table(rows: list[dict]) -> str:
    lines = [
        "| bibliography | runs | bare parse (s) | generator total (s) | plain write (s) "
        "| **generator / (bare parse + plain write)** (target 1.5x) | files |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['name']} | {r['repeats']} | {spread(r['bare_parse']['all_seconds'])} "
            f"| {r['stages']['total']:.2f} | {r['stages']['bare_write']:.2f} "
            f"| {spread(r['generate_ratios'], unit='x')} | {r['files']:,} |"
        )
    return "\n".join(lines)


def _verdict(met: bool) -> str:
    return "**met**" if met else "**not met**"


def targets(rows: list[dict], real: list[dict], preview: dict | None, search: dict | None) -> str:
    """Issue 28's targets, each with this run's figure (median, and range of runs)."""
    lines = ["| target | figure in this run | |", "|---|---|---|"]
    for r in rows:
        warm = statistics.median(r["csl_warm_ratios"])
        lines.append(f"| APA warm within 3x the built-in style, {r['references']:,} refs "
                     f"| {spread(r['csl_warm_ratios'], unit='x')} | {_verdict(warm <= 3)} |")  # fmt: skip
    if preview:
        for label, saves in preview.items():
            if "evidencesite" in label and "synthetic" in label:
                median = statistics.median(saves)
                lines.append(f"| preview: a save shows within 3 s, {label} "
                             f"| {spread(saves, unit=' s')} | {_verdict(median <= 3)} |")  # fmt: skip
    for r in [*real, *(r for r in rows if r["references"] >= 10000)]:
        name = r.get("name") or f"{r['references']:,} refs"
        median = statistics.median(r["generate_ratios"])
        lines.append(f"| generate within 1.5x bare parse + plain write, {name} "
                     f"| {spread(r['generate_ratios'], unit='x')} | {_verdict(median <= 1.5)} |")  # fmt: skip
    for r in rows:
        if r["references"] >= 10000:
            median = statistics.median(r["memory_ratios"])
            lines.append(f"| peak memory within 1.2x bare MkDocs, {r['references']:,} refs "
                         f"| {spread(r['memory_ratios'], unit='x')} | {_verdict(median <= 1.2)} |")  # fmt: skip
    if search:
        lines.append(f"| a search transfers at most 300 KB gzip, {search['size']:,} refs "
                     f"| {search['pagefind_kb']:.0f} KB (Material's search: {search['material_kb']:,.0f} KB) "
                     f"| {_verdict(search['pagefind_kb'] <= 300)} |")  # fmt: skip
        lines.append(f"| a first visit transfers at most 150 KB gzip | {search['home_kb']:.0f} KB "
                     f"| {_verdict(search['home_kb'] <= 150)} |")  # fmt: skip
    return "\n".join(lines)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=ROOT, check=False).stdout.strip()  # fmt: skip
    want_search = os.environ.get("BENCH_SEARCH", "1") != "0"
    search_site = OUT.parent / "out-search-site"  # the largest size's built site
    rows, real = [], []
    for n in SIZES:
        print(f"benchmarking {n:,} references...", file=sys.stderr, flush=True)
        keep = search_site if want_search and n == max(SIZES) else None
        rows.append(run_size(n, keep))
        (OUT / "results.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    for bib in REAL_BIBS:
        print(f"benchmarking {bib.name}...", file=sys.stderr, flush=True)
        real.append(run_real(bib))
    md = [table(rows), "", "A real bibliography, generate only (medians, range of runs):", "",
          real_table(real)]  # fmt: skip
    from bench import citations

    md += ["", "Citation parsing (medians of 5):", "", citations.table(citations.measure())]
    try:
        from bench import csl_engines
    except ImportError:
        csl_engines = None
    if csl_engines is not None and os.environ.get("BENCH_ENGINES", "1") != "0":
        print("benchmarking CSL engines...", file=sys.stderr, flush=True)
        md += ["", "CSL engines, the same work (APA, engine start included):", "",
               csl_engines.table(csl_engines.measure(ENGINE_SIZES))]  # fmt: skip
    search = None
    if want_search:  # what a reader downloads (Chromium)
        from bench import search as search_bench

        search, search_md = search_bench.main(search_site, max(SIZES))
        shutil.rmtree(search_site, ignore_errors=True)
        md += ["", search_md]
    preview = None
    if os.environ.get("BENCH_PREVIEW", "1") != "0":  # save to reloaded page (Chromium)
        from bench import preview as preview_bench

        preview = preview_bench.main()
        md += ["", "Preview, save to reloaded page:", "", (OUT / "preview.md").read_text()]
    finished = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    head = [f"One `make bench` run, {started} to {finished}, commit `{commit}`.", "",
            "Issue 28's targets:", "", targets(rows, real, preview, search), ""]  # fmt: skip
    text = "\n".join(head + md) + "\n"
    (OUT / "results.json").write_text(
        json.dumps({"sizes": rows, "real": real, "preview": preview, "search": search}, indent=1),
        encoding="utf-8",
    )
    (OUT / "results.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
