"""Period templates of the lexicon ({Y}, {D-1}, {1}H1, {1:02}, {2:month}): parsed by a small grammar, never run."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# {Y} the year the figure counts from (the reviewed year in a review section, else the document year),
# {D} the document (delivery) year, either with an offset of up to 99 years ({Y-1}, {D+5}); {n} the text
# of capture group n, {n:02} as a two-digit number, {n:month} a month name as its two-digit number.
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_YEAR = re.compile(r"([YD])(?:([+-])(\d{1,2}))?")
_GROUP = re.compile(r"([1-9])(?::(02|month))?")


@dataclass(frozen=True)
class _Part:
    text: str = ""
    year: str = ""          # "Y" or "D"
    offset: int = 0
    group: int = 0
    fmt: str = ""


class PeriodTemplate:
    """A period template parsed once; `fill` gives the period string for a match and the years."""

    def __init__(self, template: str, groups: int) -> None:
        self.template = template
        parts: list[_Part] = []
        pos = 0
        for m in _PLACEHOLDER.finditer(template):
            parts.append(_Part(text=self._literal(template[pos:m.start()])))
            parts.append(self._placeholder(m.group(1), groups))
            pos = m.end()
        parts.append(_Part(text=self._literal(template[pos:])))
        self.parts = tuple(p for p in parts if p.text or p.year or p.group)
        self.uses_year = any(p.year for p in self.parts)

    @staticmethod
    def _literal(text: str) -> str:
        if "{" in text or "}" in text:
            raise ValueError("unbalanced { or } in a period template")
        return text

    @staticmethod
    def _placeholder(body: str, groups: int) -> _Part:
        y = _YEAR.fullmatch(body)
        if y:
            offset = int(y.group(3) or 0) * (-1 if y.group(2) == "-" else 1)
            return _Part(year=y.group(1), offset=offset)
        g = _GROUP.fullmatch(body)
        if g:
            n = int(g.group(1))
            if n > groups:
                raise ValueError(f"{{{body}}} names capture group {n}, the pattern has {groups}")
            return _Part(group=n, fmt=g.group(2) or "")
        raise ValueError(f"{{{body}}} is not a period placeholder: use {{Y}}, {{Y-1}}, {{D}}, {{D-5}}, {{1}}, "
                         "{1:02} or {1:month}")

    def fill(self, m: re.Match[str], year: int | None, doc_year: int | None,
             months: Mapping[str, int] | None = None) -> str | None:
        """The period for a match; None when it needs a year that is unknown or a month name not in `months`."""
        out: list[str] = []
        for p in self.parts:
            if p.year:
                base = year if p.year == "Y" else doc_year
                if base is None:
                    return None
                out.append(str(base + p.offset))
            elif p.group:
                val = m.group(p.group)
                if val is None:
                    return None
                if p.fmt == "02":
                    if not val.isdigit():
                        return None
                    out.append(f"{int(val):02d}")
                elif p.fmt == "month":
                    n = (months or {}).get(val.lower())
                    if n is None:
                        return None
                    out.append(f"{n:02d}")
                else:
                    out.append(val)
            else:
                out.append(p.text)
        return "".join(out)
