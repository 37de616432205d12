"""Every UI string our templates and scripts use exists, in every language."""

from __future__ import annotations

import re

import yaml

from conftest import LANGUAGES, ROOT

STRINGS = yaml.safe_load((ROOT / "overrides" / "ui_strings.yml").read_text("utf-8"))


def test_every_string_has_every_language():
    missing = [f"{key}: {language}" for key, texts in STRINGS.items() for language in LANGUAGES
               if not (texts or {}).get(language)]
    assert not missing, missing


def test_every_string_used_in_templates_and_scripts_exists():
    used = set()
    for template in (ROOT / "overrides").rglob("*.html"):
        used |= set(re.findall(r'ui\["([a-z_.]+)"\]', template.read_text("utf-8")))
    for script in (ROOT / "overrides" / "assets" / "javascripts").glob("*.js"):
        used |= set(re.findall(r'\b(?:text|t|plural)\("([a-z_]+\.[a-z_]+)"', script.read_text("utf-8")))
    for module in (ROOT / "kb").rglob("*.py"):
        used |= set(re.findall(r'ui\["([a-z_]+\.[a-z_]+)"\]', module.read_text("utf-8")))
    assert used, "no UI strings found in use"
    assert not sorted(used - set(STRINGS)), sorted(used - set(STRINGS))


def test_placeholders_match_across_languages():
    for key, texts in STRINGS.items():
        placeholders = {language: sorted(re.findall(r"\{(\w+)\}", text)) for language, text in texts.items()}
        assert len({tuple(p) for p in placeholders.values()}) == 1, (key, placeholders)
