"""Writing output: atomic files, and a Document as YAML (with any extracted text) deterministically."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..records import Document
from ..yamlio import dump_yaml

# Temporary files of atomic writes in progress in this process: a dying worker removes them
# (see pipeline.batch.worker).
PENDING_TEMPS: set[str] = set()
# The name every temporary file gets: .<final name>.<random>.tmp beside the final file.
TEMP_NAME = re.compile(r"^\..+\.[^./]+\.[A-Za-z0-9_]+\.tmp$")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()


@contextlib.contextmanager
def atomic_open(path: str | Path, mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    """Open a temporary file beside path; on success it is synced and renamed to path, on any error removed.

    The file gets the permissions of an ordinary new file (umask applied), not mkstemp's 0600.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    PENDING_TEMPS.add(tmp)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, _FILE_MODE)
        with os.fdopen(fd, mode, **kwargs) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    finally:
        PENDING_TEMPS.discard(tmp)


def atomic_write(path: Path, data: str) -> None:
    """Write text to path through a temporary file and a rename: never a half-written file."""
    with atomic_open(path, "w", encoding="utf-8", newline="") as f:
        f.write(data)


def remove_pending_temps() -> None:
    """Delete this process's unfinished temporary files (for a worker that is being stopped)."""
    for tmp in list(PENDING_TEMPS):
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def clean_stale_temps(out_dir: str | Path) -> int:
    """Delete leftover temporary files of killed writers in out_dir (not recursive); return how many."""
    n = 0
    with contextlib.suppress(FileNotFoundError), os.scandir(out_dir) as it:
        for entry in it:
            if TEMP_NAME.match(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)
                    n += 1
    return n


def output_name(source: str | Path) -> str:
    """output/<name>.yaml: the input's file name without its extension."""
    return Path(source).stem


def write_document(doc: Document, out_dir: str | Path) -> Path:
    """Write <out_dir>/<name>.yaml, and <name>.txt beside it for non-text input (offsets index it)."""
    return write_document_data(doc, out_dir)[0]


def write_document_data(doc: Document, out_dir: str | Path) -> tuple[Path, dict[str, Any], str]:
    """write_document, also returning the mapping written and its YAML text (the batch's records table uses them)."""
    out = Path(out_dir)
    name = output_name(doc.source)
    if doc.format != "txt":
        atomic_write(out / f"{name}.txt", doc.text)
    target = out / f"{name}.yaml"
    data = doc.to_dict()
    text = dump_yaml(data)
    atomic_write(target, text)
    return target, data, text
