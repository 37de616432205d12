"""Issue 13 in the browser: the home page's module cards and progress, page titles on phones, the figure
viewer, every UI string in the reader's language, the 404 pages, and no console errors or failed requests
(online and over file://)."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest

from axe_check import axe_violations
from conftest import EVERY_PAGE_OF, LANGUAGES, ROOT, answer_every_question_correctly, language_prefix
from page_survey import survey, watch

from kb import ui_strings

pytestmark = pytest.mark.browser

OTHER_LANGUAGES = [language for language in LANGUAGES if language != LANGUAGES[0]]
# Pages each language is sampled on (inside the language folder; offline they end in .html).
SAMPLE = ["", "modules/recovery/", "modules/recovery/chime/", "modules/recovery/self-test/", "progress/",
          "modules/informal-caregivers/handout/"]
MATERIAL_LANGUAGES = Path(material.__file__).parent / "templates" / "partials" / "languages"
UI_STRINGS = ui_strings.load()
# English that Python-Markdown and the config bring, beside Material's and our own strings.
OTHER_ENGLISH = {"Permanent link", "Switch to dark mode", "Switch to light mode", "404 - Not found"}


# Material texts that a language really writes as in English (Material's own "Header" in nl is untranslated).
SAME_AS_ENGLISH = {"da": {"Navigation"}}


def material_texts(language: str) -> dict[str, str]:
    path = MATERIAL_LANGUAGES / f"{language}.html"
    texts = dict(re.findall(r'^\s*"([\w.]+)": "([^"]+)"', path.read_text("utf-8"), re.M)) if path.exists() else {}
    return {key: text for key, text in texts.items() if re.search(r"[A-Za-z]{2}", text)}


def known_english(language: str) -> set[str]:
    """English UI text that must not show on a page in `language`: Material's and ours, minus words the
    language writes the same way (our "Status", "Modules"; Danish "Navigation"). Material's texts that are the
    same as its English ones count as English ("Header" and "Footer" in nl and nb)."""
    material_english = material_texts("en")
    english = set(material_english.values()) | {texts["en"] for texts in UI_STRINGS.values()} | OTHER_ENGLISH
    own = ({text for key, text in material_texts(language).items() if text != material_english.get(key)}
           | {texts.get(language, "") for texts in UI_STRINGS.values()} | SAME_AS_ENGLISH.get(language, set()))
    return english - own


def test_the_list_of_english_ui_text_holds_what_issue_13_found():
    for language in ("nl", "nb"):
        assert {"Header", "Footer", "Switch to dark mode", "Permanent link"} <= known_english(language)


CHROME_TEXT = """() => {
  const found = []
  const chrome = "header, nav, footer, button, label, dialog, .md-content__button, .kb-selftest__tools, " +
                 ".kb-search-form, .kb-progress, .kb-card__meta, .kb-card__progress-text, .md-search"
  document.querySelectorAll(chrome).forEach(el => (el.innerText || el.textContent || "").split("\\n")
    .forEach(line => found.push(line.trim())))
  document.querySelectorAll("[aria-label], [title], [placeholder]").forEach(el => {
    if (el.closest("abbr")) return  /* glossary tooltips are content */
    ;["aria-label", "title", "placeholder"].forEach(name => {
      const value = el.getAttribute(name); if (value) found.push(value.trim())
    })
  })
  return found.filter(Boolean)
}"""

# ------------------------------------------------------------------------------------------ home

@pytest.mark.parametrize("language", ["en", "nl"])
def test_home_shows_module_cards_with_progress_after_a_self_test(page, site_url, language):
    home = site_url + language_prefix(language)
    page.goto(home)
    cards = page.locator(".kb-card")
    assert cards.count() == 7
    assert page.locator(".kb-paths a").count() == 3
    assert page.locator(".kb-search-form input[name=q]").is_visible()
    assert page.locator(".kb-present").count() == 0, "no 'Present as slides' on a home page"
    first = cards.nth(0)
    assert re.search(r"\d+ min", first.locator(".kb-card__time").inner_text())
    page.goto(f"{home}modules/recovery/self-test/")
    answered = answer_every_question_correctly(page)
    page.goto(home)
    progress = page.locator("[data-selftests=recovery]")
    assert progress.inner_text().startswith(f"{answered} "), progress.inner_text()
    assert page.locator(".kb-card").nth(0).locator("progress").evaluate("bar => bar.value") == answered
    assert page.locator("[data-selftests=community]").inner_text().startswith("0 ")


@pytest.mark.parametrize("stored", ["not json", "[1, 2]", "5", "null", '{"recovery": 7, "community": [1]}',
                                    '{"recovery": {"q1": null, "q2": "x"}}'])
def test_home_ignores_a_malformed_progress_value(page, site_url, stored):
    problems = watch(page)
    page.goto(site_url)
    page.evaluate("value => localStorage.setItem('kb-selftests', value)", stored)
    page.reload()
    assert page.locator("[data-selftests=recovery]").inner_text().startswith("0 of "), stored
    assert not problems, problems


def test_home_search_opens_the_search_with_the_query(page, site_url):
    page.goto(site_url + "nl/")
    page.fill(".kb-search-form input[name=q]", "herstel")
    page.press(".kb-search-form input[name=q]", "Enter")
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    assert page.locator(".md-search__input").input_value() == "herstel"


@pytest.mark.parametrize("language", ["en", "da"])
@pytest.mark.parametrize("width", [390, 1366])
def test_home_has_no_axe_violations(page, site_url, language, width):
    page.set_viewport_size({"width": width, "height": 844 if width == 390 else 800})
    page.goto(site_url + language_prefix(language))
    assert axe_violations(page) == []


# ------------------------------------------------------------------------------------------ titles

@pytest.mark.parametrize("language", EVERY_PAGE_OF)
def test_no_page_title_breaks_inside_a_word_on_phones(page_survey, language):
    found = page_survey(language)  # at 320 px (page_survey.py)
    assert found.pages > 50, found.pages
    assert not found.broken_titles, found.broken_titles


# ------------------------------------------------------------------------------------------ figures

def smallest_label(svg: Path) -> tuple[float, float]:
    """(smallest font size, viewBox width) of an SVG figure, in its own units."""
    text = svg.read_text("utf-8")
    sizes = [float(size) for size in re.findall(r'font-size[=:]\s*"?([\d.]+)', text)]
    view_box = re.search(r'viewBox="[\d.\s-]+?\s([\d.]+)\s[\d.]+"', text)
    assert sizes and view_box, svg
    return min(sizes), float(view_box.group(1))


@pytest.mark.parametrize("language", ["en", "nb"])
def test_figure_opens_enlarged_in_a_keyboard_dialog_with_readable_labels(page, site_url, language):
    page.set_viewport_size({"width": 390, "height": 844})
    problems = watch(page)
    page.goto(f"{site_url}{language_prefix(language)}modules/recovery/chime/")
    trigger = page.locator(".kb-zoom").first
    trigger.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.kb-figure-viewer")
    assert dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.classList.contains('kb-figure-viewer__close')")
    page.wait_for_function("document.querySelector('.kb-figure-viewer__image').complete")
    smallest, units = smallest_label(ROOT / "docs" / language / "modules" / "recovery" / "chime.svg")
    shown = page.locator(".kb-figure-viewer__image").evaluate("img => img.getBoundingClientRect().width")
    assert smallest * shown / units >= 12, f"smallest label {smallest * shown / units:.1f} px"
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.classList.contains('kb-zoom')"), "focus returns to the figure"
    trigger.click()
    page.locator(".kb-figure-viewer__close").click()
    assert not dialog.evaluate("d => d.open")
    assert not problems, problems


# ------------------------------------------------------------------------------------------ language

@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_no_english_ui_text_on_pages_in_another_language(page, site_url, language):
    english = known_english(language)
    found = {}
    for path in [*SAMPLE, "404.html"]:
        page.goto(f"{site_url}{language_prefix(language)}{path}")
        page.wait_for_load_state("load")
        texts = set()
        if page.locator(".kb-zoom").count():
            page.locator(".kb-zoom").first.click()  # the figure viewer's labels too
            texts |= set(page.evaluate(CHROME_TEXT))
            page.keyboard.press("Escape")
        if page.locator(".kb-question__check").count():
            page.locator(".kb-question__check").first.click()  # the self-test's messages
        texts |= set(page.evaluate(CHROME_TEXT))
        if english & texts:
            found[path] = sorted(english & texts)
    assert not found, found


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_languages_404_page_is_in_its_language_with_search_home_and_switcher(page, site, site_url, language):
    prefix = language_prefix(language)
    page.goto(f"{site_url}{prefix}404.html")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").inner_text() == UI_STRINGS["notfound.title"][language]
    assert page.locator(".md-content a.md-button").get_attribute("href") == f"/{prefix}"
    assert page.locator(".kb-search-form").get_attribute("action") == f"/{prefix}"
    switcher = page.locator(".md-select__link").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert sorted(switcher) == sorted(f"/{language_prefix(other)}404.html" for other in LANGUAGES)
    assert (site / prefix / "404.html").exists()
    assert axe_violations(page) == []


# ------------------------------------------------------------------------------------------ quiet pages

@pytest.mark.parametrize("language", EVERY_PAGE_OF)
def test_no_page_logs_an_error_or_requests_what_fails_or_another_host(page_survey, language):
    found = page_survey(language)  # every page, while it is checked (page_survey.py)
    assert found.pages > 50, found.pages
    assert not found.problems, "\n".join(found.problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_and_404_pages_stay_quiet_until_the_network_is_idle(page, site_url, language):
    # The every-page check moves on when a page's checks are done; here the wait lasts until the network is
    # quiet, so requests made well after load (Material's sitemap fetches were) count too, and the 404 page,
    # which no survey visits, is seen.
    problems = watch(page)
    for path in ["", "404.html"]:
        page.goto(f"{site_url}{language_prefix(language)}{path}", wait_until="networkidle")
    assert not problems, problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_sampled_pages_offline_have_no_console_errors_or_failed_requests(page, offline_site, language):
    problems = watch(page)
    for path in SAMPLE:
        folder = offline_site / language_prefix(language) / path
        file = folder / "index.html" if (folder / "index.html").exists() else folder.parent / f"{folder.name}.html"
        page.goto(file.as_uri(), wait_until="networkidle")
    assert not problems, problems


def test_the_every_page_check_sees_errors_failures_and_other_hosts(page, serve, tmp_path):
    # The every-page survey reports what goes wrong while it checks (page_survey.py): shown on a page made
    # to log an error, miss an image and ask another host (the same server by another name, which answers
    # at once wherever the test runs).
    base = serve(tmp_path)
    elsewhere = base.replace("127.0.0.1", "localhost") + "index.html"
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><title>Broken</title><main><h1>Broken</h1>'
        f'<img src="missing.png" alt="missing"><img src="{elsewhere}" alt="elsewhere">'
        '<script>console.error("made to fail")</script></main></html>', "utf-8")
    found = survey(page, base, [""])
    problems = "\n".join(found.problems)
    assert "/: console: made to fail" in problems, problems
    assert f"/: 404: {base}missing.png" in problems, problems
    assert f"/: requested from another host: {elsewhere}" in problems, problems
