"""The kite mark as PDFs: the report (in one language) and the certificate (Welsh first, then English).

Laid out by WeasyPrint like the results report (survey_app/results/downloads.py): tagged PDF/UA, local
fonts, nothing fetched. The certificate exists only for an award; the report explains every verdict.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import weasyprint
from flask import render_template
from flask_babel import force_locale, format_date, gettext

from ..results.downloads import _footer, _no_fetching, ascii_slug
from ..web.i18n import BABEL_LOCALES
from . import explain
from .report import KitemarkReport

REPORT_TEMPLATE = "staff/kitemark/report_pdf.html"
CERTIFICATE_TEMPLATE = "staff/kitemark/certificate_pdf.html"
CERTIFICATE_LANGUAGES = ("cy", "en")  # Welsh first


def _pdf(html: str) -> bytes:
    return bytes(weasyprint.HTML(string=html, url_fetcher=_no_fetching()).write_pdf(pdf_variant="pdf/ua-1"))


def report_title(report: KitemarkReport, lang: str) -> str:
    with force_locale(BABEL_LOCALES[lang]):
        return gettext(
            "%(authority)s: corporate parenting kite mark, %(period)s",
            authority=report.authority.name(lang),
            period=report.period,
        )


def report_html(report: KitemarkReport, lang: str, made_on: date) -> str:
    with force_locale(BABEL_LOCALES[lang]):
        title = report_title(report, lang)
        return render_template(
            REPORT_TEMPLATE,
            report=report,
            explain=explain,
            lang=lang,
            title=title,
            footer=_footer(title),
            made_on=format_date(made_on, "long"),
            made_on_iso=made_on.isoformat(),
        )


def report_pdf(report: KitemarkReport, lang: str, made_on: date | None = None) -> bytes:
    return _pdf(report_html(report, lang, made_on or date.today()))


def _certificate_words(report: KitemarkReport, lang: str, made_on: date) -> dict[str, Any]:
    with force_locale(BABEL_LOCALES[lang]):
        return {
            "lang": lang,
            "title": gettext("Corporate parenting kite mark"),
            "awarded_to": gettext("Awarded to"),
            "authority": report.authority.name(lang),
            "period": gettext("for the year %(period)s", period=report.period),
            "areas_heading": gettext(
                "All six areas of its offer to children in care and care leavers are met:"
            ),
            "areas": [area.area.name(lang) for area in report.award.areas_met],
            "set_by": gettext(
                "The young people's panel set the bar. The council was judged on what its children and "
                "young people said in Lleisiau surveys and on its own self-audit."
            ),
            "made_on": gettext("Made on %(date)s.", date=format_date(made_on, "long")),
        }


def certificate_html(report: KitemarkReport, made_on: date) -> str:
    """The certificate of an award, Welsh first; ValueError for a council not (yet) awarded."""
    if not report.award.awarded:
        raise ValueError("a certificate is only made for an award")
    words = [_certificate_words(report, lang, made_on) for lang in CERTIFICATE_LANGUAGES]
    title = " / ".join(f"{each['title']}: {each['authority']}, {report.period}" for each in words)
    return render_template(
        CERTIFICATE_TEMPLATE, words=words, title=title, made_on_iso=made_on.isoformat(), lang="cy"
    )


def certificate_pdf(report: KitemarkReport, made_on: date | None = None) -> bytes:
    return _pdf(certificate_html(report, made_on or date.today()))


def file_name(report: KitemarkReport, document: str, lang: str) -> str:
    """e.g. lleisiau-kite-mark-report-2026-27-rhondda-cynon-taf-cy.pdf: plain ASCII, safe in any header."""
    place = ascii_slug(report.authority.name(lang))
    return f"lleisiau-kite-mark-{document}-{report.period}-{place}-{lang}.pdf"
