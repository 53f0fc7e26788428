"""On-disk cache of compiled rules and jieba's dictionary: files keyed by content digests, written atomically."""

# See docs/performance.md ("The cache"). Every entry is one file <kind>-<key>.bin whose key is a digest of
# everything the entry is computed from (rule file bytes, the package's source, Python's and the regex engine's
# versions, jieba's dictionary bytes …), so an entry is never stale: a change makes a new key. A file starts with
# a magic line and the sha256 of its payload; a file that is short, altered or unreadable is ignored (and
# rebuilt), never trusted. Writes go to a temporary file in the same folder, renamed into place: concurrent
# processes each write a whole file and the last rename wins. The folder is PIPELINE_CACHE_DIR (off: no cache),
# else $XDG_CACHE_HOME/pipeline, else ~/.cache/pipeline; a folder that cannot be written only costs time.

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

ENV = "PIPELINE_CACHE_DIR"
OFF = ("", "off", "none", "0", "no")
MAGIC = b"pipeline-cache 1 "
KEEP = 16   # entries of a kind kept (the newest): other rules folders, other versions of the code
_PACKAGE = Path(__file__).resolve().parent
_source_digest: str | None = None


def cache_dir() -> Path | None:
    """The cache folder (None when caching is off: PIPELINE_CACHE_DIR=off)."""
    value = os.environ.get(ENV)
    if value is not None:
        return None if value.strip().lower() in OFF else Path(value).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pipeline"


def digest(*parts: str | bytes) -> str:
    """A key from parts (each length-prefixed, so that no two lists of parts give the same key)."""
    h = hashlib.sha256()
    for p in parts:
        b = p.encode("utf-8", "surrogatepass") if isinstance(p, str) else p
        h.update(len(b).to_bytes(8, "little") + b)
    return h.hexdigest()[:32]


def source_digest() -> str:
    """A digest of the package's Python source and of the interpreter: a cached object is only used by the code
    that made it (computed once per process)."""
    global _source_digest
    if _source_digest is None:
        import _sre

        parts: list[str | bytes] = [sys.version, str(_sre.MAGIC), str(sys.maxunicode)]
        for path in sorted(_PACKAGE.rglob("*.py")):
            parts += [path.relative_to(_PACKAGE).as_posix(), path.read_bytes()]
        _source_digest = digest(*parts)
    return _source_digest


def _path(kind: str, key: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"{kind}-{key}.bin"


def read(kind: str, key: str) -> bytes | None:
    """The payload stored under kind and key, or None (absent, unreadable, or not exactly what was written)."""
    path = _path(kind, key)
    if path is None:
        return None
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    head, sep, payload = data.partition(b"\n")
    if not sep or head != MAGIC + hashlib.sha256(payload).hexdigest().encode():
        return None
    return payload


def write(kind: str, key: str, payload: bytes) -> bool:
    """Store payload under kind and key (atomically: a temporary file renamed); False when it cannot be."""
    path = _path(kind, key)
    if path is None:
        return False
    tmp = None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n")
            f.write(payload)
        os.replace(tmp, path)
        prune(path.parent, kind, keep=path)
        return True
    except OSError:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return False


def prune(folder: Path, kind: str, keep: Path, entries: int = KEEP) -> None:
    """Remove all but the newest entries of a kind (keys of code or rules no longer in use) and temporary files
    older than an hour (of writers that were killed)."""
    import time

    with contextlib.suppress(OSError):
        mine = sorted((p for p in folder.glob(f"{kind}-*.bin") if p != keep),
                      key=lambda p: p.stat().st_mtime, reverse=True)
        for p in mine[entries - 1:]:
            with contextlib.suppress(OSError):
                p.unlink()
        for p in folder.glob(f".{kind}-*.tmp"):
            with contextlib.suppress(OSError):
                if p.stat().st_mtime < time.time() - 3600:
                    p.unlink()


# ---- objects: pickled, with compiled regular expressions stored as the regex engine's code ----------------
# Unpickling a re.Pattern normally compiles it again (most of the cost of loading the rules); here a pattern is
# stored with the code Python's regex compiler made for it and rebuilt by _sre.compile, which is what
# re.compile ends with. The key holds the interpreter's version and _sre.MAGIC, so the code always fits.

def _pattern(pattern: str | bytes, flags: int, code: list[int], groups: int, groupindex: dict[str, int],
             indexgroup: tuple[str | None, ...]) -> re.Pattern[Any]:
    import _sre

    return _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)  # type: ignore[no-any-return]


def _pattern_args(rx: re.Pattern[Any]) -> tuple[Any, ...]:
    """The arguments re.compile hands _sre.compile for this pattern (re/_compiler.py, compile())."""
    from re import _compiler, _parser

    parsed = _parser.parse(rx.pattern, rx.flags)
    code = [int(c) for c in _compiler._code(parsed, rx.flags)]
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (rx.pattern, rx.flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, re.Pattern):
            return _pattern, _pattern_args(obj)
        return NotImplemented


# what a cached object may be made of: the package's own classes and a few standard ones (never a function
# from elsewhere: a cache file is data, not code)
_ALLOWED = {("builtins", n) for n in ("set", "frozenset", "dict", "list", "tuple", "bytearray", "complex", "slice",
                                      "object", "getattr")}
_ALLOWED |= {("pathlib", "PosixPath"), ("pathlib", "WindowsPath"), ("pathlib", "Path"), ("copyreg", "_reconstructor"),
             ("collections", "OrderedDict"), ("collections", "defaultdict"), ("collections", "Counter"),
             ("re", "RegexFlag"), ("fractions", "Fraction"), ("decimal", "Decimal")}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED or module == "pipeline" or module.startswith("pipeline."):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache file")


def dumps(obj: Any) -> bytes:
    """obj pickled, its compiled patterns stored as compiled code."""
    buf = io.BytesIO()
    _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return buf.getvalue()


def loads(data: bytes) -> Any:
    """An object from dumps (only the package's classes and standard containers are accepted)."""
    return _Unpickler(io.BytesIO(data)).load()


def load_object(kind: str, key: str) -> Any:
    """The object stored under kind and key, or None (absent or unusable: the caller builds it again)."""
    data = read(kind, key)
    if data is None:
        return None
    try:
        return loads(data)
    except Exception:  # a file from other code, or damaged in a way the digest did not catch
        return None


def store_object(kind: str, key: str, obj: Any) -> bool:
    """Store obj under kind and key; False when it cannot be pickled or written (the run goes on without)."""
    try:
        data = dumps(obj)
    except Exception:
        return False
    return write(kind, key, data)
