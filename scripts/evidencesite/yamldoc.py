"""Read one YAML document (a note's front matter, review.yml, changes.yml) safely.

One reader for every YAML file, so they all refuse the same things the same way:
- anchors and aliases (no use here, and they allow "billion laughs" documents), found
  from parse events before anything is built;
- documents nested deeper than a person writes (they exhaust Python's stack);
- characters YAML does not allow.
Dates stay text (``2026-02-30`` would otherwise raise from inside PyYAML): the caller
checks them and reports an impossible date at its line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

# libyaml's loader when PyYAML was built with it (it is in the wheels), else Python's.
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc]
    pass


def _timestamp_as_text(loader: Any, node: yaml.ScalarNode) -> str:
    return str(node.value)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)

#: Deeper than any review file needs; well inside Python's stack.
MAX_DEPTH = 50
_TOO_DEEP = f"is nested more than {MAX_DEPTH} levels deep"


@dataclass
class YamlProblem(Exception):
    """Why a document cannot be read, with its 0-based line in the text; the message
    reads after the document's name ("front matter is not valid YAML: ...")."""

    line: int
    message: str


def read_yaml(text: str) -> tuple[Any, yaml.Node | None]:
    """The document's data and its node tree (for line numbers); raises YamlProblem."""
    loader = None
    try:
        depth = 0
        for event in yaml.parse(text, Loader=_Loader):
            line = event.start_mark.line if event.start_mark else 0
            if isinstance(event, yaml.AliasEvent):
                raise YamlProblem(line, "uses a YAML alias: aliases (*name) are not allowed")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlProblem(line, _TOO_DEEP)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        loader = _Loader(text)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in reason:  # libyaml's own limit, met before ours
            raise YamlProblem(mark.line if mark else 0, _TOO_DEEP) from exc
        raise YamlProblem(mark.line if mark else 0, f"is not valid YAML: {reason}") from exc
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, max(exc.position, 0))
        message = f"holds a character YAML does not allow ({exc.character!r})"
        raise YamlProblem(line, message) from exc
    except yaml.YAMLError as exc:  # libyaml reports some errors without a mark
        raise YamlProblem(0, f"is not valid YAML: {exc}") from exc
    finally:
        if loader is not None:
            loader.dispose()
    return data, node


def duplicate_keys(node: yaml.Node | None) -> list[tuple[int, str]]:
    """(0-based line, key) for each key a mapping repeats, at any depth (YAML keeps
    only the last, silently)."""
    repeated = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        if not isinstance(current, yaml.MappingNode):
            continue
        seen: set[str] = set()
        for key_node, value_node in current.value:
            key = str(key_node.value)
            if key in seen:
                repeated.append((key_node.start_mark.line, key))
            seen.add(key)
            stack.append(value_node)
    return sorted(repeated)
