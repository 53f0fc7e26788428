"""Render a report (.txt, one paragraph a line) as a scanned PDF: page images only, no text layer.

Usage:
    python tools/make_scanned_pdf.py REPORT.txt OUT.pdf [--dpi 300] [--seed N] [--pages N] [--clean] [--bilevel]

Each page is set like a printed report with Pillow and a CJK font found by fontconfig
(`fc-list :lang=zh`; Noto Serif CJK SC for the text and Noto Sans CJK SC for headings when
fonts-noto-cjk is installed): A4, 16 pt body (三号, as official documents are set) justified
with a two-character first-line indent, the title 22 pt, headings in a sans face, run-in
headings in bold, a running header with a rule (`澜州市人民政府公报` / the report's title) and a
page number `— N —`.  Then it is "scanned": turned by a seeded angle of up to ±0.8°, blurred a
little, given grey paper, grey noise and a few specks of dirt, and stored as a greyscale JPEG
page image (`--dpi`, 300 by default) in a PDF without any text object.  `--clean` leaves out
the rotation and the noise; `--pages N` stops after N pages; `--bilevel` stores black-and-white
CCITT G4 images instead.  The blocks are those of `tools/make_format_fixtures.py` (the
report's own page furniture left out); its table is not set (OCR reads no table structure).
"""

from __future__ import annotations

import argparse
import functools
import io
import random
import re
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_format_fixtures import Block, blocks_of  # noqa: E402

A4_INCHES = (8.27, 11.69)
CLOSING = set("，。、；：！？）》」』”’%,.;:!?)]")
OPENING = set("（《「『“‘([")
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,%+/'’\-]*|\s+|.")


class NoFont(Exception):
    """No font with Chinese glyphs on this machine (install fonts-noto-cjk)."""


@functools.cache
def cjk_font(sans: bool = False, bold: bool = False) -> tuple[str, int]:
    """(file, face index) of a font with Chinese glyphs: Noto Serif/Sans CJK SC if present, else any."""
    family = ("Noto Sans CJK SC" if sans else "Noto Serif CJK SC") + (":style=Bold" if bold else ":style=Regular")
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "family", "style", "file", "index"], capture_output=True,
                             text=True, check=False).stdout
    except FileNotFoundError:
        raise NoFont("fontconfig (fc-list) is not installed") from None
    fonts = []
    for line in out.splitlines():
        m = re.match(r"^(?P<file>[^:]+): (?P<family>[^:]*):style=(?P<style>[^:]*?)(?::index=(?P<i>\d+))?$", line)
        if m:
            fonts.append((m.group("file"), m.group("family"), m.group("style"), int(m.group("i") or 0)))
    if not fonts:
        raise NoFont("no font with Chinese glyphs (fc-list :lang=zh is empty): apt-get install fonts-noto-cjk")
    fam, style = family.split(":style=")
    for file, families, styles, index in fonts:
        if fam in families.split(",") and style in styles.split(","):
            return file, index
    for file, families, _styles, index in fonts:
        if fam in families.split(","):
            return file, index
    return fonts[0][0], fonts[0][3]


@functools.cache
def font(size_px: int, sans: bool = False, bold: bool = False) -> ImageFont.FreeTypeFont:
    path, index = cjk_font(sans, bold)
    return ImageFont.truetype(path, size_px, index=index)


def wrap(text: str, f: ImageFont.FreeTypeFont, width: float, indent: float) -> list[str]:
    """Greedy line breaking with a small kinsoku set (no closing mark starts a line, no opening mark
    ends one; Latin words and numbers stay whole)."""
    lines: list[str] = []
    cur = ""
    room = width - indent
    for tok in TOKEN.findall(text):
        if cur and f.getlength(cur + tok.rstrip()) > room and not tok.isspace():
            carry = ""
            if tok in CLOSING:
                carry, cur = cur[-1], cur[:-1]
            while cur and cur[-1] in OPENING:
                carry, cur = cur[-1] + carry, cur[:-1]
            lines.append(cur.rstrip())
            cur, room = carry, width
            if tok.isspace():
                continue
        if not (tok.isspace() and not cur):
            cur += tok
    if cur.strip():
        lines.append(cur.rstrip())
    return lines


