"""The evidence map (/map/): the review's grids (evidencesite.yml ``map``) as
accessible HTML tables, its flow of kinds (drivers -> challenges -> recommendations)
as inline SVG with real text, and a page per non-empty cell listing the notes and
references behind it."""

from __future__ import annotations

import html
import itertools
import textwrap
from functools import partial

from ..derive import Cell
from ..model import Note, Reference
from ..shape import Grid
from ..urls import url_of
from .common import Site, chunks, front_matter, link, note_view, text, work_view
from .redirects import redirect_html
from .reuse import piece

DESCRIPTION = "Where the evidence is thick and where it is thin, note by note."


def esc(value: str) -> str:
    return html.escape(" ".join(value.split()), quote=True)


def url_from_map(path: str, depth: int = 1) -> str:
    """A URL relative to a page `depth` folders deep (/map/ is 1) for a docs path."""
    return "../" * depth + url_of(path).lstrip("/")


def cells(
    site: Site, table_id: str, rows: list[Note], columns: list[Note]
) -> dict[tuple[str, str], Cell]:
    """The grid's cells (from the derived index) among these rows and columns."""
    grid = site.index.cells[table_id]
    row_ids, column_ids = {n.id for n in rows}, {n.id for n in columns}
    return {key: cell for key, cell in grid.items() if key[0] in row_ids and key[1] in column_ids}


def _shade(count: int, top: int) -> str:
    """A class for shading: an extra cue only; the number is always shown."""
    if top == 0:
        return "shade-1"
    return f"shade-{min(4, 1 + (4 * count - 1) // top)}" if count else "shade-0"


def matrix_html(
    site: Site,
    caption: str,
    table_id: str,
    rows: list[Note],
    columns: list[Note],
    depth: int = 1,
    top: int | None = None,
) -> str:
    """One matrix (or one tile of it) for a page `depth` folders below the site root."""
    found = cells(site, table_id, rows, columns)
    if top is None:
        top = max((len(c.support) for c in found.values()), default=0)
    out = [
        f'<div class="evidence-matrix" id="matrix-{esc(table_id)}-wrap" tabindex="0" '
        f'role="region" aria-labelledby="matrix-{esc(table_id)}-caption">',
        f'<table class="evidence-matrix" id="matrix-{esc(table_id)}">',
        f'<caption id="matrix-{esc(table_id)}-caption">{esc(caption)}</caption>',
        "<thead><tr>",
        '<td class="corner"><span class="visually-hidden">'
        f"{esc(site.shape.kind(rows[0].kind).title if rows else '')}"
        "</span></td>",
    ]
    for col in columns:
        out.append(
            f'<th scope="col"><a href="{url_from_map(col.url_path, depth)}" '
            f'title="{esc(col.title)}">'
            f"{esc(site.numbers[col.id])}</a></th>"
        )
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append(
            f'<tr><th scope="row"><a href="{url_from_map(row.url_path, depth)}">'
            f"{esc(site.numbers[row.id])}. {esc(row.title)}</a></th>"
        )
        for col in columns:
            cell = found.get((row.id, col.id))
            if cell is None:
                out.append('<td class="empty"><span class="visually-hidden">none</span></td>')
                continue
            n = len(cell.support)
            label = (
                f"{site.numbers[row.id]} and {site.numbers[col.id]}: {n} "
                f"{'work' if n == 1 else 'works'} cited on both"
            )
            out.append(
                f'<td class="{_shade(n, top)}" id="cell-{esc(cell.slug)}">'
                f'<a href="{url_from_map(site.urls.cell(cell.slug), depth)}" '
                f'aria-label="{esc(label)}">{n}</a></td>'
            )
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return "\n".join(out)


def _wrap(title: str, width: int = 30, lines: int = 3) -> list[str]:
    wrapped = textwrap.wrap(title, width) or [title]
    if len(wrapped) > lines:
        wrapped = [
            *wrapped[: lines - 1],
            textwrap.shorten(" ".join(wrapped[lines - 1 :]), width, placeholder="…"),
        ]
    return wrapped


NODE_W, NODE_H, GAP, COL_GAP = 250, 58, 12, 110


