"""Tunable thresholds and layout conventions of the PDF layer (lengths in em, the font size, unless noted)."""

from __future__ import annotations

import re

SEGMENT_GAP = 0.9        # a horizontal gap this wide splits a row into segments
SEGMENT_GAP_SPACED = 2.0  # ... when a real space character sits in the gap
SPACE_GAP = 0.25         # a gap this wide between non-CJK glyphs reads as a space
SOFT_SPACE_GAP = 0.1     # ... or this wide where PDFium guessed a word break
GUTTER_MIN = 0.9         # minimal width of a column gutter
GUTTER_MAX = 5.0         # wider gaps are tab stops of label/value lists, not gutters
COLUMN_MIN_WIDTH = 8.0   # minimal width of a text column (not a row of labels or figures)
BLOCKER_SHARE = 0.25     # at most this share of a region's segments may cross a gutter
PARA_EXTRA = 0.45        # extra blank space (beyond the usual) that starts a paragraph
MARGIN_ZONE = 0.12       # share of the page height at top and bottom searched for headers
MIN_TABLE_SEGMENTS = 8   # vector path segments on a page before the table finder is run
CID_SHARE = 0.5          # share of unmapped glyphs that makes a text layer unusable
UNMAPPED_SAMPLE = 100    # characters a page checked for a Unicode mapping (every n/100th)
FILL_SLACK = 0.2         # a line is full when its next word would end past the column edge minus this
INDENT_MIN = 0.8         # a line starting this far right of its column's edge is indented
NO_TEXT = "no usable text layer (scanned PDF?), and no text from OCR: {why}"

PAGE_NUMBER = re.compile(
    r"""^(?:
        [-–—~·•一\s]*\d{1,3}[-–—~·•一\s]*
      | 第\s*[\d一二三四五六七八九十百零〇]{1,6}\s*[页頁版]
            (?:\s*[,，/]?\s*共\s*\d{1,4}\s*[页頁])?
      | 共\s*\d{1,4}\s*[页頁]\s*[,，]?\s*第\s*\d{1,4}\s*[页頁]
      | \d{1,4}\s*/\s*\d{1,4}
      | (?:page|p\.?)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?
      | (?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


# Marks that never start a line (they stay with the glyph before them), and the
# start of a list item: a line beginning so is not a wrapped continuation of the
# line above.  一、 starts a heading only after a sentence or clause end (三、四季度
# can follow a wrap inside a sentence).
CLOSING = frozenset("，。、；：！？）》」』”’%％,.;:!?)]】〕")
ITEM_START = re.compile(
    r"^(?:[-–•·●▪◆■□○◇※]\s|\d{1,2}[.．、](?!\d)|[(（]\s*[0-9一二三四五六七八九十]{1,3}\s*[)）])")
HEADING_START = re.compile(r"^[一二三四五六七八九十]{1,3}、")
CLAUSE_END = frozenset("。！？；：!?;:")
SIZE_STEP = 1.08         # lines whose font sizes differ by this factor are heading and body

# OCR of pages without a usable text layer (pdf/ocr.py; docs/formats.md has the measurements).
OCR_DPI = 200            # resolution pages are rendered at for Tesseract (as accurate as 300 dpi, a third faster)
OCR_LANGUAGES = ("chi_sim", "eng")   # Tesseract languages used, those installed
OCR_SCRIPTS = {"Han": ("chi_sim",), "Latin": ("eng",)}   # a page's script (Tesseract's OSD) -> its languages
OCR_SCRIPT_CONFIDENCE = 0.5     # below this script confidence every language is used
OCR_ORIENTATION_CONFIDENCE = 2.0    # a page is turned upright only when OSD is this sure
OCR_DESKEW_MIN = 0.05    # degrees: smaller skews are left alone
OCR_DESKEW_MAX = 10.0    # degrees: larger "skews" are layout (a rotated box), not a crooked scan
OCR_TALL_LINE = 1.6      # a line this many times as tall as the usual one is two rows merged by layout analysis
OCR_NARROW = 0.55        # width of a Latin letter or digit in em, to place OCR'd glyphs inside a word's box
OCR_OPENING_INK = 0.5    # a full-width opening mark's ink starts this far (em) into its box
OCR_EDGE_WORDS = 5       # words at each end of an OCR'd line whose boxes place its ends
OCR_RUN_GAP = 2.5        # a gap this wide (em) between OCR'd words of a line is in the layout (tab stop, column)
OCR_CJK_INK = 0.92       # height of an OCR'd word of ideographs in em (measured on Noto Serif CJK, 0.87-0.96)
OCR_LONG_LINE = 8        # words of ideographs in a line that make its width tell its size
OCR_SIZE_SNAP = 0.15     # line sizes within this share of the page's median are that size (OCR measures roughly)
OCR_LATIN_SNAP = 0.3     # ... for a Latin line, measured by its height (more or less as its words reach up or down)
OCR_SPECK_CONFIDENCE = 50    # an OCR'd word of punctuation alone below this confidence is a speck of dirt
OCR_SPECK_GAP = 0.5      # ... as is punctuation (or a doubted character) this far (em) apart at a line's end
OCR_SAME_TEXT = 0.75     # running headers of OCR'd pages are the same when this similar (difflib ratio)
TESSDATA_DIRS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                 "/usr/share/tessdata", "/usr/local/share/tessdata", "/opt/homebrew/share/tessdata",
                 "/usr/local/share/tesseract-ocr/tessdata")
