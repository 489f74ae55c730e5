"""Preview in a second (issue 16, point 3): from saving a note to the reloaded page in
Chromium showing the edit, with `evidencesite serve` (make serve: only changed pages
rebuilt) against `mkdocs serve` (every page rebuilt: the approach before).

Two reviews: this review (a copy of the repository's literature/, docs/ and
mkdocs.yml) and a synthetic one of BENCH_PREVIEW_SIZE references (default 10,000). The
synthetic review's 5,000 uncited works are each a warning, so its mkdocs.yml is not
strict. Each save adds a new word to a sentence of one note; the time runs from the
write to the moment the open page, reloaded by the server's live reload, shows it.

Usage: python -m bench.preview   (make bench runs it; BENCH_PREVIEW=0 skips it)
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.run import mkdocs_config
from bench.synth import write_literature

ROOT = Path(__file__).resolve().parent.parent
SIZE = int(os.environ.get("BENCH_PREVIEW_SIZE", "10000"))
#: mkdocs serve at SIZE too (every page rebuilt: minutes a save); off unless asked
MKDOCS_AT_SIZE = os.environ.get("BENCH_PREVIEW_MKDOCS", "0") == "1"
CHROMIUM = "/usr/bin/chromium"
FIRST_BUILD_LIMIT = 1800.0  # seconds: an upper bound on a first build, not a wait
SAVE_LIMIT = 900.0
SERVERS = {
    "evidencesite serve (changed pages only)": ["-m", "evidencesite.cli", "serve", "--config"],
    "mkdocs serve (every page)": ["-m", "mkdocs", "serve", "--livereload", "-f"],
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def this_review(root: Path) -> tuple[Path, Path]:
    """A copy of the repository's project; the note edited is the Power theme."""
    project = root / "real"
    for part in ("docs", "literature"):
        shutil.copytree(ROOT / part, project / part)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project, project / "literature" / "themes" / "power.md"


def synthetic_review(root: Path, n: int) -> tuple[Path, Path]:
    """The benchmark's project (bench/run.py) around n synthetic references."""
    project = root / f"synthetic-{n}"
    write_literature(project, n)
    mkdocs_config(project, plugin=True)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("strict: true", "strict: false"))
    return project, project / "literature" / "challenges" / "challenge-0.md"


def page_of(note: Path) -> str:
    return f"/{note.parent.name}/{note.stem}/"


def saves(project: Path, note: Path, server: list[str], count: int) -> dict:
    """Start the server, wait for its first build, then time ``count`` saves."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "scripts")}
    cmd = [sys.executable, *server, str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    start = time.perf_counter()
    log_path = project / "server.log"
    log_file = log_path.open("w", encoding="utf-8")
    proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=log_file,
                            stderr=subprocess.STDOUT)  # fmt: skip
    original = note.read_text(encoding="utf-8")
    url = f"http://127.0.0.1:{port}{page_of(note)}"
    times: list[float] = []
    try:
        while not _up(url):
            if proc.poll() is not None or time.perf_counter() - start > FIRST_BUILD_LIMIT:
                raise SystemExit(f"{' '.join(cmd)}: no first build")
            time.sleep(0.2)  # polling for the first build
        first = time.perf_counter() - start
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM)
            page = browser.new_page()
            page.goto(url)
            for i in range(count):
                word = f"Benchword{i}x{os.getpid()}"
                front, end, body = original.partition("\n---\n")  # after the front matter
                text = f"{front}{end}\n{word} is a new word here.\n{body}"
                saved = time.perf_counter()
                note.write_text(text, encoding="utf-8")
                page.wait_for_function(
                    f"() => document.body && document.body.innerText.includes({word!r})",
                    timeout=SAVE_LIMIT * 1000, polling=20,
                )  # fmt: skip
                times.append(time.perf_counter() - saved)
                page.wait_for_load_state("load")
            browser.close()
    finally:
        note.write_text(original, encoding="utf-8")
        proc.send_signal(signal.SIGINT)  # as Ctrl-C: the server removes its temporary site
        try:
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log_file.close()
    # evidencesite serve logs, after each build, the pages it wrote and the pipeline's time
    found = re.findall(r"(\d+) page\(s\) rebuilt; (?:[^;\n]*; )*reading and rendering the review took "
                       r"([\d.]+) s, the whole build ([\d.]+) s",
                       log_path.read_text(encoding="utf-8"))  # fmt: skip
    return {"first_build": first, "saves": times,
            "pages": [int(n) for n, _, _ in found[1:]],
            "pipeline": [float(t) for _, t, _ in found[1:]],
            "build": [float(b) for _, _, b in found[1:]]}  # fmt: skip


def _row(label: str, result: dict) -> str:
    s = result["saves"]
    pages = ", ".join(map(str, result["pages"])) or "all"
    pipeline = (f"{statistics.median(result['pipeline']):.2f}" if result["pipeline"]
                else "n/a")  # fmt: skip
    build = f"{statistics.median(result['build']):.2f}" if result.get("build") else "n/a"
    return (f"| {label} | {result['first_build']:.1f} | {len(s)} | {statistics.median(s):.2f} "
            f"| {min(s):.2f} to {max(s):.2f} | {pages} | {pipeline} | {build} |")  # fmt: skip


def main() -> dict[str, list[float]]:
    """Time the saves; write bench/out/preview.md; return each row's save times."""
    root = Path(os.environ.get("BENCH_TMP", "/tmp")) / "evidencesite-bench-preview"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    reviews = {"this review (71 references)": this_review(root)}
    if SIZE:
        reviews[f"{SIZE:,} references (synthetic)"] = synthetic_review(root, SIZE)
    lines = [
        "| review, server | first build (s) | saves | save to reloaded page: median (s) "
        "| spread (s) | pages written per save | of which reading and rendering the review: "
        "median (s) | the whole MkDocs build: median (s) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    found: dict[str, list[float]] = {}
    for review, (project, note) in reviews.items():
        for label, server in SERVERS.items():
            if "mkdocs" in label and "synthetic" in review and not MKDOCS_AT_SIZE:
                continue  # about 220 s a save at 10,000 references (README)
            # every page rebuilt takes minutes at 10,000 references: fewer saves
            count = 5 if "changed" in label or "71" in review else 2
            print(f"preview: {review}, {label}...", file=sys.stderr, flush=True)
            result = saves(project, note, server, count)
            lines.append(_row(f"{review}: {label}", result))
            found[f"{review}: {label}"] = result["saves"]
    table = "\n".join(lines)
    print(table)
    (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "out" / "preview.md").write_text(table + "\n", encoding="utf-8")
    shutil.rmtree(root, ignore_errors=True)
    return found


if __name__ == "__main__":
    main()