def draw_line(d: ImageDraw.ImageDraw, x: float, y: float, line: str, f: ImageFont.FreeTypeFont,
              width: float | None) -> None:
    """Draw a line at (x, y); with `width`, justified to it (extra space spread over the gaps)."""
    if width is None:
        d.text((x, y), line, font=f, fill=0)
        return
    toks = [t for t in re.findall(r"[A-Za-z0-9][A-Za-z0-9.,%+/'’\-]*|\s+|.", line)]
    natural = sum(f.getlength(t) for t in toks)
    words = [t for t in toks if not t.isspace()]
    spaces = sum(1 for t in toks if t.isspace())
    extra = max(0.0, width - natural)
    gaps = spaces if spaces else max(1, len(words) - 1)
    step = extra / gaps if extra < 0.15 * width else 0.0
    for i, t in enumerate(toks):
        if not t.isspace():
            d.text((x, y), t, font=f, fill=0)
        x += f.getlength(t)
        if (spaces and t.isspace()) or (not spaces and i < len(toks) - 1):
            x += step


class Pages:
    """Pages of one rendering: the current page, the pen position, running header and page number."""

    def __init__(self, dpi: int, title: str, lang: str) -> None:
        self.dpi = dpi
        self.w, self.h = round(A4_INCHES[0] * dpi), round(A4_INCHES[1] * dpi)
        self.left = self.right = round(1.1 * dpi)
        self.top, self.bottom = round(1.2 * dpi), round(1.0 * dpi)
        self.header = ("澜州市人民政府公报" if lang == "zh" else "Lanzhou Government Gazette", title)
        self.images: list[Image.Image] = []
        self.y = 0.0
        self.new_page()

    def px(self, pt: float) -> int:
        return round(pt * self.dpi / 72)

    def new_page(self) -> None:
        img = Image.new("L", (self.w, self.h), 255)
        self.images.append(img)
        self.d = ImageDraw.Draw(img)
        f = font(self.px(9))
        y = round(0.6 * self.dpi)
        self.d.text((self.left, y), self.header[0], font=f, fill=0)
        rw = f.getlength(self.header[1])
        self.d.text((self.w - self.right - rw, y), self.header[1], font=f, fill=0)
        self.d.line([(self.left, y + self.px(13)), (self.w - self.right, y + self.px(13))], fill=0, width=3)
        label = f"— {len(self.images)} —"
        fn = font(self.px(10.5))
        self.d.text(((self.w - fn.getlength(label)) / 2, self.h - round(0.6 * self.dpi)), label, font=fn, fill=0)
        self.y = self.top

    def paragraph(self, text: str, size: float, *, sans: bool = False, bold: bool = False, indent: float = 2.0,
                  center: bool = False, head: str = "", space_before: float = 0.0) -> None:
        f = font(self.px(size), sans, bold)
        lead = self.px(size * 1.55)
        width = self.w - self.left - self.right
        ind = indent * self.px(size)
        lines = wrap(head + text, f, width, ind)
        self.y += self.px(space_before)
        for k, line in enumerate(lines):
            if self.y + lead > self.h - self.bottom:
                self.new_page()
            x = self.left + (ind if k == 0 else 0)
            if center:
                x = self.left + (width - f.getlength(line)) / 2
            last = k == len(lines) - 1
            if head and k == 0:                     # a run-in heading in bold, the rest regular
                bf = font(self.px(size), sans, True)
                cut = len(head) if len(head) <= len(line) else len(line)
                self.d.text((x, self.y), line[:cut], font=bf, fill=0)
                draw_line(self.d, x + bf.getlength(line[:cut]), self.y, line[cut:], f,
                          None if last else width - (x - self.left) - bf.getlength(line[:cut]))
            else:
                draw_line(self.d, x, self.y, line, f, None if last or center else width - (x - self.left))
            self.y += lead


