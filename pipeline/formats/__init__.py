"""Published formats other than text and PDF: web pages (`html`) and Word files (`word`), read into text.

Each gives an `Extracted`: the document's text as the pipeline reads it (paragraphs end in a
blank line, a single line break is a break inside a paragraph, as for PDF), the tables found
(`pdf.PdfTable`, page 1, each cell's span in the text) and warnings.  Modules, in the order
the data flows (docs/formats.md has the measurements behind the choices):

* `html`: the charset (declared, checked as text is), the main content (readability-lxml),
  then a walk of it: headings, bold run-in headings, <br>, lists, tables;
* `word`: .docx through python-docx's XML (numbering from `numbering`, bold runs, merged
  cells); .doc converted by LibreOffice or read by antiword;
* `text`: the `TextBuilder` both write into, and table grids with spans.
"""

from .html import extract_html
from .text import Extracted
from .word import WordError, extract_doc, extract_docx

__all__ = ["Extracted", "WordError", "extract_doc", "extract_docx", "extract_html"]
