"""Build the generated docs tree with three engines and compare their URL inventories.

Material for MkDocs reaches its end of life on 5 May 2027, so the pages the generator
writes must stay plain Markdown that other engines build too. This writes the tree
once (`evidencesite generate`), then builds it with MkDocs (Material), ProperDocs (the
maintained MkDocs 1.x fork; with its own `mkdocs` theme, since Material needs MkDocs)
and the newest installable Zensical, each from a virtualenv of its own, and checks
that all three publish the same pages, redirect pages and downloads. `make engines`
runs it; CI runs `make engines`.

Usage: python tools/engines.py [ENGINES_VENVS_DIR]
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "engines"
#: Files each engine writes for its own search, theme or sitemap: not the review's.
ENGINE_FILES = re.compile(
    r"^/(search|assets|css|js|img|fonts|webfonts|pagefind)/|^/search\.json$|^/sitemap"
)


def inventory(site: Path) -> set[str]:
    """Every address a built site serves: pages and redirect pages by their folder
    URL, downloads by their file."""
    found = set()
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        url = "/" + path.relative_to(site).as_posix()
        if ENGINE_FILES.search(url) or url == "/404.html":
            continue
        if url.endswith("/index.html") or url == "/index.html":
            found.add(url.removesuffix("index.html"))
        elif url.endswith((".bib", ".ris", ".json", ".csv", ".svg", ".txt")):
            found.add(url)
    return found


def configs(config: str) -> dict[str, str]:
    """mkdocs.yml without the evidencesite plugin (the pages are already written), for
    MkDocs and Zensical; ProperDocs gets its own theme."""
    plain = re.sub(
        r"\n(?:  # The review's pages.*?\n)?  - evidencesite:\n      literature: \S+\n",
        "\n",
        config,
        flags=re.S,
    )
    if "- evidencesite" in plain:
        raise SystemExit("engines: mkdocs.yml's evidencesite plugin entry has an unexpected form")
    # No plugin left (search is Pagefind's, run below on every engine's output).
    plain = re.sub(r"\nplugins:\n(?:  #.*\n)*(?=\S|\n)", "\nplugins: []\n", plain)
    # The mkdocs theme fetches highlight.js from a CDN unless told not to.
    proper = plain.replace("  name: material\n", "  name: mkdocs\n  highlightjs: false\n")
    proper = re.sub(r"\n  palette:.*?(?=\n  features:)", "", proper, flags=re.S)
    proper = re.sub(r"\n  features:\n(    - .*\n)+", "\n", proper)
    proper = re.sub(r"\n  icon:\n    logo: .*\n", "\n", proper)
    return {"mkdocs.yml": plain, "properdocs.yml": proper}


def run(*args: str | Path, cwd: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": "http://127.0.0.1:8000/"}
    proc = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        print(proc.stdout + proc.stderr, file=sys.stderr)
        raise SystemExit(f"engines: {args[0]} failed (exit {proc.returncode})")


def main() -> int:
    venvs = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / ".venv-engines"
    # This review, and the example, which shows every page family (flow diagram, search
    # strategy, characteristics, appraisal) that this review has no records for.
    failed = compare(ROOT, WORK, venvs, least=100)
    failed |= compare(ROOT / "examples/barriers-facilitators", WORK / "example", venvs, least=10)
    return 1 if failed else 0


def compare(project: Path, work: Path, venvs: Path, least: int) -> bool:
    """Build ``project``'s generated tree with the three engines in ``work``; True when
    they publish different addresses."""
    python = Path(sys.executable)
    work.mkdir(parents=True, exist_ok=True)
    run(
        python,
        "-m",
        "evidencesite.cli",
        "generate",
        "--strict",
        "-q",
        "--out",
        work / "docs",
        cwd=project,
    )
    for name, text in configs((project / "mkdocs.yml").read_text(encoding="utf-8")).items():
        (work / name).write_text(text, encoding="utf-8")
    sites = {
        "MkDocs (Material)": work / "site-mkdocs",
        "ProperDocs": work / "site-properdocs",
        "Zensical": work / "site",
    }
    run(
        python,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-q",
        "-f",
        "mkdocs.yml",
        "-d",
        sites["MkDocs (Material)"],
        cwd=work,
    )
    run(
        venvs / "properdocs/bin/properdocs",
        "build",
        "--strict",
        "-q",
        "-f",
        "properdocs.yml",
        "-d",
        sites["ProperDocs"],
        cwd=work,
    )
    run(venvs / "zensical/bin/zensical", "build", "--clean", "-f", "mkdocs.yml", cwd=work)
    for name, site in sites.items():  # search works on every engine's output
        run(python, "-m", "pagefind", "--site", site, "--silent", cwd=work)
        fragments = len(list((site / "pagefind" / "fragment").glob("*.pf_fragment")))
        if not (site / "pagefind" / "pagefind.js").is_file() or fragments < least:
            raise SystemExit(f"engines: {name}: Pagefind indexed only {fragments} pages")
        print(f"engines: {name}: Pagefind indexed {fragments} pages")
    inventories = {name: inventory(site) for name, site in sites.items()}
    reference = inventories["MkDocs (Material)"]
    failed = False
    for name, found in inventories.items():
        missing, extra = sorted(reference - found), sorted(found - reference)
        print(
            f"engines: {name}: {len(found)} addresses; {len(missing)} missing, {len(extra)} extra"
        )
        for url in missing[:10]:
            print(f"  missing: {url}")
        for url in extra[:10]:
            print(f"  extra: {url}")
        failed |= bool(missing or extra)
    label = "this review" if project == ROOT else project.name
    if failed:
        print(f"engines: {label}: the engines publish different addresses", file=sys.stderr)
        return True
    print(
        f"engines: {label}: MkDocs, ProperDocs and Zensical publish the same "
        f"{len(reference)} addresses"
    )
    return False


if __name__ == "__main__":
    sys.exit(main())
