"""Builders for content tests: programme files and template folders in tmp_path."""

import shutil
from pathlib import Path

import pytest
import yaml

from service.config import ROOT

REPO_TEMPLATES = ROOT / "templates_sms"


def programme_data(**changes):
    """A small valid two-language programme as a dict, with top-level changes."""
    data = {
        "spec": 1,
        "id": "mini",
        "version": 1,
        "languages": ["en", "es"],
        "title": {"en": "Mini", "es": "Mini"},
        "fold_to_gsm": {"es": True},
        "measures": {
            "PHQ-2": {
                "items": ["phq2_1", "phq2_2"],
                "alert_at": 3,
                "source": "Kroenke K, Spitzer RL, Williams JB. Med Care 2003;41:1284-92.",
            }
        },
        "days": [
            {
                "day": 1,
                "practice": {"en": "Hello from {org_name}.", "es": "Hola de {org_name}."},
                "checkin": [
                    {
                        "id": "phq2_1",
                        "type": "scale",
                        "min": 0,
                        "max": 3,
                        "measure": "PHQ-2",
                        "text": {"en": "First? Reply 0-3", "es": "¿Primera? Responde 0-3"},
                    },
                    {
                        "id": "phq2_2",
                        "type": "scale",
                        "min": 0,
                        "max": 3,
                        "measure": "PHQ-2",
                        "text": {"en": "Second? Reply 0-3", "es": "¿Segunda? Responde 0-3"},
                    },
                ],
            },
            {
                "day": 2,
                "practice": {"en": "Day two.", "es": "Día dos."},
                "checkin": [
                    {
                        "id": "walk",
                        "type": "choice",
                        "options": {
                            "a": {"en": "a walk", "es": "una caminata"},
                            "b": {"en": "music", "es": "música"},
                        },
                        "text": {"en": "Which? A or B", "es": "¿Cuál? A o B"},
                    },
                    {
                        "id": "slept",
                        "type": "yesno",
                        "measure": "own",
                        "text": {"en": "Slept well? YES or NO", "es": "¿Dormiste bien? SI o NO"},
                    },
                ],
            },
        ],
        "closing": {"en": "Bye. Call {crisis_line}.", "es": "Adiós. Llama al {crisis_line}."},
    }
    data.update(changes)
    return data


@pytest.fixture
def write_programme(tmp_path):
    """Write a programme file (dict or raw YAML text) into tmp_path/programs/<slug>.yaml."""
    folder = tmp_path / "programs"
    folder.mkdir(exist_ok=True)

    def write(content, slug="mini"):
        path = folder / f"{slug}.yaml"
        if not isinstance(content, str):
            content = yaml.safe_dump(content, allow_unicode=True, sort_keys=False)
        path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture
def templates_copy(tmp_path):
    """A copy of the shipped templates_sms folder that a test may break."""
    target = tmp_path / "templates_sms"
    shutil.copytree(REPO_TEMPLATES, target)
    return Path(target)
