"""Variables in message texts: `{org_name}` is filled in, `{{` and `}}` are braces.

Deliberately smaller than str.format: a name is lower_snake_case and nothing
else (no `{0}`, `{a.b}`, `{x!r}` or `{x:>5}`), so a text written by a
programme author can never reach into Python objects.
"""

import re

NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|\{|\}")


class MissingVariable(KeyError):
    """A text uses a variable that was not given."""

    def __init__(self, name):
        super().__init__(name)
        self.name = name

    def __str__(self):
        return f"no value for variable {{{self.name}}}"


def _why_malformed(inside):
    """Why `{inside}` is not a variable, in words for a programme author."""
    if not inside.strip():
        return "empty braces {} (write {{}} for literal braces)"
    if inside.isdigit():
        return f"positional {{{inside}}}: variables have names, e.g. {{org_name}}"
    if "." in inside or "[" in inside:
        return f"{{{inside}}}: only plain names are allowed, not attributes or indexes"
    if "!" in inside or ":" in inside:
        return f"{{{inside}}}: conversions and format specs are not allowed"
    if NAME.match(inside.strip().lower().replace(" ", "_").replace("-", "_")):
        return f"{{{inside}}}: variable names are lower_snake_case"
    return f"{{{inside}}} is not a variable name"


def _tokens(text):
    """(kind, value) pieces of `text`: text, var, or bad (with the reason)."""
    pos = 0
    for match in _TOKEN.finditer(text):
        if match.start() > pos:
            yield "text", text[pos : match.start()]
        token = match.group(0)
        if token in ("{{", "}}"):
            yield "text", token[0]
        elif token == "{":
            yield "bad", f"unmatched '{{' at character {match.start() + 1}"
        elif token == "}":
            yield "bad", f"unmatched '}}' at character {match.start() + 1}"
        elif NAME.match(match.group(1)):
            yield "var", match.group(1)
        else:
            yield "bad", _why_malformed(match.group(1))
        pos = match.end()
    if pos < len(text):
        yield "text", text[pos:]


def variables_in(text):
    """The names of the variables `text` uses."""
    return {value for kind, value in _tokens(text) if kind == "var"}


def syntax_problems(text):
    """What is wrong with the braces in `text`, one sentence each (empty if fine)."""
    return [value for kind, value in _tokens(text) if kind == "bad"]


def fill(text, variables):
    """`text` with each `{name}` replaced by str(variables[name]).

    Raises MissingVariable for a name not given, ValueError for bad braces.
    """
    out = []
    for kind, value in _tokens(text):
        if kind == "text":
            out.append(value)
        elif kind == "var":
            if value not in variables or variables[value] is None:
                raise MissingVariable(value)
            out.append(str(variables[value]))
        else:
            raise ValueError(value)
    return "".join(out)
