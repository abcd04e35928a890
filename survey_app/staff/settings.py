"""The authority's settings: the help contacts its respondents see.

An authority's own contacts come before the contacts for all of Wales on every respondent page of the
audience each is for (children and young people, care leavers, foster carers, staff, or everyone), and
its own advocacy service replaces that audience's default (see `survey_app.help.contacts`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional, Regexp, ValidationError

from ..auth.permissions import Permission, requires
from ..auth.scope import Scope, scope
from ..content.schema import COUNCIL_AUDIENCES, HELP_AUDIENCES
from ..extensions import db
from ..help.contacts import forget_own_help, help_for
from ..models import AuthorityHelpContact
from ..store import audit
from .form_errors import summary_errors
from .notices import notify

bp = Blueprint("staff_settings", __name__)

KINDS = ("advocacy", "contact")
PHONE = r"^[0-9 +]+$"
# Whose survey pages show a contact, as the form and the list name them.
AUDIENCE_LABELS: dict[str, LazyString] = {
    "everyone": _l("Everyone"),
    "child": _l("Children and young people (4 to 18)"),
    "care_leaver": _l("Care leavers (16 to 25)"),
    "foster_carer": _l("Foster carers"),
    "staff": _l("Staff (and the authority self-audit)"),
}


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def https_only(_form: FlaskForm, field: Field) -> None:
    parts = urlsplit(field.data or "")
    if parts.scheme != "https" or not parts.netloc or " " in field.data:
        raise ValidationError(
            _l("Enter a website address that starts with https://, like https://www.meic.cymru")
        )


class ContactForm(FlaskForm):
    kind = RadioField(
        _l("What kind of contact is this?"),
        choices=[
            SelectChoice("advocacy", _l("Advocacy service (replaces the national default)")),
            SelectChoice("contact", _l("Other contact")),
        ],
        validate_choice=False,
        validators=[
            DataRequired(_l("Choose what kind of contact this is.")),
            AnyOf(KINDS, _l("Choose what kind of contact this is.")),
        ],
    )
    audience = RadioField(
        _l("Who is this contact for?"),
        description=_l("It is shown only on the pages of their surveys."),
        choices=[SelectChoice(value, label) for value, label in AUDIENCE_LABELS.items()],
        validate_choice=False,
        validators=[
            DataRequired(_l("Choose who this contact is for.")),
            AnyOf(COUNCIL_AUDIENCES, _l("Choose who this contact is for.")),
        ],
    )
    name_en = StringField(
        _l("Name in English"),
        filters=[_strip],
        validators=[DataRequired(_l("Enter the name in English.")), Length(max=120)],
    )
    name_cy = StringField(
        _l("Name in Welsh"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Enter the name in Welsh. Respondents see every contact in both languages.")),
            Length(max=120),
        ],
    )
    description_en = TextAreaField(
        _l("Description in English"),
        description=_l("Who it is for and when it is open."),
        filters=[_strip],
        validators=[DataRequired(_l("Enter the description in English.")), Length(max=400)],
    )
    description_cy = TextAreaField(
        _l("Description in Welsh"),
        description=_l("Who it is for and when it is open."),
        filters=[_strip],
        validators=[
            DataRequired(
                _l("Enter the description in Welsh. Respondents see every contact in both languages.")
            ),
            Length(max=400),
        ],
    )
    phone = StringField(
        _l("Phone number (optional)"),
        filters=[_strip],
        validators=[
            Optional(),
            Length(max=40),
            Regexp(PHONE, message=_l("Enter the phone number with digits, spaces and + only.")),
        ],
    )
    text = StringField(
        _l("Number to text (optional)"),
        filters=[_strip],
        validators=[
            Optional(),
            Length(max=40),
            Regexp(PHONE, message=_l("Enter the number to text with digits, spaces and + only.")),
        ],
    )
    website = StringField(
        _l("Website (optional)"),
        description=_l("Starting with https://"),
        filters=[_strip],
        validators=[Optional(), Length(max=200), https_only],
    )
    position = StringField(
        _l("Position in the list (optional)"),
        description=_l("Contacts with lower numbers are shown first. Leave empty for 0."),
        filters=[_strip],
        validators=[
            Optional(),
            Regexp(r"^[0-9]{1,3}$", message=_l("Enter the position as a whole number from 0 to 999.")),
        ],
    )


TEXT_FIELDS = ("name_en", "name_cy", "description_en", "description_cy", "phone", "text", "website")


def _own_scope() -> Scope:
    """Settings belong to an authority: the national coordinator has none to change."""
    mine = scope()
    if mine.national:
        abort(404)
    return mine


def _errors(form: FlaskForm) -> list[tuple[str, str]]:
    return summary_errors(form, radios=["kind", "audience"])


@bp.get("/help")
@requires(Permission.MANAGE_SETTINGS)
def help_contacts() -> Any:
    """What respondents of this authority see now, then the authority's own contacts to change."""
    mine = _own_scope()
    authority = mine.authority()
    code = authority.ons_code if authority else None
    return render_template(
        "staff/settings/help_contacts.html",
        authority=authority,
        previews=[(AUDIENCE_LABELS[each], help_for(code, audience=each)) for each in HELP_AUDIENCES],
        contacts=mine.help_contacts(),
        audience_labels=AUDIENCE_LABELS,
    )


@bp.route("/help/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_SETTINGS)
def new_contact() -> Any:
    mine = _own_scope()
    return _edit(mine, AuthorityHelpContact(authority_id=mine.authority_id, kind="contact", position=0))


@bp.route("/help/<int:contact_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_SETTINGS)
def edit_contact(contact_id: int) -> Any:
    mine = _own_scope()
    return _edit(mine, mine.help_contact(contact_id))


def _edit(mine: Scope, contact: AuthorityHelpContact) -> Any:
    """The contact form: saved only when everything is right; otherwise shown again as typed."""
    is_new = contact.id is None
    form = ContactForm(obj=None if is_new else contact)
    if form.validate_on_submit():
        contact.kind = form.kind.data or "contact"
        contact.audience = form.audience.data or "everyone"
        for name in TEXT_FIELDS:
            setattr(contact, name, getattr(form, name).data or None)
        contact.position = int(form.position.data or 0)
        if is_new:
            db.session.add(contact)
        audit.record(
            "help_contacts_changed",
            contact.name_en,
            authority_id=mine.authority_id,
            detail={
                "change": "added" if is_new else "changed",
                "kind": contact.kind,
                "audience": contact.audience,
            },
        )
        db.session.commit()
        forget_own_help()
        notify("help_saved")
        return redirect(url_for(".help_contacts"))
    errors = _errors(form)
    return render_template(
        "staff/settings/contact_form.html",
        form=form,
        contact=contact,
        is_new=is_new,
        errors=errors,
        has_errors=bool(errors),
    ), (400 if errors else 200)


@bp.post("/help/<int:contact_id>/delete")
@requires(Permission.MANAGE_SETTINGS)
def delete_contact(contact_id: int) -> Any:
    mine = _own_scope()
    contact = mine.help_contact(contact_id)
    audit.record(
        "help_contacts_changed",
        contact.name_en,
        authority_id=mine.authority_id,
        detail={"change": "removed", "kind": contact.kind, "audience": contact.audience},
    )
    db.session.delete(contact)
    db.session.commit()
    forget_own_help()
    notify("help_deleted")
    return redirect(url_for(".help_contacts"))
