"""Inputs: walk the files and folders given, name every entry not read, and give each input its output name."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..ingest import SUPPORTED, file_kind, unsupported
from ..output.table import CACHE_DIR, TABLE_FILES

MAX_LINKS = 40  # symbolic links followed in a row before a chain counts as a loop
NO_REPORTS = "no report files (" + ", ".join(SUPPORTED) + ") in this folder"


@dataclass(frozen=True)
class Input:
    """One report to run: document.source, where to read it, and its output name below -o (no extension)."""

    source: str
    path: str
    name: str


@dataclass(frozen=True)
class Refusal:
    """An entry given or found that is not run: fails (counted as a failed file, exit 1) or is only named."""

    path: str
    reason: str
    fails: bool = True


@dataclass
class _Found:
    source: str      # the path to show and to record as document.source
    abspath: str     # its absolute path (symbolic links in the folders above it kept)
    placed: str      # the absolute path naming follows: abspath, or for a link the file it leads to
    key: tuple[int, int]
    link: bool


def _is_report_name(name: str) -> bool:
    return Path(name).suffix.lower() in SUPPORTED


def _link_target(path: str) -> str:
    """Where a symbolic link finally leads, written like path (relative stays relative), or its realpath."""
    p = path
    for _ in range(MAX_LINKS):
        if not os.path.islink(p):
            break
        p = os.path.normpath(os.path.join(os.path.dirname(p), os.readlink(p)))
    try:
        if os.path.samefile(p, path):
            return p
    except OSError:
        pass
    return os.path.realpath(path)


def _stat_problem(path: str, err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return "symbolic link loop"
    if isinstance(err, FileNotFoundError):
        return "broken symbolic link (what it points to does not exist)" if os.path.islink(path) \
            else "no such file or folder"
    return f"cannot read: {err.strerror}"


class _Walk:
    """The state of one listing: inputs found (one per file), refusals, folders read."""

    def __init__(self, out_dir: Path) -> None:
        self.found: list[_Found] = []
        self.by_key: dict[tuple[int, int], int] = {}
        self.refused: list[tuple[int, Refusal]] = []
        self.seen_dirs: set[tuple[int, int]] = set()
        self.candidates = 0  # report files met, the same one twice counted twice
        try:
            st = os.stat(out_dir)
            self.out_key: tuple[int, int] | None = (st.st_dev, st.st_ino)
        except OSError:
            self.out_key = None

    def refuse(self, path: str, reason: str, fails: bool = True) -> None:
        self.refused.append((len(self.found), Refusal(path, reason, fails)))

    def add_file(self, path: str, st: os.stat_result, link: bool) -> None:
        self.candidates += 1
        key = (st.st_dev, st.st_ino)
        abspath = os.path.abspath(path)
        source, placed = path, abspath
        if link:
            source = _link_target(path)
            placed = os.path.abspath(source)
        item = _Found(source, abspath, placed, key, link)
        if key in self.by_key:  # the same file again: keep it once, as itself rather than through a link
            i = self.by_key[key]
            if self.found[i].link and not link:
                self.found[i] = item
            return
        self.by_key[key] = len(self.found)
        self.found.append(item)

    def argument(self, arg: str) -> None:
        try:
            st = os.stat(arg)
        except OSError as e:
            self.refuse(arg, _stat_problem(arg, e))
            return
        link = os.path.islink(arg)
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key == self.out_key:
                self.refuse(arg, "the output folder (-o) is not read as input")
                return
            if key in self.seen_dirs:  # the same folder given twice (or inside one given before): read once
                return
            before = self.candidates, len(self.refused)
            self.folder(arg, st)
            if (self.candidates, len(self.refused)) == before:
                self.refuse(arg, NO_REPORTS)
        elif not stat.S_ISREG(st.st_mode):
            self.refuse(arg, f"not a regular file (a {file_kind(st.st_mode)})")
        elif (why := unsupported(arg)) is not None:
            self.refuse(arg, why)
        else:
            self.add_file(arg, st, link)

    def folder(self, top: str, top_st: os.stat_result) -> None:
        """Every entry below top, depth first, each folder's entries sorted by name (as a sorted rglob)."""
        self.seen_dirs.add((top_st.st_dev, top_st.st_ino))
        stack: list[str] = [top]
        while stack:
            folder = stack.pop()
            try:
                with os.scandir(folder) as it:
                    names = sorted(e.name for e in it)
            except OSError as e:
                self.refuse(folder, f"cannot read folder: {e.strerror}")
                continue
            subfolders = []
            for name in names:
                path = os.path.join(folder, name)
                if self.entry(path, name):
                    subfolders.append(path)
            stack.extend(reversed(subfolders))

    def entry(self, path: str, name: str) -> bool:
        """Take one folder entry; True when it is a folder to walk."""
        report = _is_report_name(name)
        try:
            st = os.stat(path)
        except OSError as e:
            if isinstance(e, FileNotFoundError) and not os.path.lexists(path):
                return False  # gone while we looked
            self.refuse(path, _stat_problem(path, e), fails=report)
            return False
        link = os.path.islink(path)
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key == self.out_key:
                self.refuse(path, "the output folder (-o) is not read as input", fails=False)
                return False
            if key in self.seen_dirs:
                self.refuse(path, "a link to a folder already read", fails=False)
                return False
            self.seen_dirs.add(key)
            if report:
                self.refuse(path, "a folder named like a report file (its files are read as a folder's)")
            return True
        if not stat.S_ISREG(st.st_mode):
            self.refuse(path, f"not a regular file (a {file_kind(st.st_mode)})", fails=report)
        elif report:
            self.add_file(path, st, link)
        return False


