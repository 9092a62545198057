"""YAML loading that a hostile or broken file cannot turn into a hang or a traceback.

PyYAML's safe loader already refuses arbitrary objects, but it happily builds a
"billion laughs" document out of nested aliases: tiny on disk, exponential once
validated or walked. We cap the file size and the size the document would have with
every alias expanded (computed on the node graph with memoisation, so the check itself
is linear in the file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MAX_YAML_BYTES = 8 * 1024 * 1024
MAX_EXPANDED_NODES = 1_000_000


class YamlError(Exception):
    """A YAML file could not be loaded; the message names the file and the place."""


# libyaml's loader when PyYAML was built with it: rule packs carry large lexicons, and the
# pure-Python parser made loading them most of a cached run's time. Safety does not
# depend on the parser: both build the node graph with aliases as shared references,
# and the expanded size is checked on that graph before anything is constructed.
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """The safe loader with a short cut for the commonest node of a lexicon.

    Every plain scalar asks the resolver for its tag, in Python, and a lexicon is
    thousands of plain scalars (place names, words) whose first character no implicit
    resolver (int, float, bool, null, timestamp ...) is registered for: their tag is then
    always the plain string tag, which is what the short cut returns without the lookup
    lists, the loop and the path-resolver steps. Anything else goes to PyYAML's resolver.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0] and value and not self.yaml_path_resolvers:
            resolvers = self.yaml_implicit_resolvers
            if value[0] not in resolvers and None not in resolvers:
                return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = 1  # a recursive alias counts once instead of looping
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(n, memo) for n in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    memo[key] = size
    return size


def _first_duplicate_key(node: yaml.Node, seen: set[int]) -> tuple[str, int, int] | None:
    """(key, its line, the line of its first occurrence) of the first mapping that names
    a key twice. PyYAML keeps the last value silently, so a second ``params:`` in a rule
    would replace the first without a word. Keys brought in by a merge (``<<``) may be
    overridden: that is what merging is for. Each node is visited once (aliases share)."""
    stack = [node]
    while stack:
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        if isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)
        elif isinstance(n, yaml.MappingNode):
            first: dict[tuple[str, str], int] = {}
            for k, v in n.value:
                stack.append(v)
                if not isinstance(k, yaml.ScalarNode):
                    stack.append(k)
                    continue
                if k.tag == "tag:yaml.org,2002:merge":
                    continue
                ident = (k.tag, k.value)
                if ident in first:
                    return k.value, k.start_mark.line + 1, first[ident]
                first[ident] = k.start_mark.line + 1
    return None


def load_yaml_text(text: str, origin: str) -> Any:
    loader = _Loader(text)
    node: yaml.Node | None = None
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded_size(node, {}) > MAX_EXPANDED_NODES:
            raise yaml.YAMLError(
                f"aliases expand to more than {MAX_EXPANDED_NODES} nodes: "
                "refusing a possible YAML bomb"
            )
        dup = _first_duplicate_key(node, set())
        if dup is not None:
            key, at, first_at = dup
            raise YamlError(
                f"{origin}: duplicate key {key!r} at line {at} (first at line {first_at}):"
                " only one of them would be used"
            )
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise YamlError(f"{origin}: invalid YAML: {exc}") from None
    except RecursionError:
        raise YamlError(f"{origin}: invalid YAML: nested too deeply") from None
    except (ValueError, TypeError, OverflowError, ArithmeticError, LookupError) as exc:
        # PyYAML's constructors let these through: a timestamp that names no real day
        # (``2024-02-30``, ``!!timestamp 2024-13-99``), an out-of-range number, a
        # ``!!bool abc`` (a KeyError from the table of boolean words)...
        line = getattr(getattr(node, "start_mark", None), "line", None) if node else None
        where = f" (in the document starting at line {line + 1})" if line is not None else ""
        what = (
            f"{exc.args[0]!r} is not a value its tag allows"
            if isinstance(exc, LookupError) and exc.args
            else str(exc)
        )
        raise YamlError(f"{origin}: invalid YAML value{where}: {what}") from None
    finally:
        loader.dispose()


def load_yaml_file(path: Path) -> Any:
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            raise YamlError(f"{path}: {size} bytes is over the {MAX_YAML_BYTES}-byte limit")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise YamlError(f"{path}: cannot read: {exc.strerror}") from None
    return load_yaml_text(text, str(path))
