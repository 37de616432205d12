"""Real-browser checks of the four-language site: switcher, per-language search, fallback notice, privacy."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from conftest import LANGUAGES, language_prefix

pytestmark = pytest.mark.browser

# (language, typed query, page that must be found). Each target page holds only the OTHER form of the word
# (see tests/fixtures/mini), so a hit proves stemming, not plain matching.
WORD_FORMS = [
    ("en", "volunteers", "volunteer/"),
    ("en", "neighbour", "neighbours/"),
    ("nl", "hulpverleners", "nl/volunteer/"),
    ("nl", "mantelzorger", "nl/neighbours/"),
    ("nb", "erfaringskonsulenter", "nb/volunteer/"),
    ("nb", "tjeneste", "nb/neighbours/"),
    ("da", "medarbejdere", "da/volunteer/"),
    ("da", "fællesskab", "da/neighbours/"),
]


def search(page, base_url: str, language: str, query: str) -> list[str]:
    """Type a query into Material's search on a language's home page; return result paths."""
    page.goto(base_url + language_prefix(language))
    page.click("input[data-md-component=search-query]")
    page.keyboard.type(query)
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta').textContent.match(/^(Type|Typ|Skriv|Indtast)/)"
    )
    page.wait_for_timeout(200)
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    return [urlparse(href).path.lstrip("/") for href in hrefs]


@pytest.mark.parametrize("language,query,expected", WORD_FORMS)
def test_search_matches_other_word_forms(page, mini_url, language, query, expected):
    assert expected in search(page, mini_url, language, query)


def test_search_gives_results_while_typing_a_partial_word(page, mini_url):
    assert "nl/volunteer/" in search(page, mini_url, "nl", "hulpverl")


def test_search_returns_only_the_readers_language(page, mini_url):
    assert search(page, mini_url, "nl", "æblekage") == []
    assert search(page, mini_url, "da", "æblekage") == ["da/volunteer/"]
    # The English-only page is in English search, not in Dutch search (it stands in there as a fallback).
    assert search(page, mini_url, "en", "quokka") == ["only-english/"]
    assert search(page, mini_url, "nl", "quokka") == []


def test_search_loads_only_its_own_language_index(page, mini_url):
    requested = []
    page.on("request", lambda request: requested.append(urlparse(request.url).path))
    search(page, mini_url, "nb", "tjeneste")
    indexes = [path for path in requested if path.endswith("search_index.json")]
    assert indexes == ["/nb/search/search_index.json"]


def test_untranslated_page_shows_notice_in_readers_language(page, mini_url):
    page.goto(mini_url + "nl/only-english/")
    notice = page.locator(".kb-untranslated")
    assert "nog niet vertaald" in notice.inner_text()
    link = notice.locator("a").element_handle()
    assert urlparse(page.evaluate("a => a.href", link)).path == "/only-english/"
    assert page.locator("[lang=en] h1").inner_text().startswith("Untranslated page")
    assert page.locator("html").get_attribute("lang") == "nl"


def test_translated_page_has_no_untranslated_notice(page, mini_url):
    page.goto(mini_url + "nl/volunteer/")
    assert page.locator(".kb-untranslated").count() == 0


def test_language_switcher_keeps_the_page(page, site_url):
    page.goto(site_url + "nl/how-to-use/")
    for language in ["da", "nb", "en", "nl"]:
        page.click(".md-header__option .md-select")  # open the language menu
        page.locator(f".md-select__link[hreflang={language}]").first.click()
        page.wait_for_load_state()
        assert urlparse(page.url).path == "/" + language_prefix(language) + "how-to-use/"
        assert page.locator("html").get_attribute("lang") == language


def test_searching_requests_nothing_from_another_host(page, site_url):
    # Each page's own requests are checked on every page (page_survey.py); searching fetches more: the
    # language's index, the search worker and lunr's support for the language.
    host = urlparse(site_url).netloc
    outside = []
    page.on("request", lambda request: outside.append(request.url) if urlparse(request.url).netloc != host
            and not request.url.startswith("data:") else None)
    for language in LANGUAGES:
        page.goto(site_url + language_prefix(language))
        page.click("input[data-md-component=search-query]")
        page.keyboard.type("recovery")
        page.wait_for_selector(".md-search-result__meta")
        page.wait_for_load_state("networkidle")
    assert outside == []