def diagram_svg(
    site: Site, kinds: tuple[str, ...], columns: list[list[Note]], depth: int = 1
) -> str:
    """The flow of kinds, one column each, every node a link with real text and each
    note joined to the linked notes of the next column."""
    tallest = max((len(c) for c in columns), default=0)
    height = 40 + tallest * (NODE_H + GAP)
    width = len(columns) * NODE_W + (len(columns) - 1) * COL_GAP + 20
    places: dict[str, tuple[float, float]] = {}
    for i, notes in enumerate(columns):
        left = 10.0 + i * (NODE_W + COL_GAP)
        offset = (tallest - len(notes)) * (NODE_H + GAP) / 2
        for j, note in enumerate(notes):
            places[note.id] = (left, 40 + offset + j * (NODE_H + GAP))
    edges = [
        (a.id, b.id)
        for left, right in itertools.pairwise(columns)
        for b in right
        for a in left
        if site.index.linked(a, b)
    ]
    flow = site.shape.map.flow
    out = [
        f'<svg class="evidence-diagram" viewBox="0 0 {width} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg" aria-labelledby="diagram-title diagram-desc">',
        f'<title id="diagram-title">{esc(flow.heading if flow else "")}</title>',
        f'<desc id="diagram-desc">{esc(flow_description(site, kinds))} The list after the '
        "diagram says the same in words.</desc>",
    ]
    for i, kind in enumerate(kinds):
        centre = 10 + i * (NODE_W + COL_GAP) + NODE_W / 2
        out.append(
            f'<text class="column-heading" x="{centre:.0f}" y="20" text-anchor="middle">'
            f"{esc(site.shape.kind(kind).title)}</text>"
        )
    out.append('<g class="edges" aria-hidden="true">')
    for source, target in edges:
        x1, y1 = places[source][0] + NODE_W, places[source][1] + NODE_H / 2
        x2, y2 = places[target][0], places[target][1] + NODE_H / 2
        mid = (x1 + x2) / 2
        out.append(
            f'<path d="M{x1:.0f},{y1:.0f} C{mid:.0f},{y1:.0f} {mid:.0f},{y2:.0f} '
            f'{x2:.0f},{y2:.0f}"/>'
        )
    out.append("</g>")
    for notes in columns:
        for note in notes:
            x, y = places[note.id]
            lines = _wrap(f"{site.numbers[note.id]}. {note.title}")
            first = y + NODE_H / 2 - (len(lines) - 1) * 8 + 5
            out.append(
                f'<a href="{url_from_map(note.url_path, depth)}" class="node node-{note.kind}">'
            )
            out.append(f"<title>{esc(note.title)}</title>")
            out.append(f'<rect x="{x:.0f}" y="{y:.0f}" width="{NODE_W}" height="{NODE_H}" rx="6"/>')
            out.append(f'<text x="{x + 10:.0f}" y="{first:.0f}">')
            for k, line in enumerate(lines):
                out.append(
                    f'<tspan x="{x + 10:.0f}" dy="{0 if k == 0 else 16}">{esc(line)}</tspan>'
                )
            out.append("</text></a>")
    out.append("</svg>")
    return "\n".join(out)


def flow_description(site: Site, kinds: tuple[str, ...]) -> str:
    """'Each driver is joined to the challenges met when acting on it, and each challenge to the
    recommendations that address it.', in the relations' own words."""
    shape = site.shape
    parts: list[str] = []
    for here, there in itertools.pairwise(kinds):
        wording = shape.link_wording(here, there) or shape.kind(there).title
        joined = "is joined to " if not parts else "to "
        singular = shape.kind(here).singular
        parts.append(f"each {singular} {joined}the {wording[:1].lower()}{wording[1:]}")
    sentence = ", and ".join(parts)
    return f"{sentence[:1].upper()}{sentence[1:]}." if sentence else ""


def linked_notes(site: Site, note: Note, kind: str) -> list[Note]:
    """The notes of ``kind`` linked to ``note`` either way, in reading order."""
    notes = site.review.notes.get(kind, {})
    ids = site.index.neighbours.get(note.id, frozenset()) & notes.keys()
    found = {i: notes[i] for i in ids}
    return sorted(found.values(), key=lambda n: site.position[n.id])


