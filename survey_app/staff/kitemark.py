"""The corporate-parenting kite mark: the criteria, the panel's thresholds, each council's verdicts.

The young people's panel sets the thresholds (no council sets its own bar) and, with the national
coordinator, sees every council's evidence and award; other staff see only their own council's.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import IntegerField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from analysis.disclosure import DisclosureControl
from analysis.kitemark import Kitemark

from ..auth.permissions import Permission, may, requires
from ..auth.scope import kitemark_scope
from ..extensions import db
from ..kitemark import explain, store
from ..kitemark.criteria import kitemark, survey_bands
from ..kitemark.gather import award_for, period_evidence
from ..kitemark.report import KitemarkReport, build_report
from ..results.periods import PERIOD_PATTERN
from ..store import audit
from ..web.i18n import current_language
from .form_errors import summary_errors

bp = Blueprint("staff_kitemark", __name__)
REASON_LENGTH = 1000


def today() -> date:
    return date.today()


def _control() -> DisclosureControl:
    return DisclosureControl(current_app.config["LLEISIAU_MIN_GROUP"])


@bp.get("/")
@requires(Permission.VIEW_KITEMARK)
def overview() -> Any:
    """The criteria by area with the thresholds that apply today, and the years with evidence."""
    mine = kitemark_scope()
    criteria = kitemark()
    return render_template(
        "staff/kitemark/overview.html",
        criteria=criteria,
        thresholds=store.thresholds_on(criteria, today()),
        periods=mine.periods(today(), survey_bands()),
        own=None if mine.every_authority else mine.authorities(current_language())[0],
        explain=explain,
    )


class PercentField(IntegerField):
    """A whole number from 0 to 100; "70%" is read as 70; anything else keeps what was typed."""

    def __init__(self, label: str, bad_number: str, **kwargs: Any):
        super().__init__(label, **kwargs)
        self.bad_number = bad_number

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist:
            valuelist = [valuelist[0].strip().removesuffix("%").strip()]
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(self.bad_number) from error


def _clean(value: str | None) -> str | None:
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value


def thresholds_form(criteria: Kitemark, current: dict[str, store.Threshold], lang: str) -> FlaskForm:
    """A form with one number per criterion (named by its id), each starting at today's threshold."""

    class ThresholdsForm(FlaskForm):
        reason = TextAreaField(
            _l("Why are you changing them?"),
            description=_l(
                "The panel can read this. Please do not write anyone's name or phone number: "
                "names, numbers and e-mail addresses are taken out."
            ),
            filters=[_clean],
            validators=[
                DataRequired(_l("Say why you are changing the thresholds: everyone can read the reason.")),
                Length(max=REASON_LENGTH, message=_l("Make the reason 1,000 characters or fewer.")),
            ],
        )

    for criterion in criteria.criteria:
        if hasattr(ThresholdsForm, criterion.id):  # e.g. a criterion called "data" or "reason"
            raise ValueError(f"kite-mark criterion id {criterion.id!r} is taken by the form itself")
        message = gettext(
            "“%(criterion)s”: type a whole number from 0 to 100.", criterion=criterion.label(lang)
        )
        field = PercentField(
            criterion.label(lang),
            bad_number=message,
            default=current[criterion.id].value,
            validators=[InputRequired(message), NumberRange(0, 100, message)],
        )
        setattr(ThresholdsForm, criterion.id, field)
    return ThresholdsForm()


@bp.route("/thresholds", methods=["GET", "POST"])
@requires(Permission.SET_KITEMARK)
def thresholds() -> Any:
    """The panel sets the bar for each criterion; only the ones that change get a new row."""
    criteria = kitemark()
    lang = current_language()
    current = store.thresholds_on(criteria, today())
    form = thresholds_form(criteria, current, lang)
    if form.validate_on_submit():
        wanted = {each.id: int(getattr(form, each.id).data) for each in criteria.criteria}
        rows = store.save_thresholds(
            criteria, wanted, form.reason.data, current_user.user, today(), language=lang
        )
        db.session.commit()
        return redirect(url_for(".thresholds", saved=len(rows)))
    errors = summary_errors(form)
    return render_template(
        "staff/kitemark/thresholds.html",
        criteria=criteria,
        form=form,
        current=current,
        errors=errors,
        has_errors=bool(errors),
        saved=request.args.get("saved", type=int) if not errors else None,
        history=store.history(),
        labels={each.id: each.label(lang) for each in criteria.criteria},
        explain=explain,
    ), (400 if errors else 200)


def _period(period: str) -> str:
    if not PERIOD_PATTERN.match(period):
        abort(404)
    return kitemark_scope().period(period, today(), survey_bands())


@bp.get("/<period>/")
@requires(Permission.VIEW_KITEMARK)
def period_awards(period: str) -> Any:
    """Each council the caller may see, with its verdict for the year."""
    period = _period(period)
    lang = current_language()
    evidence = period_evidence(period, today(), _control())
    rows = [(each, award_for(evidence, each)) for each in kitemark_scope().authorities(lang)]
    return render_template(
        "staff/kitemark/period.html", period=period, rows=rows, evidence=evidence, explain=explain
    )


def _report(period: str, code: str) -> KitemarkReport:
    authority = kitemark_scope().authority(code)
    period = _period(period)
    evidence = period_evidence(period, today(), _control())
    return build_report(evidence, authority, _control().min_group)


@bp.get("/<period>/<code>")
@requires(Permission.VIEW_KITEMARK)
def report(period: str, code: str) -> Any:
    """A council's kite mark for a year: the verdict, each area's and why, every criterion's evidence."""
    found = _report(period, code)
    return render_template(
        "staff/kitemark/report.html",
        report=found,
        explain=explain,
        every_authority=kitemark_scope().every_authority,
        may_set=may(Permission.SET_KITEMARK),
    )


def _download(found: KitemarkReport, document: str, content: bytes, lang: str) -> Response:
    from ..kitemark.documents import file_name

    audit.record(
        "downloaded",
        target=f"kite mark {found.period}",
        detail={
            "format": "pdf",
            "document": document,
            "language": lang,
            "authority": found.authority.ons_code,
        },
    )
    db.session.commit()
    response = Response(content, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name(found, document, lang)}"'
    return response


@bp.get("/<period>/<code>/report.pdf")
@requires(Permission.VIEW_KITEMARK)
def report_pdf(period: str, code: str) -> Any:
    """The report as a PDF in the page's language, whatever the verdict."""
    from ..kitemark.documents import report_pdf as make_report

    found = _report(period, code)
    lang = current_language()
    return _download(found, "report", make_report(found, lang), lang)


@bp.get("/<period>/<code>/certificate.pdf")
@requires(Permission.VIEW_KITEMARK)
def certificate_pdf(period: str, code: str) -> Any:
    """The certificate, Welsh first then English; only for a council awarded the kite mark."""
    from ..kitemark.documents import certificate_pdf as make_certificate

    found = _report(period, code)
    if not found.award.awarded:
        abort(404)
    return _download(found, "certificate", make_certificate(found), "cy-en")
