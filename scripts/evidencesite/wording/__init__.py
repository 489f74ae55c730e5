"""Every word the generator writes on a page, from one catalogue keyed by id.

A catalogue is one YAML file per language (``en.yml``, ``cy.yml`` here; a review may
bring its own as ``<literature>/wording/<language>.yml``), and ``wording:`` in
evidencesite.yml overrides any string of it. Plural forms follow the language's CLDR
rules and dates its CLDR formats, both from Babel, so a catalogue never encodes grammar
in code: a plural string maps each CLDR category (zero, one, two, few, many, other) the
language has to its text.

Strings are plain text with ``{name}`` placeholders. A renderer fills them with
:meth:`Wording.fill`, which escapes the catalogue's own text with the renderer's escape
function and inserts the values as given (already-escaped Markdown: links, counts), so
that neither a catalogue nor a review can inject markup.

This module is a bottom floor: it imports nothing from the package.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal

#: The package's own catalogues: one file per language.
FOLDER = Path(__file__).parent
#: The catalogue every other one is checked against (its ids are the interface).
SOURCE = "en"
#: CLDR plural categories, in CLDR's order.
CATEGORIES = ("zero", "one", "two", "few", "many", "other")

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")

Entry = str | Mapping[str, str]
"""A string, or a plural: CLDR category -> string."""


class WordingError(Exception):
    """A catalogue cannot be used as it is (an unknown id asked for is a bug: KeyError)."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Wording:
    """One language's interface strings, with its plural rules and date formats."""

    language: str
    """The catalogue's name, as ``language:`` chooses it ('en', 'cy')."""
    locale: str
    """Babel's locale for plurals, dates, numbers and lists ('en_GB', 'cy')."""
    theme: str
    """The theme's own language code (Material's ``theme.language``)."""
    strings: Mapping[str, Entry] = field(repr=False)
    """id -> string or plural."""
    fingerprint: str = ""
    """Stands for the strings in the shape's repr (a preview reuses pages while it is
    equal): the language and every override."""
    lowercase_labels: bool = True
    """Whether a label of the review's (a kind's title, a facet's heading) starts with
    a small letter inside a sentence ('Works by setting'); German keeps its capitals."""

    def __repr__(self) -> str:
        return f"Wording({self.language!r}, {self.locale!r}, {self.fingerprint!r})"

    @cached_property
    def _babel(self) -> Locale:
        return Locale.parse(self.locale)

    def __call__(self, key: str, **values: object) -> str:
        """The string ``key`` as plain text, with its placeholders filled."""
        return self._format(self._text(key), values)

    @property
    def tag(self) -> str:
        """The language as a BCP 47 tag ('en-GB', 'cy'), for HTML's lang and JavaScript."""
        return self.locale.replace("_", "-")

    def in_sentence(self, label: str) -> str:
        """A label of the review's, written as a heading, as it reads inside a sentence
        ('Study design' -> 'study design'; 'NHS settings' keeps its capitals)."""
        first = label.split(" ", 1)[0]
        if not self.lowercase_labels or first[1:2].isupper():
            return label
        return label[:1].lower() + label[1:]

    def ordinal(self, key: str, count: int, **values: object) -> str:
        """The ordinal ``key`` for ``count`` ('2nd edn.'): its forms map the language's
        CLDR ordinal categories (English one, two, few, other: 1st, 2nd, 3rd, 4th)."""
        entry = self.strings[key]
        form = entry
        if not isinstance(entry, str):
            category = self._babel.ordinal_form(count)
            form = entry.get(category) or entry["other"]
        return self._format(str(form), {"count": self.number(count), **values})

    def plural(self, key: str, count: int, **values: object) -> str:
        """The plural ``key`` for ``count`` (also given as ``{count}``, formatted)."""
        return self._format(self._form(key, count), {"count": self.number(count), **values})

    def fill(self, key: str, escape: Callable[[str], str], **values: str) -> str:
        """The string ``key`` as markup: its own text through ``escape``, the values
        inserted as they are (the caller has made them safe)."""
        return _fill(self._text(key), escape, values)

    def fill_plural(self, key: str, count: int, escape: Callable[[str], str], **values: str) -> str:
        form = self._form(key, count)
        return _fill(form, escape, {"count": escape(self.number(count)), **values})

    def date(self, day: dt.date) -> str:
        """A date in full, as the language writes it (3 December 2026, 3 Rhagfyr 2026)."""
        return _date(day, self.locale, "long")

    def month(self, day: dt.date) -> str:
        """A month and year (December 2026)."""
        return _date(day, self.locale, "MMMM y")

    def date_form(self) -> dict[str, object] | None:
        """How :meth:`date` writes a day, for the site's script: the pattern with
        {day}, {month} and {year} and the twelve month names, from Babel (a browser's
        own may lack the language: Chromium writes Welsh dates in American English).
        None when the language does not write days as plain digits."""
        sample = self.date(dt.date(1999, 11, 23))
        names = self._babel.months["format"]["wide"]
        pattern = sample.replace("23", "{day}", 1).replace("1999", "{year}", 1)
        pattern = pattern.replace(names[11], "{month}", 1)
        if pattern.count("{") != 3:
            return None
        return {"pattern": pattern, "months": [names[m] for m in range(1, 13)]}

    def number(self, value: int) -> str:
        written = self._numbers.get(value)
        if written is None:
            written = self._numbers[value] = format_decimal(value, locale=self.locale)
        return written

    @cached_property
    def _numbers(self) -> dict[int, str]:
        """Numbers as written, kept: Babel's format_decimal takes 70 µs a call, and the
        pages of a 10,000-reference review write 11,600 (most of them small counts)."""
        return {}

    def either(self, items: Sequence[str]) -> str:
        """'a, b or c' in the language."""
        return _join(items, self._lists["or"])

    def both(self, items: Sequence[str]) -> str:
        """'a, b and c' in the language."""
        joined = _join(items, self._lists["standard"])
        # CLDR leaves Welsh 'a' or 'ac' to the writer ('a(c)'): 'ac' before a vowel.
        return _WELSH_AND.sub(_welsh_and, joined) if "a(c) " in joined else joined

    @cached_property
    def _lists(self) -> dict[str, Mapping[str, str]]:
        """CLDR's list patterns, read once: Babel's format_list looks them up on every
        call, and a citation style joins names for every work (16 against 1 µs)."""
        patterns = self._babel.list_patterns
        return {style: patterns[style] for style in ("standard", "or")}

    def script(self) -> dict[str, Entry]:
        """The strings the site's JavaScript shows (ids under ``js.``, without the
        prefix), plurals as CLDR category -> text (the script picks with
        ``Intl.PluralRules``), for site.js."""
        prefix = "js."
        return {
            key[len(prefix) :]: entry
            for key, entry in self.strings.items()
            if key.startswith(prefix)
        }

    def _text(self, key: str) -> str:
        entry = self.strings[key]
        if not isinstance(entry, str):
            raise KeyError(f"'{key}' is a plural: use Wording.plural")
        return entry

    def _form(self, key: str, count: int) -> str:
        entry = self.strings[key]
        if isinstance(entry, str):
            return entry
        category = self._babel.plural_form(count)
        return entry.get(category) or entry["other"]

    @staticmethod
    def _format(template: str, values: Mapping[str, object]) -> str:
        return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), template)


