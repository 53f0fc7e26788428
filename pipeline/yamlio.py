"""YAML input and output through PyYAML, with the C loader and dumper when present."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
WIDTH = 1000


class RuleFileError(ValueError):
    """A rules or data file that cannot be used: names the file, the line and the problem."""


def load_yaml(path: str | Path) -> Any:
    """Parse a YAML data file; a syntax error becomes a RuleFileError naming file and line."""
    text = ""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        return yaml.load(text, Loader=Loader) or {}
    except yaml.YAMLError as e:
        raise _invalid(path, text, e) from None
    except UnicodeDecodeError as e:
        raise RuleFileError(f"{path}:1: not UTF-8 text ({e.reason} at byte {e.start}); save the file as UTF-8") \
            from None
    except OSError as e:
        raise RuleFileError(f"{path}: cannot read: {e.strerror}") from None


def _invalid(path: str | Path, text: str, e: yaml.YAMLError) -> RuleFileError:
    """A YAML error as one line, `file:line: invalid YAML: problem` (a character YAML refuses has no mark: its
    line is counted from its position)."""
    bad = yaml.reader.Reader.NON_PRINTABLE.search(text) if isinstance(e, yaml.reader.ReaderError) else None
    if bad:         # (the C reader's position counts bytes, the Python one's characters: found here again)
        line = text.count("\n", 0, bad.start()) + 1
        return RuleFileError(f"{path}:{line}: invalid YAML: character {bad.group()!r} is not allowed "
                             "(control characters are refused)")
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    where = f"{path}:{mark.line + 1}" if mark else f"{path}:1"
    problem = " ".join(str(getattr(e, "problem", None) or e).split())
    return RuleFileError(f"{where}: invalid YAML: {problem}")


class Lines:
    """Line numbers of the keys and items of a parsed rule file, by their path (("periods", 3, "pattern"))."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.lines: dict[tuple[Any, ...], int] = {}

    def line(self, keys: tuple[Any, ...]) -> int:
        """The line of a key path, else of its nearest known parent (1 for the file)."""
        while keys and keys not in self.lines:
            keys = keys[:-1]
        return self.lines.get(keys, 1)

    def where(self, keys: tuple[Any, ...]) -> str:
        """`file:line: a.b.c` for a key path, as rule-file errors name it."""
        name = ".".join(str(k) for k in keys)
        return f"{self.path}:{self.line(keys)}" + (f": {name}" if name else "")


MAX_RULE_NODES = 200_000     # YAML nodes in one rule file (a bound, far above any real file)


def load_rule_file(path: str | Path) -> tuple[Any, Lines]:
    """Parse a rule file (data an analyst edits or downloads): plain YAML only, no aliases or anchors
    (so no alias bomb), no tags beyond the safe ones; with the line of every key for error messages."""
    lines = Lines(path)
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except UnicodeDecodeError as e:
        raise RuleFileError(f"{path}:1: not UTF-8 text ({e.reason} at byte {e.start}); save the file as UTF-8") \
            from None
    except OSError as e:
        raise RuleFileError(f"{path}: cannot read: {e.strerror}") from None
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, lines
        _walk(node, (), lines, set())
        return loader.construct_document(node), lines
    except yaml.YAMLError as e:
        raise _invalid(path, text, e) from None
    finally:
        loader.dispose()


def _walk(node: yaml.Node, keys: tuple[Any, ...], lines: Lines, seen: set[int]) -> None:
    """Record key lines; refuse aliases (a node reached twice) and files of absurd size."""
    stack = [(node, keys)]
    while stack:
        node, keys = stack.pop()
        if id(node) in seen:
            raise RuleFileError(f"{lines.path}:{node.start_mark.line + 1}: YAML anchors and aliases (&, *) are "
                                "not allowed in rule files")
        seen.add(id(node))
        if len(seen) > MAX_RULE_NODES:
            raise RuleFileError(f"{lines.path}: more than {MAX_RULE_NODES} YAML nodes; not a rule file")
        lines.lines.setdefault(keys, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                key = k.value if isinstance(k, yaml.ScalarNode) else str(k.start_mark.line)
                lines.lines[(*keys, key)] = k.start_mark.line + 1
                stack.append((v, (*keys, key)))
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                stack.append((v, (*keys, i)))


def dump_yaml(data: Any) -> str:
    """Serialise to YAML deterministically (key order as given, Unicode kept, block style).

    The text is PyYAML's, byte for byte: plain mappings, lists and scalars are written by a fast path that
    follows PyYAML's block layout and asks PyYAML itself how to write any string it cannot prove plain
    (memoised per distinct string); anything else goes through yaml.dump.
    """
    out: list[str] = []
    if isinstance(data, dict) and data and _mapping(data, 0, out):
        return "".join(out)
    return _pyyaml_dump(data)


def _pyyaml_dump(data: Any) -> str:
    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=WIDTH)


