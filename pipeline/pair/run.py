"""The `pair` command's work: extract both sides (skipping up-to-date outputs), link them, write twins and pairs.csv."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import yaml

from ..batch import BatchError, BatchOptions, run_batch
from ..batch.fingerprint import rules_digests, up_to_date
from ..batch.inputs import Input, find_inputs
from ..batch.options import BatchSummary
from ..console import shown
from ..ingest import IngestError, decode
from ..output.table import cache_rows
from ..output.write import OutputError, atomic_write, output_path
from ..yamlio import Loader, dump_yaml
from .files import Matched, PairError, match_files
from .link import link
from .report import Agreement, DocPair, check_pairs_file, write_pairs


@dataclass
class PairOptions:
    """How to pair (the `pair` command's options); the extraction runs as `run` would with them."""

    output: str
    rules: str | None = None
    year: int | None = None
    jobs: int = 1
    force: bool = False
    quiet: bool = False


@dataclass
class PairSummary:
    """What a pairing did: the batch's totals, the document pairs linked, the files that could not be, and the
    pairs table written."""

    batch: BatchSummary
    matched: Matched
    linked: list[DocPair] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (the pair, why)
    table: Path | None = None
    table_rows: int = 0

    def agreement(self) -> Agreement:
        total = Agreement()
        for dp in self.linked:
            total.add(dp)
        return total


def run_pairs(original: str, translation: str, opts: PairOptions, out: IO[str] | None = None,
              err: IO[str] | None = None) -> PairSummary:
    """Pair a report (or a folder of them) with its translation (or theirs) into opts.output.

    Raises PairError when the arguments cannot be paired or hold no twin files, BatchError or OutputError when
    the output folder cannot be used (nothing is written then), RuleFileError for invalid rules.
    """
    matched = match_files(original, translation)
    if not matched.pairs:
        raise PairError(f"no twin files in {original} and {translation} (see `pair --help` for how names match)")
    out_dir = Path(opts.output)
    check_pairs_file(out_dir)
    files = [f for pair in matched.pairs for f in pair]
    if len(set(map(os.path.realpath, files))) < len(files):
        raise PairError("a file cannot be its own translation")
    inputs, _ = find_inputs(files, out_dir)
    found = {os.path.realpath(i.path): i for i in inputs}
    batch = run_batch(files, BatchOptions(output=str(out_dir), rules=opts.rules, year=opts.year, jobs=opts.jobs,
                                          force=opts.force, quiet=opts.quiet, progress=False), out, err)
    summary = PairSummary(batch, matched)
    digests = rules_digests(opts.rules)
    for zh, en in matched.pairs:
        try:
            sides = [_side(found.get(os.path.realpath(f)), out_dir, digests, opts) for f in (zh, en)]
            (zn, zdata, ztext), (en_name, edata, etext) = sides
            _check_languages(zdata, edata)
            dp = DocPair(zn, en_name, zdata, edata, link(ztext, zdata["records"], etext, edata["records"]))
            _write_twins(out_dir, dp)
        except (PairError, OutputError, OSError) as e:
            summary.failed.append((f"{zh} + {en}", str(getattr(e, "strerror", None) or e)))
            continue
        summary.linked.append(dp)
    summary.table, summary.table_rows = write_pairs(out_dir, summary.linked)
    return summary


def _side(inp: Input | None, out_dir: Path, digests: dict[str, str], opts: PairOptions
          ) -> tuple[str, dict[str, Any], str]:
    """(output name, YAML mapping, document text) of one extracted file; PairError when its output is missing
    or not up to date (its extraction failed)."""
    if inp is None or not up_to_date(Path(inp.path), inp.source, out_dir, inp.name, digests, opts.year):
        raise PairError(f"{shown(inp.source if inp else '?')} has no up-to-date output (its extraction failed)")
    path, name = inp.path, inp.name
    target = output_path(out_dir, name, ".yaml")
    data = yaml.load(target.read_bytes(), Loader=Loader)
    if not isinstance(data, dict) or not isinstance(data.get("records"), list):
        raise PairError(f"{shown(target)}: not an output of this tool")
    try:
        if data["document"].get("format") == "txt":
            text = decode(Path(path).read_bytes())[0]
        else:
            text = target.with_name(target.name[: -len(".yaml")] + ".txt").read_text(encoding="utf-8")
    except (IngestError, UnicodeError) as e:
        raise PairError(f"cannot read the text of {shown(path)}: {e}") from None
    return name, data, text


def _check_languages(zh: dict[str, Any], en: dict[str, Any]) -> None:
    zl, el = zh["document"].get("language"), en["document"].get("language")
    if zl == "en" and el == "zh":
        raise PairError("the first is English and the second Chinese: give the Chinese report first")


def with_twins(data: dict[str, Any], twins: dict[int, str | None], other_source: Any) -> dict[str, Any]:
    """A copy of an output mapping whose records have `twin` (the twin's id, or null) after `also`, and whose
    document has `twin` (the twin document's source) after its other keys; an older `twin` is replaced."""
    doc = {k: v for k, v in data["document"].items() if k != "twin"}
    doc["twin"] = other_source
    recs = []
    for n, rec in enumerate(data["records"]):
        r = {k: v for k, v in rec.items() if k != "twin"}
        r["twin"] = twins.get(n)
        recs.append(r)
    return {**data, "document": doc, "records": recs}


def _write_twins(out_dir: Path, dp: DocPair) -> None:
    """Rewrite both YAML files with their twins (atomically; a file already so is left alone)."""
    zr, er = dp.records("zh"), dp.records("en")
    links = dp.pairing.linked
    for name, data, other, twins in (
            (dp.zh_name, dp.zh, dp.en, {i: er[j].get("id") for i, j in links}),
            (dp.en_name, dp.en, dp.zh, {j: zr[i].get("id") for i, j in links})):
        new = with_twins(data, twins, other["document"].get("source"))
        target = output_path(out_dir, name, ".yaml")
        text = dump_yaml(new)
        if target.read_text(encoding="utf-8") != text:
            atomic_write(target, text)
            cache_rows(out_dir, name, new, text)
        if data is dp.zh:
            dp.zh = new
        else:
            dp.en = new


__all__ = ["BatchError", "PairError", "PairOptions", "PairSummary", "run_pairs", "with_twins"]
