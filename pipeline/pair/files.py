"""Twin files: which report goes with which translation (the same name once the language tag is removed)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..batch.inputs import find_inputs

# The language tags a file name may end with, before its extension: x.zh.txt, x_cn.pdf, x-en.txt (case ignored).
TAGS = {"zh": ("zh", "cn", "chs", "chn", "zh-cn", "zh_cn", "zh-hans", "chinese"),
        "en": ("en", "eng", "en-us", "en_us", "en-gb", "en_gb", "english")}
_TAG = re.compile(r"^(?P<key>.*?)[._-](?P<tag>" + "|".join(
    sorted((re.escape(t) for ts in TAGS.values() for t in ts), key=len, reverse=True)) + r")$", re.IGNORECASE)


class PairError(Exception):
    """Arguments that cannot be paired (a file with a folder, a path that is neither); one line."""


@dataclass
class Matched:
    """Twin files found: (original, translation) pairs in name order, files left without a twin (why), and
    entries that cannot be read (why)."""

    pairs: list[tuple[str, str]] = field(default_factory=list)
    alone: list[tuple[str, str]] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)


def split_tag(name: str) -> tuple[str, str | None]:
    """A file name's key (its name without extension and language tag, case folded) and its tag's language.

    `x.zh.txt` → (`x`, `zh`); `Report_EN.pdf` → (`report`, `en`); `x.txt` → (`x`, None).
    """
    stem = name[: -len(Path(name).suffix)] if Path(name).suffix else name
    m = _TAG.match(stem)
    if m and m.group("key"):
        tag = m.group("tag").lower()
        return m.group("key").casefold(), next(lang for lang, ts in TAGS.items() if tag in ts)
    return stem.casefold(), None


def _files(folder: str, lang: str) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    """{key: files} of one side's folder (recursive: the key holds the path below the folder), taking the files
    tagged with this side's language or with none, and the entries that cannot be read."""
    inputs, refused = find_inputs([folder], os.devnull)
    out: dict[str, list[str]] = {}
    for inp in inputs:
        rel = Path(os.path.relpath(inp.source, folder))
        key, tag = split_tag(rel.name)
        if tag not in (None, lang):
            continue
        out.setdefault("/".join([*(p.casefold() for p in rel.parts[:-1]), key]), []).append(inp.source)
    return out, [(r.path, r.reason) for r in refused if r.fails]


def match_files(original: str, translation: str) -> Matched:
    """The twin files of two arguments: two files are twins as given; in two folders (or the same folder
    twice), files whose names are the same below their folder once the extension and a language tag are
    removed (`x.zh.txt` ↔ `x.en.txt`, `2024/a.txt` ↔ `2024/a.txt`). In one folder given twice only tagged
    files count (an untagged one would be its own twin). PairError for a file given with a folder."""
    kinds = []
    for arg in (original, translation):
        if os.path.isdir(arg):
            kinds.append("folder")
        elif os.path.isfile(arg):
            kinds.append("file")
        else:
            raise PairError(f"{arg}: no such file or folder")
    if kinds == ["file", "file"]:
        return Matched([(original, translation)])
    if kinds[0] != kinds[1]:
        raise PairError("give two files or two folders (a file and a folder cannot be paired)")
    same = os.path.samefile(original, translation)
    zh, zbad = _files(original, "zh")
    en, ebad = _files(translation, "en")
    found = Matched(unreadable=zbad + ([] if same else ebad))
    for key in sorted(set(zh) | set(en)):
        zs, es = zh.get(key, []), en.get(key, [])
        if same:  # one folder: an untagged file is on both sides, and is no one's twin
            found.alone += [(f, "untagged, in a folder given for both languages") for f in zs
                            if split_tag(Path(f).name)[1] is None]
            zs = [f for f in zs if split_tag(Path(f).name)[1] == "zh"]
            es = [f for f in es if split_tag(Path(f).name)[1] == "en"]
        if len(zs) == 1 and len(es) == 1:
            found.pairs.append((zs[0], es[0]))
            continue
        for f in zs + es:
            why = ("several files have this name once the language tag is removed" if len(zs) > 1 or len(es) > 1
                   else "no file of the other language has this name once the language tag is removed")
            found.alone.append((f, why))
    return found
