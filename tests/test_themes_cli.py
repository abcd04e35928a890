"""`flask --app wsgi themes classify`: an analyst codes a CSV of comments gathered elsewhere."""

from __future__ import annotations

import csv
from pathlib import Path

BOM = "\ufeff"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def read(path: Path) -> tuple[str, list[dict[str, str]]]:
    raw = path.read_bytes().decode("utf-8")
    return raw, list(csv.DictReader(raw.removeprefix(BOM).splitlines()))


def test_classify_adds_language_redaction_themes_and_sentiment_keeping_other_columns(runner, tmp_path):
    source = write(
        tmp_path / "workshop.csv",
        BOM
        + "id,text,group\n"
        + '1,"My social worker Dave never listens, ring me on 07700 900123",yp\n'
        + "2,Dw i'n hapus ond dw i eisiau gweld fy nheulu. Mae'r ŵyr a'r ŷd yn Heol y Bryn,yp\n"
        + "3,,yp\n",
    )
    out = tmp_path / "coded.csv"
    result = runner.invoke(args=["themes", "classify", "--in", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 rows coded (1 in Welsh, 1 in English)" in result.output
    assert "still holds the unredacted 'text' column" in result.output
    raw, rows = read(out)
    assert raw.startswith(BOM)
    assert list(rows[0]) == [
        "id",
        "text",
        "group",
        "language",
        "redacted",
        "themes",
        "sentiment",
        "sentiment_method",
    ]
    english, welsh, empty = rows
    assert english["language"] == "en"
    assert english["redacted"] == "My social worker [name] never listens, ring me on [phone]"
    assert english["themes"] == "listened_to;social_workers"
    assert english["sentiment_method"] == "textblob"
    assert welsh["language"] == "cy"
    assert welsh["redacted"] == "Dw i'n hapus ond dw i eisiau gweld fy nheulu. Mae'r ŵyr a'r ŷd yn [stryd]"
    assert welsh["themes"] == "family_friends_contact"
    assert welsh["sentiment"] == "0.70" and welsh["sentiment_method"] == "welsh-lexicon"
    assert welsh["text"].endswith("Heol y Bryn")  # the analyst's own column, kept as given
    assert empty["language"] == empty["themes"] == empty["sentiment"] == ""


def test_drop_text_leaves_the_raw_comments_out(runner, tmp_path):
    source = write(tmp_path / "in.csv", "text\nMy name is Jessica and I feel safe\n")
    out = tmp_path / "out.csv"
    result = runner.invoke(args=["themes", "classify", "--in", str(source), "--out", str(out), "--drop-text"])
    assert result.exit_code == 0, result.output
    assert "unredacted" not in result.output
    raw, rows = read(out)
    assert "Jessica" not in raw
    assert list(rows[0]) == ["language", "redacted", "themes", "sentiment", "sentiment_method"]
    assert rows[0]["redacted"] == "My name is [name] and I feel safe"


def test_audience_limits_the_themes_and_an_audience_column_is_used_per_row(runner, tmp_path):
    text = "The training is good but our social worker keeps changing"
    source = write(tmp_path / "in.csv", f"text,audience\n{text},foster_carer\n{text},young_person\n")
    out = tmp_path / "out.csv"
    assert runner.invoke(args=["themes", "classify", "--in", str(source), "--out", str(out)]).exit_code == 0
    assert [row["themes"] for row in read(out)[1]] == [
        "training;same_social_worker",
        "consistency;social_workers",
    ]
    args = ["themes", "classify", "--in", str(source), "--out", str(out), "--audience", "foster_carer"]
    assert runner.invoke(args=args).exit_code == 0
    assert [row["themes"] for row in read(out)[1]] == ["training;same_social_worker"] * 2


def test_language_option_decides_comments_too_short_to_tell(runner, tmp_path):
    source = write(tmp_path / "in.csv", "text\nok\n")
    out = tmp_path / "out.csv"
    args = ["themes", "classify", "--in", str(source), "--out", str(out), "--language", "cy"]
    assert runner.invoke(args=args).exit_code == 0
    row = read(out)[1][0]
    assert row["language"] == "cy" and row["sentiment"] == "" and row["sentiment_method"] == "welsh-lexicon"


def one_line_error(result) -> str:
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


def test_a_missing_file_is_one_clear_line(runner, tmp_path):
    result = runner.invoke(args=["themes", "classify", "--in", str(tmp_path / "no.csv"), "--out", "x.csv"])
    assert one_line_error(result) == f"Error: {tmp_path / 'no.csv'}: no such file"


def test_a_file_without_a_text_column_is_one_clear_line(runner, tmp_path):
    source = write(tmp_path / "in.csv", "comment,age\nhello,12\n")
    out = tmp_path / "out.csv"
    result = runner.invoke(args=["themes", "classify", "--in", str(source), "--out", str(out)])
    assert one_line_error(result) == f"Error: {source}: no 'text' column (columns found: comment, age)"
    assert not out.exists()


def test_a_file_that_is_not_utf8_is_one_clear_line(runner, tmp_path):
    source = write(tmp_path / "in.csv", "text\nMae'r plant yn hapus â'r ysgol\n", encoding="cp1252")
    result = runner.invoke(args=["themes", "classify", "--in", str(source), "--out", str(tmp_path / "o.csv")])
    line = one_line_error(result)
    assert line.startswith(f"Error: {source}: not UTF-8 text") and "CSV UTF-8" in line


def test_an_empty_file_is_one_clear_line(runner, tmp_path):
    source = write(tmp_path / "in.csv", "")
    result = runner.invoke(args=["themes", "classify", "--in", str(source), "--out", str(tmp_path / "o.csv")])
    assert one_line_error(result) == f"Error: {source}: the file is empty"


def test_an_unknown_audience_in_the_file_names_the_line(runner, tmp_path):
    source = write(tmp_path / "in.csv", "text,audience\nhello,child\nhi,teacher\n")
    result = runner.invoke(args=["themes", "classify", "--in", str(source), "--out", str(tmp_path / "o.csv")])
    assert one_line_error(result).startswith("Error: line 3: unknown audience 'teacher'")


def test_a_spreadsheets_semicolons_and_capital_text_header_are_understood(runner, tmp_path):
    source = write(tmp_path / "in.csv", "ID;Text\n1;Mae fy ngweithiwr cymdeithasol yn gwrando arna i\n")
    out = tmp_path / "out.csv"
    result = runner.invoke(args=["themes", "classify", "--in", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    row = next(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert row["ID"] == "1" and row["language"] == "cy" and "social_workers" in row["themes"].split(";")


def test_writing_over_the_comments_or_into_a_missing_folder_is_refused_in_one_line(runner, tmp_path):
    source = write(tmp_path / "in.csv", "text\nI feel safe here\n")
    args = ["themes", "classify", "--in", str(source), "--out", str(source), "--drop-text"]
    same = runner.invoke(args=args)
    assert "must be a new file" in one_line_error(same)
    assert source.read_text(encoding="utf-8") == "text\nI feel safe here\n"
    missing = tmp_path / "nowhere" / "out.csv"
    result = runner.invoke(args=["themes", "classify", "--in", str(source), "--out", str(missing)])
    assert one_line_error(result) == f"Error: {missing.parent}: no such folder"
