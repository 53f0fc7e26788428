"""OCR: a page without a usable text layer rendered by PDFium, turned upright, deskewed and read by Tesseract.

The words Tesseract reads become `Char`s like those of a text layer (PDF points, top-down), so
running headers, page numbers, columns and paragraphs are found by the same steps.  Tesseract's
word boundaries decide the spaces: one only between two Latin words or numbers, never next to a
CJK character (OCR'd Chinese comes with spaces between characters).  Glyphs are spread over each
run of words in reading order (Tesseract's boxes are rough, its order is right), font sizes are
estimated from the width of CJK lines or the height of lines and snapped to the page's usual
size, specks of dirt are dropped, and `normalise` repairs what cannot change what a well-formed
report says (docs/formats.md lists each repair and the measurements).
"""

from __future__ import annotations

import math
import os
import re
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .model import Char, Page, is_wide
from .settings import (
    OCR_CJK_INK,
    OCR_DESKEW_MAX,
    OCR_DESKEW_MIN,
    OCR_DPI,
    OCR_EDGE_WORDS,
    OCR_LANGUAGES,
    OCR_LATIN_SNAP,
    OCR_LONG_LINE,
    OCR_NARROW,
    OCR_OPENING_INK,
    OCR_ORIENTATION_CONFIDENCE,
    OCR_RUN_GAP,
    OCR_SCRIPT_CONFIDENCE,
    OCR_SCRIPTS,
    OCR_SIZE_SNAP,
    OCR_SPECK_CONFIDENCE,
    OCR_SPECK_GAP,
    OCR_TALL_LINE,
    TESSDATA_DIRS,
)

# a letter between digits, or between a digit and a decimal point: the digit it looks like (1O.5, 2l0, 3.O%)
_DIGIT_LOOKALIKE = re.compile(r"(?<=\d)([Oo]|[lI|])(?=\d|[.,]\d)|(?<=\d[.,])([Oo]|[lI|])(?=\d|%)")
_INK = re.compile(r"[^\W_]|[%‰％]")     # a letter, digit, CJK character or percent sign (not a mark a speck makes)
_LOOKALIKE_DIGIT = {"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"}
_NO_SPACE_BEFORE = frozenset(".,;:!?%‰)]}'\"”’")
_NO_SPACE_AFTER = frozenset("([{“‘$¥")
_CJK_FULL = frozenset("“”‘’—…·")
_OPENING = frozenset("（《「『“‘〈【〔")     # full-width opening marks: their ink stands in the right half
_IDEOGRAPHS = re.compile("[\u3400-\u9fff]+")
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
# ASCII punctuation next to a CJK character is the full-width mark misread (brackets are not: reports write
# both (3.6万亩) and （3.6万亩）; a pair OCR read half in each width is made full-width)
_HALF_PUNCT = re.compile(rf"(?<=[{_CJK}])[,;:!?]|[,;:!?](?=[{_CJK}])")
_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_DASH_BETWEEN = re.compile(r"(?<=[\d%])一(?=\d)")          # 2016一2020年, 7%一8%: a dash read as 一
_AFTER_PERCENT = re.compile(rf"(?<=\d%)\d(?=[{_CJK}]|$)")   # 4.2%0和: a mark read as a digit
_PERMILLE = re.compile(r"(?<=\d)%o(?![A-Za-z])")               # 3.2%o: ‰
_OPEN_BEFORE_FULL = re.compile(r"[(〈](?=[^()（）〈〉]{0,30}）)")      # (2790亩）, 〈600亩）: the pair is full-width
_CLOSE_AFTER_FULL = re.compile(r"(?<=（)([^()（）〈〉]{0,30})[)〉]")
# 〈助理), (助理〉: an angle bracket (a full-width bracket misread) paired with a half-width one: full-width
_ANGLE_PAIR = re.compile(r"〈([^()（）〈〉]{0,30})\)|\(([^()（）〈〉]{0,30})〉")

Line = tuple[tuple[int, int, int, int], list[tuple[str, tuple[int, int, int, int], float]]]


def normalise(text: str) -> str:
    """Repairs of OCR'd text that cannot change what a well-formed report says: lookalike letters between
    digits, half-width , ; : ! ? next to CJK, a bracket pair read half in each width (or with an angle bracket),
    a dash read as 一 between numbers, %o for ‰, a digit glued to a percent sign before CJK text."""
    text = _DIGIT_LOOKALIKE.sub(lambda m: _LOOKALIKE_DIGIT[m.group()], text)
    text = _HALF_PUNCT.sub(lambda m: _FULL[m.group()], text)
    text = _OPEN_BEFORE_FULL.sub("（", text)
    text = _CLOSE_AFTER_FULL.sub(r"\1）", text)
    text = _ANGLE_PAIR.sub(lambda m: f"（{m.group(1) if m.group(1) is not None else m.group(2)}）", text)
    text = _DASH_BETWEEN.sub("—", text)
    text = _PERMILLE.sub("‰", text)
    return _AFTER_PERCENT.sub("", text)


