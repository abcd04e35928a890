"""Configuration: one environment variable picks it; unsafe settings refuse to start."""

from __future__ import annotations

import os

import pytest

from survey_app import create_app
from survey_app.config import ConfigError, database_url, min_group


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app("production")


def test_production_refuses_a_short_secret_key(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "too-short")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app("production")


def test_production_starts_with_a_real_secret_key_and_secure_cookies(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.setenv("LLEISIAU_BASE_URL", "https://lleisiau.example")
    app = create_app("production")
    assert app.config["SESSION_COOKIE_SECURE"] is True and not app.testing


def test_an_unknown_environment_name_is_refused():
    with pytest.raises(ConfigError, match="LLEISIAU_ENV"):
        create_app("staging")


@pytest.mark.parametrize(("raw", "expected"), [(None, 10), ("", 10), ("5", 5), ("25", 25)])
def test_the_minimum_group_defaults_to_ten_and_accepts_five_or_more(raw, expected):
    assert min_group(raw) == expected


@pytest.mark.parametrize("raw", ["4", "0", "-3", "ten"])
def test_the_minimum_group_is_never_below_five(raw):
    with pytest.raises(ConfigError, match="LLEISIAU_MIN_GROUP"):
        min_group(raw)


def test_the_minimum_group_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("LLEISIAU_MIN_GROUP", "7")
    assert create_app("testing").config["LLEISIAU_MIN_GROUP"] == 7


def test_database_urls():
    assert database_url(None).startswith("sqlite:///") and database_url(None).endswith(
        "instance/lleisiau.sqlite3"
    )
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"


def test_the_app_refuses_to_start_without_a_current_welsh_catalogue(tmp_path, monkeypatch):
    """/cy/ pages would quietly come out in English (or without the newest Welsh): say so in one line."""
    from survey_app import paths

    folder = tmp_path / "cy" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    mo_file, po_file = folder / "messages.mo", folder / "messages.po"
    po_file.write_text("")
    assert "is missing: run `make compile-translations`" in (paths.catalogue_problem(mo_file) or "")
    mo_file.write_bytes(b"")
    os.utime(po_file, (mo_file.stat().st_mtime + 10,) * 2)
    assert "is older than messages.po" in (paths.catalogue_problem(mo_file) or "")
    os.utime(mo_file, (po_file.stat().st_mtime + 10,) * 2)
    assert paths.catalogue_problem(mo_file) is None
    monkeypatch.setattr(paths, "WELSH_CATALOGUE", tmp_path / "nowhere.mo")
    monkeypatch.setattr(paths.catalogue_problem, "__defaults__", (tmp_path / "nowhere.mo",))
    with pytest.raises(ConfigError, match="Welsh catalogue .* is missing"):
        create_app("testing")