def _root(args: list[str]) -> str:
    """The deepest folder holding every argument (a folder counts as itself, a file as its folder)."""
    places = []
    for a in args:
        p = os.path.abspath(a)
        places.append(p if os.path.isdir(a) else os.path.dirname(p))
    if not places:
        return os.path.abspath(os.curdir)
    try:
        return os.path.commonpath(places)
    except ValueError:  # different drives
        return os.path.abspath(os.sep)


def _relative(found: _Found, root: str) -> list[str]:
    """The parts of an input's place below root; a link leading outside sits in its own folder, under its name."""
    rel = os.path.relpath(found.placed, root)
    if rel.startswith(os.pardir) or os.path.isabs(rel):
        rel = os.path.relpath(os.path.join(os.path.dirname(found.abspath), os.path.basename(found.placed)), root)
    return [p for p in Path(rel).parts if p not in ("", os.curdir)]


def _short(file: str) -> str:
    stem = file[: -len(Path(file).suffix)] if Path(file).suffix else file
    return file if stem in ("", ".", "..") else stem


def name_outputs(found: list[_Found], root: str) -> list[tuple[list[str], str]]:
    """(folder parts, file name) of each input's output, without extension: the stem, or the whole file name
    when another input in the same folder has the same stem or that stem as its whole name (case ignored).

    Names that still differ only in case (A.txt and a.txt, X/r.txt and x/r.txt) are refused by find_inputs."""
    placed = [_relative(f, root) for f in found]
    clashes: dict[tuple[str, str], int] = {}
    for parts in placed:
        folder, short = "/".join(parts[:-1]), _short(parts[-1])
        for key in {(folder, short.casefold()), (folder, parts[-1].casefold())}:
            clashes[key] = clashes.get(key, 0) + 1
    out = []
    for parts in placed:
        short = _short(parts[-1])
        unique = clashes[("/".join(parts[:-1]), short.casefold())] == 1
        out.append((parts[:-1], short if unique else parts[-1]))
    return out


def find_inputs(args: list[str], out_dir: str | Path) -> tuple[list[Input], list[Refusal]]:
    """The inputs of these arguments in order (each file once) with unique output names, and the refusals.

    Output names mirror each input's path below the root: the deepest folder holding every argument (a folder
    argument counts as itself, a file argument as its folder); see name_outputs for the file name.

    Refusals: arguments that do not exist or hold no report; entries named like a report (.txt, .pdf, .html …) that
    are not regular files (folders, FIFOs, devices, broken links, link loops); folders that cannot be read;
    two inputs whose outputs would still clash (names differing only in case, a file where another needs a
    folder); names that are not valid UTF-8. Entries that are only named: the output folder, a link to a
    folder already read, and other entries that are not regular files or folders.
    """
    walk = _Walk(Path(out_dir))
    for a in args:
        walk.argument(a)
    root = _root([a for a in args if os.path.exists(a)])
    names = name_outputs(walk.found, root)
    claimed: dict[str, tuple[str, str]] = {n.casefold(): ("reserved", "") for n in (*TABLE_FILES, CACHE_DIR)}
    inputs: list[Input | None] = []
    for i, (f, (folders, leaf)) in enumerate(zip(walk.found, names, strict=True)):
        name = "/".join([*folders, leaf])
        why = _claim(claimed, folders, leaf, f)
        if why is None and not _utf8(f.source):
            why = "the file name is not valid UTF-8 (rename it, e.g. with convmv)"
        if why is not None:
            walk.refused.append((i, Refusal(f.source, why)))
            inputs.append(None)
            continue
        inputs.append(Input(f.source, f.source, name))
    kept = [x for x in inputs if x is not None]
    order = sorted(walk.refused, key=lambda t: t[0])
    return kept, [r for _, r in order]


def _utf8(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _claim(claimed: dict[str, tuple[str, str]], folders: list[str], leaf: str, f: _Found) -> str | None:
    """Reserve an input's output paths (folders, YAML, a PDF's text), case ignored; why not, if they clash."""
    wants = [("/".join(folders[:i + 1]), "folder") for i in range(len(folders))]
    base = "/".join([*folders, leaf])
    wants.append((f"{base}.yaml", "file"))
    if SUPPORTED.get(Path(f.source).suffix.lower(), "txt") != "txt":
        wants.append((f"{base}.txt", "file"))         # the text of a PDF, page or Word file
    for path, kind in wants:
        had = claimed.get(path.casefold())
        if had is not None and had[0] == "reserved":
            return f"its output would go to {path}, which this tool keeps for its records table; rename it"
        if had is not None and (kind == "file" or had[0] == "file"):
            return (f"its output {path} would also be that of {had[1]} (the names differ only in case, or a file "
                    "would take a folder's place); rename one of them")
    for path, kind in wants:
        claimed.setdefault(path.casefold(), (kind, f.source))
    return None
