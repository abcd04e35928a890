"""`flask --app wsgi themes classify`: code comments gathered elsewhere with the theme codebook.

An analyst with comments from a workshop or a paper survey gives a CSV with a ``text`` column and
gets it back with ``language``, ``redacted``, ``themes`` (semicolon-separated theme ids),
``sentiment`` (empty where not scored) and ``sentiment_method``. The file is the analyst's own and
stays row by row: nothing from the survey database is read or released. The raw ``text`` column is
kept unless ``--drop-text`` is given, and the command says so each time.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from analysis.text import AUDIENCE_GROUPS, Codebook, CodebookError, classify, load_codebook

ADDED_COLUMNS = ("language", "redacted", "themes", "sentiment", "sentiment_method")
LANGUAGES = ("cy", "en")


@click.group("themes", cls=AppGroup)
def themes_group() -> None:
    """Themes in free text: code comments with the bilingual codebook."""


def _codebook(path: Path | None) -> Codebook:
    default = Path(current_app.config["QUESTIONNAIRE_DIR"]) / "themes.yaml"
    try:
        return load_codebook(path or default)
    except CodebookError as error:
        raise click.ClickException(str(error)) from error


def _read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of a UTF-8 CSV file (a byte-order mark is allowed), or a one-line error."""
    if not path.is_file():
        raise click.ClickException(f"{path}: no such file")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise click.ClickException(
            f"{path}: not UTF-8 text (byte {error.start}); save it as 'CSV UTF-8' and try again"
        ) from error
    if not text.strip():
        raise click.ClickException(f"{path}: the file is empty")
    try:  # Excel in Welsh or European settings saves CSV with semicolons
        first_line = text.splitlines()[0]
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(first_line, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    header = [name.strip() for name in reader.fieldnames or []]
    # "Text" or "TEXT" (as spreadsheets often write it) is the text column too.
    header = ["text" if name.lower() == "text" and "text" not in header else name for name in header]
    if "text" not in header:
        found = ", ".join(name for name in header if name) or "none"
        raise click.ClickException(f"{path}: no 'text' column (columns found: {found})")
    reader.fieldnames = header
    return header, [{key: value or "" for key, value in row.items() if key is not None} for row in reader]


def _row_audience(row: dict[str, str], fixed: str | None, line: int) -> str | None:
    if fixed is not None:
        return fixed
    audience = row.get("audience", "").strip()
    if not audience:
        return None
    if audience not in AUDIENCE_GROUPS:
        known = ", ".join(AUDIENCE_GROUPS)
        raise click.ClickException(f"line {line}: unknown audience {audience!r} (expected one of {known})")
    return audience


@themes_group.command("classify")
@click.option(
    "--in",
    "in_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="CSV with a text column",
)
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option(
    "--audience",
    type=click.Choice(list(AUDIENCE_GROUPS)),
    help="whose comments these are (default: an 'audience' column if there is one, else every theme)",
)
@click.option(
    "--language",
    "fallback",
    type=click.Choice(LANGUAGES),
    default=None,
    help="the language to assume for comments too short to tell (e.g. the questionnaire's language)",
)
@click.option("--codebook", type=click.Path(dir_okay=False, path_type=Path), help="another themes.yaml")
@click.option("--drop-text", is_flag=True, help="leave the unredacted text column out of the output")
def classify_command(
    in_path: Path,
    out_path: Path,
    audience: str | None,
    fallback: str | None,
    codebook: Path | None,
    drop_text: bool,
) -> None:
    """Redact each comment in the text column and add its language, themes and sentiment.

    The output is UTF-8 with a byte-order mark, so Excel shows Welsh letters such as ŵ and ŷ. Other
    columns are kept in their order; existing columns named like the added ones are overwritten.
    """
    if out_path.resolve() == in_path.resolve():
        raise click.ClickException("--out must be a new file: writing over --in would lose the comments")
    if not out_path.parent.is_dir():
        raise click.ClickException(f"{out_path.parent}: no such folder")
    themes = _codebook(codebook)
    header, rows = _read_rows(in_path)
    kept = [name for name in header if not (drop_text and name == "text")]
    columns = kept + [name for name in ADDED_COLUMNS if name not in kept]
    counts = {"cy": 0, "en": 0}
    written: list[dict[str, str]] = []
    for line, row in enumerate(rows, start=2):
        row_audience = _row_audience(row, audience, line)
        out = {name: row.get(name, "") for name in kept}
        text = row.get("text", "")
        if text.strip():
            coded = classify(text, themes, row_audience, fallback or "")
            counts[coded.language] += 1
            score = coded.sentiment.score
            out |= {
                "language": coded.language,
                "redacted": coded.redacted,
                "themes": ";".join(coded.themes),
                "sentiment": "" if score is None else f"{score:.2f}",
                "sentiment_method": coded.sentiment.method,
            }
        else:
            out |= dict.fromkeys(ADDED_COLUMNS, "")
        written.append(out)
    try:
        with out_path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(written)
    except OSError as error:
        raise click.ClickException(f"{out_path}: cannot write ({error.strerror})") from error
    summary = f"{counts['cy']} in Welsh, {counts['en']} in English"
    how_many = "1 row coded" if len(rows) == 1 else f"{len(rows)} rows coded"
    click.echo(f"{how_many} ({summary}); written to {out_path}.")
    if not drop_text:
        click.echo(
            f"Warning: {out_path} still holds the unredacted 'text' column; use --drop-text to leave it out.",
            err=True,
        )
