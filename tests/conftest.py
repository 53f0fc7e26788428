"""Shared fixtures: the project's pipeline, loaded once per test session."""

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# compiled rules and jieba's dictionary are cached here, not in the user's ~/.cache (every process of the
# session, the commands tests run included, shares it: entries are keyed by content and written atomically)
os.environ.setdefault("PIPELINE_CACHE_DIR", os.path.join(tempfile.gettempdir(), f"pipeline-tests-cache-{os.getuid()}"))


@pytest.fixture(scope="session")
def pipe():
    from pipeline.api import default_pipeline

    return default_pipeline()


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
