"""The cache of compiled rules and jieba's dictionary: the same records with and without it, keyed by content,
a damaged or foreign entry ignored and rebuilt, never a crash."""

import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import cache
from pipeline.lang import Profile, jieba_dict, load_profile
from pipeline.lang import segment_zh as segment

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(d))
    return d


def _entries(d: Path, kind: str) -> list[Path]:
    return sorted(d.glob(f"{kind}-*.bin"))


def _patterns(obj, seen=None):  # type: ignore[no-untyped-def]
    """Every compiled pattern reachable from obj (through attributes, dicts, lists, tuples and sets)."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, re.Pattern):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _patterns(k, seen)
            yield from _patterns(v, seen)
    elif isinstance(obj, list | tuple | set | frozenset):
        for v in obj:
            yield from _patterns(v, seen)
    elif hasattr(obj, "__dict__") and type(obj).__module__.startswith("pipeline"):
        yield from _patterns(vars(obj), seen)


def test_cache_folder_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(cache.ENV, str(tmp_path / "c"))
    assert cache.cache_dir() == tmp_path / "c"
    for off in ("off", "", "none"):
        monkeypatch.setenv(cache.ENV, off)
        assert cache.cache_dir() is None
        assert cache.read("x", "k") is None and not cache.write("x", "k", b"data")
    monkeypatch.delenv(cache.ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "pipeline"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_profile_from_the_cache_is_the_built_one(cache_dir: Path, lang: str) -> None:
    built = load_profile(lang)
    assert len(_entries(cache_dir, "profile")) == 1
    data = cache.read("profile", _entries(cache_dir, "profile")[0].name[len("profile-"):-4])
    cached = cache.loads(data)
    assert isinstance(cached, Profile) and cached.digest == built.digest
    a, b = list(_patterns(built)), list(_patterns(cached))
    assert len(a) == len(b) > 100
    sample = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt")))
    for x, y in zip(a, b, strict=True):     # the rebuilt engine code matches exactly what re.compile's does
        assert (x.pattern, x.flags, x.groupindex, x.groups) == (y.pattern, y.flags, y.groupindex, y.groups)
        assert [m.span() for m in x.finditer(sample)] == [m.span() for m in y.finditer(sample)], x.pattern
    again = load_profile(lang)           # from the cache now
    assert again is not built and again.digest == built.digest


def test_records_are_the_same_with_and_without_the_cache(tmp_path: Path) -> None:
    """Whole runs in fresh processes: no cache, a cache being filled, a filled cache."""
    outs = []
    for name, env in (("off", "off"), ("fill", str(tmp_path / "c")), ("warm", str(tmp_path / "c"))):
        out = tmp_path / name
        subprocess.run([sys.executable, "-m", "pipeline", "run", str(ROOT / "samples"), "-o", str(out), "-q",
                        "--jobs", "1", "--no-table"], check=True, cwd=ROOT, env={**os.environ, cache.ENV: env},
                       capture_output=True)
        outs.append({p.name: p.read_bytes() for p in sorted(out.glob("*.yaml"))})
    assert len(outs[0]) == 3 and outs[0] == outs[1] == outs[2]
    assert _entries(tmp_path / "c", "profile") and _entries(tmp_path / "c", "jieba")


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "flipped":
        i = len(data) - 100
        path.write_bytes(data[:i] + bytes([data[i] ^ 0x40]) + data[i + 1:])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "garbage with a valid digest":
        cache.write(path.name.split("-")[0], path.name.split("-", 1)[1][:-4], b"\x80\x05not a pickle at all")
    elif how == "folder":
        path.unlink()
        path.mkdir()


@pytest.mark.parametrize("how", ["truncated", "flipped", "empty", "garbage with a valid digest", "folder"])
def test_damaged_profile_entry_is_rebuilt(cache_dir: Path, how: str) -> None:
    built = load_profile("zh")
    [entry] = _entries(cache_dir, "profile")
    _damage(entry, how)
    again = load_profile("zh")
    assert again.digest == built.digest
    if how != "folder":
        assert cache.loads(cache.read("profile", entry.name[len("profile-"):-4])).digest == built.digest


@pytest.mark.parametrize("how", ["truncated", "flipped", "empty", "garbage with a valid digest"])
def test_damaged_jieba_entry_is_rebuilt(cache_dir: Path, how: str) -> None:
    names = ("地区生产总值", "规模以上工业增加值")
    tok = jieba_dict.tokenizer(names, segment.word_tags)
    want = list(tok.cut("全市地区生产总值增长6%，规模以上工业增加值增长8%"))
    [entry] = _entries(cache_dir, "jieba")
    _damage(entry, how)
    tok = jieba_dict.tokenizer(names, segment.word_tags)
    assert list(tok.cut("全市地区生产总值增长6%，规模以上工业增加值增长8%")) == want
    assert "地区生产总值" in want
    assert jieba_dict.Chunks(entry.read_bytes().partition(b"\n")[2]).total == tok.total


def test_foreign_objects_are_refused(cache_dir: Path) -> None:
    """A cache file is data: a pickle naming anything but the package's classes is not loaded."""
    class Evil:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (os.system, ("touch " + str(cache_dir / "pwned"),))

    cache.write("profile", "k", pickle.dumps(Evil()))
    assert cache.load_object("profile", "k") is None
    assert not (cache_dir / "pwned").exists()


def test_unusable_cache_folder_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv(cache.ENV, str(tmp_path / "file" / "cache"))
    assert load_profile("zh").digest
    assert not cache.write("x", "k", b"data")


def test_entries_are_written_whole_and_pruned(cache_dir: Path) -> None:
    for i in range(cache.KEEP + 5):
        assert cache.write("thing", f"k{i}", b"x" * 1000)
    assert len(_entries(cache_dir, "thing")) == cache.KEEP
    assert cache.read("thing", f"k{cache.KEEP + 4}") == b"x" * 1000
    assert not list(cache_dir.glob(".*.tmp"))


def test_concurrent_processes_share_one_cache(tmp_path: Path) -> None:
    env = {**os.environ, cache.ENV: str(tmp_path / "c")}
    code = "from pipeline.lang import load_profile; load_profile('zh'); load_profile('en')"
    procs = [subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env) for _ in range(4)]
    assert all(p.wait(timeout=300) == 0 for p in procs)
    assert len(_entries(tmp_path / "c", "profile")) == 2
    assert not list((tmp_path / "c").glob(".*.tmp"))
