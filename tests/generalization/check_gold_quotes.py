#!/usr/bin/env python3
"""Check the generalization-set gold files against their documents.

For every gold/*.yaml next to this script:
  * the document named by `doc` exists beside this script and decodes as UTF-8
    (a BOM is removed; nothing else is changed, CRLF stays two characters);
  * every record's quote resolves: if `near` is given, find the first occurrence
    of `near` and search the quote from its start; take the `occurrence`-th match
    (default 1), as described in shared/spec/gold-format.md;
  * no two records resolve to the same or overlapping spans;
  * the record fields have legal values (kind, measure, comparator, unit and
    dimension pairs, value_max only for ranges, indicator_id from the glossary).

Warnings (not failures): a `near` text that occurs more than once in the document
(only its first occurrence is used), and a quote found far after its `near`.

Exit status 0 when every file passes, 1 otherwise. Usage:
    python check_gold_quotes.py [gold-file ...]
"""
import glob
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))

KINDS = {"target", "actual"}
MEASURES = {"level", "change"}
COMPARATORS = {"=", ">=", ">", "<=", "<", "~", "range"}
DIMENSION_OF_UNIT = {
    "CNY": "money", "USD": "money", "ha": "area", "km": "length", "t": "mass",
    "kWh": "energy", "kW": "power", "m3": "volume", "TEU": "container",
    "percent": "ratio", "pp": "ratio_change", "times": "multiple",
    "ug/m3": "concentration", "count": "count", "number": "number",
}
# ids required by shared/spec/indicators.md
GLOSSARY_IDS = {
    "gdp", "industrial_value_added", "industry_value_added", "fixed_asset_investment",
    "industrial_investment", "infrastructure_investment", "real_estate_investment",
    "technical_renovation_investment", "retail_sales", "foreign_trade", "exports",
    "foreign_investment_used", "general_budget_revenue", "general_budget_expenditure",
    "disposable_income", "urban_disposable_income", "rural_disposable_income",
    "new_urban_jobs", "surveyed_unemployment_rate", "registered_unemployment_rate", "cpi",
    "grain_output", "energy_intensity", "deficit_ratio", "deficit", "special_purpose_bonds",
    "ultra_long_treasury_bonds", "high_tech_enterprises", "rd_intensity",
    "urbanization_rate", "rural_poor_population", "high_standard_farmland",
    "tourist_arrivals", "tourism_revenue", "industrial_land_supply",
    "new_projects_above_100m", "services_above_scale",
}
REQUIRED = ["quote", "kind", "indicator", "indicator_id", "measure", "comparator",
            "stretch", "value", "value_max", "unit", "dimension"]
PERIOD_RE = re.compile(r"^\d{4}(H[12]|Q[1-4]|-\d{2}\.\.\d{4}-\d{2}|\.\.\d{4})?$")
NEAR_GAP_WARN = 40          # characters between the end of `near` and the quote
SENTENCE_END = re.compile(r"[。！？!?\n]|(?<=\.)\s")   # an English full stop ends a sentence before a space


def unit_dimension(unit):
    """Base unit -> dimension; a rate such as CNY/人 takes its numerator's."""
    if unit in DIMENSION_OF_UNIT:
        return DIMENSION_OF_UNIT[unit]
    if "/" in unit and unit != "ug/m3":
        return DIMENSION_OF_UNIT.get(unit.split("/", 1)[0])
    return None


def resolve(text, rec):
    """Return (start, end, near_start) of the record's quote, or raise ValueError."""
    quote = rec["quote"]
    near = rec.get("near")
    occurrence = rec.get("occurrence") or 1
    pos = 0
    near_start = None
    if near:
        near_start = text.find(near)
        if near_start < 0:
            raise ValueError("near %r not found" % near)
        pos = near_start
    start = -1
    for _ in range(occurrence):
        start = text.find(quote, pos)
        if start < 0:
            raise ValueError("quote %r (occurrence %d) not found%s" % (
                quote, occurrence, " after near %r" % near if near else ""))
        pos = start + 1
    return start, start + len(quote), near_start


