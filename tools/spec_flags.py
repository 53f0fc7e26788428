#!/usr/bin/env python3
"""Refresh the `not_yet` flags of the spec corpus (tests/spec/{zh,en}/*.yaml) after a change to the pipeline.

A case that now passes in a flagged language loses that flag; a flagged case that still fails gets its `why`
rewritten from what fails now. A case without a flag that fails is reported and left alone (that is a
regression to fix, not to flag). Usage: python tools/spec_flags.py [--check]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import test_spec_corpus as spec  # noqa: E402

LANGS = ("zh", "en")


def _why(fails: dict[str, list[str]]) -> str:
    parts = []
    for lang in LANGS:
        if fails.get(lang):
            text = "; ".join(sorted(set(fails[lang])))[:300]
            parts.append(f"{lang}: {text}")
    return " | ".join(parts)


def main() -> int:
    check_only = "--check" in sys.argv[1:]
    corpus = spec.load_corpus()
    changes, regressions = 0, []
    for topic, by_lang in corpus.items():
        cases = {lang: {c["id"]: c for c in by_lang[lang]} for lang in LANGS}
        new_flags: dict[str, tuple[list[str], str]] = {}
        for cid, zh_case in cases["zh"].items():
            flagged = list(zh_case.get("not_yet") or [])
            fails = {lang: spec.check(cases[lang][cid]) for lang in LANGS}
            failing = [lang for lang in LANGS if fails[lang]]
            for lang in failing:
                if lang not in flagged:
                    regressions.append(f"{topic}/{lang}/{cid}: {fails[lang]}")
            keep = [lang for lang in flagged if lang in failing]
            if keep != flagged:
                new_flags[cid] = (keep, _why({lang: fails[lang] for lang in keep}))
        if not new_flags or check_only:
            changes += len(new_flags)
            continue
        for lang in LANGS:
            path = ROOT / "tests" / "spec" / lang / f"{topic}.yaml"
            text = path.read_text(encoding="utf-8")
            for cid, (keep, why) in new_flags.items():
                block = re.compile(rf"(  - id: {re.escape(cid)}\n)    not_yet: \[[^\]]*\]\n    why: .*\n")
                why_text = json.dumps(why, ensure_ascii=False)
                flag = f"    not_yet: [{', '.join(keep)}]\n    why: {why_text}\n" if keep else ""
                text, n = block.subn(lambda m, f=flag: m.group(1) + f, text)
                changes += n
            path.write_text(text, encoding="utf-8")
    print(f"{changes} flag changes{' needed' if check_only else ''}")
    for r in regressions:
        print("regression:", r)
    return 1 if regressions else 0


if __name__ == "__main__":
    sys.exit(main())
