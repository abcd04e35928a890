"""A translator's round trip: export questionnaire text, translate it, import it, publish only when ready."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from openpyxl import load_workbook
from sqlalchemy import select

from survey_app import create_app
from survey_app.config import PROJECT_ROOT
from survey_app.content import translation
from survey_app.extensions import db
from survey_app.models import QuestionnaireVersion

from .conftest import data_dir

SAFE_EN = "Do you feel safe in the home where you live now?"
SAFE_CY = "Wyt ti'n teimlo'n ddiogel yn y cartref lle rwyt ti'n byw nawr?"
SAFE_CONTEXT = "short-8-10:safe_at_home.text"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """A questionnaires folder of our own: the shared catalogues and one short questionnaire, all checked."""
    folder = tmp_path / "questionnaires"
    (folder / "surveys").mkdir(parents=True)
    for name in ("option_sets.yaml", "indicators.yaml", "help_contacts.yaml"):
        shutil.copy(PROJECT_ROOT / "questionnaires" / name, folder / name)
    shutil.copy(data_dir() / "short-8-10.yaml", folder / "surveys" / "short-8-10.yaml")
    translation.confirm(folder, translation.entries_for(folder))
    return folder


@pytest.fixture()
def cli(folder: Path):
    app = create_app("testing", {"QUESTIONNAIRE_DIR": str(folder)})
    runner = app.test_cli_runner()

    def run(*args: str):
        return runner.invoke(args=["questionnaires", *args])

    return run


def survey_file(folder: Path) -> Path:
    return folder / "surveys" / "short-8-10.yaml"


def change_english(folder: Path, old: str, new: str) -> None:
    path = survey_file(folder)
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_every_string_has_a_context_and_both_languages(folder: Path):
    entries = translation.entries_for(folder, [survey_file(folder)])
    contexts = [entry.context for entry in entries]
    assert len(contexts) == len(set(contexts)), "contexts must be unique"
    assert SAFE_CONTEXT in contexts
    assert "option_set:how_often.all_the_time.label" in contexts
    assert "option_set:faces_happy.very_happy.alt" in contexts
    assert "indicator:feels_safe_at_home.label" in contexts
    assert "short-8-10:life_score.anchors.low" in contexts
    # Only the shared answers this questionnaire uses go to its translator.
    assert not any(context.startswith("option_set:delivery_level.") for context in contexts)
    assert all(entry.en and entry.cy for entry in entries)


@pytest.mark.parametrize("suffix", [".po", ".xlsx"])
def test_export_then_import_unchanged_loses_nothing(folder: Path, cli, tmp_path: Path, suffix: str):
    before = {path: path.read_bytes() for path in folder.rglob("*.yaml")}
    out = tmp_path / f"short{suffix}"
    result = cli("translations", "export", "short-8-10", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "0 need translation or review" in result.output
    result = cli("translations", "import", str(out))
    assert result.exit_code == 0, result.output
    assert "0 Welsh strings updated" in result.output
    after = {path: path.read_bytes() for path in folder.rglob("*.yaml")}
    assert after == before, "a round trip must leave every file exactly as it was"


def test_an_english_change_marks_its_welsh_for_review_and_the_check_says_which(folder: Path, cli):
    assert cli("check").exit_code == 0
    change_english(folder, SAFE_EN, "Do you feel safe in the home you live in now?")
    result = cli("check")
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"{survey_file(folder)}: {SAFE_CONTEXT}: Welsh needs review: the English changed since it was "
        f"translated (was '{SAFE_EN}', now 'Do you feel safe in the home you live in now?')"
    )


def test_the_po_export_marks_what_needs_review_with_the_old_english(folder: Path, cli, tmp_path: Path):
    change_english(folder, SAFE_EN, "Do you feel safe in the home you live in now?")
    out = tmp_path / "short.po"
    cli("translations", "export", "short-8-10", "--out", str(out))
    catalog = read_po(io.BytesIO(out.read_bytes()))
    message = catalog.get("Do you feel safe in the home you live in now?", context=SAFE_CONTEXT)
    assert message.fuzzy and message.string == SAFE_CY
    assert f'#| msgid "{SAFE_EN}"\nmsgctxt "{SAFE_CONTEXT}"' in out.read_text(encoding="utf-8")
    assert any("'ti'" in comment for comment in message.auto_comments), "the translator is told the register"
    others = [each for each in catalog if each.id and each.context != SAFE_CONTEXT]
    assert others and not any(each.fuzzy for each in others)


def test_importing_reviewed_welsh_writes_it_into_the_file_and_clears_the_review(folder: Path, cli, tmp_path):
    new_en = "Do you feel safe in the home you live in now?"
    new_cy = "Wyt ti'n teimlo'n ddiogel yn y cartref rwyt ti'n byw ynddo nawr?"
    change_english(folder, SAFE_EN, new_en)
    out = tmp_path / "short.po"
    cli("translations", "export", "short-8-10", "--out", str(out))
    text = out.read_text(encoding="utf-8")
    text = text.replace(f'#, fuzzy\n#| msgid "{SAFE_EN}"\n', "").replace(
        f'msgstr "{SAFE_CY}"', f'msgstr "{new_cy}"'
    )
    out.write_text(text, encoding="utf-8")
    result = cli("translations", "import", str(out))
    assert result.exit_code == 0, result.output
    assert "1 Welsh strings updated, 1 confirmed as checked" in result.output
    written = survey_file(folder).read_text(encoding="utf-8")
    assert f'cy: "{new_cy}"' in written
    assert written.startswith("# A short, fixed questionnaire"), "comments in the file are kept"
    assert cli("check").exit_code == 0


def test_welsh_still_marked_for_review_stays_unpublishable(folder: Path, cli, tmp_path: Path):
    change_english(folder, SAFE_EN, "Do you feel safe in the home you live in now?")
    out = tmp_path / "short.po"
    cli("translations", "export", "short-8-10", "--out", str(out))
    result = cli("translations", "import", str(out))  # the translator sent it back still fuzzy
    assert "0 confirmed" in result.output
    assert "Welsh needs review" in cli("check").output


def test_an_xlsx_sheet_carries_the_same_review_marks(folder: Path, cli, tmp_path: Path):
    change_english(folder, SAFE_EN, "Do you feel safe in the home you live in now?")
    out = tmp_path / "short.xlsx"
    cli("translations", "export", "short-8-10", "--out", str(out))
    sheet = load_workbook(out).worksheets[0]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert [cell.value for cell in sheet[1]] == translation.XLSX_HEADERS
    assert rows[SAFE_CONTEXT][4] == "yes" and rows[SAFE_CONTEXT][5] == SAFE_EN
    # The translator checks the Welsh, keeps it, and clears "Needs review".
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == SAFE_CONTEXT:
            row[4].value = None
    sheet.parent.save(out)
    result = cli("translations", "import", str(out))
    assert result.exit_code == 0, result.output
    assert "0 Welsh strings updated, 1 confirmed" in result.output
    assert cli("check").exit_code == 0


def test_a_file_exported_before_the_english_changed_is_refused_for_that_string(folder: Path, cli, tmp_path):
    out = tmp_path / "short.po"
    cli("translations", "export", "short-8-10", "--out", str(out))
    change_english(folder, SAFE_EN, "Do you feel safe at home?")
    result = cli("translations", "import", str(out))
    assert result.exit_code == 1
    assert (
        f"{out}: {SAFE_CONTEXT}: the English has changed since export (now 'Do you feel safe at home?'): "
        "export again" in result.output
    )
    assert SAFE_CY in survey_file(folder).read_text(encoding="utf-8"), "the Welsh in the file is untouched"


def test_a_string_that_no_longer_exists_is_reported(folder: Path, cli, tmp_path: Path):
    out = tmp_path / "short.po"
    cli("translations", "export", "short-8-10", "--out", str(out))
    out.write_text(out.read_text(encoding="utf-8").replace(SAFE_CONTEXT, "short-8-10:gone.text"), "utf-8")
    result = cli("translations", "import", str(out))
    assert f"{out}: short-8-10:gone.text: no such string in the questionnaires now" in result.output


def test_a_spreadsheet_with_other_headings_is_refused_clearly(cli, tmp_path: Path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Saesneg", "Cymraeg"])
    out = tmp_path / "other.xlsx"
    book.save(out)
    result = cli("translations", "import", str(out))
    assert result.exit_code == 1
    assert "the first row must be the headings Context, Notes, English, Welsh" in result.output


def test_an_english_only_string_is_reported_as_missing_welsh(folder: Path, cli):
    path = survey_file(folder)
    path.write_text(
        path.read_text(encoding="utf-8").replace(f'          cy: "{SAFE_CY}"\n', ""), encoding="utf-8"
    )
    entries = translation.entries_for(folder, [path])
    problems = translation.translation_problems(entries, translation.load_record(folder))
    assert [str(problem) for problem in problems] == [
        f"{path}: {SAFE_CONTEXT}: Welsh missing for '{SAFE_EN}'"
    ]
    # The structural check names it too, so the file cannot be loaded or published.
    assert f"{path}: item safe_at_home: Welsh text missing in text" in cli("check").output


def test_new_text_nobody_has_checked_needs_review_until_confirmed(folder: Path, cli):
    hint = (
        f'          cy: "{SAFE_CY}"\n'
        '        hint: {en: "Think about most days.", cy: "Meddylia am y rhan fwyaf o ddyddiau."}\n'
    )
    change_english(folder, f'          cy: "{SAFE_CY}"\n', hint)
    output = cli("check").output
    assert output.strip() == (
        f"{survey_file(folder)}: short-8-10:safe_at_home.hint: "
        "Welsh needs review: not yet checked against this English"
    )
    result = cli("translations", "confirm", "short-8-10")
    assert "1 strings recorded" in result.output
    assert cli("check").exit_code == 0


def test_export_of_an_unknown_questionnaire_says_so(cli, tmp_path: Path):
    result = cli("translations", "export", "no-such-thing", "--out", str(tmp_path / "x.po"))
    assert result.exit_code != 0 and "no questionnaire with id no-such-thing" in result.output


def test_load_publishes_only_questionnaires_whose_welsh_is_ready(folder: Path, app):
    shutil.copy(PROJECT_ROOT / "questionnaires" / "surveys" / "children-4-7.yaml", folder / "surveys")
    # The 4-7 file's strings have no record in this folder: nobody has checked them here.
    app.config["QUESTIONNAIRE_DIR"] = str(folder)
    result = app.test_cli_runner().invoke(args=["questionnaires", "load"])
    assert result.exit_code == 1
    assert "children-4-7: not published, its Welsh is not ready:" in result.output
    assert "short-8-10: version 1 published" in result.output
    published = db.session.scalars(select(QuestionnaireVersion.questionnaire_id)).all()
    assert published == ["short-8-10"]