# ---- the fast path ----------------------------------------------------------------------------------
# Strings made only of these characters, not starting with an indicator or a space, not ending with a space
# and not resolving to another type (a number, a date, null, a boolean) are written plain by PyYAML and
# libyaml alike (tests/test_yamlio.py checks this against yaml.dump).
_PLAIN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9\uff01-\uff5e\u3001-\u303f“”‘’—…·（）《》]"
                    r"[\u4e00-\u9fffA-Za-z0-9\uff01-\uff5e\u3001-\u303f“”‘’—…·（）《》 .,%/()+\-~=_×]*")
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_BREAKS = "\n\r\x85\u2028\u2029"     # line breaks to YAML: a scalar holding one may span lines


def _resolves(s: str) -> bool:
    """Whether a plain s would read back as something other than a string (PyYAML's implicit resolvers)."""
    for rxs in (_RESOLVERS.get(s[0]), _RESOLVERS.get(None)):
        if rxs and any(rx.match(s) for _tag, rx in rxs):
            return True
    return False


@functools.lru_cache(maxsize=1 << 14)
def _quoted(s: str) -> str | None:
    """How PyYAML writes a string as a block value when it fits one line; None when it does not."""
    text = yaml.dump([s], Dumper=Dumper, allow_unicode=True, default_flow_style=False, width=WIDTH)
    body = text[2:-1]
    if not text.startswith("- ") or not text.endswith("\n") or any(c in body for c in _BREAKS):
        return None
    return body


_SHORT: dict[str, str | None] = {}     # renderings of short strings (keys, kinds, units, names), bounded
_SHORT_MAX_LEN = 24
_SHORT_MAX_SIZE = 1 << 16


def _string(v: str) -> str | None:
    """A string as PyYAML writes it on one line (plain when provably plain, else PyYAML's own rendering)."""
    if v and v[-1] != " " and _PLAIN.fullmatch(v) and not _resolves(v):
        return v
    return _quoted(v)


def _scalar(v: Any) -> str | None:
    """A scalar as PyYAML writes it on one line, or None when the fast path must not guess."""
    t = type(v)
    if t is str:
        got = _SHORT.get(v, "")
        if got != "":
            return got
        got = _string(v)
        if len(v) <= _SHORT_MAX_LEN and len(_SHORT) < _SHORT_MAX_SIZE:
            _SHORT[v] = got
        return got
    if t is int:
        return str(v)
    if v is None:
        return "null"
    if t is bool:
        return "true" if v else "false"
    if t is float:
        r = repr(v)
        if "e" in r or "n" in r or "." not in r:
            return None
        return r
    return None


_KEY_LINES: dict[tuple[Any, ...], list[str] | None] = {}   # line starts ("  key: ") per key sequence


def _key_lines(keys: tuple[Any, ...], indent: int, first_prefix: str | None) -> list[str] | None:
    """The "key: " line starts of a mapping's keys at indent (memoised per key sequence), None if unusual."""
    memo_key = (keys, indent, first_prefix)
    got = _KEY_LINES.get(memo_key, "")
    if got != "":
        return got      # type: ignore[return-value]
    pad = " " * indent
    lines: list[str] | None = []
    for i, k in enumerate(keys):
        key = _scalar(k) if type(k) is str and k else None
        if key is None or key != k or len(key) > 128:     # only plain keys (others may need "? " syntax)
            lines = None
            break
        lead = first_prefix if i == 0 and first_prefix is not None else pad
        lines.append(f"{lead}{key}:")   # type: ignore[union-attr]
    if len(_KEY_LINES) < 4096:
        _KEY_LINES[memo_key] = lines
    return lines


# Where a node stands in the document, for _placed: None for the top mapping, else (parent's place, key, index
# among its siblings) — key None for an item of a sequence.
Place = tuple[Any, Any, int] | None


