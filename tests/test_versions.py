"""Questionnaire versions: publishing freezes content; a changed file is a new version."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from sqlalchemy import select

from survey_app.config import PROJECT_ROOT
from survey_app.content.loader import load_library
from survey_app.extensions import db
from survey_app.models import QuestionnaireVersion
from survey_app.store import questionnaires as questionnaire_store

from .conftest import create_campaign, create_response, data_dir

SAFE_EN = "Do you feel safe in the home where you live now?"


def load_short(folder: Path):
    library = load_library(PROJECT_ROOT / "questionnaires", [folder / "short-8-10.yaml"])
    assert not library.problems
    return library.questionnaires["short-8-10"]


def test_a_changed_file_becomes_a_new_version_and_old_answers_keep_pointing_at_theirs(app, tmp_path: Path):
    shutil.copy(data_dir() / "short-8-10.yaml", tmp_path / "short-8-10.yaml")
    first, created = questionnaire_store.publish(load_short(tmp_path), date.today())
    assert created and first.version == 1 and first.status == "published"
    campaign = create_campaign(first)
    answered = create_response(campaign, {"safe_at_home": "all_the_time"})

    # Publishing the same content again changes nothing.
    again, created = questionnaire_store.publish(load_short(tmp_path), date.today())
    assert not created and again.id == first.id

    # Someone improves a question: the file is now a new version, and the first stays as it was.
    path = tmp_path / "short-8-10.yaml"
    path.write_text(path.read_text("utf-8").replace(SAFE_EN, "Do you feel safe at home?"), "utf-8")
    second, created = questionnaire_store.publish(load_short(tmp_path), date.today())
    db.session.commit()
    assert created and second.version == 2 and second.content_hash != first.content_hash

    db.session.expire_all()
    versions = db.session.scalars(select(QuestionnaireVersion).order_by(QuestionnaireVersion.version)).all()
    assert [version.version for version in versions] == [1, 2]
    assert answered.campaign.questionnaire_version.id == first.id
    old = questionnaire_store.frozen_content(answered.campaign.questionnaire_version)
    assert old.item("safe_at_home").text.en == SAFE_EN, "the answered version still reads as it was asked"
    new = questionnaire_store.frozen_content(second)
    assert new.item("safe_at_home").text.en == "Do you feel safe at home?"


def test_a_version_freezes_the_shared_answers_it_uses(app, tmp_path: Path):
    """A later change to a shared option set does not change a published version."""
    folder = tmp_path / "questionnaires"
    shutil.copytree(PROJECT_ROOT / "questionnaires", folder)
    shutil.copy(data_dir() / "short-8-10.yaml", folder / "surveys" / "short-8-10.yaml")
    before = load_library(folder, [folder / "surveys" / "short-8-10.yaml"]).questionnaires["short-8-10"]
    version, _ = questionnaire_store.publish(before, date.today())
    sets = folder / "option_sets.yaml"
    sets.write_text(sets.read_text("utf-8").replace("All of the time", "Always, always"), "utf-8")
    after = load_library(folder, [folder / "surveys" / "short-8-10.yaml"]).questionnaires["short-8-10"]
    assert after.content_hash() != before.content_hash()
    stored = questionnaire_store.frozen_content(version)
    labels = [option.label.en for option in stored.options(stored.item("safe_at_home"))]
    assert labels[0] == "All of the time"