def check_fields(rec):
    errs = []
    for key in REQUIRED:
        if key not in rec:
            errs.append("missing key %r" % key)
    if errs:
        return errs
    if rec["kind"] not in KINDS:
        errs.append("bad kind %r" % rec["kind"])
    if rec["measure"] not in MEASURES:
        errs.append("bad measure %r" % rec["measure"])
    if rec["comparator"] not in COMPARATORS:
        errs.append("bad comparator %r" % rec["comparator"])
    if not isinstance(rec["stretch"], bool):
        errs.append("stretch must be a bool")
    if not isinstance(rec["value"], (int, float)) or isinstance(rec["value"], bool):
        errs.append("value must be a number")
    if rec["comparator"] == "range":
        if not isinstance(rec["value_max"], (int, float)):
            errs.append("a range needs a numeric value_max")
        elif rec["value_max"] <= rec["value"]:
            errs.append("value_max must exceed value")
    elif rec["value_max"] is not None:
        errs.append("value_max must be null unless comparator is range")
    dim = unit_dimension(rec["unit"])
    if dim is None:
        errs.append("unknown base unit %r" % rec["unit"])
    elif dim != rec["dimension"]:
        errs.append("unit %r has dimension %r, not %r" % (rec["unit"], dim, rec["dimension"]))
    iid = rec["indicator_id"]
    if iid is not None and iid not in GLOSSARY_IDS:
        errs.append("indicator_id %r is not a glossary id" % iid)
    if not rec["indicator"]:
        errs.append("empty indicator")
    period = rec.get("period")
    if period is not None and not (isinstance(period, str) and PERIOD_RE.match(period)):
        errs.append("bad period %r" % (period,))
    return errs


def sentence_bounds(text, pos):
    starts = [m.end() for m in SENTENCE_END.finditer(text, 0, pos)]
    start = starts[-1] if starts else 0
    m = SENTENCE_END.search(text, pos)
    return start, (m.start() if m else len(text))


def check_file(path):
    failures, warnings = [], []
    with open(path, encoding="utf-8") as fh:
        gold = yaml.safe_load(fh)
    doc_path = os.path.join(HERE, gold["doc"])
    with open(doc_path, "rb") as fh:
        text = fh.read().decode("utf-8-sig")
    spans = []
    sentences = set()
    for i, rec in enumerate(gold.get("records") or [], 1):
        label = "record %d (%r)" % (i, rec.get("quote"))
        for err in check_fields(rec):
            failures.append("%s: %s" % (label, err))
        try:
            start, end, near_start = resolve(text, rec)
        except ValueError as exc:
            failures.append("%s: %s" % (label, exc))
            continue
        near = rec.get("near")
        if near:
            if text.count(near) > 1:
                warnings.append("%s: near %r occurs %d times; the first is used"
                                % (label, near, text.count(near)))
            gap = start - (near_start + len(near))
            if gap > NEAR_GAP_WARN:
                warnings.append("%s: quote found %d characters after near %r"
                                % (label, gap, near))
        spans.append((start, end, i, rec["quote"]))
        sentences.add(sentence_bounds(text, start))
    spans.sort()
    for (s1, e1, i1, q1), (s2, e2, i2, q2) in zip(spans, spans[1:]):
        if s2 < e1:
            what = "the same span" if (s1, e1) == (s2, e2) else "overlapping spans"
            failures.append("records %d (%r) and %d (%r) resolve to %s [%d,%d) / [%d,%d)"
                            % (i1, q1, i2, q2, what, s1, e1, s2, e2))
    return failures, warnings, len(spans), len(sentences)


def main(argv):
    paths = argv[1:] or sorted(glob.glob(os.path.join(HERE, "gold", "*.yaml")))
    if not paths:
        print("no gold files found", file=sys.stderr)
        return 1
    total_fail = total_rec = total_sent = 0
    for path in paths:
        try:
            failures, warnings, n_rec, n_sent = check_file(path)
        except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
            failures, warnings, n_rec, n_sent = ["cannot check: %s" % exc], [], 0, 0
        name = os.path.basename(path)
        status = "FAIL" if failures else "ok"
        print("%-4s %s: %d records in %d sentences" % (status, name, n_rec, n_sent))
        for w in warnings:
            print("     warning: " + w)
        for f in failures:
            print("     ERROR: " + f)
        total_fail += len(failures)
        total_rec += n_rec
        total_sent += n_sent
    print("total: %d records in %d sentences with figures, %d error(s)"
          % (total_rec, total_sent, total_fail))
    return 1 if total_fail else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
