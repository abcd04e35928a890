"""Questionnaire text as translators work with it.

Every string in a questionnaire (and in the shared option sets and indicators it uses) gets a stable
context such as ``children-8-10:safe_at_home.text``. The record file ``translated_from.yaml`` keeps,
for each context, the English that its Welsh was last translated or checked against. A Welsh string
needs review when it has no record or when its English has changed since; a questionnaire cannot be
published while any of its strings is missing or needs review.

Strings go out as a PO file (msgctxt = context, msgid = English, msgstr = Welsh, ``fuzzy`` and the
previous English for those needing review) or as an XLSX sheet, and come back the same way: the Welsh
is written into the YAML files (comments and layout kept) and the record is updated for every string
not marked as needing review.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from ruamel.yaml import YAML

from .loader import INDICATORS_FILE, OPTION_SETS_FILE, Problem, questionnaire_files

RECORD_FILE = "translated_from.yaml"
ADULT_AUDIENCES = {"foster_carer", "staff", "authority"}
PO_HEADER = """\
# Welsh text of Lleisiau questionnaires.
# Write the Welsh in msgstr. A "fuzzy" entry needs review: its English (msgid) has changed since the
# Welsh was written (the old English is on the "#|" line), or nobody has yet checked the Welsh.
# Remove "fuzzy" once the Welsh is right. Bring the file back with:
#   flask --app wsgi questionnaires translations import FILE.po
#"""
XLSX_HEADERS = ["Context", "Notes", "English", "Welsh", "Needs review", "English when last checked"]

State = Literal["ok", "missing", "changed", "unconfirmed"]
YamlPath = tuple[str | int, ...]


