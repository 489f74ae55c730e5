"""Time each generator stage in one process (make bench runs this under measure).

Usage: python -m bench.stages LITERATURE OUT [--no-csl]
(--no-csl: without the render with APA, for a bibliography timed for generate alone)
Prints JSON: seconds per stage (parse, decode, notes, validate, render, write), as
wall time ("times") and as this process's CPU time ("cpu"), and
the floor for the write stage: the same files written with plain open()/write() into
an empty folder, with no check, hash, temporary name or manifest.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bibtexparser.entrypoint import parse_string

from evidencesite.bibtex import load_bibliography
from evidencesite.load import load_review
from evidencesite.pipeline import derived, no_cycle_collection
from evidencesite.render import render_site
from evidencesite.styles import find_csl
from evidencesite.validate import validate
from evidencesite.write import write_tree


def bare_write(pages: dict[str, str], out: Path) -> None:
    for folder in {rel.rpartition("/")[0] for rel in pages}:
        os.makedirs(out / folder, exist_ok=True)
    for rel, content in pages.items():
        with open(out / rel, "wb") as file:
            file.write(content.encode("utf-8"))


class Clock:
    """Wall time and this process's CPU time of each stage."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.wall[name] = time.perf_counter() - wall
        self.cpu[name] = time.process_time() - cpu


def main() -> int:
    literature, out = Path(sys.argv[1]), Path(sys.argv[2])
    csl = "--no-csl" not in sys.argv[3:]
    bib = literature / "references.bib"
    clock = Clock()

    with no_cycle_collection():  # as the command line runs these stages
        with clock.stage("parse"):
            parse_string(bib.read_text(encoding="utf-8"), parse_stack=[])
        with clock.stage("load_bib"):
            load_bibliography([(bib, "references.bib")])
        with clock.stage("load"):
            review = load_review(literature)  # the whole load, as the CLI does it
        with clock.stage("validate"):
            validate(review)
        with clock.stage("render"):  # derive and render, timed together as always
            pages = render_site(review, *derived(review))
        with clock.stage("render_warm"):  # the built-in style keeps nothing: the same
            render_site(review, *derived(review))
        # The same render with a CSL style (APA, through citeproc-js) instead of the
        # built-in Cite Them Right Harvard: what choosing a CSL style costs, cold (an
        # empty cache) and warm (the cache that render left, as the next build finds it).
        if csl:
            assert review.shape is not None
            apa, _ = find_csl("apa", literature)
            review.shape = dataclasses.replace(review.shape, style=apa)
            cache = out.parent / "csl-cache"
            shutil.rmtree(cache, ignore_errors=True)
            with clock.stage("render_csl"):
                render_site(review, *derived(review, cache))
            with clock.stage("render_csl_warm"):
                render_site(review, *derived(review, cache))

    # The floor first, so the generator's own write bears any writeback it leaves.
    with clock.stage("bare_write"):
        bare_write(pages, out.with_name(out.name + "-bare"))
    with clock.stage("write"):
        report = write_tree({rel: text.encode() for rel, text in pages.items()}, out)

    result = {}
    for kind, times in (("times", clock.wall), ("cpu", clock.cpu)):
        # parse is bibtexparser's splitter; decode the rest of loading the .bib; notes
        # the rest of the whole load (notes, review.yml...).
        result[kind] = {
            "parse": times["parse"],
            "decode": max(0.0, times["load_bib"] - times["parse"]),
            "notes": max(0.0, times["load"] - times["load_bib"]),
            "validate": times["validate"],
            "render": times["render"],
            "render_warm": times["render_warm"],
            **{k: times[k] for k in ("render_csl", "render_csl_warm") if k in times},
            "write": times["write"],
            "bare_write": times["bare_write"],
            "total": times["load"] + times["validate"] + times["render"] + times["write"],
        }
    print(json.dumps({**result, "files": len(pages), "written": len(report.written)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