BODY = 16.0     # pt: 三号, the body size of Chinese official documents (GB/T 9704)


def set_blocks(lang: str, blocks: list[Block], dpi: int, size: float = BODY) -> list[Image.Image]:
    pages = Pages(dpi, blocks[0].text, lang)
    for b in blocks:
        if b.kind == "title":
            pages.paragraph(b.text, size + 6, bold=True, indent=0, center=True, space_before=6)
        elif b.kind == "subtitle":
            pages.paragraph(b.text, size, indent=0, center=True)
        elif b.kind == "h2":
            pages.paragraph(b.text, size, sans=True, indent=2, space_before=4)
        elif b.kind == "h3":
            pages.paragraph(b.text, size, bold=True, indent=2)
        elif b.kind == "runin":
            pages.paragraph(b.text, size, head=b.head)
        elif b.kind == "item":
            pages.paragraph(f"{b.number}.{b.text}" if lang == "zh" else f"{b.number}. {b.text}", size)
        elif b.kind == "para":
            pages.paragraph(b.text, size)
    return pages.images


def scan(img: Image.Image, rng: random.Random) -> Image.Image:
    """A page as a scanner gives it: slightly turned, soft, grey noise and specks."""
    img = img.rotate(rng.uniform(-0.8, 0.8), resample=Image.Resampling.BICUBIC, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    img = Image.blend(img, Image.new("L", img.size, 236), 0.06)           # greyish paper
    import numpy as np

    noise = np.random.default_rng(rng.randrange(2**32)).normal(0.0, 10.0, (img.height, img.width))
    img = Image.fromarray(np.clip(np.asarray(img, dtype=np.float64) + noise, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img)
    for _ in range(rng.randint(8, 20)):                                    # a few specks of dirt
        x, y, r = rng.randrange(img.width), rng.randrange(img.height), rng.uniform(0.8, 2.2)
        d.ellipse([x - r, y - r, x + r, y + r], fill=rng.randint(60, 140))
    return img


def render_scanned(report: Path, out: Path, dpi: int = 300, seed: int = 0, pages: int | None = None,
                   clean: bool = False, quality: int = 70, bilevel: bool = False, turn: int = 0) -> int:
    """Render `report` as an image-only PDF in `out`; returns the number of pages.  `bilevel`: black and
    white page images (CCITT G4, as fax-style archive scans are), else greyscale JPEG of `quality`.  `turn`:
    degrees (counter-clockwise) every page is turned by, as a page fed into the scanner sideways."""
    lang, blocks = blocks_of(report)
    images = [im.rotate(turn, expand=True) for im in set_blocks(lang, blocks, dpi)[:pages]]
    rng = random.Random(seed)
    if not clean:
        images = [scan(im, rng) for im in images]
    if bilevel:
        images = [im.point(lambda v: 255 if v > 150 else 0).convert("1") for im in images]
    buf = io.BytesIO()
    import time

    when = time.gmtime(1767225600)          # 2026-01-01: a deterministic file
    extra = {"creationDate": when, "modDate": when} | ({} if bilevel else {"quality": quality})
    images[0].save(buf, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:], **extra)
    out.write_bytes(buf.getvalue())
    return len(images)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("report", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--dpi", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pages", type=int)
    ap.add_argument("--clean", action="store_true")
    ap.add_argument("--bilevel", action="store_true")
    args = ap.parse_args()
    n = render_scanned(args.report, args.out, args.dpi, args.seed, args.pages, args.clean, bilevel=args.bilevel)
    print(f"{n} pages  {args.out}")


if __name__ == "__main__":
    main()