class OcrUnavailable(Exception):
    """Tesseract cannot be used here; str(e) says what to install."""


def tessdata_dir(languages: Sequence[str] = OCR_LANGUAGES) -> tuple[str, list[str]]:
    """The folder of Tesseract's language data and the wanted languages found there (TESSDATA_PREFIX first)."""
    dirs = [os.environ["TESSDATA_PREFIX"]] if os.environ.get("TESSDATA_PREFIX") else []
    for d in [*dirs, *TESSDATA_DIRS]:
        found = [lang for lang in languages if (Path(d) / f"{lang}.traineddata").is_file()]
        if found:
            return d, found
    raise OcrUnavailable("no Tesseract language data for " + "/".join(languages) + " (apt-get install "
                         "tesseract-ocr-chi-sim tesseract-ocr-eng, or set TESSDATA_PREFIX)")


class Engine:
    """Tesseract (tesserocr) engines, one per language set, made on first use and kept for the process."""

    _instance: Engine | None = None

    def __init__(self) -> None:
        try:
            import tesserocr
        except ImportError:
            raise OcrUnavailable("the OCR library is not installed (pip install tesserocr)") from None
        self.tesserocr = tesserocr
        self.path, self.installed = tessdata_dir()
        self.apis: dict[str, Any] = {}
        self.osd = self._api("osd", tesserocr.PSM.OSD_ONLY) if (Path(self.path) / "osd.traineddata").is_file() \
            else None

    @classmethod
    def get(cls) -> Engine:
        if cls._instance is None:
            cls._instance = Engine()
        return cls._instance

    def _api(self, languages: str, psm: int) -> Any:
        try:
            api = self.tesserocr.PyTessBaseAPI(path=self.path + os.sep, lang=languages, psm=psm)
        except RuntimeError as exc:
            raise OcrUnavailable(f"Tesseract could not load {languages} from {self.path}: {exc}") from None
        api.SetVariable("tessedit_do_invert", "0")     # no white-on-black text in reports; saves time
        return api

    def languages(self, script: str | None) -> str:
        """The installed languages to read a script with (all of them for an unknown script)."""
        wanted = [lang for lang in OCR_SCRIPTS.get(script or "", ()) if lang in self.installed]
        return "+".join(wanted or self.installed)

    def orient(self, image: Any, dpi: int) -> tuple[Any, str | None]:
        """The image turned upright (Tesseract's orientation detection, when sure) and its script."""
        if self.osd is None:
            return image, None
        self.osd.SetImage(image)
        self.osd.SetSourceResolution(dpi)
        try:
            found = self.osd.DetectOrientationScript()
        except RuntimeError:
            found = None
        if not found:
            return image, None
        if found["orient_deg"] and found["orient_conf"] >= OCR_ORIENTATION_CONFIDENCE:
            image = image.rotate(found["orient_deg"], expand=True)
        return image, found["script_name"] if found["script_conf"] >= OCR_SCRIPT_CONFIDENCE else None

    def lines(self, image: Any, dpi: int) -> tuple[Any, list[Line]]:
        """The image as read (upright, deskewed) and Tesseract's text lines: (line box, [(word, box, confidence)])."""
        image, script = self.orient(image, dpi)
        langs = self.languages(script)
        if langs not in self.apis:
            self.apis[langs] = self._api(langs, self.tesserocr.PSM.AUTO)
        api = self.apis[langs]
        api.SetImage(image)
        api.SetSourceResolution(dpi)
        layout = api.AnalyseLayout()
        if layout is not None:
            angle = math.degrees(layout.Orientation()[3])
            if OCR_DESKEW_MIN < abs(angle) < OCR_DESKEW_MAX:
                image = image.rotate(angle, resample=3, fillcolor=255)    # 3: bicubic
                api.SetImage(image)
                api.SetSourceResolution(dpi)
        lines = self._recognize(api)
        if _merged(lines):
            # page layout analysis took two rows for one line (their words come out garbled): read the page
            # as one block of text, which finds rows by themselves, and keep that when it merged fewer
            api.SetPageSegMode(self.tesserocr.PSM.SINGLE_BLOCK)
            try:
                block = self._recognize(api)
            finally:
                api.SetPageSegMode(self.tesserocr.PSM.AUTO)
            if _merged(block) < _merged(lines):
                lines = block
        return image, lines

    def _recognize(self, api: Any) -> list[Line]:
        ril = self.tesserocr.RIL
        api.Recognize()
        out: list[Line] = []
        it = api.GetIterator()
        if it is None:
            return out
        for w in self.tesserocr.iterate_level(it, ril.WORD):
            try:
                text = w.GetUTF8Text(ril.WORD)
            except RuntimeError:                # tesserocr: "No text returned" for an empty word
                continue
            box = w.BoundingBox(ril.WORD)
            if box is None:
                continue
            if w.IsAtBeginningOf(ril.TEXTLINE) or not out:
                out.append((w.BoundingBox(ril.TEXTLINE) or box, []))
            if text and text.strip():
                out[-1][1].append((text.strip(), box, w.Confidence(ril.WORD)))
        return [ln for ln in out if ln[1]]


