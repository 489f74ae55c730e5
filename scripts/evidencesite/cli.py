"""Command line: ``evidencesite check | generate | build | serve | urls | init | snapshot |
citation``.

Argument parsing, printing and exit codes only; the work is :func:`pipeline.run`.
Exit codes: 0 clean, 1 problems in the input (or warnings with --strict), 2 usage.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from .build import BuildError, build_site, literature_of, load_config
from .docs_links import check_docs_links, docs_folder, follow_moves
from .load import load_review, shown_path
from .model import Problem, Review
from .pipeline import Outcome, assets, history_notice, no_address, run, site_url
from .snapshot import SnapshotError, make_snapshot
from .urls import url_of
from .write import (
    WriteError,
    collisions,
    hand_written_files,
    in_the_way_error,
    unsafe_output,
    unsafe_output_error,
    write_tree,
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="evidencesite",
        description="Turn a BibTeX review and Markdown notes into a static site.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = sub.add_parser("check", help="report every problem in the literature folder")
    _literature_option(check)
    _strict_option(check, quiet=False)
    build = sub.add_parser(
        "build", help="check, then build the site with MkDocs into site/; all or nothing"
    )
    build.add_argument("--config", type=Path, default=Path("mkdocs.yml"), metavar="FILE")
    build.add_argument("--site-dir", type=Path, default=None, metavar="DIR")
    _strict_option(build)
    serve = sub.add_parser(
        "serve",
        help="preview at http://127.0.0.1:8000, reloading after each save; only the pages "
        "an edit changed are rebuilt",
    )
    serve.add_argument("--config", type=Path, default=Path("mkdocs.yml"), metavar="FILE")
    serve.add_argument("-a", "--dev-addr", default=None, metavar="IP:PORT",
                       help="where to serve (default: mkdocs.yml's dev_addr)")  # fmt: skip
    serve.add_argument("--open", action="store_true", help="open the preview in a browser")
    gen = sub.add_parser(
        "generate",
        help="check, then write a complete docs tree (hand-written + generated pages) into "
        "a folder of its own, for engines that read files",
    )
    _literature_option(gen)
    gen.add_argument("--docs", type=Path, default=Path("docs"), metavar="DIR",
                     help="the hand-written pages (default: docs)")  # fmt: skip
    gen.add_argument("--out", type=Path, default=Path("build/docs"), metavar="DIR",
                     help="where the tree goes (default: build/docs)")  # fmt: skip
    _strict_option(gen)
    init = sub.add_parser(
        "init",
        help="start a new review in DIR, a git repository ready to push: configuration, "
        "mkdocs.yml, a sample .bib, a note of each kind, a home page, a README for the "
        "team and a GitHub workflow that publishes the site",
    )
    init.add_argument("dir", type=Path, metavar="DIR")
    urls = sub.add_parser(
        "urls", help="list the URLs the site publishes; --update records new ones"
    )
    _literature_option(urls)
    urls.add_argument(
        "--update",
        action="store_true",
        help="add every URL produced now to published-urls.txt (never removes one)",
    )
    snap = sub.add_parser(
        "snapshot",
        help="pack the built site into one reproducible archive of this version, for a "
        "release (a policy can cite what it saw)",
    )
    _literature_option(snap)
    snap.add_argument("--site-dir", type=Path, default=Path("site"), metavar="DIR")
    snap.add_argument("--out", type=Path, default=Path("dist"), metavar="DIR")
    snap.add_argument("--tag", default="", help="refuse unless it is v<version> (review.yml)")
    cite = sub.add_parser(
        "citation",
        help="write CITATION.cff and .zenodo.json (how to cite the repository) from "
        "review.yml; --check fails if the ones there differ",
    )
    _literature_option(cite)
    cite.add_argument("--root", type=Path, default=Path(), metavar="DIR",
                      help="the repository's root, where they go (default: here)")  # fmt: skip
    cite.add_argument("--check", action="store_true", help="write nothing; fail on a difference")
    return parser


def _literature_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--literature", type=Path, default=Path("literature"), metavar="DIR")


def _strict_option(parser: argparse.ArgumentParser, quiet: bool = True) -> None:
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument(
        "--verbose", action="store_true", help="list every warning (many alike are grouped)"
    )
    if quiet:
        parser.add_argument("-q", "--quiet", action="store_true", help="print problems only")


#: Warnings alike (the same message but for the names in quotes) beyond this many are
#: grouped: the first GROUP_SHOWN, then a count. Errors are always listed in full.
GROUP_AFTER = 5
GROUP_SHOWN = 3
_QUOTED = re.compile(r"'[^']*'")


def report(problems: list[Problem], strict: bool, verbose: bool = False) -> int:
    """Print problems to stderr (errors in full; warnings alike grouped unless
    ``verbose``, so that one dropped link is not buried under 500 missing summaries);
    return the exit code they call for."""
    for line in problem_lines(problems, verbose):
        print(line, file=sys.stderr)
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    if errors or warnings:
        print(
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}",
            file=sys.stderr,
        )
    return 1 if errors or (strict and warnings) else 0


def problem_lines(problems: list[Problem], verbose: bool = False) -> list[str]:
    """Each problem as a line, in the order found; beyond GROUP_AFTER warnings alike,
    the first GROUP_SHOWN and one line that counts the rest."""
    alike: dict[str, list[Problem]] = {}
    for problem in problems:
        if problem.severity == "warning":
            alike.setdefault(_QUOTED.sub("'…'", problem.message), []).append(problem)
    lines: list[str] = []
    for problem in problems:
        group = alike.get(_QUOTED.sub("'…'", problem.message), [])
        if verbose or problem.severity == "error" or len(group) <= GROUP_AFTER:
            lines.append(str(problem))
            continue
        position = next(i for i, p in enumerate(group) if p is problem)
        if position < GROUP_SHOWN:
            lines.append(str(problem))
        elif position == GROUP_SHOWN:
            rest = len(group) - GROUP_SHOWN
            shape = _QUOTED.sub("'…'", problem.message)
            lines.append(
                f'  ... and {rest} more warnings like "{shape}" (--verbose lists them all)'
            )
    return lines


def _fail(message: str) -> int:
    print(f"evidencesite: {message}", file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            return _build(args)
        if args.command == "init":
            return _init(args.dir)
        if args.command == "snapshot":
            return _snapshot(args)
        if args.command == "citation":
            return _citation(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "generate":
            reason = unsafe_output(args.out, (args.literature, args.docs))
            if reason:
                raise unsafe_output_error(args.out, reason, "build/docs")
        outcome = run(args.literature)
        problems = outcome.problems
        if args.command == "check" and outcome.pages is not None:
            # The hand-written pages' links into generated folders (MkDocs would find
            # them only when it builds).
            docs = docs_folder(args.literature)
            shape = outcome.review.shape if outcome.review else None
            if docs is not None:
                urls = shape.urls if shape else None
                problems = [*problems, *check_docs_links(docs, outcome.pages, urls)]
        code = report(problems, getattr(args, "strict", False), getattr(args, "verbose", False))
        if args.command == "check":
            return code
        if outcome.pages is None or code:
            return _fail(f"nothing written: {_what_stopped(outcome)}")
        if args.command == "urls":
            return _urls(args.literature, outcome.review, outcome.pages, args.update)
        return _generate(args, outcome)
    except SnapshotError as exc:
        return _fail(f"no snapshot: {exc}")
    except (WriteError, BuildError) as exc:
        print(f"evidencesite: {exc}", file=sys.stderr)
        print("evidencesite: nothing was changed", file=sys.stderr)
        return 1
    except OSError as exc:  # a read-only folder, a full disk: the system's words
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"evidencesite: {where}error: {exc.strerror or exc}", file=sys.stderr)
        if args.command == "build":  # staged, then swapped in whole: never half-written
            print("evidencesite: the site is as it was before this build", file=sys.stderr)
        return 1


def _what_stopped(outcome: Outcome) -> str:
    """Why nothing was made, in the words of what was found: errors, or (with
    --strict) warnings only."""
    if outcome.errors:
        return "fix the errors above first"
    return (
        "--strict stops on warnings: fix the warnings above, or build without --strict "
        "to see the site with them"
    )


def _build(args: argparse.Namespace) -> int:
    config = load_config(args.config, args.site_dir)  # refuses an unsafe site folder
    literature = literature_of(config)
    outcome = run(literature)
    if outcome.pages is not None:
        outcome.problems += no_address(outcome.review, literature)
        outcome.problems += history_notice(outcome.review, literature)
    code = report(outcome.problems, args.strict, args.verbose)
    if outcome.pages is None or code:
        return _fail(f"site not built: {_what_stopped(outcome)}")
    pages = len(outcome.pages)
    # Not build_site(_drop_review(outcome)): this name would keep the review alive
    # through the whole MkDocs build (measured: 673 MB peak at 10,000 references).
    outcome = _drop_review(outcome)
    site = build_site(outcome, config)
    if not args.quiet:
        print(f"evidencesite: built {shown_path(site)} ({pages} generated files, plus docs/)")
    return 0


def _serve(args: argparse.Namespace) -> int:
    """MkDocs' own server and live reload, with dirty builds: the evidencesite plugin
    tells MkDocs which pages an edit changed (preview.py)."""
    from click.exceptions import Abort, ClickException
    from mkdocs.__main__ import cli
    from mkdocs.exceptions import MkDocsException

    load_config(args.config)  # a missing file or plugin: our message, not MkDocs' usage
    # --no-strict: a preview shows the site with its warnings printed (a strict
    # mkdocs.yml is for builds), rather than refusing to start over a missing summary.
    argv = ["serve", "--dirty", "--livereload", "--no-strict", "--config-file", str(args.config)]
    argv += ["--dev-addr", args.dev_addr] if args.dev_addr else []
    argv += ["--open"] if args.open else []
    try:
        cli.main(args=argv, prog_name="evidencesite serve", standalone_mode=False)
    except (Abort, KeyboardInterrupt):  # Ctrl-C during the first build
        return 130
    except (ClickException, MkDocsException) as exc:  # the problems are printed above
        return _fail(f"the preview did not start: {exc}")
    return 0


#: What `init` copies: the example review (a link to examples/barriers-facilitators).
SCAFFOLD = Path(__file__).resolve().parent / "scaffold"
#: What `init` never copies from the scaffold: what building it makes, and caches.
_NOT_SCAFFOLD = {"site", "build", "dist", ".git", ".venv", "__pycache__", ".pytest_cache"}
#: What a review needs to be pushed and published; a package built without the
#: scaffold's dot-files would lack some of them.
_SCAFFOLD_FILES = (
    "README.md",
    ".gitignore",
    ".github/workflows/site.yml",
    ".github/dependabot.yml",
    "requirements.txt",
    "mkdocs.yml",
    "literature/evidencesite.yml",
)
#: The line of the scaffold's requirements.txt that names the generator CI installs.
_REQUIREMENT = re.compile(r"^(evidencesite @ \S+@v)\S+$", re.MULTILINE)
#: The commit's author when git knows no one (`git commit --amend --reset-author` fixes it).
_NEUTRAL_AUTHOR = {"user.name": "evidencesite init", "user.email": "init@evidencesite.invalid"}


def _init(target: Path) -> int:
    """Copy the scaffold (the example review, with its README, .gitignore, GitHub
    workflow and requirements.txt) into a new or empty folder, name this generator's
    version in requirements.txt, and make the first commit of a new git repository."""
    from . import __version__

    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        return _fail(f"{target}: error: the folder is not empty; choose a new one")
    scaffold = SCAFFOLD
    missing = [name for name in _SCAFFOLD_FILES if not (scaffold / name).is_file()]
    if missing:
        return _fail(
            f"{scaffold}: error: this installation of evidencesite has no "
            f"{', '.join(missing)} to copy; install it again from a complete package"
        )
    requirements = (scaffold / "requirements.txt").read_text(encoding="utf-8")
    pinned, found = _REQUIREMENT.subn(rf"\g<1>{__version__}", requirements)
    if found != 1:
        return _fail(
            f"{shown_path(scaffold / 'requirements.txt')}: error: no one "
            "'evidencesite @ ...@v<version>' line to name this version in"
        )

    def junk(folder: str, names: list[str]) -> set[str]:
        top = Path(folder) == scaffold
        return {n for n in names if (top and n in _NOT_SCAFFOLD) or _is_junk(n)}

    shutil.copytree(scaffold, target, dirs_exist_ok=True, ignore=junk)
    (target / "requirements.txt").write_text(pinned, encoding="utf-8")
    files = sum(1 for path in target.rglob("*") if path.is_file())
    print(f"evidencesite: a new review in {target} ({files} files):")
    for path, what in (*_MADE, ("requirements.txt", f"evidencesite {__version__}, for CI")):
        print(f"  {path:<18} {what}")
    try:
        committed = _first_commit(target)
    except _GitFailed as exc:
        return _fail(f"{exc}; the review's files are in {target}: commit them yourself")
    print("Next:")
    print(f"  cd {target} && evidencesite serve    preview at http://127.0.0.1:8000")
    print("  in requirements.txt, put where evidencesite is published in place of OWNER")
    if committed:
        print(
            "  make an empty repository on GitHub, then: git remote add origin <its URL> "
            "&& git push -u origin main"
        )
    print(
        "  on GitHub, Settings > Pages > Source: GitHub Actions; each push to main "
        "then publishes the site (README.md, Publishing)"
    )
    return 0


_MADE = (
    ("README.md", "how to add works, notes, kinds and values, preview, publish, release"),
    ("literature/", "the review: evidencesite.yml (its shape), references.bib, notes"),
    ("docs/", "hand-written pages (the home page)"),
    ("mkdocs.yml", "the site's settings and navigation"),
    (".github/", "the workflow that checks, publishes and releases; Dependabot"),
    (".gitignore", "keeps what builds make out of git"),
)


class _GitFailed(Exception):
    """A git command of the first commit failed (its message)."""


def _git(git: str, where: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [git, "-C", str(where), *args], capture_output=True, text=True, check=False
    )


def _is_junk(name: str) -> bool:
    return name.startswith(".evidencesite") or name.endswith((".pyc", ".pyo"))


def _first_commit(target: Path) -> bool:
    """``git init`` and commit everything in ``target`` on branch main; a note instead
    when git is absent or ``target`` is already inside a git work tree."""
    git = shutil.which("git")
    if git is None:
        print(
            f"evidencesite: git not found: {target} is not a git repository yet "
            "(install git, then git init, add and commit)"
        )
        return False
    inside = _git(git, target, "rev-parse", "--show-toplevel")
    if inside.returncode == 0:
        print(
            f"evidencesite: {target} is inside the git repository "
            f"{inside.stdout.strip()}: no repository made, nothing committed"
        )
        return False
    who: list[str] = []
    for key, fallback in _NEUTRAL_AUTHOR.items():
        if not _git(git, target, "config", key).stdout.strip():
            who += ["-c", f"{key}={fallback}"]
    steps = (
        ("init", "--quiet"),
        ("symbolic-ref", "HEAD", "refs/heads/main"),
        ("add", "--all"),
        (*who, "commit", "--quiet", "--no-verify", "-m", "A new review, made by evidencesite init"),
    )
    for step in steps:
        done = _git(git, target, *step)
        if done.returncode != 0:
            said = (done.stderr.strip() or done.stdout.strip()).splitlines()
            command = " ".join(step[len(who) :] if "commit" in step else step)
            reason = said[-1] if said else f"exit code {done.returncode}"
            raise _GitFailed(f"{target}: error: git {command} failed: {reason}")
    print(f"evidencesite: {target}: a git repository, its first commit on branch main")
    if who:
        print(
            "  (git knows no author here: the commit is by "
            f"{_NEUTRAL_AUTHOR['user.name']}; set yours with git config, then "
            "git commit --amend --reset-author)"
        )
    return True


def _snapshot(args: argparse.Namespace) -> int:
    from .meta import load_info

    review_yml = args.literature / "review.yml"
    problems: list[Problem] = []
    info = load_info(review_yml, shown_path(review_yml), problems)
    if report(problems, strict=False) or info is None:
        return _fail("no snapshot: review.yml gives the title and version it is named by")
    unsafe = unsafe_output(args.out, (args.literature, args.site_dir))
    if unsafe:
        message = f"{args.out}: error: refusing to write the archive here: {unsafe}"
        return _fail(f"{message}; choose a folder of its own, such as dist")
    snapshot = make_snapshot(args.site_dir, args.out, info, site_url(Review(info=info)), args.tag)
    print(f"evidencesite: {shown_path(snapshot.path)} ({snapshot.files} files)")
    print(f"sha256 {snapshot.sha256}")
    return 0


def citation_texts(literature: Path) -> dict[str, str] | None:
    """CITATION.cff and .zenodo.json as review.yml gives them; None when it cannot."""
    from .citation_files import citation_cff, zenodo_json

    review = load_review(literature)
    info, shape = review.info, review.shape
    if info is None or shape is None:
        report(review.problems, strict=False)
        return None
    released = review.changes[0].date if review.changes else None
    return {
        "CITATION.cff": citation_cff(info, shape.wording, released),
        ".zenodo.json": zenodo_json(info, shape.wording),
    }


def _citation(args: argparse.Namespace) -> int:
    texts = citation_texts(args.literature)
    if texts is None:
        return _fail("no citation files: review.yml and evidencesite.yml must load")
    stale = []
    for name, text in texts.items():
        path = args.root / name
        old = path.read_text(encoding="utf-8") if path.is_file() else None
        if old == text:
            continue
        stale.append(shown_path(path))
        if not args.check:
            path.write_text(text, encoding="utf-8")
    if args.check and stale:
        return _fail(f"{', '.join(stale)} differ from review.yml: run `evidencesite citation`")
    print(f"evidencesite: {'wrote ' + ', '.join(stale) if stale else 'citation files up to date'}")
    return 0


def _drop_review(outcome: Outcome) -> Outcome:
    """Only the pages (and the review's publication details, for the foot of every
    page; its shape, for its URLs; its changes and style, for every page's date modified
    and a hand-written page's citation) are needed now: MkDocs can reuse the rest of the
    review's memory."""
    review = outcome.review
    kept = Review(info=review.info, shape=review.shape, changes=review.changes)
    return Outcome(kept, outcome.problems, outcome.pages, outcome.style)


def _generate(args: argparse.Namespace, outcome: Outcome) -> int:
    assert outcome.pages is not None and outcome.review.shape is not None
    shape = outcome.review.shape
    hand_written = {
        rel: follow_moves(data.decode("utf-8"), rel, outcome.pages.keys(), shape.urls).encode()
        if rel.endswith(".md") and shape.urls.moved
        else data
        for rel, data in hand_written_files(args.docs).items()
    }
    pages, made = outcome.pages, len(outcome.pages)
    # Each page's text is let go as its bytes are made: holding both doubled the pages'
    # memory (89 MB of UTF-8 at 10,000 references).
    generated = {rel: pages.pop(rel).encode("utf-8") for rel in list(pages)}
    generated.update(assets(shape.urls, shape.wording))
    blocked = collisions(hand_written, generated)
    if blocked:
        raise in_the_way_error(args.docs / blocked[0])
    files = {**hand_written, **generated}
    result = write_tree(files, args.out)
    if not args.quiet:
        print(
            f"evidencesite: {args.out}: {len(files)} files ({made} generated): "
            f"{len(result.written)} written, {len(result.removed)} removed, "
            f"{result.unchanged} unchanged"
        )
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
