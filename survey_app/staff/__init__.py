"""Staff pages: questionnaires, campaigns, access codes, "you said, we will", settings, accounts, audit log.

One module (and blueprint) per journey; each view declares its permission and asks `auth.scope` for
anything that belongs to an authority.
"""

from __future__ import annotations

from flask import Blueprint


def STAFF_BLUEPRINTS() -> list[tuple[Blueprint, str]]:  # noqa: N802 (a registry, read like a constant)
    """Each staff blueprint with the path under /<lang>/staff it is served at."""
    from . import (
        accounts,
        audit_log,
        bank,
        builder,
        campaigns,
        codes,
        drafts,
        home,
        kitemark,
        paper,
        paper_copies,
        preview,
        questionnaires,
        results,
        settings,
        themes,
        you_said,
    )

    return [
        (home.bp, ""),
        (questionnaires.bp, "/questionnaires"),
        (drafts.bp, "/drafts"),
        (builder.bp, "/drafts"),
        (preview.bp, "/preview"),
        (campaigns.bp, "/campaigns"),
        (codes.bp, "/campaigns"),
        (you_said.bp, "/campaigns"),
        (paper.bp, "/campaigns"),
        (settings.bp, "/settings"),
        (accounts.bp, "/accounts"),
        (audit_log.bp, "/audit"),
        (results.bp, "/results"),
        (themes.bp, "/themes"),
        (kitemark.bp, "/kite-mark"),
        (paper_copies.bp, ""),
        (bank.bp, "/question-bank"),
    ]