def _merged(lines: list[Line]) -> int:
    """How many lines are more than OCR_TALL_LINE times as tall as the usual line (two rows taken as one)."""
    heights = [box[3] - box[1] for box, words in lines if len(words) >= 3]
    if not heights:
        return 0
    usual = statistics.median(heights)
    return sum(1 for h in heights if h > OCR_TALL_LINE * usual)


def read_page(pdf_page: Any, page: Page, dpi: int = OCR_DPI) -> float | None:
    """OCR one page into `page.chars` (its size too, when it was turned); the mean word confidence (0-100),
    None when no text was found."""
    engine = Engine.get()
    image = pdf_page.render(scale=dpi / 72, grayscale=True).to_pil()
    image, lines = engine.lines(image, dpi)
    k = 72 / dpi
    page.width, page.height = image.width * k, image.height * k
    page.chars, conf = chars_of(lines, k)
    page.source = "ocr"
    return conf


def _weight(ch: str, cjk: bool = True) -> float:
    """A glyph's width in em: CJK 1, others OCR_NARROW; quotes, dashes and ellipses are full-width in CJK text."""
    return 1.0 if is_wide(ch) or (cjk and ch in _CJK_FULL) else OCR_NARROW


def chars_of(lines: list[Line], k: float) -> tuple[list[Char], float | None]:
    """Glyphs of OCR'd lines in points (`k`: points per pixel), and the mean confidence per character.

    Tesseract's word boxes are rough (a CJK word's box may overlap its neighbours'), its order is right:
    the words of a line are cut into runs at wide gaps (OCR_RUN_GAP em: tab stops, columns), and a run's
    glyphs are spread over its width in reading order (a CJK glyph 1 em, others OCR_NARROW em).
    """
    # a line of punctuation alone, or of words all doubted, is specks (or a page number's dashes read as E)
    lines = [ln for ln in lines if any(_INK.search(t) for t, _, _ in ln[1])
             and any(c >= OCR_SPECK_CONFIDENCE for _, _, c in ln[1])]
    sizes = [_size(box, words) for box, words in lines]
    usual = statistics.median(sizes) if sizes else 0.0
    chars: list[Char] = []
    total = weight = 0.0
    for (_, words), size in zip(lines, sizes, strict=True):
        ideographs = sum(1 for t, _, _ in words if _IDEOGRAPHS.search(t))
        snap = OCR_SIZE_SNAP if 2 * ideographs >= len(words) else OCR_LATIN_SNAP
        if usual and abs(size - usual) <= snap * usual:
            size = usual
        words = _without_specks(words, size)
        if not words:
            continue
        text = "".join(t for t, _, _ in words)
        cjk = 2 * sum(1 for c in text if is_wide(c)) >= len(text)
        words = _placed(words, size, cjk)
        # the middle of the words' tops and bottoms: a speck or a long stroke stretches the line's box
        top, bottom, em = (statistics.median(b[1] for _, b, _ in words) * k,
                           statistics.median(b[3] for _, b, _ in words) * k, size * k)
        runs: list[list[tuple[str, tuple[int, int, int, int]]]] = []
        for text, wbox, conf in words:
            total += conf * len(text)
            weight += len(text)
            if not runs or wbox[0] - runs[-1][-1][1][2] >= OCR_RUN_GAP * size:
                runs.append([])
            runs[-1].append((text, wbox))
        for run in runs:
            parts: list[str] = []
            for text, _ in run:
                if parts and _spaced(parts[-1][-1], text[0]):
                    parts.append(" ")            # between two Latin words; never next to CJK
                parts.append(text)
            glyphs = normalise("".join(parts))
            units = sum(_weight(c, cjk) for c in glyphs)
            # CJK word boxes are rough and CJK glyphs all 1 em: the run's ends from several words;
            # Latin word boxes are tight and Latin glyphs of many widths: the run's own ends
            x0_px, x1_px = _run_edges(run, size, cjk) if cjk else (run[0][1][0], max(b[2] for _, b in run))
            x0, x1 = x0_px * k, x1_px * k
            x = x0
            for c in glyphs:
                w = (x1 - x0) * _weight(c, cjk) / units
                chars.append(Char(c, x, x + w, top, bottom, bottom, em))
                x += w
    return chars, (total / weight if weight else None)


