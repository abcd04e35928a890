"""Command-line interface: `flask --app wsgi <command>`."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from analysis.disclosure import DisclosureControl

from ..content import translation
from ..content.loader import Library, Problem, load_checked_library, load_library
from ..content.schema import Questionnaire
from ..extensions import db
from ..store import access_codes as access_code_store
from ..store import campaigns as campaign_store
from ..store import questionnaires as questionnaire_store
from ..store import responses as response_store


def _questionnaire_dir() -> Path:
    return Path(current_app.config["QUESTIONNAIRE_DIR"])


@click.group("questionnaires", cls=AppGroup)
def questionnaires_group() -> None:
    """Check and load the bilingual questionnaire files."""


def _translation_problems(directory: Path, library: Library) -> dict[str, list[Problem]]:
    """For each questionnaire that loaded, the strings whose Welsh is missing or needs review."""
    record = translation.load_record(directory)
    return {
        questionnaire_id: translation.translation_problems(translation.entries_for(directory, [file]), record)
        for questionnaire_id, file in library.files.items()
    }


@questionnaires_group.command("check")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def check_command(files: tuple[Path, ...]) -> None:
    """Check questionnaire files (all bundled ones by default): one line per problem, non-zero exit if any.

    A file is checked for its structure and, once that is right, for Welsh that is missing or needs review.
    """
    directory = _questionnaire_dir()
    library = load_library(directory, list(files) if files else None)
    problems = list(library.problems)
    for found in _translation_problems(directory, library).values():
        problems += found
    for problem in dict.fromkeys(problems):
        click.echo(str(problem))
    if problems:
        sys.exit(1)
    click.echo(f"{len(library.questionnaires)} questionnaire(s) checked: no problems.")


@questionnaires_group.command("load")
def load_command() -> None:
    """Publish every bundled questionnaire whose content is new, as a frozen version.

    A questionnaire with Welsh missing or needing review is not published; the command says which
    strings, publishes the others, and exits non-zero.
    """
    directory = _questionnaire_dir()
    library = load_checked_library(directory)
    held_back = _translation_problems(directory, library)
    for questionnaire_id, frozen in library.questionnaires.items():
        if held_back[questionnaire_id]:
            click.echo(f"{questionnaire_id}: not published, its Welsh is not ready:")
            for problem in held_back[questionnaire_id]:
                click.echo(f"  {problem}")
            continue
        version, created = questionnaire_store.publish(frozen, date.today())
        state = "published" if created else "unchanged"
        click.echo(f"{questionnaire_id}: version {version.version} {state} ({version.content_hash[:12]})")
    db.session.commit()
    if any(held_back.values()):
        sys.exit(1)


@questionnaires_group.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of a questionnaire file (for editors that check YAML as you type)."""
    click.echo(json.dumps(Questionnaire.model_json_schema(), indent=2, ensure_ascii=False))


@questionnaires_group.group("translations")
def translations_group() -> None:
    """Send questionnaire text to translators and bring their Welsh back."""


def _export_files(directory: Path, questionnaire_ids: tuple[str, ...]) -> list[Path] | None:
    if not questionnaire_ids:
        return None
    try:
        return [translation.questionnaire_file(directory, each) for each in questionnaire_ids]
    except KeyError as error:
        raise click.ClickException(str(error.args[0])) from error


@translations_group.command("export")
@click.argument("questionnaire_ids", nargs=-1)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="a .po or .xlsx file"
)
def export_command(questionnaire_ids: tuple[str, ...], out: Path) -> None:
    """Write the text of questionnaires (all by default) and the shared answers they use, for translators.

    Strings whose Welsh needs review are marked (fuzzy in PO, "yes" in XLSX) with the English they were
    translated from.
    """
    directory = _questionnaire_dir()
    entries = translation.entries_for(directory, _export_files(directory, questionnaire_ids))
    record = translation.load_record(directory)
    if out.suffix == ".po":
        out.write_bytes(translation.export_po(entries, record))
    elif out.suffix == ".xlsx":
        out.write_bytes(translation.export_xlsx(entries, record))
    else:
        raise click.ClickException("--out must end in .po or .xlsx")
    waiting = sum(translation.state(entry, record) != "ok" for entry in entries)
    click.echo(f"Wrote {len(entries)} strings to {out}; {waiting} need translation or review.")


