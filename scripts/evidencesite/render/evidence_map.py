"""The evidence map (/map/): matrices as accessible HTML tables, a diagram of
drivers -> challenges -> recommendations as inline SVG with real text, and a page per
non-empty cell listing the notes and references behind it."""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass

from .. import harvard
from ..model import KIND_SINGULAR, Note, Reference
from .common import KIND_TITLES, Site, chunks, front_matter, link, meta, text
from .redirects import redirect_html

PAGE = "map/index.md"
DESCRIPTION = "Where the evidence is thick and where it is thin, note by note."


def esc(value: str) -> str:
    return html.escape(" ".join(value.split()), quote=True)


def url_from_map(path: str, depth: int = 1) -> str:
    """A URL relative to a page `depth` folders deep (/map/ is 1) for a docs path."""
    target = path[: -len("index.md")] if path.endswith("index.md") else path[:-3] + "/"
    return "../" * depth + target


@dataclass(frozen=True)
class Cell:
    row: Note
    column: Note
    references: tuple[Reference, ...]
    """The works behind the link: those cited by either note."""

    @property
    def slug(self) -> str:
        return f"{self.row.id}--{self.column.id}"

    @property
    def page(self) -> str:
        return f"map/{self.slug}.md"


def supporting(site: Site, a: Note, b: Note) -> tuple[Reference, ...]:
    keys = set(a.cited_keys) | set(b.cited_keys)
    refs = [site.review.references[k] for k in keys if k in site.review.references]
    return tuple(sorted(refs, key=lambda r: site.ref_order[r.key]))


def linked(row: Note, column: Note) -> bool:
    """True when either note lists the other in its front matter."""
    return any(r.target_id == column.id for r in row.relations) or any(
        r.target_id == row.id for r in column.relations
    )


