"""Pairing a report with its translation: twin files, aligned lines, linked records, agreement (docs/pair.md)."""

from .files import PairError, match_files, split_tag
from .link import Pairing, link
from .report import Agreement, DocPair
from .run import PairOptions, PairSummary, run_pairs

__all__ = ["Agreement", "DocPair", "PairError", "PairOptions", "PairSummary", "Pairing", "link", "match_files",
           "run_pairs", "split_tag"]
