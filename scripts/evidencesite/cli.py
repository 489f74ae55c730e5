"""Command line: ``evidencesite check | generate | build | urls``.

Exit codes: 0 clean, 1 problems in the input (or warnings with --strict), 2 usage.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from .build import BuildError, build_site
from .load import load_review
from .model import Problem, Review
from .render import OUTPUT_FOLDERS, render_site, url_of
from .validate import check_published, validate
from .write import WriteError, write_pages


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="evidencesite",
        description="Turn a BibTeX review and Markdown notes into pages for MkDocs.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = sub.add_parser("check", help="report every problem in the literature folder")
    check.add_argument("--literature", type=Path, default=Path("literature"), metavar="DIR")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    gen = sub.add_parser("generate", help="check, then write the pages into docs/")
    gen.add_argument("--literature", type=Path, default=Path("literature"), metavar="DIR")
    gen.add_argument("--out", type=Path, default=Path("docs"), metavar="DIR")
    gen.add_argument("--strict", action="store_true", help="treat warnings as errors")
    gen.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    build = sub.add_parser(
        "build", help="check, generate and build the site with MkDocs; all or nothing"
    )
    build.add_argument("--literature", type=Path, default=Path("literature"), metavar="DIR")
    build.add_argument("--config", type=Path, default=Path("mkdocs.yml"), metavar="FILE")
    build.add_argument("--site-dir", type=Path, default=None, metavar="DIR")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    urls = sub.add_parser(
        "urls", help="list the URLs the site publishes; --update records new ones"
    )
    urls.add_argument("--literature", type=Path, default=Path("literature"), metavar="DIR")
    urls.add_argument(
        "--update",
        action="store_true",
        help="add every URL produced now to published-urls.txt (never removes one)",
    )
    return parser


def report(problems: list[Problem], strict: bool) -> int:
    """Print problems to stderr; return the exit code they call for."""
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if problems:
        print(
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}",
            file=sys.stderr,
        )
    return 1 if errors or (strict and warnings) else 0


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Loading and rendering allocate hundreds of thousands of objects that live until
    the end and form no garbage cycles, so the cycle collector's repeated scans of them
    are pure cost (10-15% at 10,000 references). Reference counting still frees
    everything else at once; the collector runs again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_review(literature: Path, strict: bool) -> tuple[Review, dict[str, str] | None, int]:
    """Load, validate and (when valid) render; the pages are None after an error."""
    with no_cycle_collection():
        review = load_review(literature)
        problems = validate(review)
        pages = None
        if not any(p.severity == "error" for p in problems):
            pages = render_site(review, site_url(review))
            problems += check_published(review, {url_of(path) for path in pages})
    code = report(problems, strict)
    return review, (pages if code == 0 else None), code


def site_url(review: Review) -> str:
    """Where the site is published: $SITE_URL, else review.yml's site_url."""
    return os.environ.get("SITE_URL") or (review.info.site_url if review.info else "")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    review, pages, code = check_review(args.literature, getattr(args, "strict", False))
    if args.command == "check":
        return code
    if pages is None:
        print("evidencesite: nothing written: fix the errors above first", file=sys.stderr)
        return code or 1
    if args.command == "urls":
        return _urls(args.literature, review, pages, args.update)
    del review  # only the pages are needed now: MkDocs can reuse the review's memory
    try:
        if args.command == "build":
            site = build_site(pages, args.config, args.site_dir)
            summary = f"built {site} ({len(pages)} generated files, with the pages in docs/)"
        else:
            result = write_pages(pages, args.out, OUTPUT_FOLDERS)
            summary = (
                f"{len(pages)} files: {len(result.written)} written, "
                f"{len(result.removed)} removed, {result.unchanged} unchanged"
            )
    except (WriteError, BuildError) as exc:
        print(f"evidencesite: {exc}", file=sys.stderr)
        print("evidencesite: the previous pages and site are unchanged", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"evidencesite: {summary}")
    return 0


def _urls(literature: Path, review: Review, pages: dict[str, str], update: bool) -> int:
    produced = sorted({url_of(path) for path in pages})
    if not update:
        print("\n".join(produced))
        return 0
    manifest = literature / "published-urls.txt"
    known = set(review.published)
    new = [url for url in produced if url not in known]
    header = (
        "# Every URL this site has ever published, one per line. Written by\n"
        "# `evidencesite urls --update`; `evidencesite check` fails if one stops working.\n"
        "# Never delete a line: rename notes with `aliases:` instead.\n"
    )
    lines = sorted(known | set(new))
    text = header + "\n".join(lines) + "\n"
    if not manifest.exists() or manifest.read_text(encoding="utf-8") != text:
        temp = manifest.with_name(manifest.name + ".tmp")
        temp.write_text(text, encoding="utf-8")
        temp.replace(manifest)
    print(f"evidencesite: {len(new)} new URL(s) recorded in {manifest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
