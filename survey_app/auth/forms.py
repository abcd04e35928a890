"""Forms for signing in and setting a password; messages in the page's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from .passwords import MAX_LENGTH

PASSWORD_PROBLEMS = {
    "too_short": _l("Your new password must be at least 12 characters long."),
    "too_long": _l("Your new password must be 200 characters or fewer."),
    "too_common": _l("That password is too easy to guess. Try three or four words you will remember."),
    "has_email": _l("Your new password must not contain your e-mail address."),
}


class SignInForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(_l("Enter your e-mail address."))])
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=MAX_LENGTH)],
    )


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        description=_l("At least 12 characters. Three or four words you will remember make a good one."),
        validators=[DataRequired(_l("Enter a new password."))],
    )
    confirm = PasswordField(
        _l("Type the new password again"),
        validators=[
            DataRequired(_l("Type the new password again.")),
            EqualTo("password", _l("The two passwords are not the same.")),
        ],
    )


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password."))]
    )