def cells(site: Site, rows: list[Note], columns: list[Note]) -> dict[tuple[str, str], Cell]:
    return {
        (row.id, col.id): Cell(row, col, supporting(site, row, col))
        for row in rows
        for col in columns
        if linked(row, col)
    }


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
    found = cells(site, rows, columns)
    if top is None:
        top = max((len(c.references) for c in found.values()), default=0)
    out = [
        f'<div class="evidence-matrix" id="{esc(table_id)}-wrap" tabindex="0" '
        f'role="region" aria-labelledby="{esc(table_id)}-caption">',
        f'<table class="evidence-matrix" id="{esc(table_id)}">',
        f'<caption id="{esc(table_id)}-caption">{esc(caption)}</caption>',
        "<thead><tr>",
        '<td class="corner"><span class="visually-hidden">'
        f"{esc(KIND_TITLES[rows[0].kind] if rows else '')}"
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
            n = len(cell.references)
            label = (
                f"{site.numbers[row.id]} and {site.numbers[col.id]}: {n} "
                f"{'work' if n == 1 else 'works'}"
            )
            out.append(
                f'<td class="{_shade(n, top)}" id="cell-{esc(cell.slug)}">'
                f'<a href="{url_from_map(cell.page, depth)}" aria-label="{esc(label)}">{n}</a></td>'
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


def diagram_svg(site: Site, columns: list[list[Note]], depth: int = 1) -> str:
    """Drivers -> challenges -> recommendations, every node a link with real text."""
    tallest = max((len(c) for c in columns), default=0)
    height = 40 + tallest * (NODE_H + GAP)
    width = 3 * NODE_W + 2 * COL_GAP + 20
    places: dict[str, tuple[float, float]] = {}
    for i, notes in enumerate(columns):
        left = 10.0 + i * (NODE_W + COL_GAP)
        offset = (tallest - len(notes)) * (NODE_H + GAP) / 2
        for j, note in enumerate(notes):
            places[note.id] = (left, 40 + offset + j * (NODE_H + GAP))
    edges = []
    for challenge in columns[1]:
        for relation in challenge.relations:
            if relation.name == "drivers" and relation.target_id in places:
                edges.append((relation.target_id, challenge.id))
    for rec in columns[2]:
        for relation in rec.relations:
            if relation.name == "addresses" and relation.target_id in places:
                edges.append((relation.target_id, rec.id))
    out = [
        f'<svg class="evidence-diagram" viewBox="0 0 {width} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg" aria-labelledby="diagram-title diagram-desc">',
        '<title id="diagram-title">From drivers to challenges to recommendations</title>',
        '<desc id="diagram-desc">Each driver is joined to the challenges it brings, and each '
        "challenge to the recommendations that address it. The list after the diagram "
        "says the same in words.</desc>",
    ]
    for i, kind in enumerate(("drivers", "challenges", "recommendations")):
        centre = 10 + i * (NODE_W + COL_GAP) + NODE_W / 2
        out.append(
            f'<text class="column-heading" x="{centre:.0f}" y="20" text-anchor="middle">'
            f"{esc(KIND_TITLES[kind])}</text>"
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


def diagram_list_md(site: Site, challenges: list[Note], page: str = PAGE) -> str:
    """The diagram in words: each challenge with the drivers that bring it about and
    the recommendations that address it."""
    review = site.review
    lines = []
    for challenge in challenges:
        drivers = [
            review.notes["drivers"][r.target_id]
            for r in challenge.relations
            if r.name == "drivers" and r.target_id in review.notes["drivers"]
        ]
        recs = [n for name, n in site.incoming.get(challenge.id, []) if name == "addresses"]
        recs.sort(key=lambda n: site.position[n.id])
        lines.append(f"- {link(site.note_label(challenge), page, challenge.url_path)}")
        if drivers:
            names = ", ".join(link(site.note_label(d), page, d.url_path) for d in drivers)
            lines.append(f"    - brought about by: {names}")
        if recs:
            names = ", ".join(link(site.note_label(r), page, r.url_path) for r in recs)
            lines.append(f"    - addressed by: {names}")
        else:
            lines.append("    - addressed by: no recommendation yet")
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
    found = cells(site, rows, columns)
    top = max((len(c.references) for c in found.values()), default=0)
    row_tiles, col_tiles = chunks(rows, TILE), chunks(columns, TILE)
    pages: dict[str, str] = {}
    out = [
        f'<div class="evidence-matrix" role="region" tabindex="0" '
        f'aria-labelledby="{table_id}-caption">',
        f'<table class="evidence-matrix tiles" id="{table_id}">',
        f'<caption id="{table_id}-caption">{esc(caption)}: too large for one page, so in '
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
            path = f"map/tiles/{table_id}/{i + 1}-{j + 1}.md"
            out.append(f'<td><a href="{url_from_map(path)}">{links}</a></td>')
            span = f"{site.numbers[cols[0].id]}–{site.numbers[cols[-1].id]}"
            title = f"{caption}: rows {first}–{last}, columns {span}"
            pages[path] = "\n".join(
                [
                    *front_matter(title, searchable=False, wide=True),
                    f"# {text(title)}",
                    "",
                    f"Back to the {link('evidence map', path, PAGE)}.",
                    "",
                    matrix_html(site, title, table_id, tile_rows, cols, depth=4, top=top),
                    "",
                ]
            )
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return "\n".join(out), pages


def _diagram_section(site: Site) -> tuple[list[str], dict[str, str]]:
    review = site.review
    columns = [review.sorted_notes(k) for k in ("drivers", "challenges", "recommendations")]
    if max((len(c) for c in columns), default=0) <= DIAGRAM_LIMIT:
        body = [
            '<div class="diagram-wrap" markdown="0">',
            diagram_svg(site, columns),
            "</div>",
            "",
            "### The same in words { #diagram-in-words }",
            "",
            diagram_list_md(site, columns[1]),
        ]
        return body, {}
    pages: dict[str, str] = {}
    body = [
        "The map has too many notes for one legible diagram, so it is drawn one driver at a time:",
        "",
    ]
    for driver in columns[0]:
        challenges = [c for name, c in site.incoming.get(driver.id, []) if name == "drivers"]
        challenges.sort(key=lambda n: site.position[n.id])
        recs = {
            n.id: n
            for c in challenges
            for name, n in site.incoming.get(c.id, [])
            if name == "addresses"
        }
        sub_columns = [
            [driver],
            challenges,
            sorted(recs.values(), key=lambda n: site.position[n.id]),
        ]
        path = f"map/diagram/{driver.id}.md"
        body.append(f"- {link(site.note_label(driver), PAGE, path)}")
        title = f"From {site.note_label(driver)} to challenges and recommendations"
        pages[path] = "\n".join(
            [
                *front_matter(title, searchable=False),
                f"# {text(title)}",
                "",
                f"Back to the {link('evidence map', path, PAGE)}.",
                "",
                '<div class="diagram-wrap" markdown="0">',
                diagram_svg(site, sub_columns, depth=3),
                "</div>",
                "",
                "## The same in words { #diagram-in-words }",
                "",
                diagram_list_md(site, challenges, path),
                "",
            ]
        )
    return body, pages


def map_pages(site: Site) -> dict[str, str]:
    review = site.review
    themes = review.sorted_notes("themes")
    extra: dict[str, str] = {}
    matrix, tiles = _matrix_section(
        site,
        "Challenges (rows) against recommendations (columns): works behind each link",
        "challenges-recommendations",
        review.sorted_notes("challenges"),
        review.sorted_notes("recommendations"),
    )
    extra.update(tiles)
    parts = [
        "---",
        f"title: {meta('Evidence map')}",
        f"description: {meta(DESCRIPTION)}",
        "hide: [navigation]",
        "---",
        "",
        "# Evidence map",
        "",
        "Where the evidence is thick and where it is thin. Each number counts the works "
        "behind a link between two notes: the works cited on either note's page. Darker "
        "shading repeats the number; it never replaces it. Select a number to see the "
        "notes and works behind it. Each cell also has its own address, so you can link to "
        "it.",
        "",
        "## Challenges and the recommendations that address them { #challenges-recommendations }",
        "",
        matrix,
        "",
        "## Themes across the map { #themes }",
        "",
    ]
    for kind in ("drivers", "challenges", "recommendations"):
        matrix, tiles = _matrix_section(
            site,
            f"Themes (rows) against {KIND_TITLES[kind].lower()} (columns): works behind each link",
            f"themes-{kind}",
            themes,
            review.sorted_notes(kind),
        )
        extra.update(tiles)
        parts += [
            f"### Themes and {KIND_TITLES[kind].lower()} {{ #themes-{kind} }}",
            "",
            matrix,
            "",
        ]
    diagram, diagram_pages = _diagram_section(site)
    extra.update(diagram_pages)
    parts += [
        "## From drivers to challenges to recommendations { #diagram }",
        "",
        *diagram,
        "",
        f"See also {link('charts of the evidence base', PAGE, 'map/charts.md')} and the "
        f"{link('summary of qualitative findings', PAGE, 'findings/index.md')}.",
        "",
    ]
    return {PAGE: "\n".join(parts), **extra}


def cell_pages(site: Site) -> dict[str, str]:
    review = site.review
    themes = review.sorted_notes("themes")
    grids = [
        ("challenges-recommendations", review.sorted_notes("challenges"),
         review.sorted_notes("recommendations")),
    ]  # fmt: skip
    grids += [
        (f"themes-{k}", themes, review.sorted_notes(k))
        for k in ("drivers", "challenges", "recommendations")
    ]
    pages: dict[str, str] = {}
    for table_id, rows, columns in grids:
        row_index = {n.id: i for i, n in enumerate(rows)}
        col_index = {n.id: i for i, n in enumerate(columns)}
        tiled = len(rows) > TILE or len(columns) > TILE
        for cell in cells(site, rows, columns).values():
            home = PAGE
            if tiled:
                i, j = row_index[cell.row.id] // TILE + 1, col_index[cell.column.id] // TILE + 1
                home = f"map/tiles/{table_id}/{i}-{j}.md"
            pages[cell.page] = _cell_page(site, cell, home)
            # A renamed note keeps its cells' old addresses too.
            for row_id in (cell.row.id, *cell.row.aliases):
                for col_id in (cell.column.id, *cell.column.aliases):
                    if (row_id, col_id) != (cell.row.id, cell.column.id):
                        pages[f"map/{row_id}--{col_id}/index.html"] = redirect_html(
                            f"{cell.row.title} and {cell.column.title}", f"../{cell.slug}/"
                        )
    return pages


def _cell_page(site: Site, cell: Cell, home: str) -> str:
    """The notes and works behind one cell; `home` is the page showing the cell."""
    page = cell.page
    row, col = cell.row, cell.column
    title = f"{site.numbers[row.id]} and {site.numbers[col.id]}: the evidence behind the link"
    lines = [
        "---",
        f"title: {meta(title)}",
        "---",
        "",
        f"# {text(row.title)} and {text(col.title)}",
        "",
        f"{len(cell.references)} works lie behind the link between this "
        f"{KIND_SINGULAR[row.kind]} and this {KIND_SINGULAR[col.kind]} "
        f"({link('back to the map', page, home + '#cell-' + cell.slug)}).",
        "",
        "## The notes { #notes }",
        "",
        f"- {link(site.note_label(row), page, row.url_path)}: {text(row.summary)}",
        f"- {link(site.note_label(col), page, col.url_path)}: {text(col.summary)}",
        "",
        "## The works { #works }",
        "",
        "| Work | Design | Cited by |",
        "|---|---|---|",
    ]
    for ref in cell.references:
        by = [n for n in (row, col) if ref.key in n.cited_keys]
        name = f"{harvard.in_text(ref, site.labels[ref.key])}: {ref.title}"
        lines.append(
            f"| {link(name, page, site.ref_page(ref))} "
            f"| {text(ref.design or 'not recorded')} "
            f"| {', '.join(text(site.numbers[n.id]) for n in by)} |"
        )
    return "\n".join(lines) + "\n"
