"""Console output: names with control characters escaped; streams that survive a closed pipe or a narrow encoding."""

from __future__ import annotations

import contextlib
import os
import sys
import unicodedata
from typing import IO

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_KEPT = ("Zs", "Co")  # spaces (U+3000 in Chinese text) and private-use characters are shown as they are


def _escaped(c: str) -> str:
    if c in _NAMED:
        return _NAMED[c]
    n = ord(c)
    if 0xDC80 <= n <= 0xDCFF:  # a byte of a file name that was not UTF-8 (Python's surrogateescape)
        return f"\\x{n - 0xDC00:02x}"
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}"


def shown(text: object) -> str:
    """text for a terminal: control, format, separator, unassigned and surrogate characters escaped (\\n, \\x1b,
    \\u202e), everything else (Chinese, spaces) as it is."""
    s = str(text)
    if s.isprintable():
        return s
    return "".join(c if c.isprintable() or unicodedata.category(c) in _KEPT else _escaped(c) for c in s)


def say(line: str, stream: IO[str] | None = None) -> None:
    """Print one line and flush; a closed pipe (`| head -1`) silences the stream instead of raising."""
    stream = sys.stdout if stream is None else stream
    try:
        print(line, file=stream, flush=True)
    except BrokenPipeError:
        silence(stream)


def silence(stream: IO[str]) -> None:
    """Point a standard stream whose reader is gone at the null device, so later writes (and the flush at exit)
    do not raise."""
    with contextlib.suppress(AttributeError, OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)


def tolerant_streams() -> None:
    """Let stdout and stderr write any text: characters their encoding lacks become escapes (PYTHONIOENCODING=ascii)."""
    for s in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            s.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
