"""Programmes: one launch's funnel and answers, its status, and launching a new one."""

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as L_
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length, Optional

from ... import config
from ...content import group as group_content
from ...content import preview
from ...content.programme import ProgrammeInvalid, ProgrammeNotFound, get_library
from ...evaluation import definitions
from ...launch_variables import resolve, worded_names
from ...launches import LaunchError, check_keywords, launch_programme, set_launch_status
from ...privacy import audit
from .. import queries
from ..blueprint import bp, current_org, now, require_admin, staff
from ..filters import launch_status_word
from ..forms import HHMM, ActionForm, KnownZone, time_zones

bp.add_app_template_global(time_zones, "time_zones")

STATUS_ACTIONS = {"pause": "paused", "resume": "active", "end": "ended"}


def library():
    """The programmes folder this app runs from."""
    return get_library(current_app.config["PROGRAMS_DIR"])


def _programme(slug):
    try:
        return library().get(slug)
    except (ProgrammeNotFound, ProgrammeInvalid):
        return None


@bp.app_template_filter("programme_title")
def programme_title(slug):
    """The programme's English (or first) title, or its slug when the file is gone."""
    return _title(_programme(slug), slug)


def _item_of(programme, day, item_id):
    return programme.item(day, item_id) if programme else None


def _title(programme, slug):
    if programme is None:
        return slug
    return programme.title.get("en") or programme.title[programme.default_language]


@bp.get("/programmes/<int:launch_id>")
def programme(launch_id):
    """A launch's funnel by day and check-in answers (charts over plain tables)."""
    launch = g.launch
    prog = _programme(launch.programme)
    funnel, stats = queries.programme_figures(launch)
    # "Replied" means something only on a day that asks a check-in question.
    asks = {d.number for d in prog.days if d.checkin} if prog else None
    for d in funnel:
        if asks is not None and d.day not in asks:
            d.replied = None
    names = definitions.labels(prog)
    scales = {}
    for s in stats:
        item = _item_of(prog, s.day, s.item)
        low, high = (item.min, item.max) if item and item.max is not None else (0, None)
        scales.setdefault(s.item, (low, high))
    chart = {
        "funnel": {
            "days": [d.day for d in funnel],
            "sent": [d.sent for d in funnel],
            "delivered": [d.delivered for d in funnel],
            "replied": [d.replied for d in funnel],
        },
        # One chart per scale, so a 0-3 screener item never sits under a 0-10 rating.
        "scales": [],
        # The charts' words, in the page's language ({n}: the day's number).
        "words": {
            "day": _("Day %(n)s", n="{n}"),
            "sent": _("Sent"),
            "delivered": _("Delivered"),
            "replied": _("Replied (days with a check-in)"),
        },
    }
    groups = {}
    for s in stats:
        low, high = scales[s.item]
        key = (s.measure or "own") != "own", low, high
        group = groups.setdefault(key, {"low": low, "high": high, "items": {}})
        series = group["items"].setdefault(
            s.item, {"label": names.get(s.item, s.item), "days": [], "mean": []}
        )
        series["days"].append(s.day)
        series["mean"].append(round(s.mean, 2))
    for (screener, low, high), group in sorted(groups.items(), key=lambda kv: kv[0]):
        what = _("Screening questions") if screener else _("The programme's own questions")
        scale = f"{low}–{high}" if high is not None else _("answers")
        group["title"] = f"{what} ({scale})"
        group["items"] = list(group["items"].values())
        chart["scales"].append(group)
    return render_template(
        "dashboard/programme.html",
        launch=launch,
        title=_title(prog, launch.programme),
        keywords=list(launch.keywords),
        funnel=funnel,
        stats=stats,
        names=names,
        has_group=prog is not None
        and group_content.group_path(current_app.config["PROGRAMS_DIR"], prog.slug).exists(),
        chart=chart,
        action=ActionForm(),
        min_group=config.min_group(),  # the smallest group a figure may describe
    )


@bp.post("/programmes/<int:launch_id>/<any(pause, resume, end):action>")
def launch_status(launch_id, action):
    """Pause, resume or end a launch (ending ends its open enrolments)."""
    require_admin()
    ActionForm()
    status = STATUS_ACTIONS[action]
    set_launch_status(g.launch, status, now=now())
    audit.record(staff(), current_org(), f"launch.{action}", now=now(), target=g.launch)
    flash(_("The launch is now %(status)s.", status=launch_status_word(status)), "ok")
    return redirect(url_for("dashboard.programme", launch_id=g.launch.id))


@bp.post("/programmes/<int:launch_id>/group/<any(on, off):action>")
def group_mode(launch_id, action):
    """Turn group mode (anonymous group figures in some texts) on or off for a launch."""
    require_admin()
    ActionForm()
    g.launch.group_mode = action == "on"
    g.launch.save()
    audit.record(staff(), current_org(), f"launch.group_{action}", now=now(), target=g.launch)
    flash(
        _("Group figures are on: texts that have them name how many in the group took part.")
        if action == "on"
        else _("Group figures are off: everyone gets the programme's own texts."),
        "ok",
    )
    return redirect(url_for("dashboard.programme", launch_id=g.launch.id))


