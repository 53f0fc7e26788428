"""YAML input and output through PyYAML, with the C loader and dumper when present."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class RuleFileError(ValueError):
    """A rules or data file that cannot be used: names the file, the line and the problem."""


def load_yaml(path: str | Path) -> Any:
    """Parse a YAML data file; a syntax error becomes a RuleFileError naming file and line."""
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.load(f, Loader=Loader) or {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(e, "problem", None) or str(e)
        raise RuleFileError(f"{where}: invalid YAML: {problem}") from None
    except OSError as e:
        raise RuleFileError(f"{path}: cannot read: {e.strerror}") from None


def dump_yaml(data: Any) -> str:
    """Serialise to YAML deterministically (key order as given, Unicode kept, block style)."""
    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=1000)
