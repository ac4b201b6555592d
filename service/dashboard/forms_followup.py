"""Forms for following people up and for accounts by link. Every one carries a CSRF token."""

from flask_babel import lazy_gettext as L_
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from ..followup.notes import MAX_LENGTH as NOTE_MAX
from ..followup.replies import MAX_LENGTH as REPLY_MAX
from ..models.staff import ADMIN, STAFF

ROLE_CHOICES = [SelectChoice(STAFF, L_("Staff")), SelectChoice(ADMIN, L_("Administrator"))]


class ReplyForm(FlaskForm):
    """A one-off text to a participant; `key` makes a resent form queue it once."""

    body = TextAreaField(L_("Text"), validators=[DataRequired(), Length(max=REPLY_MAX)])
    key = HiddenField(validators=[DataRequired(), Regexp(r"^[0-9a-f]{32}$")])
    back = HiddenField()


class NoteForm(FlaskForm):
    """A staff-only note on a participant."""

    body = TextAreaField(L_("Note"), validators=[DataRequired(), Length(max=NOTE_MAX)])
    back = HiddenField()


class AssignForm(FlaskForm):
    """Give an inbox item to a colleague ("" for nobody)."""

    staff = SelectField(L_("Assign to"), choices=[], validate_choice=False)
    back = HiddenField()


class SavedReplyForm(FlaskForm):
    """A reply the organisation keeps ready."""

    title = StringField(L_("Title"), validators=[DataRequired(), Length(max=80)])
    body = TextAreaField(L_("Text"), validators=[DataRequired(), Length(max=REPLY_MAX)])
    language = StringField(L_("Language"), validators=[Optional(), Regexp(r"^[a-z]{2,3}$")])


class OnCallForm(FlaskForm):
    """Someone told about crisis alerts by text, email or both."""

    name = StringField(L_("Name"), validators=[Optional(), Length(max=120)])
    phone = StringField(L_("Mobile number"), validators=[Optional(), Length(max=32)])
    email = EmailField(L_("Email"), validators=[Optional(), Length(max=254), Email()])


class InviteForm(FlaskForm):
    """Invite a colleague by a one-time link."""

    email = EmailField(L_("Email"), validators=[DataRequired(), Length(max=254), Email()])
    name = StringField(L_("Name"), validators=[Optional(), Length(max=120)])
    role = SelectField(L_("Role"), choices=ROLE_CHOICES)


class RoleForm(FlaskForm):
    """Change a colleague's role."""

    role = SelectField(L_("Role"), choices=ROLE_CHOICES)


class SetPasswordForm(FlaskForm):
    """Choose a password from a one-time link."""

    new = PasswordField(L_("New password"), validators=[DataRequired(), Length(max=1024)])
    again = PasswordField(L_("The same again"), validators=[DataRequired(), Length(max=1024)])


class ForgotForm(FlaskForm):
    """Ask for a reset link by email."""

    email = EmailField(L_("Email"), validators=[DataRequired(), Length(max=254), Email()])


class GiveForm(FlaskForm):
    """Give a site inbox item to an organisation."""

    organisation = SelectField(L_("Organisation"), choices=[], validate_choice=False)
