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
    words = site.words
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
                none = esc(words("map.none"))
                out.append(f'<td class="empty"><span class="visually-hidden">{none}</span></td>')
                continue
            n = len(cell.support)
            pair = words.both([site.numbers[row.id], site.numbers[col.id]])
            label = words.plural("map.cell_label", n, notes=pair)
            out.append(
                f'<td class="{_shade(n, top)}" id="cell-{esc(cell.slug)}">'
                f'<a href="{url_from_map(site.urls.cell(cell.slug), depth)}" '
                f'aria-label="{esc(label)}">{esc(words.number(n))}</a></td>'
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
        f'<desc id="diagram-desc">'
        f"{esc(site.words('map.diagram_desc', flow=flow_description(site, kinds)))}</desc>",
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
    shape, words = site.shape, site.words
    sentence = ""
    for here, there in itertools.pairwise(kinds):
        wording = shape.link_wording(here, there) or shape.kind(there).title
        said = {"kind": shape.kind(here).singular, "relation": words.in_sentence(wording)}
        if sentence:
            sentence = words("map.flow_then", sentence=sentence, **said)
        else:
            sentence = words("map.flow_first", **said)
    return words("map.flow_end", sentence=sentence) if sentence else ""


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
            linked = site.say("map.linked", relation=text(wording),
                              notes=names or site.say("map.none_yet"))  # fmt: skip
            lines.append(f"    - {linked}")
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
    words = site.words
    pages: dict[str, str] = {}

    def span(notes: list[Note]) -> str:
        return words("map.range", first=site.numbers[notes[0].id], last=site.numbers[notes[-1].id])

    out = [
        f'<div class="evidence-matrix" role="region" tabindex="0" '
        f'aria-labelledby="matrix-{table_id}-caption">',
        f'<table class="evidence-matrix tiles" id="matrix-{table_id}">',
        f'<caption id="matrix-{table_id}-caption">'
        f"{esc(words('map.tiles_caption', caption=caption))}</caption>",
        '<thead><tr><td class="corner"></td>',
    ]
    for cols in col_tiles:
        out.append(f'<th scope="col">{esc(span(cols))}</th>')
    out.append("</tr></thead><tbody>")
    for i, tile_rows in enumerate(row_tiles):
        out.append(f'<tr><th scope="row">{esc(span(tile_rows))}</th>')
        for j, cols in enumerate(col_tiles):
            links = sum(1 for r in tile_rows for c in cols if (r.id, c.id) in found)
            path = site.urls.tile(table_id, i + 1, j + 1)
            out.append(f'<td><a href="{url_from_map(path)}">{esc(words.number(links))}</a></td>')
            title = words(
                "map.tile_title", caption=caption, rows=span(tile_rows), columns=span(cols)
            )
            pages[path] = "\n".join(
                [
                    *front_matter(title, searchable=False, wide=True),
                    f"# {text(title)}",
                    "",
                    _back(site, path),
                    "",
                    matrix_html(site, title, table_id, tile_rows, cols, depth=4, top=top),
                    "",
                ]
            )
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return "\n".join(out), pages


def _back(site: Site, page: str) -> str:
    """'Back to the evidence map.'"""
    home = link(site.words("map.map_link"), page, site.urls.evidence_map())
    return site.say("map.back", map=home)


def _diagram_wrap(site: Site) -> str:
    label = esc(site.words("map.diagram_label"))
    return (
        f'<div class="diagram-wrap" markdown="0" tabindex="0" role="region" aria-label="{label}">'
    )


def _diagram_section(site: Site, kinds: tuple[str, ...]) -> tuple[list[str], dict[str, str]]:
    review = site.review
    words = site.words
    columns = [review.sorted_notes(k) for k in kinds]
    middle = columns[1] if len(columns) > 2 else columns[0]
    if max((len(c) for c in columns), default=0) <= DIAGRAM_LIMIT:
        body = [
            _diagram_wrap(site),
            diagram_svg(site, kinds, columns),
            "</div>",
            "",
            f"### {site.say('map.in_words')} {{ #diagram-in-words }}",
            "",
            diagram_list_md(site, kinds, middle),
        ]
        return body, {}
    pages: dict[str, str] = {}
    first = site.shape.kind(kinds[0])
    body = [site.say("map.one_at_a_time", kind=text(first.singular)), ""]
    for start in columns[0]:
        sub_columns = [[start]]
        for kind in kinds[1:]:
            found = {n.id: n for prev in sub_columns[-1] for n in linked_notes(site, prev, kind)}
            sub_columns.append(sorted(found.values(), key=lambda n: site.position[n.id]))
        path = site.urls.diagram(start.id)
        body.append(f"- {link(site.note_label(start), site.urls.evidence_map(), path)}")
        rest = words.both([words.in_sentence(site.shape.kind(k).title) for k in kinds[1:]])
        title = words("map.diagram_title", note=site.note_label(start), kinds=rest)
        pages[path] = "\n".join(
            [
                *front_matter(title, searchable=False),
                f"# {text(title)}",
                "",
                _back(site, path),
                "",
                _diagram_wrap(site),
                diagram_svg(site, kinds, sub_columns, depth=3),
                "</div>",
                "",
                f"## {site.say('map.in_words')} {{ #diagram-in-words }}",
                "",
                diagram_list_md(
                    site, kinds, sub_columns[1] if len(kinds) > 2 else sub_columns[0], path
                ),
                "",
            ]
        )
    return body, pages


def map_pages(site: Site) -> dict[str, str]:
    """The map page, its tiles and its diagram's pages; a preview reuses them while
    what they show is unchanged (:func:`_map_inputs`): an edit to a note's wording,
    or to a work, changes none of it."""
    return piece(site.reuse, "map", "map", partial(_map_inputs, site), partial(_map_pages, site))


def _map_inputs(site: Site) -> tuple[object, ...]:
    """Everything :func:`_map_pages` reads beyond the reuse epoch (the shape, the
    wording, the URLs): each note's place, title, page and links (its relations, in
    their own words), and each cell's counts."""
    notes = tuple(
        (n.kind, n.id, n.title, n.summary, n.url_path, tuple(n.aliases), repr(n.relations),
         site.numbers[n.id], site.position[n.id])
        for n in site.review.all_notes()
    )  # fmt: skip
    grids = tuple(
        (table, tuple((key, len(c.support), len(c.wider)) for key, c in grid.items()))
        for table, grid in site.index.cells.items()
    )
    links = tuple(sorted((note, tuple(sorted(ids))) for note, ids in site.index.neighbours.items()))
    return notes, grids, links


def _map_pages(site: Site) -> dict[str, str]:
    spec = site.shape.map
    words = site.words
    extra: dict[str, str] = {}
    title = words("map.title")
    parts = [
        *front_matter(title, words("map.description"), searchable=False, wide=True),
        f"# {text(title)}",
        "",
        site.say("map.intro"),
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
    charts = link(words("map.charts_link"), page, site.urls.charts())
    if site.shape.confidence is None:
        parts += [site.say("map.see_also", charts=charts), ""]
    else:
        findings = link(words("map.findings_link"), page, site.urls.findings())
        parts += [site.say("map.see_also_findings", charts=charts, findings=findings), ""]
    return {page: "\n".join(parts), **extra}


def _caption(site: Site, grid: Grid) -> str:
    rows, columns = site.shape.kind(grid.rows).title, site.shape.kind(grid.columns).title
    return site.words("map.caption", rows=rows, columns=site.words.in_sentence(columns))


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
                            site.words,
                            site.words.both([cell.row.title, cell.column.title]),
                            f"../{cell.slug}/",
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
    words = site.words
    title = words("map.cell_title", notes=words.both([site.numbers[row.id], site.numbers[col.id]]))
    lines = [
        *front_matter(title, searchable=False),
        f"# {words.both([text(row.title), text(col.title)])}",
        "",
        _support_sentence(
            site, cell, link(words("map.back_to_map"), page, f"{home}#cell-{cell.slug}")
        ),
        "",
        f"## {site.say('map.notes')} {{ #notes }}",
        "",
        f"- {link(site.note_label(row), page, row.url_path)}: {text(row.summary)}",
        f"- {link(site.note_label(col), page, col.url_path)}: {text(col.summary)}",
        "",
    ]
    if cell.support:
        lines += [f"## {site.say('map.works')} {{ #works }}", ""]
        lines += _works_table(site, cell, cell.support, page)
    if cell.wider:
        lines += [
            f"## {site.say('map.wider')} {{ #wider-reading }}",
            "",
            site.say("map.wider_intro"),
            "",
            *_works_table(site, cell, cell.wider, page),
        ]
    return "\n".join(lines) + "\n"


def _support_sentence(site: Site, cell: Cell, back: str) -> str:
    """How many works support the link, in words, with ``back`` (a link to the map)."""
    kinds = {
        "row": text(site.shape.kind(cell.row.kind).singular),
        "column": text(site.shape.kind(cell.column.kind).singular),
    }
    n = len(cell.support)
    if n == 0:
        return site.say("map.no_support", back=back, **kinds)
    return site.say_count("map.support", n, back=back, **kinds)


def _works_table(site: Site, cell: Cell, works: tuple[Reference, ...], page: str) -> list[str]:
    facet = next(iter(site.shape.facets), None)  # the first way works are classified
    heading = f" {text(facet.facet)} |" if facet else ""
    work, cited_by = site.say("map.work"), site.say("map.cited_by")
    lines = [f"| {work} |{heading} {cited_by} |", "|---|" + ("---|" if facet else "") + "---|"]
    for ref in works:
        by = [n for n in (cell.row, cell.column) if ref.key in n.cited_keys]
        name = f"{site.cite.item(ref)}: {ref.title}"
        recorded = facet.split(ref.get(facet.name)) if facet else []
        shown = ", ".join(facet.values.get(v, v) for v in recorded) if facet else ""
        value = f" {text(shown or site.words('facet.not_recorded'))} |" if facet else ""
        lines.append(
            f"| {link(name, page, site.ref_page(ref))} |{value} "
            f"{', '.join(text(site.numbers[n.id]) for n in by)} |"
        )
    return [*lines, ""]