def _join(items: Sequence[str], patterns: Mapping[str, str]) -> str:
    """Babel's format_list with the patterns given."""
    if len(items) < 2:
        return "".join(items)
    if len(items) == 2:
        return patterns["2"].format(*items)
    joined = patterns["start"].format(items[0], items[1])
    for item in items[2:-1]:
        joined = patterns["middle"].format(joined, item)
    return patterns["end"].format(joined, items[-1])


#: CLDR's Welsh 'and' ('a(c)'), and the first letter of the next item past any
#: quotes, brackets, escapes or markup ('[Ab](x)', '“Ec”', '\\*E'); none: 'a'.
_WELSH_AND = re.compile(r"\ba\(c\) (?=[\W_]*(\w)?)")


def _welsh_and(match: re.Match[str]) -> str:
    """'ac' before a vowel, 'a' otherwise (w and y count as consonants here, which a
    Welsh speaker should check: README asks for that review)."""
    letter = (match.group(1) or "").lower()
    return "ac " if letter and letter in "aeiouâêîôûáéíóúàèìòù" else "a "


@cache
def _date(day: dt.date, locale: str, pattern: str) -> str:
    return format_date(day, pattern, locale=locale)


def _fill(template: str, escape: Callable[[str], str], values: Mapping[str, str]) -> str:
    out: list[str] = []
    last = 0
    for match in _PLACEHOLDER.finditer(template):
        out.append(escape(template[last : match.start()]))
        out.append(values[match.group(1)])
        last = match.end()
    out.append(escape(template[last:]))
    return "".join(out)


