"""Forms for following people up and for accounts by link. Every one carries a CSRF token."""

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from ..followup.notes import MAX_LENGTH as NOTE_MAX
from ..followup.replies import MAX_LENGTH as REPLY_MAX
from ..models.staff import ADMIN, STAFF

ROLE_CHOICES = [SelectChoice(STAFF, "Staff"), SelectChoice(ADMIN, "Administrator")]


class ReplyForm(FlaskForm):
    """A one-off text to a participant; `key` makes a resent form queue it once."""

    body = TextAreaField("Text", validators=[DataRequired(), Length(max=REPLY_MAX)])
    key = HiddenField(validators=[DataRequired(), Regexp(r"^[0-9a-f]{32}$")])
    back = HiddenField()


class NoteForm(FlaskForm):
    """A staff-only note on a participant."""

    body = TextAreaField("Note", validators=[DataRequired(), Length(max=NOTE_MAX)])
    back = HiddenField()


class AssignForm(FlaskForm):
    """Give an inbox item to a colleague ("" for nobody)."""

    staff = SelectField("Assign to", choices=[], validate_choice=False)
    back = HiddenField()


class SavedReplyForm(FlaskForm):
    """A reply the organisation keeps ready."""

    title = StringField("Title", validators=[DataRequired(), Length(max=80)])
    body = TextAreaField("Text", validators=[DataRequired(), Length(max=REPLY_MAX)])


class OnCallForm(FlaskForm):
    """Someone told about crisis alerts by text, email or both."""

    name = StringField("Name", validators=[Optional(), Length(max=120)])
    phone = StringField("Mobile number", validators=[Optional(), Length(max=32)])
    email = EmailField("Email", validators=[Optional(), Length(max=254), Email()])


class InviteForm(FlaskForm):
    """Invite a colleague by a one-time link."""

    email = EmailField("Email", validators=[DataRequired(), Length(max=254), Email()])
    name = StringField("Name", validators=[Optional(), Length(max=120)])
    role = SelectField("Role", choices=ROLE_CHOICES)


class RoleForm(FlaskForm):
    """Change a colleague's role."""

    role = SelectField("Role", choices=ROLE_CHOICES)


class SetPasswordForm(FlaskForm):
    """Choose a password from a one-time link."""

    new = PasswordField("New password", validators=[DataRequired(), Length(max=1024)])
    again = PasswordField("The same again", validators=[DataRequired(), Length(max=1024)])


class ForgotForm(FlaskForm):
    """Ask for a reset link by email."""

    email = EmailField("Email", validators=[DataRequired(), Length(max=254), Email()])


class GiveForm(FlaskForm):
    """Give a site inbox item to an organisation."""

    organisation = SelectField("Organisation", choices=[], validate_choice=False)
