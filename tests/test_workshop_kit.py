"""The trainer's workshop kit: presentation view, speaker notes, QR codes, handouts, print and the offline copy."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from conftest import (FIXTURES, LANGUAGES, ROOT, answer_every_question_correctly, build_or_fail,
                      build_site, built_pages, language_prefix)

from kb import ui_strings

UI = ui_strings.load()
MODULES = ["recovery", "strengths-model", "self-direction", "informal-caregivers", "community",
           "learning-circles", "organisations"]
SITE_URL = "https://kb.example.org/training/"


# ------------------------------------------------------------------------------------------ built output

def test_every_module_has_a_workshop_plan_and_a_handout_in_every_language(site):
    pages = set(built_pages(site))
    for language in LANGUAGES:
        for module in MODULES:
            base = f"{language_prefix(language)}modules/{module}/"
            assert f"{base}workshop/" in pages and f"{base}handout/" in pages, base


def test_handout_holds_every_trainee_page_of_the_module_and_no_workshop_plan(site):
    html = (site / "nl/modules/informal-caregivers/handout/index.html").read_text("utf-8")
    for page in ["index", "sofa-model", "caregiver-overload", "confidentiality-consent", "case", "self-test"]:
        title = (ROOT / f"docs/nl/modules/informal-caregivers/{page}.md").read_text("utf-8")
        heading = next(line[2:].strip() for line in title.splitlines() if line.startswith("# "))
        assert heading in html, page
    workshop = (ROOT / "docs/nl/modules/informal-caregivers/workshop.md").read_text("utf-8")
    assert next(line[2:].strip() for line in workshop.splitlines() if line.startswith("# ")) not in html
    assert html.count('class="kb-page-break"') >= 6
    assert 'data-selftest="informal-caregivers"' in html  # the self-test, as a worksheet


def _kit_outline(html: str) -> tuple[list[str], list[str]]:
    """The ids of the kit page's h1s after its title, and the first-level links of its table of contents."""
    h1s = re.findall(r'<h1 id="([^"]+)"', html.split('class="md-content"', 1)[1])
    toc = html.split('class="md-nav md-nav--secondary"', 1)[1].split('data-md-component="toc"', 1)
    first_level = []
    if len(toc) > 1:
        depth = 0
        for tag in re.finditer(r'<ul\b|</ul>|<a href="#([^"]+)"', toc[1].split('class="md-content"', 1)[0]):
            if tag.group(0) == "<ul":
                depth += 1
            elif tag.group(0) == "</ul>":
                depth -= 1
            elif depth == 0:
                first_level.append(tag.group(1))
    return h1s[1:], first_level


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_handout_and_trainer_pack_list_every_part_in_their_table_of_contents(site, language):
    # Material shows the first h1's entries: each part's h1 is listed under the kit's title, on screen too.
    for kind in ["handout", "trainer-pack"]:
        for module in MODULES:
            path = site / f"{language_prefix(language)}modules/{module}/{kind}/index.html"
            parts, listed = _kit_outline(path.read_text("utf-8"))
            assert len(parts) >= 2 and listed == parts, (path, parts, listed)
    pack = (site / f"{language_prefix(language)}modules/community/trainer-pack/index.html").read_text("utf-8")
    titles = [UI[key][language] for key in ("trainer_pack.answer_key", "trainer_pack.voting_cards")]
    assert all(re.search(rf"<h1 id=\"[^\"]+\">{re.escape(title)}", pack) for title in titles), titles


def test_handouts_are_not_search_results(site):
    index = json.loads((site / "nl/search/search_index.json").read_text("utf-8"))
    assert not [doc for doc in index["docs"] if "/handout/" in doc["location"]]


