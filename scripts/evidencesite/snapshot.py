"""A citable snapshot of one released version: the whole built site in one archive.

A trust's policy that links to a recommendation can also cite exactly what it saw:
``evidencesite snapshot`` packs site/ into ``<out>/<name>-<version>.zip`` with a
CITATION.txt at its root, and the deploy job attaches it to the release of the tag
``v<version>``. The archive is reproducible: members sorted, every timestamp the
review's last-search date, no owner or permission bits from the machine, so the same
site always gives the same bytes (and checksum).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .model import ReviewInfo


class SnapshotError(Exception):
    """A snapshot that cannot be made; the message says why."""


@dataclass(frozen=True)
class Snapshot:
    path: Path
    sha256: str
    files: int


def archive_name(info: ReviewInfo) -> str:
    """'co-production-in-nhs-community-mental-health-services-1.0.zip'."""
    title = re.sub(r"[^a-z0-9]+", "-", info.title.split(":")[0].lower()).strip("-")
    version = re.sub(r"[^A-Za-z0-9.]+", "-", info.version).strip("-")
    return f"{title or 'review'}-{version}.zip"


def citation_txt(info: ReviewInfo, site_url: str) -> str:
    authors = ", ".join(info.authors)
    lines = [
        f"{info.title}",
        f"Version {info.version}. Literature last searched {info.last_search.isoformat()}.",
        f"By {authors}." + (f" Published by {info.publisher}." if info.publisher else ""),
    ]
    if site_url and not re.match(r"https?://(127\.0\.0\.1|localhost)\b", site_url):
        lines.append(f"Published at {site_url} (this archive keeps version {info.version}).")
    if info.licence:
        lines.append(f"Licence: {info.licence}.")
    if info.contact:
        lines.append(f"Contact: {info.contact}.")
    lines += [
        "",
        "To browse it as it was published, serve the unpacked folder with any web server,",
        "for example: python3 -m http.server --directory <folder>",
    ]
    return "\n".join(lines) + "\n"


def make_snapshot(
    site: Path, out: Path, info: ReviewInfo, site_url: str = "", tag: str = ""
) -> Snapshot:
    """Pack the built ``site`` into ``out``; refuse a tag that is not this version."""
    if tag and tag.removeprefix("v") != info.version:
        raise SnapshotError(
            f"the tag '{tag}' is not version {info.version} (review.yml); "
            f"tag the release 'v{info.version}' or change 'version'"
        )
    if not (site / "index.html").is_file():
        raise SnapshotError(f"{site} holds no built site: run `make site` first")
    files = sorted(p for p in site.rglob("*") if p.is_file() and not p.is_symlink())
    stamp = dt.datetime.combine(info.last_search, dt.time()).timetuple()[:6]
    out.mkdir(parents=True, exist_ok=True)
    target = out / archive_name(info)
    partial = target.with_name(target.name + ".part")
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            _add(archive, "CITATION.txt", citation_txt(info, site_url).encode("utf-8"), stamp)
            for path in files:
                _add(archive, path.relative_to(site).as_posix(), path.read_bytes(), stamp)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise SnapshotError(f"{target}: {exc.strerror or exc}") from exc
    partial.replace(target)  # never a half-written archive under the real name
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    return Snapshot(target, digest, len(files) + 1)


def _add(archive: zipfile.ZipFile, name: str, data: bytes, stamp: tuple[int, ...]) -> None:
    member = zipfile.ZipInfo(name, date_time=stamp)  # type: ignore[arg-type]
    member.compress_type = zipfile.ZIP_DEFLATED
    member.external_attr = 0o644 << 16
    member.create_system = 3  # Unix, whatever machine made it
    archive.writestr(member, data)
