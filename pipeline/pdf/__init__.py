"""PDF layer: a PDF's text in reading order, running headers/footers dropped, tables located (self-contained).

`extract_pdf(path)` returns a `PdfText`: the document's text (pages separated by a
blank line), the offset where each page starts, the ruled tables found on its pages
(each cell located by character offsets in the text) and warnings.  Broken input
raises `PdfError` whose message is a one-line reason.  The package imports nothing
else of `pipeline`.  Its modules, in the order the data flows (docs/pdf.md has the
measurements behind the choices):

* `chars`: PDFium (pypdfium2) opens the file and reads every page's glyphs: code
  point, loose glyph box, baseline (~5 ms a page against ~22 ms for pdfplumber's
  character model).  PDFium decodes fonts pdfminer misses (a CID font in an
  encrypted file comes out of pdfminer as "(cid:N)").  Glyphs PDFium flags as
  unmapped are counted; a document that is mostly such glyphs is treated like a scan.
* `dropped`: PDFium's text page silently skips text objects whose box is empty (a
  line of one glyph in a non-embedded CID font); on pages where a text object left
  no character, pdfminer reads the strings drawn at those objects' origins and only
  the missing glyphs are added.
* `ocr`: a page that draws something but has no usable text layer (no glyph, or mostly
  unmapped ones) is rendered by PDFium and read by Tesseract (tesserocr): turned upright,
  deskewed, its words made glyphs like a text layer's, so the steps below read it as any
  page; `PdfText.ocr` holds each OCR'd page's confidence.  Without OCR such a page is a
  warning, and a PDF of only such pages a PdfError naming what to install.
* `plumber`: pdfplumber's table finder runs only on pages whose vector paths could
  draw a ruled table (a PDFium path-segment count decides); cell geometry comes from
  pdfplumber, cell text from the same characters as the rest.  pdfminer failing
  here or in `dropped` is a warning; an exception of the PDF libraries anywhere else
  becomes a PdfError ("truncated or corrupt PDF: ...").
* `rows`: characters are grouped into rows by baseline and rows into segments at
  wide horizontal gaps.  Segments in the top/bottom margin that repeat at the same
  place on several pages (digits ignored) are running headers/footers; bare page
  numbers (3, - 3 -, 第3页, 第3版, 3/10, Page 3) there are dropped too.
* `reading_order`: a recursive cut of the page.  A vertical gutter free of text with
  text columns on both sides splits a region into columns (read left to right,
  each top to bottom); when a few rows cross the gutter (a headline over the
  columns), the region is first cut into horizontal bands at those rows.  Wide
  tab-stop gaps (label ... value lists) are not gutters.  What is left is read
  row by row.  Pages whose text runs along another axis (/Rotate, landscape) are
  read in the text's own direction.
* `paragraphs`: a line the layout broke (it is full to its column's right edge: the
  next word would not have fitted) and that the next line continues (same font
  size, no paragraph gap, no first-line indent, no list marker) ends in "\\n", a soft
  wrap; every other line ends in "\\n\\n" (paragraph ends, headings, list items), also
  across columns and pages.  structure.build(wrapped=True) joins the soft wraps.
* `render`: the text of pages and document; tables are rendered once, one line per
  row, cells joined by " | ", and their area is left out of the running text; a
  table continued in the next column or on the next page is one table.
* `settings`: every threshold in one place; `model`: the data types; `document`:
  `extract_pdf`, the steps in order.
"""

from .document import extract_pdf
from .model import PdfError, PdfTable, PdfText, page_of

__all__ = ["PdfTable", "PdfText", "PdfError", "extract_pdf", "page_of"]