def test_without_site_url_there_are_no_qr_codes_and_the_build_says_why(tmp_path):
    result = build_site(FIXTURES / "mini" / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0
    assert "No QR codes: set site_url" in result.stderr
    assert "kb-qr" not in (tmp_path / "site/modules/demo/index.html").read_text("utf-8")


@pytest.fixture(scope="module")
def qr_site(tmp_path_factory) -> Path:
    return build_or_fail(FIXTURES / "mini" / "mkdocs-site-url.yml", tmp_path_factory.mktemp("qr-site"))


def decode_qr(page, locator, tmp_path: Path) -> str:
    png = tmp_path / "qr.png"
    locator.screenshot(path=str(png))
    result = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.browser
def test_qr_codes_decode_to_the_page_and_its_self_test(page, qr_site, serve, tmp_path):
    base = serve(qr_site)
    page.goto(base + "nl/modules/demo/")
    page.emulate_media(media="print")  # QR codes are for paper and for the projector
    codes = page.locator(".kb-qr svg")
    assert codes.count() == 2
    assert decode_qr(page, codes.nth(0), tmp_path) == SITE_URL + "nl/modules/demo/"
    assert decode_qr(page, codes.nth(1), tmp_path) == SITE_URL + "nl/modules/demo/self-test/"
    page.goto(base + "nl/modules/demo/handout/")
    assert decode_qr(page, page.locator(".kb-qr svg").first, tmp_path) == SITE_URL + "nl/modules/demo/"


# ------------------------------------------------------------------------------------------ presentation
# Decks, "Present as slides" and the presenter window: tests/test_deck_engine.py.

# ------------------------------------------------------------------------------------------ print

@pytest.mark.browser
def test_print_hides_navigation_and_opens_collapsed_blocks(page, mini_url):
    page.goto(mini_url + "modules/demo/")
    trainer_notes = page.get_by_text("Hidden on screen until opened")
    assert not trainer_notes.is_visible()
    page.emulate_media(media="print")
    assert trainer_notes.is_visible()
    for selector in [".md-header", ".md-sidebar--primary", ".md-footer", ".kb-present"]:
        assert not page.locator(selector).first.is_visible(), selector
    # Tabs print one after another; addresses of links to other sites are written out.
    assert page.get_by_text("Text in the first tab.").is_visible()
    assert page.get_by_text("Text in the second tab.").is_visible()
    link = page.locator("a[href='https://example.org/recovery']")
    assert "https://example.org/recovery" in link.evaluate("a => getComputedStyle(a, '::after').content")


@pytest.mark.browser
def test_printed_handout_puts_each_part_on_a_new_page(page, site_url, tmp_path):
    page.goto(site_url + "da/modules/learning-circles/handout/")
    page.emulate_media(media="print")
    breaks = page.eval_on_selector_all(".kb-page-break", "els => els.map(e => getComputedStyle(e).breakBefore)")
    assert breaks and set(breaks) == {"page"}
    pdf = tmp_path / "handout.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert pdf.read_bytes().count(b"/Type /Page") - pdf.read_bytes().count(b"/Type /Pages") >= len(breaks) + 1


@pytest.mark.browser
@pytest.mark.parametrize("kit", ["handout", "trainer-pack"])
def test_a_kit_page_lists_its_contents_on_a_phone_and_not_beside_the_sidebar_or_in_print(page, site_url, kit):
    # A kit page is in no navigation, so below 60em Material shows its table of contents nowhere.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site_url}nl/modules/recovery/{kit}/")
    contents = page.locator(".kb-kit-toc")
    sidebar = ".md-sidebar--secondary"
    assert contents.is_visible() and not page.locator(sidebar).is_visible()
    # The sidebar's own list, in the sidebar's words ("Inhoudsopgave"): every heading of the kit, in order.
    assert contents.locator("summary").inner_text() == page.locator(f"{sidebar} .md-nav__title").text_content().strip()
    targets = contents.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(targets) > 20
    assert targets == page.eval_on_selector_all(f"{sidebar} a.md-nav__link", "els => els.map(a => a.getAttribute('href'))")
    contents.locator("summary").click()
    contents.locator("a").nth(5).click()
    assert page.evaluate("location.hash") == targets[5]
    assert page.locator(f"[id='{targets[5][1:]}']").evaluate("h => h.getBoundingClientRect().top < innerHeight")
    page.emulate_media(media="print")
    assert not contents.is_visible()
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1366, "height": 800})
    assert not contents.is_visible() and page.locator(sidebar).is_visible()


# ------------------------------------------------------------------------------------------ offline copy

def search_offline(page, start: str, query: str) -> list[str]:
    page.goto(start)
    page.click("input[data-md-component=search-query]")
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    return page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")


@pytest.mark.browser
@pytest.mark.parametrize("language,query,expected", [
    ("nl", "mantelzorgers", "/nl/modules/informal-caregivers/"),
    ("nb", "erfaringskonsulenter", "/nb/modules/community/"),
    ("da", "prøvehandlinger", "/da/modules/learning-circles/"),
])
def test_offline_copy_searches_each_language_from_file_urls(page, offline_site, language, query, expected):
    results = search_offline(page, (offline_site / language / "index.html").as_uri(), query)
    assert results and all(r.startswith("file://") for r in results)
    assert any(expected in r for r in results), results
    assert all(f"/{language}/" in r for r in results)


@pytest.mark.browser
def test_offline_copy_completes_a_self_test_and_presents_slides(page, offline_site):
    page.goto((offline_site / "nb/modules/recovery/self-test.html").as_uri())
    total = answer_every_question_correctly(page)
    assert page.locator(".kb-selftest__summary").inner_text() == \
        UI["selftest.score"]["nb"].format(correct=total, total=total)
    page.goto((offline_site / "nb/modules/recovery/chime.html").as_uri())
    page.locator(".kb-present").click()
    page.wait_for_selector(".kb-deck-overlay .reveal.ready")
    page.keyboard.press("ArrowRight")
    assert page.locator(".kb-deck-overlay .slide-number").inner_text().replace(" ", "").startswith("2/")


@pytest.mark.browser
def test_offline_copy_language_switcher_and_links_stay_in_the_copy(page, offline_site):
    page.goto((offline_site / "nl/modules/recovery/chime.html").as_uri())
    page.click(".md-header__option .md-select")
    page.locator(".md-select__link[hreflang=da]").first.click()
    page.wait_for_load_state()
    assert page.url == (offline_site / "da/modules/recovery/chime.html").as_uri()
    hrefs = page.eval_on_selector_all(".md-nav a[href]", "els => els.map(e => e.href)")
    assert hrefs and all(h.startswith("file://") and (h.endswith(".html") or "#" in h) for h in hrefs)
