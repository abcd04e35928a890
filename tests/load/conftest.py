"""Fixtures for the load and fault tests: a prepared database on each backend, served by gunicorn."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from . import site

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def required() -> bool:
    """In CI (.ci/run) the fault tests must run, never skip."""
    return os.environ.get("LLEISIAU_FAULT_TESTS") == "required"


@pytest.fixture(params=BACKENDS)
def load_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated database with two open campaigns of children-8-10, on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'load.sqlite3'}"
    else:
        url = site.postgresql_url() or ""
    site.prepare(url)
    yield url
    if request.param == "postgresql":
        site.drop_postgresql()