def placeholders(entry: Entry) -> set[str]:
    """The placeholder names an entry uses (all of its plural forms together)."""
    texts = [entry] if isinstance(entry, str) else list(entry.values())
    return {name for text in texts for name in _PLACEHOLDER.findall(text)}


# --- catalogues -----------------------------------------------------------------------


@dataclass(frozen=True)
class Catalogue:
    """A catalogue file as read: its settings and strings, with their lines."""

    path: Path
    locale: str
    theme: str
    strings: dict[str, Entry]
    lines: dict[str, int]
    lowercase_labels: bool = True


def catalogue_path(language: str, literature: Path | None = None) -> Path | None:
    """The catalogue for ``language``: the review's own first, then the package's."""
    if not _LANGUAGE.fullmatch(language):
        return None
    for folder in ([literature / "wording"] if literature else []) + [FOLDER]:
        path = folder / f"{language}.yml"
        if path.is_file():
            return path
    return None


_LANGUAGE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def available(literature: Path | None = None) -> list[str]:
    """Every language a catalogue exists for, the review's own included."""
    folders = ([literature / "wording"] if literature else []) + [FOLDER]
    return sorted({p.stem for f in folders if f.is_dir() for p in f.glob("*.yml")})


@cache
def source() -> Catalogue:
    """The English catalogue: the ids and placeholders every catalogue must match."""
    return read_catalogue(FOLDER / f"{SOURCE}.yml")


def read_catalogue(path: Path) -> Catalogue:
    """A catalogue file; WordingError (with its line) when its form is wrong."""
    import yaml  # a bottom module: PyYAML is the only reader it needs

    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise WordingError(*_at(path, line, f"not valid YAML: {exc}")) from None
    if not isinstance(node, yaml.MappingNode):
        raise WordingError(*_at(path, 1, "a catalogue maps 'language' and 'strings'"))
    top = {str(k.value): v for k, v in node.value}
    settings = top.get("language")
    strings = top.get("strings")
    if not isinstance(settings, yaml.MappingNode) or not isinstance(strings, yaml.MappingNode):
        raise WordingError(
            *_at(path, 1, "a catalogue needs 'language: {locale: ..., theme: ...}' and 'strings'")
        )
    meta = {str(k.value): str(v.value) for k, v in settings.value}
    locale = meta.get("locale", "")
    try:
        Locale.parse(locale)
    except (ValueError, UnknownLocaleError):
        line = settings.start_mark.line + 1
        raise WordingError(
            *_at(path, line, f"'locale' '{locale}' is not a locale Babel knows (en_GB, cy, fr...)")
        ) from None
    found: dict[str, Entry] = {}
    lines: dict[str, int] = {}
    for key_node, value in strings.value:
        key = str(key_node.value)
        lines[key] = key_node.start_mark.line + 1
        found[key] = _entry(path, key, value)
    theme = meta.get("theme", locale.split("_")[0])
    lowercase = meta.get("lowercase_labels", "true").lower() not in ("false", "no")
    return Catalogue(path, locale, theme, found, lines, lowercase)


