"""Output: write a Document as YAML (and any extracted text) atomically and deterministically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .records import Document
from .yamlio import dump_yaml


def atomic_write(path: Path, data: str) -> None:
    """Write text to path through a temporary file and a rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def output_name(source: str | Path) -> str:
    """output/<name>.yaml: the input's file name without its extension."""
    return Path(source).stem


def write_document(doc: Document, out_dir: str | Path) -> Path:
    """Write <out_dir>/<name>.yaml, and <name>.txt beside it for non-text input (offsets index it)."""
    out = Path(out_dir)
    name = output_name(doc.source)
    if doc.format != "txt":
        atomic_write(out / f"{name}.txt", doc.text)
    target = out / f"{name}.yaml"
    atomic_write(target, dump_yaml(doc.to_dict()))
    return target
