"""Every text a launch would send, as it will arrive, with its SMS cost. No Flask."""

from dataclasses import dataclass

from ..content import gsm
from ..content.render import MissingVariable
from ..content.templates import (
    TEMPLATE_NAMES,
    TemplateMissing,
    example_values,
    organisation_variables,
    render_system,
)
from ..launch_variables import language_label


@dataclass
class PreviewText:
    """One text: what it is, how it reads, and what it costs."""

    label: str
    body: str
    encoding: str = ""
    segments: int = 0
    non_gsm: str = ""
    problem: str = ""


def _costed(label, body):
    cost = gsm.cost(body)
    return PreviewText(label, body, cost.encoding, cost.segments, " ".join(cost.non_gsm))


def variable_names(templates_dir=None):
    """The variables an organisation sets at launch (org_name comes from its name)."""
    return sorted(organisation_variables(templates_dir) - {"org_name"})


def launch_values(programme, lang, variables, templates_dir=None):
    """The values texts will be filled with: examples for system ones, the launch's own."""
    title = programme.title.get(lang) or programme.title[programme.default_language]
    # Examples stand in for what the service fills at send time; the organisation's
    # own values (crisis line, help contact...) must come from the launch, never an example.
    own = organisation_variables(templates_dir)
    examples = {k: v for k, v in example_values(lang, templates_dir).items() if k not in own}
    values = {**examples, "programme_title": title}
    values["days"] = str(programme.length)
    values.update({k: v for k, v in variables.items() if v})
    return values


def preview(programme, lang, variables, templates_dir=None):
    """Every programme text and system message in `lang`, filled, folded and costed."""
    values = launch_values(programme, lang, variables, templates_dir)
    out = []
    for day in programme.days:
        out.append(_text(f"Day {day.number}: practice", programme, day.practice, lang, values))
        for item in day.checkin:
            label = f"Day {day.number}: check-in {item.id}"
            out.append(_text(label, programme, item.text, lang, values))
    out.append(_text("Closing", programme, programme.closing, lang, values))
    for name in sorted(TEMPLATE_NAMES):
        try:
            body = render_system(
                name, lang, values, fold=programme.folds(lang), directory=templates_dir
            )
        except (TemplateMissing, MissingVariable) as exc:
            out.append(PreviewText(f"System: {name}", "", problem=str(exc)))
            continue
        out.append(_costed(f"System: {name}", body))
    return out


def problems(texts):
    """Each distinct problem in the previews, once per language, with how many texts it touches."""
    found = {}
    for lang, items in texts.items():
        for t in items:
            if t.problem:
                found.setdefault((t.problem, lang), []).append(t.label)
    return [
        f"{problem} in {language_label(lang)} "
        f"(in {len(labels)} text{'s' if len(labels) > 1 else ''}, e.g. {labels[0]})"
        for (problem, lang), labels in found.items()
    ]


def _text(label, programme, texts, lang, values):
    try:
        body = programme.render(texts, lang, values)
    except MissingVariable as exc:
        return PreviewText(label, "", problem=str(exc))
    return _costed(label, body)
