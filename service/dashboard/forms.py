"""The dashboard's forms. Every one carries a CSRF token (Flask-WTF)."""

from functools import cache
from zoneinfo import available_timezones

from flask_babel import gettext as _
from flask_babel import lazy_gettext as L_
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from ..models.staff import ADMIN, STAFF


@cache
def time_zones():
    """Every IANA time zone name, sorted, for a searchable list."""
    return sorted(available_timezones())


class KnownZone:
    """Validator: the value is an IANA time zone name (America/New_York)."""

    def __call__(self, form, field):
        if (field.data or "").strip() not in set(time_zones()):
            raise ValidationError(
                _("Please pick a time zone from the list, like America/New_York.")
            )


# What accounts.create_staff accepts as an email: an address no account can have
# (a line break, 20 digits) is refused before the sign-in limits count it.
EMAIL_SHAPE = Regexp(
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=L_("That email address does not look complete.")
)
HHMM = Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", message=L_("Please use a 24-hour time like 09:00."))


class LoginForm(FlaskForm):
    """Sign in with email and password."""

    email = EmailField(L_("Email"), validators=[DataRequired(), Length(max=254), EMAIL_SHAPE])
    password = PasswordField(L_("Password"), validators=[DataRequired(), Length(max=1024)])


class PasswordForm(FlaskForm):
    """Change your own password."""

    current = PasswordField(L_("Current password"), validators=[DataRequired()])
    new = PasswordField(L_("New password"), validators=[DataRequired(), Length(max=1024)])


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class ResolveForm(FlaskForm):
    """Resolve a safety alert, saying what was done."""

    note = TextAreaField(
        "What was done",
        validators=[DataRequired(message="Please add a short note."), Length(max=4000)],
    )


class StaffForm(FlaskForm):
    """Add an account to this organisation."""

    email = EmailField(L_("Email"), validators=[DataRequired(), Length(max=254)])
    name = StringField(L_("Name"), validators=[Optional(), Length(max=120)])
    role = SelectField(
        L_("Role"),
        choices=[SelectChoice(STAFF, L_("Staff")), SelectChoice(ADMIN, L_("Administrator"))],
    )
    password = PasswordField(L_("First password"), validators=[DataRequired(), Length(max=1024)])


class OrganisationForm(FlaskForm):
    """Add an organisation (site administrators)."""

    slug = StringField(
        "Short name (letters, digits, dashes)",
        validators=[DataRequired(), Regexp(r"^[a-z0-9-]{2,40}$", message="Use a-z, 0-9 and -.")],
    )
    name = StringField(L_("Name"), validators=[DataRequired(), Length(max=120)])
    timezone = StringField(
        "Time zone", default="UTC", validators=[DataRequired(), Length(max=64), KnownZone()]
    )


class SimulatorForm(FlaskForm):
    """A text typed into the simulator's phone."""

    body = StringField(L_("Text"), validators=[DataRequired(), Length(max=640)])


class ParticipantFilterForm(FlaskForm):
    """Filters for the participants table (GET, so no token)."""

    class Meta:
        csrf = False

    # Unknown values narrow the table to nothing; they are only ever query parameters.
    state = SelectField(L_("Status"), choices=[], validate_choice=False)
    day = StringField(L_("Day"), validators=[Optional(), Regexp(r"^\d{1,3}$")])
    language = SelectField(L_("Language"), choices=[], validate_choice=False)
    launch = SelectField(L_("Programme"), choices=[], validate_choice=False)
    digits = StringField(L_("Last digits"), validators=[Optional(), Regexp(r"^\d{2,6}$")])
    test = BooleanField(L_("Show test participants"))
