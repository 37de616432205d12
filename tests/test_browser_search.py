"""Search in a real browser: the index loads and the search worker starts only when the reader shows intent to
search (issue 15), online and in the offline copy over file://, and the first search still answers as typed."""

from __future__ import annotations

import zipfile
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import FIXTURES
from kb import offline

pytestmark = pytest.mark.browser

SEARCH_BOX = "input[data-md-component=search-query]"


@pytest.fixture(scope="module")
def mini_offline(tmp_path_factory) -> Path:
    """The mini site as an offline copy (file:// URLs, search_index.js, the iframe worker shim)."""
    folder = tmp_path_factory.mktemp("mini-offline")
    with zipfile.ZipFile(offline.build(FIXTURES / "mini" / "mkdocs.yml", folder / "mini.zip")) as archive:
        archive.extractall(folder)
    return folder / offline.FOLDER_IN_ZIP


def result_paths(page) -> list[str]:
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    hrefs = page.eval_on_selector_all(".md-search-result__list > .md-search-result__item > a:first-child",
                                      "els => els.map(e => e.href)")
    return [urlparse(href).path for href in hrefs]


def index_requests(requests: list[str]) -> list[str]:
    return [path for path in requests if "/search/search_index." in path]


def test_loading_a_page_fetches_no_search_index_and_focus_does(page, mini_url):
    requested: list[str] = []
    workers: list[str] = []
    page.on("request", lambda request: requested.append(urlparse(request.url).path))
    page.on("worker", lambda worker: workers.append(urlparse(worker.url).path))
    page.goto(mini_url + "nb/volunteer/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert index_requests(requested) == []
    assert workers == []  # no search worker (lunr in a thread of its own) either
    page.click(SEARCH_BOX)
    page.keyboard.type("tjeneste")  # typed at once, while the index is still loading
    assert "/nb/neighbours/" in result_paths(page)
    assert index_requests(requested) == ["/nb/search/search_index.json"]
    assert workers == ["/assets/javascripts/workers/i18n-search.js"]


def test_the_search_key_loads_the_index(page, mini_url):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(urlparse(request.url).path))
    page.goto(mini_url + "da/")
    page.wait_for_load_state("networkidle")
    assert index_requests(requested) == []
    page.keyboard.press("/")
    page.keyboard.type("fællesskab")
    assert "/da/neighbours/" in result_paths(page)
    assert index_requests(requested) == ["/da/search/search_index.json"]


def test_offline_copy_loads_the_index_only_on_intent(page, mini_offline):
    page.goto((mini_offline / "nl" / "volunteer.html").as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    # search_index.js defines __index when it runs: not before the reader searches.
    assert page.evaluate("typeof __index") == "undefined"
    assert page.locator("script[src*='search_index.js']").count() == 0
    assert page.locator("iframe").count() == 0  # nor the shim's iframe, where search runs over file://
    page.click(SEARCH_BOX)
    page.keyboard.type("mantelzorger")
    assert any(path.endswith("/nl/neighbours.html") for path in result_paths(page))
    assert page.locator("iframe[hidden]").count() == 1


def test_a_search_in_the_address_loads_search_at_once(page, mini_url):
    # A link with ?q= (a search shared or bookmarked) is intent enough: the results show with no click.
    workers: list[str] = []
    page.on("worker", lambda worker: workers.append(urlparse(worker.url).path))
    page.goto(mini_url + "nb/?q=tjeneste")
    assert "/nb/neighbours/" in result_paths(page)
    assert workers == ["/assets/javascripts/workers/i18n-search.js"]
