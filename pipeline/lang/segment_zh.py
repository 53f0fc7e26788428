"""Segmentation: jieba, loaded once with the glossary as its user dictionary, for word boundaries and noun phrases.

Only short phrases are ever segmented (the text around a figure), never a whole document. Results are
memoised per distinct phrase: the same phrase gives the same words, so the cache changes no decision.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

_names: tuple[str, ...] = ()
_tok: Any = None
_pos: Any = None

CACHE_MAX_CHARS = 64     # phrases up to this length are memoised


def configure(names: Iterable[str]) -> None:
    """Set the glossary names jieba should keep whole (before its first use)."""
    global _names, _tok, _pos
    new = tuple(sorted(set(names)))
    if new != _names:
        _names = new
        _tok = _pos = None
        clear_caches()


def clear_caches() -> None:
    """Forget memoised segmentations (a new dictionary, or a benchmark pass that must start cold)."""
    _words.cache_clear()
    tagged.cache_clear()
    first_tagged.cache_clear()
    boundaries_of.cache_clear()


def initialize(pos: bool = False, whole: bool = False) -> None:
    """Ready jieba's dictionary and the glossary words now, not at the first segmentation (whole: read every
    entry now rather than a first character at a time; pos: the tagger too)."""
    tok = _tokenizer()
    if whole:
        tok.load_all()
    if pos:
        _pos_tokenizer()


def cache_stats() -> dict[str, dict[str, float]]:
    """Calls and the share answered from the memo, per memoised segmentation function."""
    out = {}
    for name, fn in (("words", _words), ("tagged", tagged), ("first_tagged", first_tagged),
                     ("boundaries", boundaries_of)):
        info = fn.cache_info()
        calls = info.hits + info.misses
        out[name] = {"calls": calls, "hits": info.hits, "hit_rate": info.hits / calls if calls else 0.0}
    return out


def _tokenizer() -> Any:
    global _tok
    if _tok is None:
        from .jieba_dict import tokenizer

        _tok = tokenizer(_names, word_tags)
    return _tok


_WS = " \t\r\x0b\x0c"
_DICT_LINE = re.compile(rf"^[{_WS}]*([^{_WS}\n]+) [^{_WS}\n]+ ([^{_WS}\n]+)[{_WS}]*$", re.M)
_NONBLANK_LINE = re.compile(rf"^[{_WS}]*[^{_WS}\n]", re.M)


def word_tags(data: bytes) -> dict[str, str] | None:
    """jieba's word -> part-of-speech table of a dictionary file ("word freq tag" lines), read in one pass.

    The same table jieba's line-by-line loader builds (later lines win), about twice as fast; None when some
    line is not in that form, so that jieba's own loader reports it.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    pairs = _DICT_LINE.findall(text)
    lines = text.count("\n") + (not text.endswith("\n"))
    if len(pairs) != lines and len(pairs) != len(_NONBLANK_LINE.findall(text)):
        return None
    return dict(pairs)


def _pos_tokenizer() -> Any:
    """jieba's part-of-speech tokenizer over our tokenizer (imported on first use: its models are large)."""
    global _pos
    if _pos is None:
        import io

        import jieba.posseg

        class _POSTokenizer(jieba.posseg.POSTokenizer):  # type: ignore[misc]
            def load_word_tag(self, f: Any) -> None:
                tags = getattr(self.tokenizer, "tags", None)
                if tags is not None:          # the chunked dictionary's table, filled as texts are cut
                    f.close()
                    self.word_tag_tab = tags
                    return
                data = f.read()
                f.close()
                table = word_tags(data)
                if table is None:
                    super().load_word_tag(io.BytesIO(data))
                else:
                    self.word_tag_tab = table

        _pos = _POSTokenizer(_tokenizer())
    return _pos


@functools.lru_cache(maxsize=1 << 16)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_tokenizer().cut(text))


def words(text: str) -> list[str]:
    """jieba's words of a short text (default mode, HMM on)."""
    if len(text) <= CACHE_MAX_CHARS:
        return list(_words(text))
    return list(_tokenizer().cut(text))


@functools.lru_cache(maxsize=1 << 16)
def tagged(text: str) -> tuple[tuple[str, str], ...]:
    """(word, part of speech) pairs of a short text."""
    return tuple((w.word, w.flag) for w in _pos_tokenizer().cut(text))


# ---- the first tagged word without jieba's tagger ---------------------------------------------------
# Importing jieba.posseg loads its tagging model (about 0.45 s). Deciding whether the word after a figure is a
# noun needs only the first (word, tag) pair of a short text, and jieba's tagger finds that pair with the
# tokenizer's own dictionary walk unless the text starts with characters it must guess with its model.
# first_tagged follows the same steps (jieba/posseg/__init__.py, POSTokenizer.__cut_internal and __cut_DAG)
# and looks tags up in the dictionary's tag table (lang/jieba_dict.py); only when the model is needed does it
# ask the real tagger.
_RE_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")    # posseg.re_han_internal
_RE_SKIP = re.compile("(\r\n|\\s)")                           # posseg.re_skip_internal
_RE_NUM = re.compile("[\\.0-9]+")                              # posseg.re_num
_RE_ENG = re.compile("[a-zA-Z0-9]+")                            # posseg.re_eng
_NEED_TAGGER = ("", "")


