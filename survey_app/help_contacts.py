"""Where to get help: the contacts shown on every respondent page."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from .content.loader import HELP_CONTACTS_FILE, ContentError, load_file
from .content.schema import HelpContact, HelpContactFile


def load_help_contacts(directory: Path) -> list[HelpContact]:
    """The default help contacts; raise ContentError if the file is missing or wrong."""
    parsed, problems = load_file(directory / HELP_CONTACTS_FILE, HelpContactFile)
    if problems or parsed is None:
        raise ContentError(problems)
    return list(parsed.help_contacts)


def init_app(app: Flask) -> None:
    """Load the contacts once at start-up, so a broken file stops the app instead of a child's page."""
    app.extensions["lleisiau_help_contacts"] = load_help_contacts(Path(app.config["QUESTIONNAIRE_DIR"]))

    @app.context_processor
    def help_context() -> dict[str, object]:
        return {"help_contacts": lambda: current_app.extensions["lleisiau_help_contacts"]}