@translations_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """Bring back a translated .po or .xlsx file: its Welsh goes into the questionnaire files.

    Strings not marked as needing review are recorded as checked against their English.
    """
    if file.suffix == ".po":
        returned = translation.read_po_strings(file.read_bytes())
    elif file.suffix == ".xlsx":
        try:
            returned = translation.read_xlsx_strings(file.read_bytes())
        except ValueError as error:
            raise click.ClickException(f"{file}: {error}") from error
    else:
        raise click.ClickException("the file must end in .po or .xlsx")
    result = translation.import_strings(_questionnaire_dir(), returned, str(file))
    for problem in result.problems or []:
        click.echo(str(problem))
    click.echo(f"{result.updated} Welsh strings updated, {result.confirmed} confirmed as checked.")
    if result.problems:
        sys.exit(1)


@translations_group.command("confirm")
@click.argument("questionnaire_ids", nargs=-1)
def confirm_command(questionnaire_ids: tuple[str, ...]) -> None:
    """Record that a Welsh speaker has read the Welsh of these questionnaires (all by default) as it is."""
    directory = _questionnaire_dir()
    entries = translation.entries_for(directory, _export_files(directory, questionnaire_ids))
    changed = translation.confirm(directory, entries)
    click.echo(f"{changed} strings recorded as checked against their current English.")


@click.command("demo")
@with_appcontext
@click.option("--responses", "count", default=600, show_default=True, help="how many synthetic responses")
@click.option("--seed", default=2026, show_default=True, help="random seed, for the same data every time")
@click.option("--only-if-empty", is_flag=True, help="do nothing if there are responses already")
def demo_command(count: int, seed: int, only_if_empty: bool) -> None:
    """Add synthetic demo campaigns and responses across the 22 Welsh authorities."""
    from ..demo import (
        add_demo_responses,
        ensure_campaigns,
        ensure_closed_campaigns,
        ensure_demo_statements,
        ensure_demo_users,
        ensure_trial_campaigns,
        has_responses,
    )

    latest = [questionnaire_store.latest_published(each) for each in questionnaire_store.questionnaire_ids()]
    ensure_trial_campaigns([version for version in latest if version is not None], date.today())
    if current_app.config["ENV_NAME"] in ("development", "testing"):
        ensure_demo_users(date.today())
    db.session.commit()
    if only_if_empty and has_responses():
        ensure_demo_statements(date.today())  # for a demo database made before there were any
        click.echo("Demo data already present: nothing added.")
        return
    version = questionnaire_store.latest_published("children-8-10")
    if version is None:
        raise click.ClickException("load the questionnaires first: flask --app wsgi questionnaires load")
    today = date.today()
    national, _local = ensure_campaigns(version, today)
    frozen = questionnaire_store.frozen_content(version)
    min_group = current_app.config["LLEISIAU_MIN_GROUP"]
    added = add_demo_responses(national, frozen, count, seed, min_group, today)
    click.echo(f"Added {added} synthetic responses to campaign {national.slug}.")
    for offset, (closed, closed_version) in enumerate(ensure_closed_campaigns(today), start=1):
        closed_frozen = questionnaire_store.frozen_content(closed_version)
        added = add_demo_responses(closed, closed_frozen, count, seed + offset, min_group, today)
        click.echo(f"Added {added} synthetic responses to closed campaign {closed.slug}.")
    from ..kitemark.demo import SLUG as SELF_AUDIT_SLUG
    from ..kitemark.demo import add_demo_self_audits

    added = add_demo_self_audits(today)
    click.echo(f"Added {added} demo self-audits to closed campaign {SELF_AUDIT_SLUG}.")
    added = ensure_demo_statements(today)
    click.echo(f'Added {added} demo "You said, we will" statements.')


