"""citeproc-js cold, in PyPI mini-racer's V8 (in-process, as builds run it) against
Node (npm ``citeproc``'s home, Zotero's engine) for the same work (issue 28).

The same vendored citeproc.js and the same script around it
(:func:`citeproc_js_engine.script`), APA, the same CSL JSON items and the same
citation calls a cold build makes of a synthetic review (captured from
:class:`CSLStyle` as it asks for them), engine start included: for mini-racer a fresh
Python process that reads the inputs, then is timed from creating V8's context to the
rendered JSON (its V8 flags as given: mini-racer's default is ``--single-threaded``);
for Node the whole ``node`` process, timed from the parent (CPU from RUSAGE_CHILDREN).
Engines interleaved, medians of three runs with their spread.

Measured 3 December 2026 (node v20.20.2, mini-racer 0.14.1; a shared machine, 2
cores, load 4-6, so wall times are noisy and CPU decides); seconds, median (range):

| references | citations | engine | wall | CPU | CPU / Node's |
|---:|---:|---|---:|---:|---:|
| 1,000 | 3,100 | node | 7.76 (6.53–8.56) | 7.95 (7.77–8.32) | 1.00x |
| 1,000 | 3,100 | mini-racer, --single-threaded | 7.39 (5.63–7.63) | 5.43 (5.38–5.43) | 0.68x |
| 1,000 | 3,100 | mini-racer, no flags | 5.93 (5.07–15.15) | 5.36 (5.06–6.00) | 0.67x |
| 10,000 | 31,000 | node | 88.39 (62.27–106.73) | 47.86 (41.73–48.92) | 1.00x |
| 10,000 | 31,000 | mini-racer, --single-threaded | 75.43 (53.91–83.98) | 37.80 (35.74–39.82) | 0.79x |
| 10,000 | 31,000 | mini-racer, no flags | 54.57 (52.29–64.65) | 34.24 (32.76–38.37) | 0.72x |

Every run of every engine made the same output (one hash per size). Node is not
faster for this work (the issue's 2.4 s under Node was another harness), so builds
keep mini-racer and its default flags: V8's own threads (no flags) were within the
runs' spread, and so were, at 1,000 references, ``--max-semi-space-size=64``,
``--no-lazy-feedback-allocation`` and ``--sparkplug`` (CPU medians 5.22, 4.97 and
5.15 s against 5.16 s).

Usage: python -m bench.csl_engines [SIZE...]   (default 1000 10000)
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from unittest import mock

SIZES = (1_000, 10_000)
RUNS = 3
#: mini-racer's V8 flags to compare: its default, and V8 with its own threads
#: (concurrent optimizing compiler and garbage collector).
RACER_FLAGS: dict[str, tuple[str, ...]] = {
    "mini-racer (--single-threaded, its default)": ("--single-threaded",),
    "mini-racer (no flags: V8's threads)": (),
}
NODE = "node"

_NODE_MAIN = r"""
var input = JSON.parse(require("fs").readFileSync(0, "utf8"));
ES.locales = input.locales; ES.items = input.items;
ES.start(input.style, input.lang);
process.stdout.write(ES.render(input.order, input.cites));
"""

_RACER_MAIN = r"""
import hashlib, json, sys, time
from pathlib import Path
hash_text = lambda text: hashlib.sha256(text.encode()).hexdigest()[:16]
from py_mini_racer import init_mini_racer
init_mini_racer(flags=json.loads(sys.argv[2]))
from evidencesite.styles.citeproc_js_engine import CiteprocJS
given = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
cpu, wall = time.process_time(), time.perf_counter()
engine = CiteprocJS(Path(given["path"]), given["lang"] or None, given["items"])
out = engine.render(given["order"], [tuple(c) for c in given["cites"]])
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
made = json.dumps([out[0], out[1], out[2], list(out[3])], sort_keys=True)
print(json.dumps({"wall": wall, "cpu": cpu, "output": hash_text(made)}))
"""


class _Asked(Exception):
    """Raised by :class:`_Capture` with what the style asked citeproc-js to render."""


class _Capture:
    """Stands in for CiteprocJS: keeps what CSLStyle would hand it, then stops."""

    def __init__(self, style: Path, locale: str | None, items: dict[str, Any]) -> None:
        self.given: dict[str, Any] = {"path": str(style), "lang": locale or "", "items": items}

    def render(self, order: list[str], cites: list[tuple[str, ...]]) -> Any:
        raise _Asked({**self.given, "order": order, "cites": [list(c) for c in cites]})


def inputs(literature: Path) -> dict[str, Any]:
    """What a cold build of ``literature`` in APA hands citeproc-js."""
    from evidencesite.load import load_review
    from evidencesite.styles import csl, find_csl, make_style

    review = load_review(literature)
    apa, _ = find_csl("apa", literature)
    assert review.shape is not None and apa is not None
    review.shape = dataclasses.replace(review.shape, style=apa)
    try:
        with mock.patch.object(csl, "CiteprocJS", _Capture):
            make_style(review)
    except _Asked as asked:
        given: dict[str, Any] = asked.args[0]
        return given
    raise AssertionError("the style asked citeproc-js for nothing")


def _run_node(script: Path, payload: bytes) -> dict[str, Any]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    done = subprocess.run([NODE, str(script)], input=payload, capture_output=True, check=True)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    out = json.loads(done.stdout)  # as CiteprocJS.render hands it back
    entries = {key: text.strip() for key, text in out["entries"].items()}
    made = json.dumps([out["order"], entries, out["cites"], [out["undated"], out["and"]]],
                      sort_keys=True)  # fmt: skip
    return {"wall": wall, "cpu": cpu, "output": hashlib.sha256(made.encode()).hexdigest()[:16]}


def _run_racer(given: Path, flags: tuple[str, ...]) -> dict[str, Any]:
    root = Path(__file__).resolve().parent.parent
    env_path = f"{root / 'scripts'}:{root}"
    done = subprocess.run(
        [sys.executable, "-c", _RACER_MAIN, str(given), json.dumps(list(flags))],
        capture_output=True, check=True, env={**os.environ, "PYTHONPATH": env_path},
    )  # fmt: skip
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def measure(literature_sizes: tuple[int, ...] = SIZES, runs: int = RUNS) -> list[dict[str, Any]]:
    """One row per engine and size: medians and spreads (min, max) of wall and CPU s."""
    from evidencesite.styles.citeproc_js_engine import script, style_locales

    from .synth import write_literature

    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="csl-engines-") as tmp:
        folder = Path(tmp)
        node_script = folder / "render.js"
        node_script.write_text(script() + _NODE_MAIN, encoding="utf-8")
        for size in literature_sizes:
            literature = write_literature(folder / f"lit-{size}", size)
            given = inputs(literature)
            style = Path(given["path"]).read_text(encoding="utf-8")
            payload = json.dumps(
                {**given, "style": style, "locales": style_locales(style, given["lang"] or None)}
            ).encode()
            given_path = folder / f"given-{size}.json"
            given_path.write_text(json.dumps(given), encoding="utf-8")
            times: dict[str, list[dict[str, Any]]] = {"node": []} if shutil.which(NODE) else {}
            times |= {name: [] for name in RACER_FLAGS}
            for run in range(runs):  # interleaved: each run of each engine in turn
                if "node" in times:  # no Node on this machine: mini-racer alone
                    times["node"].append(_run_node(node_script, payload))
                for name, flags in RACER_FLAGS.items():
                    times[name].append(_run_racer(given_path, flags))
                done = {name: round(found[-1]["cpu"], 2) for name, found in times.items()}
                print(f"{size} references, run {run + 1}: CPU s {done}", file=sys.stderr)
            for name, found in times.items():
                row: dict[str, Any] = {"engine": name, "references": size,
                                       "citations": len(given["cites"])}  # fmt: skip
                for kind in ("wall", "cpu"):
                    values = [run[kind] for run in found]
                    row[kind] = statistics.median(values)
                    row[kind + "_spread"] = (min(values), max(values))
                row["outputs"] = sorted({run["output"] for run in found})
                rows.append(row)
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    """The rows as Markdown, with each engine's time over Node's."""
    node = {row["references"]: row for row in rows if row["engine"] == "node"}
    lines = [
        "| references | citations | engine | wall (s) | CPU (s) | CPU / Node's | output |",
        "|---:|---:|---|---:|---:|---:|---|",
    ]
    for row in rows:
        low, high = row["wall_spread"]
        cpu_low, cpu_high = row["cpu_spread"]
        base = node.get(row["references"])
        ratio = f"{row['cpu'] / base['cpu']:.2f}x" if base else "n/a"
        lines.append(
            f"| {row['references']:,} | {row['citations']:,} | {row['engine']} "
            f"| {row['wall']:.2f} ({low:.2f}–{high:.2f}) "
            f"| {row['cpu']:.2f} ({cpu_low:.2f}–{cpu_high:.2f}) | {ratio} "
            f"| {', '.join(row['outputs'])} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sizes = tuple(int(arg) for arg in sys.argv[1:]) or SIZES
    print(table(measure(sizes)))
