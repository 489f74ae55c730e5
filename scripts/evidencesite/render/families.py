"""Page families: every kind of generated page, registered in one place.

A family is one ``register`` line below: its name (as ``urls:`` in evidencesite.yml
names it), its default folder (None for pages that live in the kinds' own folders), the
function that renders its pages, and its own block of evidencesite.yml when it has one.
:func:`render_site` renders the families in the order registered; the configuration
reads each family's folder (``urls:``) and block from here.

A new family (see README, "Add a page family") is one module in ``render/`` with a
``pages(site) -> {docs path: text}`` function that asks ``site.urls.page(name, ...)`` for
its paths and ``site.shape.blocks[key]`` for its block, plus one ``register`` line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from ..config import BlockReader
from ..model import Problem, Review
from ..shape import Shape
from ..urls import FOLDERS
from . import appraisal, characteristics, flow, strategy
from .charts import charts_page
from .common import Site
from .data import Evidence, data_files
from .evidence_map import cell_pages, map_pages
from .facets import facet_pages
from .feed import FEED_NAME, atom_feed, feed_path, folder_sitemap
from .findings import findings_pages
from .glance import glance_pages
from .history import history_md
from .indexes import keyword_pages, kind_index
from .notes import note_page
from .references import bibliography_pages, page_inputs, reference_page
from .reuse import piece
from .search_page import search_page
from .updates import has_feed, whats_new_page


@dataclass(frozen=True)
class Block:
    """A family's own top-level block of evidencesite.yml."""

    key: str
    """Its key in evidencesite.yml."""
    read: BlockReader
    """Reads and checks it, reporting each mistake at its line; what it returns is
    ``shape.blocks[key]``."""
    fields: Callable[[object], tuple[str, ...]] | None = None
    """The BibTeX fields of the works it reads beyond the review's vocabularies (given
    what ``read`` returned), so that the loader keeps them."""


@dataclass(frozen=True)
class PageFamily:
    """One family of generated pages."""

    name: str
    """As ``urls:`` in evidencesite.yml names it ("whats-new")."""
    pages: Callable[[Site], dict[str, str]]
    """Renders every page of the family: docs path -> text."""
    folder: str | None = None
    """Its default folder (the review may move it with ``urls:``); None for pages in
    the kinds' own folders (notes, their indexes, the guidance at a glance)."""
    block: Block | None = None
    check: Callable[[Review], list[Problem]] | None = None
    """Checks its block against the loaded review (a study named in a data file that is
    no work of the bibliography, say), after loading, with the other cross-checks."""
    evidence: Evidence | None = None


#: Every family, in the order rendered (the order of the generated pages).
REGISTRY: dict[str, PageFamily] = {}


def register(family: PageFamily) -> PageFamily:
    """Add a page family (its name must be new)."""
    if family.name in REGISTRY:
        raise ValueError(f"page family '{family.name}' is registered twice")
    REGISTRY[family.name] = family
    return family


def folders() -> dict[str, str]:
    """Each family that has a folder -> its default folder."""
    return {f.name: f.folder for f in REGISTRY.values() if f.folder is not None}


def checks(review: Review) -> list[Problem]:
    """What every family's own check finds in the loaded review."""
    return [problem for f in REGISTRY.values() if f.check for problem in f.check(review)]


def blocks() -> dict[str, BlockReader]:
    """Each family's block of evidencesite.yml -> its reader."""
    return {f.block.key: f.block.read for f in REGISTRY.values() if f.block is not None}


def bib_fields(shape: Shape) -> list[str]:
    """The BibTeX fields the families' blocks read (render/characteristics.py)."""
    return [
        name
        for f in REGISTRY.values()
        if f.block is not None and f.block.fields is not None and f.block.key in shape.blocks
        for name in f.block.fields(shape.blocks[f.block.key])
    ]


def evidence_parts() -> list[Evidence]:
    """Each family's part of evidence.json, in the order registered."""
    return [f.evidence for f in REGISTRY.values() if f.evidence is not None]


# --- the built-in families: the adapters between a registration and its module -------


def _notes(site: Site) -> dict[str, str]:
    pages: dict[str, str] = {}
    for kind in site.shape.kind_names:
        pages.update(kind_index(site, kind))
        for note in site.review.sorted_notes(kind):
            pages[note.url_path] = note_page(site, note, history_md(site, note))
    return pages


def _references(site: Site) -> dict[str, str]:
    pages: dict[str, str] = {}
    for ref in site.review.references.values():
        pages[site.ref_page(ref)] = piece(
            site.reuse, "reference page", ref.key, partial(page_inputs, site, ref),
            partial(reference_page, site, ref),
        )  # fmt: skip
    pages.update(bibliography_pages(site))
    return pages


def _whats_new(site: Site) -> dict[str, str]:
    pages = {site.urls.whats_new(): whats_new_page(site)}
    if has_feed(site):
        feed = feed_path(site.urls.whats_new())
        pages[feed] = atom_feed(site)
        if "/" in feed:  # at the top, MkDocs' own sitemap is the one Material reads
            pages[feed.replace(FEED_NAME, "sitemap.xml")] = folder_sitemap(site)
    return pages


def _search(site: Site) -> dict[str, str]:
    return {site.urls.search(): search_page(site)}


def _data(site: Site) -> dict[str, str]:
    return data_files(site, evidence_parts())


def _flow_fields(block: object) -> tuple[str, ...]:
    """The BibTeX field that marks a work included, when the flow block names one."""
    return block.fields if isinstance(block, flow.FlowDiagram) else ()


def _map(site: Site) -> dict[str, str]:
    return {**map_pages(site), site.urls.charts(): charts_page(site), **cell_pages(site)}


register(PageFamily("notes", _notes))
register(PageFamily("references", _references, FOLDERS["references"]))
register(PageFamily("keywords", keyword_pages, FOLDERS["keywords"]))
register(PageFamily("findings", findings_pages, FOLDERS["findings"]))
register(PageFamily("glance", glance_pages))
register(PageFamily("whats-new", _whats_new, FOLDERS["whats-new"]))
register(PageFamily("search", _search, FOLDERS["search"]))
register(PageFamily("data", _data, FOLDERS["data"]))
register(PageFamily("map", _map, FOLDERS["map"]))
register(PageFamily("browse", facet_pages, FOLDERS["browse"]))
register(
    PageFamily(
        "flow", flow.pages, "flow", Block("flow", flow.read, _flow_fields), flow.check,
        Evidence("flow", flow.flow_json, lambda _shape: flow.SCHEMA),
    )
)  # fmt: skip
register(
    PageFamily(
        "search-strategy", strategy.pages, "search-strategy",
        Block("search_strategy", strategy.read), strategy.check,
        Evidence("search_strategy", strategy.strategy_json, lambda _shape: strategy.SCHEMA),
    )
)  # fmt: skip
register(
    PageFamily(
        characteristics.FAMILY, characteristics.pages, "studies",
        Block("characteristics", characteristics.read, characteristics.fields_of),
        characteristics.check,
        Evidence("characteristics", characteristics.evidence, characteristics.evidence_schema),
    )
)  # fmt: skip
register(
    PageFamily(
        appraisal.FAMILY, appraisal.pages, "appraisal", Block("appraisal", appraisal.read),
        appraisal.check, Evidence("appraisal", appraisal.evidence, appraisal.evidence_schema),
    )
)  # fmt: skip