@click.command("report")
@with_appcontext
@click.option("--campaign", "slug", required=True, help="the campaign's slug")
@click.option("--authority", "code", default=None, help="an authority's ONS code, e.g. W06000016")
@click.option("--lang", type=click.Choice(["cy", "en"]), default="cy", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "pdf"]), default="csv", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def report_command(slug: str, code: str | None, lang: str, fmt: str, out: Path) -> None:
    """Write the anonymised results a closed campaign belongs to, in Welsh or English.

    The results are those of the campaign's year (April to March, by its closing day) and group (audience
    and age band), as on the results pages: an authority's (--authority, or the campaign's own), or every
    authority side by side for a campaign run across Wales.
    """
    from analysis.disclosure import DisclosureControl

    from ..results.downloads import render_download
    from ..results.gather import gather
    from ..results.periods import Band, period_of

    campaign = campaign_store.campaign_by_slug(slug)
    if campaign is None:
        raise click.ClickException(f"no campaign with slug {slug!r}")
    authority = campaign.authority
    if code:
        authority = campaign_store.authority_by_code(code)
        if authority is None:
            raise click.ClickException(f"no authority with ONS code {code!r}")
        if campaign.authority is not None and campaign.authority.id != authority.id:
            raise click.ClickException(
                f"campaign {slug!r} belongs to {campaign.authority.ons_code}: leave out --authority"
            )
    today = date.today()
    if campaign.closes_on >= today:
        raise click.ClickException(
            f"campaign {slug!r} is still open: results appear once the campaign has closed on "
            f"{campaign.closes_on.isoformat()}"
        )
    version = campaign.questionnaire_version
    control = DisclosureControl(current_app.config["LLEISIAU_MIN_GROUP"])
    band = Band(version.audience, version.age_band)
    result_set = gather(period_of(campaign.closes_on), band, today, control)
    if result_set is None:  # cannot happen for a closed campaign, but say so rather than write nothing
        raise click.ClickException(f"no closed campaign found for the results of {slug!r}")
    content, _mimetype, name = render_download(
        result_set, authority, campaign_store.authorities(lang), lang, fmt, control.min_group
    )
    out.write_bytes(content)
    click.echo(f"Wrote {name} ({result_set.period}, {result_set.band.key}) to {out}")


@click.command("links")
@with_appcontext
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=None,
    help="the local server's port (default: PORT, or 5000)",
)
def links_command(port: int | None) -> None:
    """Print the demo survey links and sign-ins.

    Links start with LLEISIAU_BASE_URL; in development that is this machine on the port the server
    listens on (PORT), or --port.
    """
    from ..demo import (
        CLOSED_CAMPAIGNS,
        DEMO_PASSWORD,
        DEMO_USERS,
        LOCAL_SLUG,
        NATIONAL_SLUG,
        TRY_PREFIX,
    )
    from ..kitemark.demo import SLUG as SELF_AUDIT_SLUG
    from ..store import users as user_store
    from ..store import you_said as you_said_store
    from ..web.links import base_url, url_from

    base = base_url()
    if port is not None and urlsplit(base).hostname in ("127.0.0.1", "localhost"):
        base = f"http://127.0.0.1:{port}"
    click.echo(f"\nLleisiau is starting on {base}/")
    for slug in (NATIONAL_SLUG, LOCAL_SLUG):
        if campaign_store.campaign_by_slug(slug) is not None:
            for lang in ("cy", "en"):
                link = url_from(base, "respond.introduction", lang=lang, slug=slug)
                click.echo(f"  survey ({lang}): {link}")
    trials = [each for each in campaign_store.campaign_slugs() if each.startswith(TRY_PREFIX)]
    if trials:
        click.echo("  try each questionnaire (Welsh; change cy to en for English):")
    for slug in trials:
        click.echo(f"    {url_from(base, 'respond.introduction', lang='cy', slug=slug)}")
    closed = [campaign_store.campaign_by_slug(slug) for slug, *_rest in CLOSED_CAMPAIGNS]
    closed.append(campaign_store.campaign_by_slug(SELF_AUDIT_SLUG))
    closed_campaigns = [campaign for campaign in closed if campaign is not None]
    if closed_campaigns:
        click.echo("  closed surveys, as a respondent sees them after closing (Welsh; cy to en for English):")
    for campaign in closed_campaigns:
        note = ', with "You said, we will"' if you_said_store.statements(campaign, "cy") else ""
        link = url_from(base, "respond.introduction", lang="cy", slug=campaign.slug)
        click.echo(f"    {link}  (closed{note})")
    demo_users = [email for email, _role, _code in DEMO_USERS if user_store.by_email(email) is not None]
    if demo_users:
        click.echo(f"  staff sign-in: {url_from(base, 'auth.sign_in', lang='cy')}")
        click.echo(f"    password for every demo account: {DEMO_PASSWORD}")
    for email in demo_users:
        click.echo(f"    {email}")
    click.echo("")


