"""Glossary tooltips: parsing docs/<lang>/glossary.md and annotating pages."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts" / "hooks"))
import glossary  # noqa: E402

from conftest import LANGUAGES, ROOT, built_pages, language_prefix  # noqa: E402

GLOSSARY = {"mantelzorger": "Iemand die zorgt voor een naaste.", "persoonlijk herstel": "Herstel zoals je het zelf ziet.",
            "herstel": "Een persoonlijk proces."}


def test_first_use_of_each_term_becomes_a_tooltip_and_plurals_match():
    html = "<p>Twee mantelzorgers en een mantelzorger praten over herstel.</p>"
    assert glossary.annotate(html, GLOSSARY) == (
        '<p>Twee <abbr title="Iemand die zorgt voor een naaste." tabindex="0">mantelzorgers</abbr> en een mantelzorger '
        'praten over <abbr title="Een persoonlijk proces." tabindex="0">herstel</abbr>.</p>'
    )


def test_longest_term_wins_and_headings_links_and_code_are_left_alone():
    html = ('<h2>Herstel</h2><p><a href="x">herstel</a> <code>herstel</code></p>'
            "<p>Over persoonlijk herstel.</p>")
    out = glossary.annotate(html, GLOSSARY)
    assert out.startswith('<h2>Herstel</h2><p><a href="x">herstel</a> <code>herstel</code></p>')
    assert '<abbr title="Herstel zoals je het zelf ziet." tabindex="0">persoonlijk herstel</abbr>' in out


def test_compounds_are_not_matched():
    assert "<abbr" not in glossary.annotate("<p>herstelondersteuning</p>", GLOSSARY)


def test_definitions_are_escaped():
    out = glossary.annotate("<p>herstel</p>", {"herstel": 'A "quoted" <b>term</b>'})
    assert 'title="A &quot;quoted&quot; &lt;b&gt;term&lt;/b&gt;"' in out


def test_parse_reads_definition_lists_with_continuations(tmp_path):
    path = tmp_path / "glossary.md"
    path.write_text("# Glossary\n\nIntro text.\n\nherstel\n:   Een **persoonlijk** proces,\n    zie [CHIME](x.md).\n\n"
                    "zelfregie\n:   Zelf de richting bepalen.\n", "utf-8")
    assert glossary.parse_glossary(path) == {"herstel": "Een persoonlijk proces, zie CHIME.",
                                              "zelfregie": "Zelf de richting bepalen."}


def test_duplicate_term_names_file_and_lines(tmp_path):
    path = tmp_path / "glossary.md"
    path.write_text("herstel\n:   Eén.\n\nHerstel\n:   Twee.\n", "utf-8")
    with pytest.raises(PluginError, match=r"glossary.md:5: 'Herstel' is defined twice \(first at line 1\)"):
        glossary.parse_glossary(path)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_a_glossary_of_at_least_30_terms(language):
    assert len(glossary.parse_glossary(ROOT / "docs" / language / "glossary.md")) >= 30


def test_built_pages_carry_glossary_tooltips(site):
    for language in LANGUAGES:
        pages = [p for p in built_pages(site) if p.startswith(language_prefix(language)) and "modules/" in p]
        if language == "en":
            pages = [p for p in pages if p.split("/")[0] not in LANGUAGES]
        with_tooltips = [p for p in pages if '<abbr title="' in (site / p / "index.html").read_text("utf-8")]
        assert len(with_tooltips) >= 0.8 * len(pages), f"{language}: only {len(with_tooltips)}/{len(pages)} module pages"
