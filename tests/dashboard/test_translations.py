"""Every staff-facing string goes through the catalogue (Flask-Babel), and the
catalogue ships in English and Spanish.

1. No template shows words outside `_()`/`{% trans %}`: text between tags and
   the words in aria-label, title, placeholder and alt attributes.
2. `pybabel extract` (babel.cfg) finds no message the Spanish catalogue lacks,
   and the committed .mo says what the .po says.
3. A staff member's stored language wins; the browser's language is the default.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from jinja2 import Environment, nodes
from jinja2.ext import i18n

from service.models import StaffUser

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "service" / "dashboard" / "templates"
CATALOGUES = ROOT / "service" / "translations"
# Words with letters: what a person reads. Programme names, numbers and symbols pass.
WORDS = re.compile(r"[A-Za-zÀ-ÿ]{2,}")
SPOKEN_ATTRIBUTES = re.compile(r'\b(aria-label|title|placeholder|alt)="([^"{]*)"')
# Text a page may show untranslated: the product's name, codes and units.
ALLOWED = {"Kindly", "CSV", "SD", "PHQ", "GAD", "sub"}


def _visible_text(html):
    """What a browser shows from a template's literal HTML: text between tags and
    the spoken attributes (aria-label and the like)."""
    spoken = [value for _name, value in SPOKEN_ATTRIBUTES.findall(html)]
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]*>", " ", html)
    html = re.sub(r'[\w-]+="[^"]*"', " ", html)  # an attribute a macro prints on its own
    return [*spoken, html]


def _untranslated(path):
    source = path.read_text(encoding="utf-8")
    # What the template says itself: Jinja's own parts become a mark with no letters.
    literal = re.sub(r"\{%-?\s*trans\b.*?endtrans\s*-?%\}", "§", source, flags=re.S)
    literal = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", "§", literal, flags=re.S)
    found = []
    for text in _visible_text(literal):
        found += [w for w in WORDS.findall(text) if w not in ALLOWED]
    # Words in string constants printed as they are ({{ "Open" if ... }}).
    env = Environment(extensions=[i18n])
    for output in env.parse(source).find_all(nodes.Output):
        for const in output.find_all(nodes.Const):
            if isinstance(const.value, str) and re.search(r"[A-Z][a-z]+ |[a-z] [a-z]", const.value):
                if not _inside_call(output, const):
                    found.append(const.value)
    return found


def _inside_call(output, const):
    """True when the constant is an argument (to _(), url_for, a filter, a test)."""
    for call in output.find_all((nodes.Call, nodes.Filter, nodes.Test, nodes.Compare)):
        if any(c is const for c in call.find_all(nodes.Const)):
            return True
    return False


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: p.name)
def test_no_template_shows_words_outside_the_catalogue(template):
    assert _untranslated(template) == []


def test_the_checker_sees_a_bare_word():
    bare = TEMPLATES.parent / "bare.html.test"
    bare.write_text('<p>Hello there</p><p aria-label="Menu">{{ _("Fine") }}</p>')
    try:
        assert _untranslated(bare) == ["Menu", "Hello", "there"]
    finally:
        bare.unlink()


def _catalogue(lang):
    with open(CATALOGUES / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=lang)


def test_extraction_finds_nothing_the_spanish_catalogue_lacks(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            str(Path(sys.executable).with_name("pybabel")),
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "N_",
            "-k",
            "L_",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
        capture_output=True,
    )
    with open(pot, "rb") as f:
        wanted = {m.id for m in read_po(f) if m.id}
    spanish = _catalogue("es")
    missing = sorted(
        str(i) for i in wanted if not spanish.get(i) or not _filled(spanish.get(i).string)
    )
    assert missing == [], f"{len(missing)} messages lack Spanish (make messages)"


def _filled(string):
    return all(string) if isinstance(string, tuple) else bool(string)


def _key(value):
    return tuple(value) if isinstance(value, (list, tuple)) else value


def test_the_compiled_catalogue_matches_its_source():
    with open(CATALOGUES / "es" / "LC_MESSAGES" / "messages.mo", "rb") as f:
        compiled = {_key(m.id): _key(m.string) for m in read_mo(f) if m.id}
    source = {_key(m.id): _key(m.string) for m in _catalogue("es") if m.id and not m.fuzzy}
    assert compiled == source, "run make messages (pybabel compile) and commit the .mo"


def test_the_browser_language_is_the_default_and_a_stored_choice_wins(world, dash):
    spanish = {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}
    assert "Iniciar sesión" in dash.get("/dashboard/login", headers=spanish).get_data(True)
    assert "Sign in" in dash.get("/dashboard/login").get_data(True)
    user = world["north_staff"]
    dash.login(user)
    assert 'lang="es"' in dash.get("/dashboard/inbox", headers=spanish).get_data(True)
    dash.post("/dashboard/language", {"language": "en"})
    assert StaffUser.get_by_id(user.id).language == "en"
    page = dash.get("/dashboard/inbox", headers=spanish).get_data(True)
    assert 'lang="en"' in page and "Inbox" in page
    dash.post("/dashboard/language", {"language": "es"})
    page = dash.get("/dashboard/inbox").get_data(True)
    assert 'lang="es"' in page and "Bandeja de entrada" in page


def test_flashes_and_domain_messages_are_translated(world, dash):
    dash.login(world["north_staff"])
    dash.post("/dashboard/language", {"language": "es"})
    item = world["items"]["north"]
    dash.post(f"/dashboard/inbox/{item.id}/handle", {"back": "/dashboard/inbox"})
    page = dash.get("/dashboard/inbox").get_data(True)
    assert "resolviendo la alerta" in page  # InboxError, marked with N_ in the domain


def test_the_on_call_text_goes_in_the_contacts_language(world, clock, sms):
    from service.followup import oncall

    contact = world["contacts"]["north"]
    contact.language = "es"
    contact.save()
    oncall.send_test(contact, backend=sms, dashboard_url="https://k.example.org/dashboard/alerts")
    to, body = sms.sent[-1]
    assert to == contact.phone and body.startswith("Kindly: una prueba")
