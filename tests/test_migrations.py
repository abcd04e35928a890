"""The first migration creates the tables and the 22 Welsh principal councils."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import select

from survey_app.config import PROJECT_ROOT
from survey_app.extensions import db
from survey_app.models import Authority

REFERENCE = PROJECT_ROOT.parent / "shared" / "reference" / "authorities.csv"


def test_the_22_welsh_authorities_are_there_with_both_names(app):
    authorities = db.session.scalars(select(Authority)).all()
    assert len(authorities) == 22
    rhondda = next(each for each in authorities if each.ons_code == "W06000016")
    assert rhondda.name("cy") == "Rhondda Cynon Taf" and rhondda.name("en") == "Rhondda Cynon Taf"
    anglesey = next(each for each in authorities if each.ons_code == "W06000001")
    assert (anglesey.name("cy"), anglesey.name("en")) == ("Ynys Môn", "Isle of Anglesey")


@pytest.mark.skipif(not REFERENCE.exists(), reason="the shared reference folder is not beside this checkout")
def test_the_authorities_match_the_shared_reference_list(app):
    with REFERENCE.open(encoding="utf-8") as handle:
        expected = {(row["ons_code"], row["name_en"], row["name_cy"]) for row in csv.DictReader(handle)}
    stored = {(each.ons_code, each.name_en, each.name_cy) for each in db.session.scalars(select(Authority))}
    assert stored == expected


def test_the_migrations_build_exactly_the_tables_the_models_describe(app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []
