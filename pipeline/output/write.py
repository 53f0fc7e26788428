"""Writing output: atomic files, and a Document as YAML (with any extracted text) deterministically."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import yaml

from ..ingest import file_kind
from ..model import Document
from ..yamlio import Loader, dump_yaml

# Temporary files of atomic writes in progress in this process: a dying worker removes them
# (see pipeline.batch.worker).
PENDING_TEMPS: set[str] = set()
# Every temporary file is named .<final name>.pipeline-<8 random characters>.tmp, beside its final file, and only
# files so named after a name this tool writes (.yaml, .txt, .csv, .parquet, .html) are ever deleted as stale.
TEMP_TAG = ".pipeline-"
TEMP_NAME = re.compile(r"^\.(?P<final>.+\.(?:yaml|txt|csv|parquet|html))\.pipeline-[a-z0-9_]{8}\.tmp$")
HEADER_LIMIT = 1 << 16  # bytes of an existing output read to find its header (document + pipeline)


class OutputError(Exception):
    """An output that must not be written (it would replace a file this tool did not write); one line."""


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()


@contextlib.contextmanager
def atomic_open(path: str | Path, mode: str = "w", *, sync: bool = True, **kwargs: Any) -> Iterator[IO[Any]]:
    """Open a temporary file beside path (its folder must exist); on success it is synced and renamed to path,
    on any error removed.

    The file gets the permissions of an ordinary new file (umask applied), not mkstemp's 0600. The rename
    replaces path itself (were it a symbolic link, the link, never its target). sync=False skips the fsync (for
    files that are checked when read and rebuilt when lost, such as the table's row cache): still never half
    written for a reader, only not durable across a power loss.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}{TEMP_TAG}", suffix=".tmp", dir=path.parent)
    PENDING_TEMPS.add(tmp)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, _FILE_MODE)
        with os.fdopen(fd, mode, **kwargs) as f:
            yield f
            f.flush()
            if sync:
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    finally:
        PENDING_TEMPS.discard(tmp)


def atomic_write(path: Path, data: str, sync: bool = True) -> None:
    """Write text to path through a temporary file and a rename: never a half-written file."""
    with atomic_open(path, "w", sync=sync, encoding="utf-8", newline="") as f:
        f.write(data)


def remove_pending_temps() -> None:
    """Delete this process's unfinished temporary files (for a worker that is being stopped)."""
    for tmp in list(PENDING_TEMPS):
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def clean_stale_temps(out_dir: str | Path) -> int:
    """Delete leftover temporary files of killed writers anywhere under out_dir (links not followed); how many.

    Only regular files named as atomic_open names them, after a file this tool writes, are deleted.
    """
    n = 0
    for folder, dirs, files in os.walk(out_dir):
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]
        for name in files:
            if TEMP_TAG in name and TEMP_NAME.match(name):
                path = os.path.join(folder, name)
                with contextlib.suppress(OSError):
                    if stat.S_ISREG(os.lstat(path).st_mode):
                        os.unlink(path)
                        n += 1
    return n


def real_folder(out_dir: str | Path, parts: list[str] | tuple[str, ...]) -> Path:
    """out_dir/parts…, created one folder at a time; OutputError when a part is a link or not a folder.

    So nothing is ever written through a symbolic link below out_dir, nor outside it.
    """
    folder = Path(out_dir)
    for i, part in enumerate(parts):
        folder = folder / part
        try:
            os.mkdir(folder)
            continue
        except FileExistsError:
            pass
        except OSError as e:
            raise OutputError(f"cannot create folder {'/'.join(parts[:i + 1])} in the output folder: "
                              f"{e.strerror}") from None
        mode = os.lstat(folder).st_mode
        if not stat.S_ISDIR(mode):
            what = "a symbolic link" if stat.S_ISLNK(mode) else f"a {file_kind(mode)}"
            raise OutputError(f"{'/'.join(parts[:i + 1])} in the output folder is {what}, not a folder; "
                              "nothing is written through it")
    return folder