def _launch_form(programme, org):
    """A form with a keyword per language and the organisation's variables."""

    class LaunchForm(FlaskForm):
        timezone = StringField(
            L_("Time zone"), default=org.timezone, validators=[DataRequired(), KnownZone()]
        )
        default_send_time = StringField(L_("Default send time"), default="09:00", validators=[HHMM])
        quiet_start = StringField(
            L_("Texts may go from"), default=org.quiet_start, validators=[HHMM]
        )
        quiet_end = StringField(L_("Texts stop at"), default=org.quiet_end, validators=[HHMM])
        waitlist = BooleanField(
            L_("Waitlist design: half start now, half wait the programme's length")
        )

    for lang in programme.languages:
        # Any one language may be launched alone: a blank keyword leaves that language out.
        field = StringField(
            _("Keyword (%(lang)s)", lang=lang), validators=[Optional(), Length(min=2, max=20)]
        )
        setattr(LaunchForm, f"keyword_{lang}", field)
    org_values = org.variables or {}
    for name, lang in _variable_fields(programme, org):
        label = name.replace("_", " ").capitalize()
        value = org_values.get(name, "")
        if lang is not None:
            label = f"{label} ({lang})"
            value = resolve({name: value}, lang).get(name, "") if isinstance(value, dict) else ""
            if not value and lang == programme.default_language:
                value = org_values.get(name) if isinstance(org_values.get(name), str) else ""
        elif isinstance(value, dict):
            value = ""
        field = StringField(label, default=value, validators=[Optional(), Length(max=200)])
        setattr(LaunchForm, _field_name(name, lang), field)
    return LaunchForm()


def _variable_fields(programme, org):
    """(name, language or None) for each variable field of the launch form.

    A worded variable (or one the organisation gave per language) has a
    field per language of the programme; the others one field for all.
    """
    worded = worded_names()
    org_values = org.variables or {}
    out = []
    for name in preview.variable_names():
        per_language = name in worded or isinstance(org_values.get(name), dict)
        if per_language and len(programme.languages) > 1:
            out += [(name, lang) for lang in programme.languages]
        else:
            out.append((name, None))
    return out


def _field_name(name, lang):
    return f"var_{name}" if lang is None else f"var_{name}__{lang}"


@bp.route("/launch", methods=["GET", "POST"])
def launch():
    """Pick a programme, set keywords and variables, preview every text, launch."""
    require_admin()
    org = current_org()
    slug = request.args.get("programme", "")
    programme = _programme(slug) if slug else None
    if programme is None:
        return render_template(
            "dashboard/launch_pick.html",
            programmes=[(p, _title(p, p.slug)) for p in library().valid()],
            unknown=bool(slug),
        )
    form = _launch_form(programme, org)
    fields = _variable_fields(programme, org)
    given = {}  # name -> one value, or {lang: value} for a per-language variable
    for name, lang in fields:
        value = (form[_field_name(name, lang)].data or "").strip()
        if lang is None:
            given[name] = value
        elif value:
            given.setdefault(name, {})[lang] = value
    names = [_field_name(name, lang) for name, lang in fields]
    keywords = {
        lang: form[f"keyword_{lang}"].data.strip()
        for lang in programme.languages
        if (form[f"keyword_{lang}"].data or "").strip()
    }
    # A language left without a keyword is not launched, so it is not previewed either.
    languages = [lang for lang in programme.languages if lang in keywords] or programme.languages
    texts = {}
    problems = []
    if request.method == "POST" or request.args.get("preview"):
        texts = {
            lang: preview.preview(programme, lang, {"org_name": org.name, **resolve(given, lang)})
            for lang in languages
        }
    if form.validate_on_submit():
        # A taken or reserved keyword is said on Preview too, not only on Launch;
        # a text that cannot be filled would fail at send time: launch nothing.
        problems = check_keywords(keywords, programme.languages)
        if not keywords:
            problems = [
                _(
                    "Give a keyword for at least one language; "
                    "a language left blank is not launched."
                )
            ]
        problems += preview.problems(texts)
        if request.form.get("go") == "launch" and not problems:
            try:
                made = launch_programme(
                    org,
                    programme.slug,
                    keywords,
                    default_send_time=form.default_send_time.data,
                    timezone=form.timezone.data.strip(),
                    quiet_start=form.quiet_start.data,
                    quiet_end=form.quiet_end.data,
                    variables={n: v for n, v in given.items() if v},
                    design="waitlist" if form.waitlist.data and programme.waitlist else "prepost",
                )
            except LaunchError as exc:
                problems = exc.problems
            else:
                audit.record(staff(), org, "launch.create", now=now(), target=made)
                flash(_("Launched. People can text the keywords now."), "ok")
                return redirect(url_for("dashboard.programme", launch_id=made.id))
    return render_template(
        "dashboard/launch.html",
        programme=programme,
        title=_title(programme, programme.slug),
        form=form,
        names=names,
        texts=texts,
        problems=problems,
    )
