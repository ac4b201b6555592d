"""Programme files (programs/<slug>.yaml): the format, its validator and a library.

One module per reason to change: `model.py` what a programme is (the
dataclasses and the format's names), `parser.py` reading YAML with line
numbers, `validator.py` checking a file and building a Programme,
`library.py` the per-folder cache that re-reads a file when it changes.
Import from the package: `from service.content.programme import get_library`.

Format, spec 1::

    spec: 1                 # format version (this loader reads 1)
    id: taster              # slug: lower case, digits, - and _; equals the file name stem
    version: 1              # content version (a positive whole number), bumped when text changes
    languages: [en, es]     # the first one is the default
    title: {en: Kind Moments, es: Momentos amables}
    fold_to_gsm: {es: true} # optional, per language: fold non-GSM letters (á -> a) at send time
    measures:               # optional: scales whose items are summed
      PHQ-2: {items: [phq2_1, phq2_2], alert_at: 3, source: "Kroenke K et al. ..."}
    days:                   # numbered 1..N, no gaps, no repeats
      - day: 1
        practice: {en: "...", es: "..."}
        checkin:            # optional: questions asked one at a time, in order
          - id: kind        # lower_snake_case; the same id on other days is the same question
            type: scale     # scale | yesno | choice | text
            min: 0          # scale only (min and max both required, whole numbers)
            max: 10
            options:        # choice only: key -> text per language
              a: {en: a walk, es: una caminata}
            measure: own    # optional: a measures entry, or "own" (the programme's own item)
            text: {en: "How kind were you to yourself today? Reply 0-10", es: "..."}
    closing: {en: "...", es: "..."}

Every text is a mapping with exactly the declared languages. Texts may use
`{variables}` from templates_sms/variables.yaml that the sender fills in
programme texts: the organisation's (org_name, crisis_line, help_contact...)
and programme_title, days, default_time. A measure's items must
be asked on some day, carry `measure: <that name>`, and be scale, yesno or
choice questions (their values are summed). Unknown keys are errors, so a
typo never silently drops a text.

Loading reports every problem at once, each with a location such as
`days[3].checkin[0].text.es` (list positions count from 0) and the line in
the file. Errors stop a programme loading; warnings (a message longer than
one SMS segment once variables are filled with their example values, folded
where the programme folds that language) do not.
"""

from .library import Library, get_library
from .model import (
    PROGRAMME_SYSTEM_VARIABLES,
    Day,
    Item,
    Measure,
    Option,
    Problem,
    Programme,
    ProgrammeInvalid,
    ProgrammeNotFound,
)
from .parser import location
from .validator import load_programme, over_one_segment

__all__ = [
    "PROGRAMME_SYSTEM_VARIABLES",
    "Day",
    "Item",
    "Library",
    "Measure",
    "Option",
    "Problem",
    "Programme",
    "ProgrammeInvalid",
    "ProgrammeNotFound",
    "get_library",
    "load_programme",
    "location",
    "over_one_segment",
]