@click.group("campaigns", cls=AppGroup)
def campaigns_group() -> None:
    """Campaigns: how respondents get in."""


@campaigns_group.command("codes")
@click.option("--campaign", "slug", required=True, help="the campaign's slug")
@click.option("--count", type=click.IntRange(1, 10000), required=True, help="how many new codes to make")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="write the codes to this file")
def codes_command(slug: str, count: int, out: Path | None) -> None:
    """Make one-time access codes and switch the campaign to need one.

    The codes are printed (or written to --out) once and never again: only their hashes are kept, and
    no code is linked to the answers given with it.
    """
    campaign = campaign_store.campaign_by_slug(slug)
    if campaign is None:
        raise click.ClickException(f"no campaign called {slug!r}")
    campaign.access = "codes"
    try:
        made = access_code_store.create(campaign, count)
    except access_code_store.CampaignArchived as error:
        message = f"{slug} was archived on {campaign.archived_on}: no codes can be made"
        raise click.ClickException(message) from error
    text = "\n".join(made) + "\n"
    if out:
        out.write_text(text, encoding="utf-8")
        click.echo(f"{count} access code(s) for {slug} written to {out}.", err=True)
    else:
        click.echo(text, nl=False)
    total, used = access_code_store.counts(campaign)
    (shown,) = DisclosureControl(current_app.config["LLEISIAU_MIN_GROUP"]).response_totals(used)
    said = f"about {shown.about}" if shown.about else "none"
    if shown.fewer_than:
        said = f"fewer than {shown.fewer_than}"
    click.echo(f"{slug} now has {total} code(s); used: {said}.", err=True)


@click.group("responses", cls=AppGroup)
def responses_group() -> None:
    """Responses kept in the database."""


@responses_group.command("expire")
def expire_command() -> None:
    """Delete unfinished responses not touched for LLEISIAU_PARTIAL_DAYS days (run daily, e.g. from cron)."""
    days = int(current_app.config["LLEISIAU_PARTIAL_DAYS"])
    deleted = response_store.expire_partial(date.today(), days)
    click.echo(f"{deleted} unfinished response(s) older than {days} days deleted.")


def register_commands(app: Flask) -> None:
    from .retention import retention_group
    from .themes import themes_group
    from .users import users_group

    app.cli.add_command(users_group)
    app.cli.add_command(themes_group)
    app.cli.add_command(questionnaires_group)
    app.cli.add_command(campaigns_group)
    app.cli.add_command(responses_group)
    app.cli.add_command(retention_group)
    app.cli.add_command(demo_command)
    app.cli.add_command(report_command)
    app.cli.add_command(links_command)