@functools.lru_cache(maxsize=1 << 16)
def first_tagged(text: str) -> tuple[str, str] | None:
    """tagged(text)[0], or None for a text without words (see above: usually without loading the tagger)."""
    if len(text) <= CACHE_MAX_CHARS:
        got = _first_pair(text)
        if got is not _NEED_TAGGER:
            return got
    t = tagged(text)
    return t[0] if t else None


def _first_pair(text: str) -> tuple[str, str] | None:
    for blk in _RE_HAN.split(text):
        if _RE_HAN.match(blk):
            return _first_of_block(blk)
        for x in _RE_SKIP.split(blk):
            if _RE_SKIP.match(x):
                return (x, "x")
            for xx in x:
                if _RE_NUM.match(xx):
                    return (xx, "m")
                return (xx, "eng") if _RE_ENG.match(x) else (xx, "x")
    return None


def _first_of_block(blk: str) -> tuple[str, str]:
    tok = _tokenizer()
    dag = tok.get_DAG(blk)
    route: dict[int, tuple[float, int]] = {}
    tok.calc(blk, dag, route)
    x, buf, n = 0, "", len(blk)
    while x < n:
        y = route[x][1] + 1
        word = blk[x:y]
        if y - x == 1:
            buf += word
        else:
            return _buffered(buf, tok) if buf else _tagged_word(word, tok)
        x = y
    return _buffered(buf, tok)


def _buffered(buf: str, tok: Any) -> tuple[str, str]:
    """The first pair of a run of single characters (jieba guesses an unknown run with its model)."""
    if len(buf) == 1:
        return _tagged_word(buf, tok)
    if not tok.FREQ.get(buf):
        return _first_detail(buf)
    return _tagged_word(buf[0], tok)


_RE_HAN_DETAIL = re.compile("([\u4E00-\u9FD5]+)")                # posseg.re_han_detail
_RE_SKIP_DETAIL = re.compile("([\\.0-9]+|[a-zA-Z0-9]+)")          # posseg.re_skip_detail


def _first_detail(buf: str) -> tuple[str, str]:
    """The first pair of posseg's __cut_detail: an unknown run guessed by its model (viterbi)."""
    for blk in _RE_HAN_DETAIL.split(buf):
        if _RE_HAN_DETAIL.match(blk):
            return _first_guessed(blk)
        for x in _RE_SKIP_DETAIL.split(blk):
            if x:
                return (x, "m") if _RE_NUM.match(x) else (x, "eng") if _RE_ENG.match(x) else (x, "x")
    return _NEED_TAGGER


def _first_guessed(blk: str) -> tuple[str, str]:
    """The first pair of posseg's __cut (the states viterbi finds with the tagger's model)."""
    viterbi, model = _tagger_model()
    _prob, pos_list = viterbi(blk, *model)
    begin = 0
    for i, char in enumerate(blk):
        pos = pos_list[i][0]
        if pos == "B":
            begin = i
        elif pos == "E":
            return (blk[begin:i + 1], pos_list[i][1])
        elif pos == "S":
            return (char, pos_list[i][1])
    return (blk, pos_list[0][1])


@functools.lru_cache(maxsize=1)
def _tagger_model() -> tuple[Any, tuple[Any, ...]]:
    """jieba's viterbi and the tagger's model, read from the files jieba ships (posseg.load_model) without
    importing jieba.posseg, whose import reads the whole dictionary again (about 0.8 s)."""
    import importlib.util
    import pickle
    from pathlib import Path

    import jieba
    from jieba._compat import get_module_res

    spec = importlib.util.spec_from_file_location("_pipeline_jieba_viterbi",
                                                  Path(jieba.__file__).parent / "posseg" / "viterbi.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    model = []
    for name in ("char_state_tab.p", "prob_start.p", "prob_trans.p", "prob_emit.p"):
        with get_module_res("posseg", name) as f:
            model.append(pickle.load(f))
    return module.viterbi, tuple(model)


def _tagged_word(word: str, tok: Any) -> tuple[str, str]:
    """The tag jieba's tagger gives a dictionary word: its table (the names' "n" included), x when absent."""
    return (word, tok.tags.get(word, "x"))


@functools.lru_cache(maxsize=1 << 16)
def boundaries_of(text: str) -> frozenset[int]:
    """Offsets in text where a jieba word starts or ends (memoised per distinct text)."""
    out = {0}
    pos = 0
    for w in _words(text) if len(text) <= CACHE_MAX_CHARS else _tokenizer().cut(text):
        pos += len(w)
        out.add(pos)
    return frozenset(out)


def boundaries(text: str) -> set[int]:
    """Offsets in text where a jieba word starts or ends."""
    return set(boundaries_of(text))


def on_boundaries(text: str, start: int, end: int, window: int = 6) -> bool:
    """Whether [start, end) of text starts and ends on word boundaries (looked at in a small window)."""
    lo = max(0, start - window)
    hi = min(len(text), end + window)
    b = boundaries_of(text[lo:hi])
    return (start - lo) in b and (end - lo) in b


def noun_phrase(text: str, stops: Iterable[str] = ()) -> str:
    """The noun phrase at the start of text: words while they are nouns (or quoted names)."""
    stops = tuple(stops)
    out = ""
    for word, flag in tagged(text[:24]):
        if word in stops or any(word.startswith(s) for s in stops):
            break
        if flag[:1] in ("n", "b", "j", "l") or flag in ("vn", "an", "nz", "eng") or word in "“”\"":
            out += word
        elif out == "" and flag in ("a", "m", "q"):
            out += word
        else:
            break
    return out.strip("“”\"")
