"""N_(): marks a staff-facing message for the translation catalogue without
translating it. Domain code (no Flask) raises errors with marked messages; the
dashboard translates them when it shows them (`_(str(exc))`)."""


def N_(text):
    """The text itself; `pybabel extract` collects it for the catalogue."""
    return text
