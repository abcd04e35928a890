"""Responses at rest say nothing about the order people answered in (audit B7).

Ids are random; SQLite keeps the table without a rowid, so rows sit in id order; PostgreSQL's daily
retention run rewrites the table in id order. Record keys (for the perturbation of released counts)
are random too.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from survey_app.extensions import db
from tests.conftest import create_response


def _answered_in_order(campaign, how_many: int) -> list[str]:
    return [create_response(campaign, {"q": str(number)}, record_key=None).id for number in range(how_many)]


def test_the_order_on_disk_is_the_order_of_the_random_ids_not_of_answering(app, campaign, runner):
    answered = _answered_in_order(campaign, 40)
    assert answered != sorted(answered)  # random ids: the order of answering is not the id order
    if db.engine.dialect.name == "sqlite":
        with pytest.raises(OperationalError):
            db.session.execute(text("SELECT rowid FROM responses")).all()
        db.session.rollback()
        on_disk = db.session.execute(text("SELECT id FROM responses")).scalars().all()
    else:
        # PostgreSQL puts new rows wherever it has room (usually the order they were written, but space
        # freed by earlier deletes and autovacuum is reused, so the order before the run is not asserted):
        # the daily run is what puts them in id order.
        db.session.commit()
        result = runner.invoke(args=["retention", "run"])
        assert result.exit_code == 0, result.output
        assert "rewritten on disk in the order of their random ids" in result.output
        on_disk = db.session.execute(text("SELECT id FROM responses ORDER BY ctid")).scalars().all()
    assert on_disk == sorted(answered)


def test_record_keys_are_random_and_in_range(app, campaign):
    _answered_in_order(campaign, 200)
    keys = db.session.execute(text("SELECT record_key FROM responses")).scalars().all()
    assert all(0 <= key <= 255 for key in keys)
    assert len(set(keys)) > 100  # 200 draws from 256 values: about 140 different ones