def diagram_list_md(site: Site, kinds: tuple[str, ...], middle: list[Note], page: str = "") -> str:
    """The diagram in words: each note of the middle column with its links to the
    columns either side, in the relations' own words."""
    shape = site.shape
    page = page or site.urls.evidence_map()
    here = middle[0].kind if middle else ""
    index = kinds.index(here) if here in kinds else 0
    sides = [kinds[i] for i in (index - 1, index + 1) if 0 <= i < len(kinds)]
    lines = []
    for note in middle:
        lines.append(f"- {link(site.note_label(note), page, note.url_path)}")
        for kind in sides:
            wording = shape.link_wording(here, kind) or shape.kind(kind).title
            others = linked_notes(site, note, kind)
            names = ", ".join(link(site.note_label(o), page, o.url_path) for o in others)
            lines.append(f"    - {text(wording)}: {names or 'none yet'}")
    return "\n".join(lines)


#: A matrix with more rows or columns than this is shown as tiles, each on its own page.
TILE = 30
#: A diagram column with more notes than this is drawn one driver at a time.
DIAGRAM_LIMIT = 30


def _matrix_section(
    site: Site, caption: str, table_id: str, rows: list[Note], columns: list[Note]
) -> tuple[str, dict[str, str]]:
    """The matrix inline when it is small; otherwise an index of tiles and their pages."""
    if len(rows) <= TILE and len(columns) <= TILE:
        return matrix_html(site, caption, table_id, rows, columns), {}
    found = cells(site, table_id, rows, columns)
    top = max((len(c.support) for c in found.values()), default=0)
    row_tiles, col_tiles = chunks(rows, TILE), chunks(columns, TILE)
    pages: dict[str, str] = {}
    out = [
        f'<div class="evidence-matrix" role="region" tabindex="0" '
        f'aria-labelledby="matrix-{table_id}-caption">',
        f'<table class="evidence-matrix tiles" id="matrix-{table_id}">',
        f'<caption id="matrix-{table_id}-caption">{esc(caption)}: too large for one page, so in '
        "tiles; each number is how many links the tile holds</caption>",
        '<thead><tr><td class="corner"></td>',
    ]
    for cols in col_tiles:
        out.append(
            f'<th scope="col">{esc(site.numbers[cols[0].id])}–{esc(site.numbers[cols[-1].id])}</th>'
        )
    out.append("</tr></thead><tbody>")
    for i, tile_rows in enumerate(row_tiles):
        first, last = site.numbers[tile_rows[0].id], site.numbers[tile_rows[-1].id]
        out.append(f'<tr><th scope="row">{esc(first)}–{esc(last)}</th>')
        for j, cols in enumerate(col_tiles):
            links = sum(1 for r in tile_rows for c in cols if (r.id, c.id) in found)
            path = site.urls.tile(table_id, i + 1, j + 1)
            out.append(f'<td><a href="{url_from_map(path)}">{links}</a></td>')
            span = f"{site.numbers[cols[0].id]}–{site.numbers[cols[-1].id]}"
            title = f"{caption}: rows {first}–{last}, columns {span}"
            pages[path] = "\n".join(
                [
                    *front_matter(title, searchable=False, wide=True),
                    f"# {text(title)}",
                    "",
                    f"Back to the {link('evidence map', path, site.urls.evidence_map())}.",
                    "",
                    matrix_html(site, title, table_id, tile_rows, cols, depth=4, top=top),
                    "",
                ]
            )
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return "\n".join(out), pages


def _diagram_section(site: Site, kinds: tuple[str, ...]) -> tuple[list[str], dict[str, str]]:
    review = site.review
    columns = [review.sorted_notes(k) for k in kinds]
    middle = columns[1] if len(columns) > 2 else columns[0]
    if max((len(c) for c in columns), default=0) <= DIAGRAM_LIMIT:
        body = [
            '<div class="diagram-wrap" markdown="0" tabindex="0" role="region" '
            'aria-label="Diagram (scrolls sideways on a narrow screen)">',
            diagram_svg(site, kinds, columns),
            "</div>",
            "",
            "### The same in words { #diagram-in-words }",
            "",
            diagram_list_md(site, kinds, middle),
        ]
        return body, {}
    pages: dict[str, str] = {}
    first = site.shape.kind(kinds[0])
    body = [
        "The map has too many notes for one legible diagram, so it is drawn one "
        f"{first.singular} at a time:",
        "",
    ]
    for start in columns[0]:
        sub_columns = [[start]]
        for kind in kinds[1:]:
            found = {n.id: n for prev in sub_columns[-1] for n in linked_notes(site, prev, kind)}
            sub_columns.append(sorted(found.values(), key=lambda n: site.position[n.id]))
        path = site.urls.diagram(start.id)
        body.append(f"- {link(site.note_label(start), site.urls.evidence_map(), path)}")
        rest = " and ".join(site.shape.kind(k).title.lower() for k in kinds[1:])
        title = f"From {site.note_label(start)} to {rest}"
        pages[path] = "\n".join(
            [
                *front_matter(title, searchable=False),
                f"# {text(title)}",
                "",
                f"Back to the {link('evidence map', path, site.urls.evidence_map())}.",
                "",
                '<div class="diagram-wrap" markdown="0" tabindex="0" role="region" '
                'aria-label="Diagram (scrolls sideways on a narrow screen)">',
                diagram_svg(site, kinds, sub_columns, depth=3),
                "</div>",
                "",
                "## The same in words { #diagram-in-words }",
                "",
                diagram_list_md(
                    site, kinds, sub_columns[1] if len(kinds) > 2 else sub_columns[0], path
                ),
                "",
            ]
        )
    return body, pages


def map_pages(site: Site) -> dict[str, str]:
    spec = site.shape.map
    extra: dict[str, str] = {}
    parts = [
        *front_matter("Evidence map", DESCRIPTION, searchable=False, wide=True),
        "# Evidence map",
        "",
        "Where the evidence is thick and where it is thin. Each number counts the works "
        "that support a link between two notes: the works cited on both notes' pages. A "
        "work cited on only one of the two is listed on the cell's page as wider reading, "
        "and not counted. A 0 is a link that rests on the review team's reading alone. The "
        "numbers count works; they do not rate the strength of the evidence. Darker "
        "shading repeats the number; it never replaces it. Select a number to see the "
        "notes and works behind it. Each cell also has its own address, so you can link to "
        "it.",
        "",
    ]
    for section in spec.sections:
        parts += [f"## {text(section.heading)} {{ #{section.id} }}", ""]
        for grid in section.grids:
            matrix, tiles = _matrix_section(
                site, _caption(site, grid), grid.id, *_grid_notes(site, grid)
            )
            extra.update(tiles)
            if grid.heading:
                parts += [f"### {text(grid.heading)} {{ #{grid.id} }}", ""]
            parts += [matrix, ""]
    if spec.flow is not None:
        diagram, diagram_pages = _diagram_section(site, spec.flow.kinds)
        extra.update(diagram_pages)
        parts += [f"## {text(spec.flow.heading)} {{ #diagram }}", "", *diagram, ""]
    page = site.urls.evidence_map()
    charts = link("charts of the evidence base", page, site.urls.charts())
    if site.shape.confidence is None:
        parts += [f"See also the {charts}.", ""]
    else:
        findings = link("summary of qualitative findings", page, site.urls.findings())
        parts += [f"See also {charts} and the {findings}.", ""]
    return {page: "\n".join(parts), **extra}


def _caption(site: Site, grid: Grid) -> str:
    rows, columns = site.shape.kind(grid.rows).title, site.shape.kind(grid.columns).title
    return f"{rows} (rows) against {columns.lower()} (columns): works cited on both notes"


def _grid_notes(site: Site, grid: Grid) -> tuple[list[Note], list[Note]]:
    return site.review.sorted_notes(grid.rows), site.review.sorted_notes(grid.columns)