def _entry(path: Path, key: str, node: object) -> Entry:
    import yaml

    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    if isinstance(node, yaml.MappingNode):
        forms = {str(k.value): str(v.value) for k, v in node.value}
        wrong = [c for c in forms if c not in CATEGORIES]
        if wrong or "other" not in forms:
            raise WordingError(
                *_at(
                    path,
                    node.start_mark.line + 1,
                    f"the plural '{key}' maps CLDR categories ({', '.join(CATEGORIES)}) to "
                    "text, and needs 'other'",
                )
            )
        return forms
    line = getattr(getattr(node, "start_mark", None), "line", 0) + 1
    raise WordingError(*_at(path, line, f"'{key}' must be text or a plural"))


def _at(path: Path, line: int, message: str) -> tuple[Path, int, str]:
    return path, line, message


def check(catalogue: Catalogue, reference: Catalogue | None = None) -> list[tuple[int, str]]:
    """What a catalogue lacks or adds against the English one, as (line, message):
    a missing id, an id English does not have, a placeholder that differs."""
    ref = reference or source()
    found: list[tuple[int, str]] = []
    missing = [key for key in ref.strings if key not in catalogue.strings]
    if missing:
        more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
        shown = ", ".join(missing[:8]) + more
        found.append((0, f"{len(missing)} string(s) not translated, shown in English: {shown}"))
    for key, entry in catalogue.strings.items():
        if key not in ref.strings:
            found.append((catalogue.lines[key], f"'{key}' is not an id of the catalogue"))
        elif placeholders(entry) != placeholders(ref.strings[key]):
            want = ", ".join(sorted("{" + p + "}" for p in placeholders(ref.strings[key])))
            found.append(
                (catalogue.lines[key], f"'{key}' must use the placeholders {want or '(none)'}")
            )
        elif isinstance(entry, str) != isinstance(ref.strings[key], str):
            kind = "a plural" if not isinstance(ref.strings[key], str) else "text"
            found.append((catalogue.lines[key], f"'{key}' must be {kind}"))
    return found


def make(
    catalogue: Catalogue, language: str, overrides: Mapping[str, Entry] | None = None
) -> Wording:
    """The wording of a catalogue, English filling any gap, then the overrides."""
    strings: dict[str, Entry] = dict(source().strings)
    strings.update((k, v) for k, v in catalogue.strings.items() if k in strings)
    strings.update(overrides or {})
    # Every string, not the file's name: a preview reuses pages while this is equal, so
    # an edit of a review's own catalogue file must change it.
    digest = hashlib.blake2b(repr(sorted(strings.items())).encode(), digest_size=12)
    fingerprint = (
        f"{language}:{catalogue.locale}:{catalogue.theme}:{catalogue.lowercase_labels}:"
        f"{digest.hexdigest()}"
    )
    return Wording(
        language, catalogue.locale, catalogue.theme, strings, fingerprint,
        catalogue.lowercase_labels,
    )  # fmt: skip


@cache
def default() -> Wording:
    """English, as a review gets it when evidencesite.yml names no language."""
    return make(source(), SOURCE)


def pseudo(entry: Entry) -> Entry:
    """A pseudo-translation (accented, one third longer, bracketed) that keeps the
    placeholders: a build in it shows any string that bypasses the catalogue."""
    if not isinstance(entry, str):
        return {k: str(pseudo(v)) for k, v in entry.items()}
    parts = _PLACEHOLDER.split(entry)
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append("{" + part + "}")
        else:
            out.append(part.translate(_ACCENTS))
    text = "".join(out)
    return f"⟦{text}{'~' * (len(entry) // 3)}⟧" if text.strip() else text


_ACCENTS = str.maketrans("aceinosuyACEINOSUY", "åçéîñøšûýÅÇÉÎÑØŠÛÝ")

__all__ = [
    "CATEGORIES",
    "Catalogue",
    "Wording",
    "WordingError",
    "available",
    "catalogue_path",
    "check",
    "default",
    "make",
    "placeholders",
    "pseudo",
    "read_catalogue",
    "source",
]