def _yaml() -> YAML:
    """A YAML reader/writer that gives back the files exactly as they were, apart from what we change."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def read_yaml_file(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return _yaml().load(handle)


def write_yaml_file(path: Path, data: Any) -> None:
    with path.open("w", encoding="utf-8") as handle:
        _yaml().dump(data, handle)


@dataclass(frozen=True)
class Entry:
    """One translatable string: where it lives, its context and both languages."""

    file: Path
    path: YamlPath  # where the {en, cy} pair sits inside the file
    context: str
    en: str
    cy: str
    note: str


@dataclass(frozen=True)
class Returned:
    """One string as it came back from a translator."""

    context: str
    en: str
    cy: str
    needs_review: bool


def _pair(node: Any) -> tuple[str, str] | None:
    if not isinstance(node, dict) or not isinstance(node.get("en"), str):
        return None
    welsh = node.get("cy")
    return node["en"].strip(), welsh.strip() if isinstance(welsh, str) else ""


def _entry(file: Path, path: YamlPath, node: Any, context: str, note: str) -> Iterator[Entry]:
    pair = _pair(node)
    if pair is not None:
        yield Entry(file, path, context, pair[0], pair[1], note)


def _register(raw: Any) -> str:
    if raw.get("audience") in ADULT_AUDIENCES:
        return "Adult readers: address them as 'chi'."
    return f"Children and young people ({raw.get('age_band', 'any age')}): address them as 'ti'."


def questionnaire_entries(file: Path, raw: Any) -> list[Entry]:
    """Every string of one questionnaire file, in reading order."""
    qid = raw.get("id", file.stem)
    register = _register(raw)
    entries = list(_entry(file, ("title",), raw.get("title"), f"{qid}:title", f"Title. {register}"))
    entries += _entry(
        file, ("purpose",), raw.get("purpose"), f"{qid}:purpose", "Note for the officer choosing it."
    )
    for page_no, page in enumerate(raw.get("pages") or []):
        page_path: YamlPath = ("pages", page_no)
        entries += _entry(
            file,
            (*page_path, "title"),
            page.get("title"),
            f"{qid}:page.{page.get('id')}.title",
            "Page heading.",
        )
        for item_no, item in enumerate(page.get("items") or []):
            item_path: YamlPath = (*page_path, "items", item_no)
            kind = f"{item.get('type')} item. {register}"
            prefix = f"{qid}:{item.get('id')}"
            entries += _entry(file, (*item_path, "text"), item.get("text"), f"{prefix}.text", kind)
            entries += _entry(
                file, (*item_path, "hint"), item.get("hint"), f"{prefix}.hint", f"Hint. {register}"
            )
            anchors = item.get("anchors") or {}
            for end in ("low", "high"):
                entries += _entry(
                    file,
                    (*item_path, "anchors", end),
                    anchors.get(end),
                    f"{prefix}.anchors.{end}",
                    f"What the {end} end of the 0-10 scale means.",
                )
            for row_no, row in enumerate(item.get("rows") or []):
                entries += _entry(
                    file,
                    (*item_path, "rows", row_no, "text"),
                    row.get("text"),
                    f"{prefix}.row.{row.get('id')}",
                    "A row of a grid: one answer is chosen for each row.",
                )
    return entries


def _questions_using(raw_questionnaires: Iterable[Any]) -> dict[str, list[str]]:
    """Option set id -> English text of up to two questions that use it (context for short answers)."""
    using: dict[str, list[str]] = {}
    for raw in raw_questionnaires:
        for page in raw.get("pages") or []:
            for item in page.get("items") or []:
                text = _pair(item.get("text"))
                if item.get("options") and text and len(using.setdefault(item["options"], [])) < 2:
                    using[item["options"]].append(text[0])
    return using


def option_set_entries(directory: Path, questions: dict[str, list[str]]) -> list[Entry]:
    file = directory / OPTION_SETS_FILE
    entries: list[Entry] = []
    for set_no, option_set in enumerate(read_yaml_file(file).get("option_sets") or []):
        asked = "; ".join(f"'{text}'" for text in questions.get(option_set.get("id"), []))
        note = "An answer. The Welsh must fit the question" + (f": {asked}" if asked else "s that use it.")
        for option_no, option in enumerate(option_set.get("options") or []):
            path: YamlPath = ("option_sets", set_no, "options", option_no)
            context = f"option_set:{option_set.get('id')}.{option.get('value')}"
            entries += _entry(file, (*path, "label"), option.get("label"), f"{context}.label", note)
            entries += _entry(
                file, (*path, "alt"), option.get("alt"), f"{context}.alt", "Alt text of a face."
            )
    return entries


def indicator_entries(directory: Path) -> list[Entry]:
    file = directory / INDICATORS_FILE
    return [
        entry
        for number, indicator in enumerate(read_yaml_file(file).get("indicators") or [])
        for entry in _entry(
            file,
            ("indicators", number, "label"),
            indicator.get("label"),
            f"indicator:{indicator.get('id')}.label",
            "Indicator name in reports, read by council staff ('chi').",
        )
    ]


def questionnaire_file(directory: Path, questionnaire_id: str) -> Path:
    """The bundled file that holds a questionnaire, by its id."""
    for file in questionnaire_files(directory):
        raw = read_yaml_file(file)
        if isinstance(raw, dict) and raw.get("id") == questionnaire_id:
            return file
    raise KeyError(f"no questionnaire with id {questionnaire_id}")


def entries_for(directory: Path, files: Sequence[Path] | None = None) -> list[Entry]:
    """The strings of the given questionnaire files (all bundled ones if None) and the shared ones they use.

    With no files given, every shared option set and indicator is included, used or not.
    """
    raws = {}
    for file in files if files is not None else questionnaire_files(directory):
        raw = read_yaml_file(file)
        if isinstance(raw, dict):
            raws[file] = raw
    entries = [entry for file, raw in raws.items() for entry in questionnaire_entries(file, raw)]
    used_sets = {item.get("options") for raw in raws.values() for item in _items(raw)}
    used_indicators = {item.get("indicator") for raw in raws.values() for item in _items(raw)}

    def key(entry: Entry) -> str:
        return entry.context.split(":")[1].split(".")[0]

    questions = _questions_using(raws.values())
    entries += [e for e in option_set_entries(directory, questions) if files is None or key(e) in used_sets]
    entries += [e for e in indicator_entries(directory) if files is None or key(e) in used_indicators]
    return entries


def _items(raw: Any) -> Iterator[Any]:
    for page in raw.get("pages") or []:
        yield from page.get("items") or []


# --- The record of what each Welsh string was translated from ------------------------------------


def load_record(directory: Path) -> dict[str, str]:
    path = directory / RECORD_FILE
    if not path.exists():
        return {}
    data = read_yaml_file(path) or {}
    return {str(key): str(value) for key, value in (data.get("translated_from") or {}).items()}


def save_record(directory: Path, record: dict[str, str]) -> None:
    header = (
        "# For each string, the English its Welsh was last translated or checked against.\n"
        "# Written by `flask --app wsgi questionnaires translations import/confirm`; do not edit by hand.\n"
    )
    body = io.StringIO()
    _yaml().dump({"translated_from": dict(sorted(record.items()))}, body)
    (directory / RECORD_FILE).write_text(header + body.getvalue(), encoding="utf-8")


def state(entry: Entry, record: dict[str, str]) -> State:
    if not entry.cy:
        return "missing"
    if entry.context not in record:
        return "unconfirmed"
    return "ok" if record[entry.context] == entry.en else "changed"


def translation_problems(entries: Iterable[Entry], record: dict[str, str]) -> list[Problem]:
    """One problem per string whose Welsh is missing or needs review."""
    problems = []
    for entry in entries:
        verdict = state(entry, record)
        if verdict == "missing":
            message = f"Welsh missing for '{entry.en}'"
        elif verdict == "changed":
            message = (
                f"Welsh needs review: the English changed since it was translated "
                f"(was '{record[entry.context]}', now '{entry.en}')"
            )
        elif verdict == "unconfirmed":
            message = "Welsh needs review: not yet checked against this English"
        else:
            continue
        problems.append(Problem(str(entry.file), entry.context, message))
    return problems


# --- Export -------------------------------------------------------------------------------------


def _needs_review(entry: Entry, record: dict[str, str]) -> bool:
    return state(entry, record) in ("changed", "unconfirmed")


def export_po(entries: Iterable[Entry], record: dict[str, str]) -> bytes:
    """A PO file for translators: fuzzy (with the previous English) where the Welsh needs review."""
    catalog = Catalog(
        locale="cy",
        project="Lleisiau questionnaires",
        fuzzy=False,
        header_comment=PO_HEADER,
    )
    for entry in entries:
        previous = record.get(entry.context)
        catalog.add(
            entry.en,
            entry.cy,
            context=entry.context,
            auto_comments=[entry.note],
            flags=["fuzzy"] if entry.cy and _needs_review(entry, record) else [],
            previous_id=previous if previous and previous != entry.en else (),
        )
    out = io.BytesIO()
    write_po(out, catalog, width=0, include_previous=True)
    return out.getvalue()


def export_xlsx(entries: Iterable[Entry], record: dict[str, str]) -> bytes:
    """The same strings as a spreadsheet, one row each, for translators who prefer one."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Welsh"
    sheet.append(XLSX_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for entry in entries:
        previous = record.get(entry.context, "")
        sheet.append(
            [
                entry.context,
                entry.note,
                entry.en,
                entry.cy,
                "yes" if _needs_review(entry, record) or not entry.cy else "",
                previous if previous != entry.en else "",
            ]
        )
    for column, width in zip("ABCDEF", (34, 40, 60, 60, 14, 50), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula, whatever it starts with (= + - @)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- Import -------------------------------------------------------------------------------------


def read_po_strings(data: bytes) -> list[Returned]:
    catalog = read_po(io.BytesIO(data))
    return [
        Returned(str(message.context), str(message.id), str(message.string or "").strip(), message.fuzzy)
        for message in catalog
        if message.id and message.context
    ]


def read_xlsx_strings(data: bytes) -> list[Returned]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell or "").strip() for cell in next(rows, ())]
    if header[: len(XLSX_HEADERS) - 1] != XLSX_HEADERS[:-1]:
        raise ValueError(f"the first row must be the headings {', '.join(XLSX_HEADERS)}")
    returned = []
    for row in rows:
        context, _note, english, welsh, review = (list(row) + [None] * 5)[:5]
        if context:
            flag = str(review or "").strip().lower()
            returned.append(
                Returned(
                    str(context),
                    str(english or "").strip(),
                    str(welsh or "").strip(),
                    flag not in ("", "no", "na"),
                )
            )
    return returned


