"""Glossary tooltips: parsing docs/<lang>/glossary.md and the kb.markdown.glossary extension."""

from __future__ import annotations

import re

import markdown
import pytest
from mkdocs.exceptions import PluginError

from conftest import DEFAULT_LANGUAGE, LANGUAGES, ROOT, build_or_fail, copy_fixture_site, pages_of
from kb.markdown import glossary

GLOSSARY = {"mantelzorger": "Iemand die zorgt voor een naaste.", "persoonlijk herstel": "Herstel zoals je het zelf ziet.",
            "herstel": "Een persoonlijk proces.", "zelfsturend team": "Een team zonder manager."}


TOOLTIP = re.compile(r'<abbr [^>]*title="')


def annotate(text: str, terms: dict[str, str]) -> str:
    """Plain Python-Markdown with the extension by name, as mkdocs.yml lists it."""
    return markdown.markdown(text, extensions=["kb.markdown.glossary"],
                             extension_configs={"kb.markdown.glossary": {"glossary": terms}})


def test_first_use_of_each_term_becomes_a_tooltip_and_plurals_match():
    html = annotate("Twee mantelzorgers en een mantelzorger praten over herstel.\n\nNog eens herstel.", GLOSSARY)
    assert html == (
        '<p>Twee <abbr tabindex="0" title="Iemand die zorgt voor een naaste.">mantelzorgers</abbr> en een mantelzorger '
        'praten over <abbr tabindex="0" title="Een persoonlijk proces.">herstel</abbr>.</p>\n<p>Nog eens herstel.</p>'
    )


def test_every_word_of_a_term_may_be_inflected():
    html = annotate("Twee zelfsturende teams.", GLOSSARY)
    assert '<abbr tabindex="0" title="Een team zonder manager.">zelfsturende teams</abbr>' in html


def test_longest_term_wins_and_headings_links_and_code_are_left_alone():
    out = annotate("## Herstel\n\n[herstel](x) `herstel`\n\nOver persoonlijk herstel.", GLOSSARY)
    assert out.startswith('<h2>Herstel</h2>\n<p><a href="x">herstel</a> <code>herstel</code></p>')
    assert '<abbr tabindex="0" title="Herstel zoals je het zelf ziet.">persoonlijk herstel</abbr>' in out


def test_a_term_keeps_its_case_in_the_text_and_matches_in_any_case():
    html = annotate("Over HERSTEL, en dan Mantelzorgers.", GLOSSARY)
    assert '<abbr tabindex="0" title="Een persoonlijk proces.">HERSTEL</abbr>' in html
    assert '<abbr tabindex="0" title="Iemand die zorgt voor een naaste.">Mantelzorgers</abbr>' in html


def test_a_text_that_lower_case_makes_longer_still_gets_its_tooltip_in_place():
    """'İ' becomes two characters in lower case; the text is then matched as written, not by position."""
    html = annotate("İzmir, İstanbul en herstel.", GLOSSARY)
    assert html == '<p>İzmir, İstanbul en <abbr tabindex="0" title="Een persoonlijk proces.">herstel</abbr>.</p>'


def test_compounds_are_not_matched():
    assert "<abbr" not in annotate("herstelondersteuning", GLOSSARY)


def test_a_definition_cannot_carry_markup():
    """Material renders a tooltip's title as HTML: no '<' may reach it, however it is written."""
    out = annotate("herstel", {"herstel": 'A "quoted" <b>term</b> <img src=x onerror=alert(1)>'})
    assert out == ('<p><abbr tabindex="0" title="A &quot;quoted&quot; \u2039b\u203aterm\u2039/b\u203a '
                   '\u2039img src=x onerror=alert(1)\u203a">herstel</abbr></p>')


def test_page_abbreviations_still_work_and_are_plain_text_too():
    out = annotate("*[CHIME]: <script>x</script> framework\n\nCHIME", {})
    assert out == '<p><abbr tabindex="0" title="\u2039script\u203ax\u2039/script\u203a framework">CHIME</abbr></p>'



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
        pages = [p for p in pages_of(site, language) if "modules/" in p]
        with_tooltips = [p for p in pages if TOOLTIP.search((site / p / "index.html").read_text("utf-8"))]
        assert len(with_tooltips) >= 0.8 * len(pages), f"{language}: only {len(with_tooltips)}/{len(pages)} module pages"


HOSTILE_DEFINITION = ('A marsupial <img src=x onerror="window.kbInjected = 1"> '
                      '<script>window.kbInjected = 2</script> <b onmouseover="window.kbInjected = 3">bold</b>')


@pytest.fixture(scope="module")
def hostile_glossary_site(tmp_path_factory, serve):
    """The mini site with a glossary whose definition tries to run script (as staff-written text might)."""
    folder = copy_fixture_site("mini", tmp_path_factory.mktemp("hostile-glossary") / "site")
    (folder / "docs" / DEFAULT_LANGUAGE / "glossary.md").write_text(
        f"# Glossary\n\nquokka\n:   {HOSTILE_DEFINITION}\n", "utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "  - glossary.md\n", "utf-8")
    return serve(build_or_fail(config, folder / "out"))


@pytest.mark.browser
def test_a_definition_never_runs_script_in_the_tooltip(page, hostile_glossary_site):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(hostile_glossary_site + "only-english/")
    term = page.locator("abbr", has_text="quokka").first
    term.hover()
    term.focus()
    tooltip = page.locator(".md-tooltip2__inner").filter(has_text="marsupial")
    tooltip.first.wait_for(state="attached")
    assert "img src=x" in tooltip.first.inner_text()          # shown as text
    assert page.locator(".md-tooltip2 img, .md-tooltip2 script, .md-tooltip2 b").count() == 0
    page.wait_for_timeout(300)
    assert page.evaluate("window.kbInjected") is None
    assert not errors, errors