def _spaced(before: str, after: str) -> bool:
    """Whether Tesseract's word boundary between these characters is a space: between Latin words and numbers,
    never next to a CJK character, before a closing mark or after an opening one (1 . -> 1.)."""
    return not (is_wide(before) or is_wide(after) or after in _NO_SPACE_BEFORE or before in _NO_SPACE_AFTER)


def _run_edges(run: list[tuple[str, tuple[int, int, int, int]]], size: float, cjk: bool) -> tuple[float, float]:
    """Where a run of words starts and ends (pixels): the median of what its first and last OCR_EDGE_WORDS
    words say (a word's box, less or plus the glyphs before or after it), as one box may be stretched by a
    speck or cut short."""
    units = [sum(_weight(c, cjk) for c in t) for t, _ in run]
    before = 0.0
    starts = []
    for (t, b), u in zip(run[:OCR_EDGE_WORDS], units, strict=False):
        starts.append(b[0] - (before + (OCR_OPENING_INK if cjk and t[0] in _OPENING else 0.0)) * size)
        before += u
    after = 0.0
    ends = []
    for (_, b), u in zip(reversed(run[-OCR_EDGE_WORDS:]), reversed(units), strict=False):
        ends.append(b[2] + after * size)
        after += u
    x0, x1 = statistics.median(starts), statistics.median(ends)
    return (x0, x1) if x1 > x0 else (run[0][1][0], max(b[2] for _, b in run))


def _placed(words: list[tuple[str, tuple[int, int, int, int], float]], size: float,
            cjk: bool) -> list[tuple[str, tuple[int, int, int, int], float]]:
    """The words with a doubted word whose box is far too narrow for its characters (a speck and a glyph read
    as one word) moved next to its neighbour, as wide as its characters."""
    out = list(words)
    for i, (t, b, conf) in enumerate(out):
        need = sum(_weight(c, cjk) for c in t) * size
        if conf >= OCR_SPECK_CONFIDENCE or b[2] - b[0] >= 0.5 * need:
            continue
        if i + 1 < len(out):
            x1 = out[i + 1][1][0]
            out[i] = (t, (round(x1 - need), b[1], x1, b[3]), conf)
        elif i:
            x0 = out[i - 1][1][2]
            out[i] = (t, (x0, b[1], round(x0 + need), b[3]), conf)
    return out


def _without_specks(words: list[tuple[str, tuple[int, int, int, int], float]],
                    size: float) -> list[tuple[str, tuple[int, int, int, int], float]]:
    """The words of a line without specks of dirt read as marks or letters: punctuation that Tesseract
    doubts, and at either end of the line, standing apart (OCR_SPECK_GAP em), punctuation or a single
    character that Tesseract doubts."""
    def speck(w: tuple[str, tuple[int, int, int, int], float]) -> bool:
        return not _INK.search(w[0]) or (len(w[0]) == 1 and w[2] < OCR_SPECK_CONFIDENCE)
    words = [w for w in words if _INK.search(w[0]) or w[2] >= OCR_SPECK_CONFIDENCE]
    while len(words) > 1 and speck(words[0]) and words[1][1][0] - words[0][1][2] > OCR_SPECK_GAP * size:
        words = words[1:]
    while len(words) > 1 and speck(words[-1]) and words[-1][1][0] - words[-2][1][2] > OCR_SPECK_GAP * size:
        words = words[:-1]
    return words


def _size(box: tuple[int, int, int, int], words: list[tuple[str, tuple, float]]) -> float:
    """A line's font size in pixels: in a long line of CJK words the width of its runs of words over their
    characters (a CJK glyph is 1 em wide, others OCR_NARROW em); in a short one the middle height of its
    words of ideographs (OCR_CJK_INK em); else the line's height (Latin text: more or less, as its words
    reach up or down; OCR_LATIN_SNAP)."""
    heights = [b[3] - b[1] for t, b, _ in words if _IDEOGRAPHS.fullmatch(t)]
    if len(heights) < 2:
        return float(box[3] - box[1])
    if len(heights) < OCR_LONG_LINE:
        return statistics.median(heights) / OCR_CJK_INK
    width = units = 0.0
    start = prev = words[0][1]
    run = 0.0
    for t, b, _ in words:
        if b is not start and b[0] - prev[2] >= OCR_RUN_GAP * (box[3] - box[1]):
            width, units, start, run = width + prev[2] - start[0], units + run, b, 0.0
        run += sum(_weight(c) for c in t)
        prev = b
    width, units = width + prev[2] - start[0], units + run
    return width / units
