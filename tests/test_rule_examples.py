"""Every rule's own examples: positives give the expected record fields, negatives give no record."""

from decimal import Decimal

import pytest

from pipeline.api import default_pipeline

RULES = [*default_pipeline().ruleset.rules, *default_pipeline().for_language("en").ruleset.rules]
POSITIVE = [(r.id, i, ex) for r in RULES for i, ex in enumerate(r.examples)]
NEGATIVE = [(r.id, i, text) for r in RULES for i, text in enumerate(r.negatives)]


def _agrees(got, want) -> bool:
    if isinstance(want, dict):
        return isinstance(got, dict) and all(_agrees(got.get(k), v) for k, v in want.items())
    if isinstance(want, list):
        return isinstance(got, list) and len(got) == len(want) and all(map(_agrees, got, want))
    if isinstance(want, (int, float)) and not isinstance(want, bool) and isinstance(got, (int, float)):
        return abs(Decimal(str(got)) - Decimal(str(want))) <= abs(Decimal(str(want))) * Decimal("0.000001")
    return got == want


@pytest.mark.parametrize("rule_id,i,example", POSITIVE, ids=[f"{r}#{i}" for r, i, _ in POSITIVE])
def test_rule_example(pipe, rule_id, i, example):
    doc = pipe.run_source(_source(example["text"]))
    mine = [r.to_dict() for r in doc.records if r.rule == rule_id]
    assert mine, f"{rule_id}: no record for {example['text']!r} (got {[r.rule for r in doc.records]})"
    assert any(_agrees(r, example["expect"]) for r in mine), (example["expect"], mine)


@pytest.mark.parametrize("rule_id,i,text", NEGATIVE, ids=[f"{r}#neg{i}" for r, i, _ in NEGATIVE])
def test_rule_negative(pipe, rule_id, i, text):
    doc = pipe.run_source(_source(text))
    assert not [r for r in doc.records if r.rule == rule_id], [r.to_dict() for r in doc.records]


def _source(text: str):
    from pipeline.ingest import Source

    return Source("<example>", text, "txt", "utf-8", "0" * 64)
