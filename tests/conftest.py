"""Shared fixtures: the project's pipeline, loaded once per test session."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def pipe():
    from pipeline.api import default_pipeline

    return default_pipeline()


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
