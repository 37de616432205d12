"""axe-core (WCAG 2.0/2.1 A and AA) on every built page in every language, in the light and the dark palette."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from conftest import AXE_OPTIONS, CHROMIUM, CHROMIUM_ARGS, LANGUAGES, new_context, pages_of

pytestmark = pytest.mark.browser

# Browsers checking pages side by side: axe takes about a second a page, and there are some 300 pages.
# Under pytest-xdist (scripts/test) the languages already run in one process per core, so one browser each;
# run alone, one browser per core this process may use. KB_AXE_WORKERS overrides both.
WORKERS = int(os.environ.get("KB_AXE_WORKERS")
              or (1 if os.environ.get("PYTEST_XDIST_WORKER") else len(os.sched_getaffinity(0))) or 1)
# Pages checked again in the dark palette (colour contrast differs there).
DARK_SAMPLE = ["", "nl/modules/informal-caregivers/sofa-model/", "nb/glossary/", "da/modules/recovery/",
               "nl/modules/recovery/self-test/", "da/progress/"]


def violations(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("load")
    result = Axe().run(page, options=AXE_OPTIONS)
    return [f"{url}: {v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result.response["violations"]]


def check_all(urls: list[str]) -> list[str]:
    """axe on every URL, spread over WORKERS threads; each has its own Playwright and browser (they are not
    shared between threads)."""
    def check(chunk: list[str]) -> list[str]:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = new_context(browser).new_page()
            found = [problem for url in chunk for problem in violations(page, url)]
            browser.close()
            return found

    chunks = [chunk for chunk in (urls[index::WORKERS] for index in range(WORKERS)) if chunk]
    with ThreadPoolExecutor(len(chunks) or 1) as pool:
        return [problem for found in pool.map(check, chunks) for problem in found]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_no_axe_violations(site, site_url, language):
    found = check_all([site_url + path for path in pages_of(site, language)])
    assert not found, "\n".join(found)


def test_dark_palette_has_no_axe_violations(browser, site, site_url):
    context = new_context(browser, color_scheme="dark")
    page = context.new_page()
    try:
        found = []
        for path in DARK_SAMPLE:
            if (site / path / "index.html").exists():
                found += violations(page, site_url + path)
        assert not found, "\n".join(found)
    finally:
        context.close()


def test_fallback_page_has_no_axe_violations(page, mini_url):
    assert not violations(page, mini_url + "nl/only-english/")