def output_path(out_dir: str | Path, name: str, ext: str) -> Path:
    """out_dir/<name><ext> for an output name (`2024/beijing`); OutputError when a folder on the way below
    out_dir is a symbolic link (nothing is read or written through one)."""
    *folders, leaf = name.split("/")
    folder = Path(out_dir)
    for part in folders:
        folder = folder / part
        if os.path.islink(folder):
            raise OutputError(f"{folder} is a symbolic link")
    return folder / f"{leaf}{ext}"


def read_header(yaml_path: Path) -> dict[str, Any] | None:
    """The `document` and `pipeline` mappings at the top of an output YAML, or None if not found or broken.

    Reads only up to the top-level `records:` line (at most HEADER_LIMIT bytes), not the whole file, and only
    from a regular file (never through a symbolic link).
    """
    try:
        if not stat.S_ISREG(os.lstat(yaml_path).st_mode):
            return None
        with open(yaml_path, "rb") as f:
            lines, size = [], 0
            for line in f:
                if line.startswith(b"records:"):
                    break
                lines.append(line)
                size += len(line)
                if size > HEADER_LIMIT:
                    return None
            else:
                return None
        data = yaml.load(b"".join(lines), Loader=Loader)
    except (OSError, yaml.YAMLError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("document"), dict) \
            or not isinstance(data.get("pipeline"), dict):
        return None
    return data


def _replaceable(path: Path, shown: str) -> bool:
    """False when nothing is at path; True for a regular file; OutputError for anything else."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return False
    if stat.S_ISREG(mode):
        return True
    what = "a symbolic link" if stat.S_ISLNK(mode) else f"a {file_kind(mode)}"
    raise OutputError(f"{shown} in the output folder is {what}; not replaced")


def check_owner(yaml_path: Path, shown: str, source: str, sha256: str) -> bool:
    """Whether yaml_path exists and may be replaced by the output of this input; OutputError when it may not.

    An existing file is replaced only when it is this tool's output of the same input: its header names the
    same document.source, or the same sha256 (the same document under another path).
    """
    if not _replaceable(yaml_path, shown):
        return False
    head = read_header(yaml_path)
    if head is None:
        raise OutputError(f"{shown} exists in the output folder and is not this tool's output; not replaced")
    doc = head["document"]
    if doc.get("source") != source and doc.get("sha256") != sha256:
        raise OutputError(f"{shown} in the output folder holds the output of another input, {doc.get('source')}; "
                          "not replaced (remove it, or write to another output folder)")
    return True


def write_document(doc: Document, out_dir: str | Path, name: str) -> Path:
    """Write <out_dir>/<name>.yaml, and <name>.txt beside it for non-text input (offsets index it)."""
    return write_document_data(doc, out_dir, name)[0]


def write_document_data(doc: Document, out_dir: str | Path, name: str) -> tuple[Path, dict[str, Any], str]:
    """write_document, also returning the mapping written and its YAML text (the batch's records table uses them).

    name is the output's path below out_dir without extension, `/`-separated (`2024/beijing`). Raises
    OutputError, before writing anything, when a file there was not written by this tool for this input.
    The YAML is written first: a text beside a PDF's YAML is replaced only when that YAML is this input's.
    """
    *folders, leaf = name.split("/")
    Path(out_dir).mkdir(parents=True, exist_ok=True)  # the output folder itself is the caller's to choose
    folder = real_folder(out_dir, folders)
    target, text_path = folder / f"{leaf}.yaml", folder / f"{leaf}.txt"
    ours = check_owner(target, f"{name}.yaml", doc.source, doc.sha256)
    if doc.format != "txt" and _replaceable(text_path, f"{name}.txt") and not ours:
        raise OutputError(f"{name}.txt exists in the output folder and was not written by this tool for this "
                          "input; not replaced")
    data = doc.to_dict()
    text = dump_yaml(data)
    atomic_write(target, text)
    if doc.format != "txt":
        atomic_write(text_path, doc.text)
    return target, data, text