def _mapping(d: dict[Any, Any], indent: int, out: list[str], first_prefix: str | None = None,
             place: Place = None) -> bool:
    """Append a non-empty block mapping at indent; its first line starts with first_prefix ("- ") if given."""
    lines = _key_lines(tuple(d), indent, first_prefix)
    if lines is None:
        return False
    short = _SHORT
    append = out.append
    room = WIDTH - 1       # a value must end before the width, where PyYAML would start folding
    for i, (line, (k, v)) in enumerate(zip(lines, d.items(), strict=True)):
        t = type(v)
        if t is str:
            s = short.get(v, "")
            if s == "":
                s = _scalar(v)
            if s is None or len(line) + len(s) >= room:
                s = _placed(v, (place, k, i))
                if s is None:
                    return False
                append(f"{line} {s}")
                continue
            append(f"{line} {s}\n")
        elif t is int:
            append(f"{line} {v}\n")
        elif t is dict:
            if not v:
                append(f"{line} {{}}\n")
            else:
                append(f"{line}\n")
                if not _mapping(v, indent + 2, out, None, (place, k, i)):
                    return False
        elif t is list:
            if not v:
                append(f"{line} []\n")
            else:
                append(f"{line}\n")
                if not _sequence(v, indent, out, (place, k, i)):
                    return False
        else:
            s = _scalar(v)
            if s is None or len(line) + len(s) >= room:
                return False
            append(f"{line} {s}\n")
    return True


def _sequence(items: list[Any], indent: int, out: list[str], place: Place = None) -> bool:
    """Append a non-empty block sequence whose "- " items start at indent (PyYAML's indentless style)."""
    pad = " " * indent
    dash = pad + "- "
    room = WIDTH - 2 - indent
    append = out.append
    for i, v in enumerate(items):
        t = type(v)
        if t is dict:
            mark = len(out)
            if not v:
                append(f"{dash}{{}}\n")
            elif not _mapping(v, indent + 2, out, dash, (place, None, i)):
                if indent:
                    return False
                del out[mark:]      # an item at the left margin is written as PyYAML writes it alone: the same text
                append(_pyyaml_dump([v]))
        elif t is list:
            return False
        else:
            s = _scalar(v)
            if s is None or len(s) >= room:
                s = _placed(v, (place, None, i))
                if s is None:
                    return False
                append(f"{dash}{s}")
                continue
            append(f"{dash}{s}\n")
    return True


# ---- strings PyYAML writes over several lines (a line break in them, or past the width) -------------------
# How such a string is written depends only on where it stands: the indentation and column of its key or dash,
# set by its ancestors. So PyYAML writes it inside a stand-in document with the same ancestors (the same keys,
# a sibling before it where it has one) and the string last, and its text is read off the end: everything after
# what the same stand-in writes before a one-character string in its place.

def _stand_in(v: Any, place: Place) -> Any:
    """A document holding v where place says, with the same ancestors and v written last."""
    node = v
    at: Place = place
    while at is not None:
        parent, key, index = at
        if key is None:
            node = [0, node] if index else [node]
        else:
            node = {("b" if key == "a" else "a"): 0, key: node} if index else {key: node}
        at = parent
    return node


def _flat_place(place: Place) -> tuple[tuple[Any, int], ...]:
    out: list[tuple[Any, int]] = []
    while place is not None:
        place, key, index = place
        out.append((key, min(index, 1)))
    return tuple(out)


def _placed(v: str, place: tuple[Any, Any, int]) -> str | None:
    """The text PyYAML writes for string v at place, from after its "key: " or "- " to the end of its last line
    (its final line break included); None when that cannot be read off."""
    return _placed_at(v, _flat_place(place))


@functools.lru_cache(maxsize=1 << 12)
def _placed_at(v: str, flat: tuple[tuple[Any, int], ...]) -> str | None:
    place: Place = None
    for key, index in reversed(flat):
        place = (place, key, index)
    probe = _pyyaml_dump(_stand_in("x", place))
    text = _pyyaml_dump(_stand_in(v, place))
    if not probe.endswith("x\n"):
        return None
    head = probe[:-2]
    if not text.startswith(head) or not text.endswith("\n") or text.endswith("\n...\n"):
        return None
    return text[len(head):]


def clear_caches() -> None:
    """Forget memoised string renderings."""
    _SHORT.clear()
    _KEY_LINES.clear()
    _quoted.cache_clear()
    _placed_at.cache_clear()
