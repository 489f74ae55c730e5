"""Time each generator stage in one process (make bench runs this under measure).

Usage: python -m bench.stages LITERATURE OUT
Prints JSON: seconds per stage (parse, decode, notes, validate, render, write), and
the floor for the write stage: the same files written with plain open()/write() into
an empty folder, with no check, hash, temporary name or manifest.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from bibtexparser.entrypoint import parse_string

from evidencesite.bibtex import load_bibliography
from evidencesite.cli import no_cycle_collection
from evidencesite.load import load_review
from evidencesite.render import OUTPUT_FOLDERS, render_site
from evidencesite.validate import validate
from evidencesite.write import write_pages


def bare_write(pages: dict[str, str], out: Path) -> None:
    for folder in {rel.rpartition("/")[0] for rel in pages}:
        os.makedirs(out / folder, exist_ok=True)
    for rel, content in pages.items():
        with open(out / rel, "wb") as file:
            file.write(content.encode("utf-8"))


def main() -> int:
    literature, out = Path(sys.argv[1]), Path(sys.argv[2])
    bib = literature / "references.bib"
    times: dict[str, float] = {}

    with no_cycle_collection():  # as the command line runs these stages
        t = time.perf_counter()
        parse_string(bib.read_text(encoding="utf-8"), parse_stack=[])
        times["parse"] = time.perf_counter() - t

        t = time.perf_counter()
        load_bibliography([(bib, "references.bib")])
        times["decode"] = time.perf_counter() - t - times["parse"]  # the rest of loading

        t = time.perf_counter()
        review = load_review(literature)  # the whole load, as the CLI does it
        load_all = time.perf_counter() - t
        times["notes"] = max(0.0, load_all - times["parse"] - times["decode"])

        t = time.perf_counter()
        validate(review)
        times["validate"] = time.perf_counter() - t

        t = time.perf_counter()
        pages = render_site(review)
        times["render"] = time.perf_counter() - t

    # The floor first, so the generator's own write bears any writeback it leaves.
    t = time.perf_counter()
    bare_write(pages, out.with_name(out.name + "-bare"))
    times["bare_write"] = time.perf_counter() - t

    t = time.perf_counter()
    report = write_pages(pages, out, OUTPUT_FOLDERS)
    times["write"] = time.perf_counter() - t

    times["total"] = load_all + times["validate"] + times["render"] + times["write"]
    print(json.dumps({"times": times, "files": len(pages), "written": len(report.written)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