def cell_pages(site: Site) -> dict[str, str]:
    grids = [(grid.id, *_grid_notes(site, grid)) for grid in site.shape.map.grids]
    pages: dict[str, str] = {}
    for table_id, rows, columns in grids:
        row_index = {n.id: i for i, n in enumerate(rows)}
        col_index = {n.id: i for i, n in enumerate(columns)}
        tiled = len(rows) > TILE or len(columns) > TILE
        for cell in site.index.cells[table_id].values():
            home = site.urls.evidence_map()
            if tiled:
                i, j = row_index[cell.row.id] // TILE + 1, col_index[cell.column.id] // TILE + 1
                home = site.urls.tile(table_id, i, j)
            pages[site.urls.cell(cell.slug)] = piece(
                site.reuse, "cell page", cell.slug, partial(_cell_inputs, site, cell, home),
                partial(_cell_page, site, cell, home),
            )  # fmt: skip
            # A renamed note keeps its cells' old addresses too.
            for row_id in (cell.row.id, *cell.row.aliases):
                for col_id in (cell.column.id, *cell.column.aliases):
                    if (row_id, col_id) != (cell.row.id, cell.column.id):
                        pages[site.urls.cell_redirect(f"{row_id}--{col_id}")] = redirect_html(
                            f"{cell.row.title} and {cell.column.title}", f"../{cell.slug}/"
                        )
    return pages


def _cell_inputs(site: Site, cell: Cell, home: str) -> tuple[object, ...]:
    """Everything :func:`_cell_page` reads beyond the reuse epoch."""

    def side(note: Note) -> tuple[object, ...]:
        return (note_view(site, note), note.kind, tuple(note.cited_keys))

    def works(refs: tuple[Reference, ...]) -> tuple[object, ...]:
        return tuple(work_view(site, ref) for ref in refs)

    return (home, side(cell.row), side(cell.column), works(cell.support), works(cell.wider))


def _cell_page(site: Site, cell: Cell, home: str) -> str:
    """The works that support one link (cited on both pages), then wider reading;
    `home` is the page showing the cell."""
    page = site.urls.cell(cell.slug)
    row, col = cell.row, cell.column
    title = f"{site.numbers[row.id]} and {site.numbers[col.id]}: the evidence behind the link"
    lines = [
        *front_matter(title, searchable=False),
        f"# {text(row.title)} and {text(col.title)}",
        "",
        _support_sentence(site, cell)
        + f" ({link('back to the map', page, home + '#cell-' + cell.slug)}).",
        "",
        "## The notes { #notes }",
        "",
        f"- {link(site.note_label(row), page, row.url_path)}: {text(row.summary)}",
        f"- {link(site.note_label(col), page, col.url_path)}: {text(col.summary)}",
        "",
    ]
    if cell.support:
        lines += ["## Works that support the link { #works }", ""]
        lines += _works_table(site, cell, cell.support, page)
    if cell.wider:
        lines += [
            "## Wider reading { #wider-reading }",
            "",
            "Cited on one of the two pages only, so not counted as support for the link.",
            "",
            *_works_table(site, cell, cell.wider, page),
        ]
    return "\n".join(lines) + "\n"


def _support_sentence(site: Site, cell: Cell) -> str:
    row_kind = site.shape.kind(cell.row.kind).singular
    col_kind = site.shape.kind(cell.column.kind).singular
    n = len(cell.support)
    if n == 0:
        return (
            f"No work is cited on both pages: the link between this {row_kind} and this "
            f"{col_kind} rests on the review team's reading of the two notes"
        )
    works = "1 work is" if n == 1 else f"{n} works are"
    return (
        f"{works} cited on both pages, and so support the link between this {row_kind} "
        f"and this {col_kind}"
    )


def _works_table(site: Site, cell: Cell, works: tuple[Reference, ...], page: str) -> list[str]:
    facet = next(iter(site.shape.facets), None)  # the first way works are classified
    heading = f" {text(facet.facet)} |" if facet else ""
    lines = [f"| Work |{heading} Cited by |", "|---|" + ("---|" if facet else "") + "---|"]
    for ref in works:
        by = [n for n in (cell.row, cell.column) if ref.key in n.cited_keys]
        name = f"{site.cite.item(ref)}: {ref.title}"
        value = f" {text(ref.get(facet.name) or 'not recorded')} |" if facet else ""
        lines.append(
            f"| {link(name, page, site.ref_page(ref))} |{value} "
            f"{', '.join(text(site.numbers[n.id]) for n in by)} |"
        )
    return [*lines, ""]
