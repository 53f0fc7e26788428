"""Model: the typed Record and Document of the output contract (records.md section 2 and 4)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Record:
    """One quantitative statement (records.md section 2); field order is the output order."""

    id: str
    kind: str
    indicator: str
    indicator_id: str | None
    labels: dict[str, str]
    measure: str
    comparator: str
    stretch: bool
    value: int | float
    value_max: int | float | None
    unit: str
    normalized: dict[str, Any]
    period: str | None
    section: list[str]
    source: dict[str, Any]
    rule: str
    also: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = self.__dict__
        return {k: d[k] if k in d else getattr(self, k) for k in _RECORD_FIELDS}


_RECORD_FIELDS = tuple(Record.__dataclass_fields__)


@dataclass
class Document:
    """A processed report: its header, records and warnings."""

    source: str
    sha256: str
    format: str
    encoding: str | None
    language: str
    title: str
    year: int | None
    place: str | None
    pages: int | None
    records: list[Record]
    warnings: list[str]
    text: str = field(repr=False, default="")
    ocr: bool = False           # some page's text was read by OCR (pages without a text layer)
    pipeline_version: str = ""
    rules_digest: str = ""
    page_starts: list[int] | None = None    # paged input: the offset where each page starts in text


    def to_frame(self) -> Any:
        """The records as a pandas DataFrame, one row per record with the columns of records.csv (pandas is
        optional: `pip install pandas`)."""
        try:
            import pandas as pd
        except ImportError as e:
            raise ImportError("Document.to_frame() needs pandas: pip install pandas") from e
        from .output.table import COLUMNS, rows_of

        return pd.DataFrame(rows_of(self.to_dict(), self.source), columns=COLUMNS)

    def to_dict(self) -> dict[str, Any]:
        document = {"source": self.source, "sha256": self.sha256, "format": self.format, "encoding": self.encoding,
                    "language": self.language, "title": self.title, "year": self.year, "place": self.place,
                    "pages": self.pages, "ocr": self.ocr}
        if self.page_starts is not None:  # paged input only (a text's output is as before)
            document["page_starts"] = list(self.page_starts)
        return {
            "document": document,
            "pipeline": {"version": self.pipeline_version, "rules": self.rules_digest},
            "records": [r.to_dict() for r in self.records],
            "warnings": list(self.warnings),
        }