@dataclass
class ImportResult:
    updated: int = 0
    confirmed: int = 0
    problems: list[Problem] | None = None


def _node(data: Any, path: YamlPath) -> Any:
    for step in path:
        data = data[step]
    return data


def _set_welsh(node: Any, welsh: str) -> None:
    """Replace the Welsh in a pair, keeping the quoting style the file used for it."""
    old = node.get("cy")
    node["cy"] = type(old)(welsh) if old is not None and type(old) is not str else welsh


def import_strings(directory: Path, returned: Sequence[Returned], source: str) -> ImportResult:
    """Write translators' Welsh into the YAML files and record what each was translated from.

    A string is refused (and reported) if its context is unknown or its English has changed since
    the file was exported: the translator would have translated something that is no longer there.
    """
    entries = {entry.context: entry for entry in entries_for(directory)}
    record = load_record(directory)
    result = ImportResult(problems=[])
    assert result.problems is not None
    files: dict[Path, Any] = {}
    for back in returned:
        entry = entries.get(back.context)
        if entry is None:
            result.problems.append(Problem(source, back.context, "no such string in the questionnaires now"))
            continue
        if back.en != entry.en:
            result.problems.append(
                Problem(
                    source,
                    back.context,
                    f"the English has changed since export (now '{entry.en}'): export again",
                )
            )
            continue
        if not back.cy:
            continue
        if back.cy != entry.cy:
            data = files.setdefault(entry.file, read_yaml_file(entry.file))
            _set_welsh(_node(data, entry.path), back.cy)
            result.updated += 1
        if not back.needs_review and record.get(entry.context) != entry.en:
            record[entry.context] = entry.en
            result.confirmed += 1
    for file, data in files.items():
        write_yaml_file(file, data)
    save_record(directory, record)
    return result


def confirm(directory: Path, entries: Iterable[Entry]) -> int:
    """Record that a Welsh speaker has checked these strings' Welsh against their English as it is now."""
    record = load_record(directory)
    changed = 0
    for entry in entries:
        if entry.cy and record.get(entry.context) != entry.en:
            record[entry.context] = entry.en
            changed += 1
    save_record(directory, record)
    return changed
