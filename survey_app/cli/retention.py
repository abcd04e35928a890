"""`flask --app wsgi retention run`: the daily clean-up (see survey_app/store/retention.py)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from ..store import retention


@click.group("retention", cls=AppGroup)
def retention_group() -> None:
    """How long answers and campaigns are kept."""


@retention_group.command("run")
def run_command() -> None:
    """Delete expired unfinished answers and archive campaigns closed long enough (run daily, from cron).

    Unfinished responses not saved for LLEISIAU_PARTIAL_DAYS days are deleted. Campaigns whose closing
    day was more than LLEISIAU_ARCHIVE_DAYS days ago are archived: their unfinished responses and unused
    access codes are deleted; their sent responses, and so their results, are kept. On PostgreSQL the
    responses table is then rewritten in the order of its random ids.
    """
    report = retention.run()
    click.echo(
        f"{report.expired_partials} unfinished response(s) not saved for {report.partial_days} days deleted."
    )
    if report.reordered:
        click.echo("Responses rewritten on disk in the order of their random ids.")
    if not report.archived:
        click.echo(f"No campaign closed more than {report.archive_days} days ago was waiting to be archived.")
        return
    click.echo(
        f"{len(report.archived)} campaign(s) closed more than {report.archive_days} days ago archived: "
        f"{', '.join(report.archived)}."
    )
    click.echo(
        f"Archiving deleted {report.partials_of_archived} more unfinished response(s) and "
        f"{report.unused_codes_of_archived} unused access code(s); sent responses are kept for results."
    )
