"""Command-line interface: `flask --app wsgi <command>`."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click
from flask import Flask, current_app, url_for

from .content.loader import load_checked_library, load_library
from .extensions import db
from .store import campaigns as campaign_store
from .store import questionnaires as questionnaire_store


def _questionnaire_dir() -> Path:
    return Path(current_app.config["QUESTIONNAIRE_DIR"])


@click.group("questionnaires")
def questionnaires_group() -> None:
    """Check and load the bilingual questionnaire files."""


@questionnaires_group.command("check")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def check_command(files: tuple[Path, ...]) -> None:
    """Check questionnaire files (all bundled ones by default): one line per problem, non-zero exit if any."""
    library = load_library(_questionnaire_dir(), list(files) if files else None)
    for problem in library.problems:
        click.echo(str(problem))
    if library.problems:
        sys.exit(1)
    click.echo(f"{len(library.questionnaires)} questionnaire(s) checked: no problems.")


@questionnaires_group.command("load")
def load_command() -> None:
    """Publish every bundled questionnaire whose content is new, as a frozen version."""
    library = load_checked_library(_questionnaire_dir())
    for frozen in library.questionnaires.values():
        version, created = questionnaire_store.publish(frozen, date.today())
        state = "published" if created else "unchanged"
        click.echo(
            f"{frozen.questionnaire.id}: version {version.version} {state} ({version.content_hash[:12]})"
        )
    db.session.commit()


@click.command("demo")
@click.option("--responses", "count", default=600, show_default=True, help="how many synthetic responses")
@click.option("--seed", default=2026, show_default=True, help="random seed, for the same data every time")
@click.option("--only-if-empty", is_flag=True, help="do nothing if there are responses already")
def demo_command(count: int, seed: int, only_if_empty: bool) -> None:
    """Add synthetic demo campaigns and responses across the 22 Welsh authorities."""
    from .demo import add_demo_responses, ensure_campaigns, has_responses

    if only_if_empty and has_responses():
        click.echo("Demo data already present: nothing added.")
        return
    version = questionnaire_store.latest_published("children-8-10")
    if version is None:
        raise click.ClickException("load the questionnaires first: flask --app wsgi questionnaires load")
    today = date.today()
    national, _local = ensure_campaigns(version, today)
    frozen = questionnaire_store.frozen_content(version)
    added = add_demo_responses(national, frozen, count, seed, current_app.config["LLEISIAU_MIN_GROUP"], today)
    click.echo(f"Added {added} synthetic responses to campaign {national.slug}.")


@click.command("report")
@click.option("--campaign", "slug", required=True, help="the campaign's slug")
@click.option("--authority", "code", default=None, help="an authority's ONS code, e.g. W06000016")
@click.option("--lang", type=click.Choice(["cy", "en"]), default="cy", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["csv"]), default="csv", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def report_command(slug: str, code: str | None, lang: str, fmt: str, out: Path) -> None:
    """Write a campaign's anonymised indicator report, headed in Welsh or English."""
    from .reports import campaign_indicator_report, write_csv

    campaign = campaign_store.campaign_by_slug(slug)
    if campaign is None:
        raise click.ClickException(f"no campaign with slug {slug!r}")
    authority = None
    if code:
        authority = campaign_store.authority_by_code(code)
        if authority is None:
            raise click.ClickException(f"no authority with ONS code {code!r}")
    report = campaign_indicator_report(campaign, lang, authority)
    write_csv(report, out)
    click.echo(f"Wrote {len(report)} rows to {out}")


@click.command("links")
@click.option("--port", default=5000, show_default=True)
def links_command(port: int) -> None:
    """Print the demo survey links."""
    from .demo import LOCAL_SLUG, NATIONAL_SLUG

    base = f"http://127.0.0.1:{port}"
    click.echo(f"\nLleisiau is starting on {base}/")
    with current_app.test_request_context(base_url=base):
        for slug in (NATIONAL_SLUG, LOCAL_SLUG):
            if campaign_store.campaign_by_slug(slug) is not None:
                for lang in ("cy", "en"):
                    link = url_for("respond.introduction", lang=lang, slug=slug, _external=True)
                    click.echo(f"  survey ({lang}): {link}")
    click.echo("")


def register_commands(app: Flask) -> None:
    app.cli.add_command(questionnaires_group)
    app.cli.add_command(demo_command)
    app.cli.add_command(report_command)
    app.cli.add_command(links_command)
