"""Command line: ``evidencesite check`` and ``evidencesite generate``.

Exit codes: 0 clean, 1 problems in the input (or warnings with --strict), 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .build import BuildError, build_site
from .load import load_review
from .model import Problem, Review
from .render import OUTPUT_FOLDERS, render_site
from .validate import validate
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


def check_review(literature: Path, strict: bool) -> tuple[Review, int]:
    review = load_review(literature)
    return review, report(validate(review), strict)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    review, code = check_review(args.literature, args.strict)
    if args.command == "check" or code:
        if code and args.command == "generate":
            print("evidencesite: nothing written: fix the errors above first", file=sys.stderr)
        return code
    pages = render_site(review)
    try:
        if args.command == "build":
            result = build_site(pages, args.config, args.site_dir)
        else:
            result = write_pages(pages, args.out, OUTPUT_FOLDERS)
    except (WriteError, BuildError) as exc:
        print(f"evidencesite: {exc}", file=sys.stderr)
        print("evidencesite: the previous pages and site are unchanged", file=sys.stderr)
        return 1
    if not args.quiet:
        print(
            f"evidencesite: {len(pages)} pages: {len(result.written)} written, "
            f"{len(result.removed)} removed, {result.unchanged} unchanged"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
