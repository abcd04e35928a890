"""A published version's questionnaire as files: the YAML of the bundled files, and translator files.

These are questionnaire content (question wording), never respondents' answers, so disclosure
control has nothing to decide about them.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .frozen import FrozenQuestionnaire
from .schema import Questionnaire
from .translation import Entry, export_po, export_xlsx, questionnaire_entries


def questionnaire_yaml(questionnaire: Questionnaire) -> str:
    """The questionnaire in the format of questionnaires/surveys/*.yaml: keys in the model's order;
    what the bundled files leave out (empty fields, `optional` when a question may be skipped) left out."""
    data = questionnaire.model_dump(mode="json", exclude_defaults=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def yaml_filename(questionnaire_id: str, version: int) -> str:
    return f"{questionnaire_id}-v{version}.yaml"


def translator_entries(frozen: FrozenQuestionnaire) -> list[Entry]:
    """Every string of a version, with the contexts of `questionnaires translations export`: the
    questionnaire's own, then the answers and indicators it uses (as frozen with it)."""
    questionnaire = frozen.questionnaire
    file = Path(f"{questionnaire.id}.yaml")
    entries = questionnaire_entries(file, questionnaire.model_dump(mode="json", exclude_none=True))
    for option_set in frozen.option_sets.values():
        for option in option_set.options:
            context = f"option_set:{option_set.id}.{option.value}"
            note = "An answer. The Welsh must fit the questions that use it."
            entries.append(Entry(file, (), f"{context}.label", option.label.en, option.label.cy, note))
            if option.alt is not None:
                alt = "Alt text of a face."
                entries.append(Entry(file, (), f"{context}.alt", option.alt.en, option.alt.cy, alt))
    for indicator in frozen.indicators.values():
        note = "Indicator name in reports, read by council staff ('chi')."
        entries.append(
            Entry(file, (), f"indicator:{indicator.id}.label", indicator.label.en, indicator.label.cy, note)
        )
    return entries


def translator_file(frozen: FrozenQuestionnaire, kind: str) -> bytes:
    """A .po or .xlsx of a published version's strings. Its Welsh was checked before it was published,
    so nothing in it is marked as needing review."""
    entries = translator_entries(frozen)
    record = {entry.context: entry.en for entry in entries}
    return export_po(entries, record) if kind == "po" else export_xlsx(entries, record)
