"""Module decks (issue 9): layout, question blocks, the targets per slide, the presenter window, axe and CSP."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from axe_check import axe_violations
from conftest import FIXTURES, ROOT, build_or_fail, build_site, copy_fixture_site
from deck_measure import decks_in, go_to, measure, measure_sizes, open_deck, summary

from kb import deck, nginx_config, ui_strings

UI = ui_strings.load()
DEMO = "modules/demo/deck/"
NOTE = "Speaker note: ask the room which word they would add."
# The real decks under docs/, per language; each is measured (the mini site's demo deck always is).
REAL_DECKS = sorted(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").glob("*/modules/*/deck.md"))


# ------------------------------------------------------------------------------------------ layout

SAMPLE = """<h1 id="t">Title<a class="headerlink" href="#t">¶</a></h1>
<p>Subtitle</p>
<h2 id="a">Points</h2>
<ul>
<li>One</li>
<li>Two</li>
</ul>
<aside class="kb-notes" data-kb-notes="">
<p>Say this.</p>
</aside>
<h2 id="f">Figure</h2>
<p><img alt="A model" src="../model.svg" /></p>
<aside class="kb-notes" data-kb-notes=""><p>Point at it.</p></aside>
<h2 id="q">Question</h2>
<div class="kb-selftest kb-deck-question" data-selftest="x"><ol><li>…</li></ol></div>
"""


def test_slides_are_cut_at_each_h2_with_their_kind_and_notes():
    slides = deck.slides(SAMPLE)
    assert [s.kind for s in slides] == ["title", "content", "figure", "question"]
    assert "headerlink" not in "".join(s.html for s in slides)
    assert '<aside class="notes kb-notes"' in slides[1].html
    assert slides[1].html.count('<li class="fragment">') == 2  # list items appear one at a time
    assert "fragment" not in deck.slides(SAMPLE, deck.SlideLayout(steps=False))[1].html
    html = deck.reveal_html(SAMPLE)
    assert html.startswith('<div class="reveal">\n<div class="slides">\n<section class="kb-slide kb-slide--title">')
    assert html.count("<section") == 4


def test_deck_page_has_no_site_chrome_and_links_back_to_its_module(mini_site):
    html = (mini_site / DEMO / "index.html").read_text("utf-8")
    assert 'class="md-header' not in html and 'class="md-sidebar' not in html
    assert '<a class="kb-deck__back" href="../">' in html
    assert html.count('<section class="kb-slide') == 7
    assert "<script>" not in html  # only files and a JSON data block (deploy CSP)
    module = (mini_site / "modules/demo/index.html").read_text("utf-8")
    assert f'class="md-content__button md-button kb-deck-link" href="deck/">{UI["slides.open_deck"]["en"]}' in module
    nl_module = (mini_site / "nl/modules/demo/index.html").read_text("utf-8")
    assert 'href="deck/"' in nl_module  # the English deck stands in for the Dutch one


def test_decks_are_not_in_search_or_handouts(mini_site):
    index = yaml.safe_load((mini_site / "search/search_index.json").read_text("utf-8"))
    assert not [d for d in index["docs"] if "/deck/" in d["location"]]
    assert "Demo deck" not in (mini_site / "modules/demo/handout/index.html").read_text("utf-8")


def test_question_block_renders_the_self_test_question_unsaved_with_its_number(mini_site):
    html = (mini_site / DEMO / "index.html").read_text("utf-8")
    assert html.count('class="kb-selftest kb-deck-question" data-selftest="demo" data-store="off"') == 3
    assert '<li class="kb-selftest__item" value="2">' in html and 'data-question="roles"' in html


def break_deck(tmp_path: Path, old: str, new: str) -> subprocess.CompletedProcess:
    site = copy_fixture_site("mini", tmp_path / "mini")
    path = site / "docs/en/modules/demo/deck.md"
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")
    return build_site(site / "mkdocs.yml", tmp_path / "out")


def test_unknown_question_id_stops_the_build_naming_file_and_line(tmp_path):
    result = break_deck(tmp_path, "/// question | roles", "/// question | rolez")
    assert result.returncode != 0
    assert "docs/en/modules/demo/deck.md:40: question 'rolez' is not in self-test.md" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_unrecognised_question_block_stops_the_build(tmp_path):
    result = break_deck(tmp_path, "/// question | roles", "/// question")
    assert result.returncode != 0
    assert "docs/en/modules/demo/deck.md:40: a '/// question' block was not recognised" in result.stdout + result.stderr


# ------------------------------------------------------------------------------------------ targets per slide

@pytest.fixture(scope="module")
def decks(mini_site, serve, request) -> list[str]:
    """URLs of every deck in every language: the demo deck, and the real decks when docs/ has them."""
    urls = [serve(mini_site) + path for path in decks_in(mini_site)]
    if REAL_DECKS:
        site = request.getfixturevalue("site")
        urls += [serve(site) + path for path in decks_in(site)]
    return urls


PROJECTOR = (1280, 720)
# Other screens: reveal draws the slides' 1280×720 layout scaled to the window (a CSS transform; nothing is
# laid out again), so what the 1280×720 check measures on each deck holds there too:
# test_other_screens_show_the_1280x720_slides_scaled shows that on a deck, instead of measuring every deck again.
OTHER_SIZES = [(1024, 768), (1920, 1080)]


@pytest.fixture(scope="module")
def deck_figures(browser, decks) -> dict[str, list]:
    """{deck URL: figures of each slide} for every deck, at the projector's size."""
    page = browser.new_page(viewport={"width": PROJECTOR[0], "height": PROJECTOR[1]}, reduced_motion="reduce")
    try:
        return {url: measure(page, url) for url in decks}
    finally:
        page.close()


@pytest.mark.browser
def test_every_deck_meets_the_targets_at_1280x720(deck_figures):
    problems, figures = [], {}
    for url, slides in deck_figures.items():
        figures[url] = summary(slides)
        if figures[url]["median_words"] > 30:
            problems.append(f"{url}: median {figures[url]['median_words']} words a slide (target ≤ 30)")
        for number, slide in enumerate(slides, start=1):
            where = f"{url}#/{number - 1}"
            if slide.words > 60:
                problems.append(f"{where}: {slide.words} words (target ≤ 60)")
            if slide.smallest < 28:
                problems.append(f"{where}: text of {slide.smallest}px (target ≥ 28)")
            if not slide.heading:
                problems.append(f"{where}: no heading")
            if slide.overflow:
                problems.append(f"{where}: reaches outside the slide: {slide.overflow[:3]}")
            if slide.kind == "figure" and (slide.figure or 0) < 0.5:
                problems.append(f"{where}: the figure fills {slide.figure:.0%} of the slide's height (target ≥ 50%)")
            if slide.kind == "question" and (slide.options < 2 or slide.answerShown):
                problems.append(f"{where}: question slide shows {slide.options} options, answer shown: "
                                f"{slide.answerShown}")
    print("\n".join(f"{url}: {figure}" for url, figure in figures.items()))
    assert not problems, "\n".join(problems)


@pytest.mark.browser
@pytest.mark.parametrize("size", OTHER_SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_other_screens_show_the_1280x720_slides_scaled(browser, decks, size):
    page = browser.new_page(reduced_motion="reduce")
    try:
        url = decks[-1]  # a real deck when docs/ has them
        at_projector, elsewhere = measure_sizes(page, url, [PROJECTOR, size])
        slides_style = page.evaluate("(({transform, zoom}) => ({transform, zoom}))"
                                     "(document.querySelector('.reveal .slides').style)")
    finally:
        page.close()
    scale = min(size[0] / PROJECTOR[0], size[1] / PROJECTOR[1])
    assert "scale(" in slides_style["transform"] and slides_style["zoom"] in ("", "1"), slides_style
    for slide, (projected, shown) in enumerate(zip(at_projector, elsewhere)):
        where = f"{url}#/{slide}"
        # The same text, drawn larger or smaller with the slide (reveal leaves a small margin round it).
        assert shown.smallest == pytest.approx(projected.smallest * scale, rel=0.05), where
        if projected.figure is not None:
            assert shown.figure == pytest.approx(projected.figure, abs=0.01), where
        assert replace(shown, smallest=0, figure=None) == replace(projected, smallest=0, figure=None), where


@pytest.mark.browser
def test_question_slide_reveals_its_answer_on_r_and_arrows_still_move_after_a_click(page, mini_url):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_deck(page, mini_url + DEMO)
    go_to(page, 3)
    slide = page.locator("section.present")
    explanation = slide.locator(".kb-answer__explanation")
    assert slide.locator(".kb-option").count() == 2 and not explanation.is_visible()
    slide.locator(".kb-option[data-correct=true] label").click()  # answering does not show the explanation
    assert not explanation.is_visible()
    page.keyboard.press("ArrowRight")  # after a click, arrows move slides, not the answer
    assert "True or false?" in page.locator("section.present h2").inner_text()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("r")
    assert explanation.is_visible()
    # A keyboard user in the group of options keeps the arrows for the options.
    page.keyboard.press("ArrowRight")
    slide = page.locator("section.present")
    slide.locator("input").first.focus()
    page.keyboard.press("ArrowDown")
    assert "True or false?" in page.locator("section.present h2").inner_text()
    assert page.evaluate("document.activeElement.value") == "false"


@pytest.mark.browser
def test_deck_keys_overview_black_screen_and_go_to_slide(page, mini_url):
    open_deck(page, mini_url + DEMO)
    page.keyboard.press("Escape")
    assert page.locator(".reveal.overview").count() == 1
    page.keyboard.press("Escape")
    page.keyboard.press("b")
    assert page.locator(".reveal.paused").count() == 1
    page.keyboard.press("b")
    page.keyboard.press("g")
    page.keyboard.type("5")
    page.keyboard.press("Enter")
    assert "True or false?" in page.locator("section.present h2").inner_text()


@pytest.mark.browser
def test_a_fresh_deck_shows_no_answers_given_on_the_self_test_page(page, mini_url):
    page.goto(mini_url + "modules/demo/self-test/")
    for label in page.locator(".kb-option[data-correct=true] label").all():
        label.click()
    for button in page.locator(".kb-question__check").all():
        button.click()
    open_deck(page, mini_url + DEMO)
    assert page.locator(".reveal input:checked").count() == 0
    assert page.locator(".reveal .kb-option--correct").count() == 0


# ------------------------------------------------------------------------------------------ presenter window

def presenter_counter(presenter) -> str:
    return presenter.locator(".kb-presenter__counter").inner_text()


def current_heading(page) -> str:
    return page.locator(".reveal .slides > section.present h1, .reveal .slides > section.present h2").first.inner_text()


def check_presenter(page, url: str):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_deck(page, url)
    with page.expect_popup() as popup:
        page.keyboard.press("p")
    presenter = popup.value
    presenter.set_viewport_size({"width": 1280, "height": 800})
    presenter.wait_for_selector(".kb-presenter .reveal.ready")
    assert presenter_counter(presenter) == "1 / 7"
    # The projector moves the presenter window: to slide 2 (its list shows item by item), then 3.
    page.keyboard.press("ArrowRight")
    presenter.wait_for_function("() => document.querySelector('.kb-presenter__counter').textContent === '2 / 7'")
    notes = presenter.locator(".kb-presenter__notes")
    assert NOTE in notes.inner_text()
    assert "The picture" in presenter.locator(".kb-presenter__next").inner_text()
    assert presenter.locator(".kb-presenter__elapsed").inner_text().startswith(UI["slides.timer"]["en"])
    assert presenter.locator(".kb-presenter__clock").inner_text().startswith(UI["slides.clock"]["en"])
    # The presenter window moves the projector: through the three list items, on to the question.
    for _ in range(5):
        presenter.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('section.present h2')?.textContent.includes('work happen')")
    assert presenter_counter(presenter) == "4 / 7"
    # The right answer shows in the presenter window only.
    assert "In the community" in presenter.locator(".kb-presenter__answer").inner_text()
    assert not page.locator("section.present .kb-answer__explanation").is_visible()
    # Buttons work too, and the black screen blacks out the projector, not the presenter.
    presenter.locator(".kb-presenter__prev").click()
    page.wait_for_function("() => document.querySelector('section.present h2')?.textContent === 'The picture'")
    presenter.locator(".kb-presenter__black").click()
    page.wait_for_selector(".reveal.paused")
    presenter.locator(".kb-presenter__black").click()
    page.wait_for_function("() => !document.querySelector('.reveal.paused')")
    # The projected window never holds a note, not even hidden.
    assert NOTE not in page.content() and "Point at each circle" not in page.content()
    assert NOTE not in page.locator("body").inner_text()
    return presenter


@pytest.mark.browser
def test_presenter_window_over_http_follows_and_leads(page, mini_url):
    presenter = check_presenter(page, mini_url + DEMO)
    # The projected page reloaded (a trainer pressed F5): the presenter window links up with it again.
    page.reload()
    page.wait_for_selector(".reveal.ready")
    presenter.keyboard.press("End")
    page.wait_for_function("() => document.querySelector('section.present h2')?.textContent === 'To take home'",
                           timeout=10000)


@pytest.fixture(scope="module")
def offline_mini(tmp_path_factory) -> Path:
    """The mini site's offline copy (scripts/offline.py), unzipped: opened from file:// like a USB stick."""
    folder = tmp_path_factory.mktemp("offline-mini")
    site = copy_fixture_site("mini", folder / "mini")
    result = subprocess.run([sys.executable, str(ROOT / "scripts/offline.py"), "--config", str(site / "mkdocs.yml"),
                             "--out", str(folder / "kb.zip")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    with zipfile.ZipFile(folder / "kb.zip") as archive:
        archive.extractall(folder)
    return folder / "kb-offline"


@pytest.mark.browser
def test_presenter_window_from_the_offline_copy_over_file_urls(page, offline_mini):
    deck_file = offline_mini / "modules/demo/deck.html"
    module = (offline_mini / "modules/demo/index.html").read_text("utf-8")
    assert 'href="deck.html"' in module
    presenter = check_presenter(page, deck_file.as_uri())
    assert presenter.url.startswith("file://") and "?presenter" in presenter.url


@pytest.mark.browser
def test_any_page_presents_with_the_same_engine_and_returns(page, mini_url):
    url = mini_url + "modules/demo/"
    page.goto(url)
    page.locator(".kb-present").click()
    page.wait_for_selector(".kb-deck-overlay .reveal.ready")
    assert page.locator(".md-container").evaluate("e => e.inert")  # the page behind takes no focus
    assert "Speaker note" not in page.locator(".kb-deck-overlay").inner_text()
    page.keyboard.press("ArrowRight")
    assert current_heading(page) == "First section"
    with page.expect_popup() as popup:
        page.keyboard.press("p")
    presenter = popup.value
    presenter.wait_for_selector(".kb-presenter .reveal.ready")
    assert "Speaker note for the first section." in presenter.locator(".kb-presenter__notes").inner_text()
    presenter.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('section.present h2')?.textContent === 'Second section'")
    page.keyboard.press("q")
    assert page.locator(".kb-deck-overlay").count() == 0
    assert page.evaluate("document.activeElement.classList.contains('kb-present')")


# ------------------------------------------------------------------------------------------ axe

@pytest.mark.browser
def test_deck_presenter_window_and_overview_have_no_axe_violations(page, mini_url):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_deck(page, mini_url + DEMO)
    go_to(page, 3)
    assert axe_violations(page) == []
    page.keyboard.press("o")
    page.wait_for_selector(".reveal.overview")
    assert axe_violations(page) == []
    page.keyboard.press("o")
    with page.expect_popup() as popup:
        page.keyboard.press("p")
    presenter = popup.value
    presenter.wait_for_selector(".kb-presenter .reveal.ready")
    assert axe_violations(presenter) == []


# ------------------------------------------------------------------------------------------ deploy CSP

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def nginx_mini(tmp_path_factory, mini_site):
    """nginx on 127.0.0.1 serving the mini site with the generated server block; stopped by its PID."""
    if shutil.which("nginx") is None:
        pytest.fail("nginx is missing: run ./scripts/test, which installs Debian's nginx.", pytrace=False)
    folder = tmp_path_factory.mktemp("nginx-decks")
    port = free_port()
    (folder / "server.conf").write_text(nginx_config.server_block(mini_site, str(mini_site), f"127.0.0.1:{port}"))
    temp = " ".join(f"{name}_temp_path {folder / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi",
                                                                       "scgi"))
    (folder / "nginx.conf").write_text(
        f"worker_processes 1; daemon off; user root; pid {folder}/nginx.pid; error_log {folder}/error.log;\n"
        f"events {{ worker_connections 64; }}\n"
        f"http {{ include /etc/nginx/mime.types; default_type application/octet-stream; access_log off; {temp}\n"
        f"  include {folder}/server.conf; }}\n", "utf-8")
    process = subprocess.Popen(["nginx", "-c", str(folder / "nginx.conf"), "-p", str(folder)])
    url = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.browser
def test_deck_and_presenter_window_work_under_the_deploy_csp(page, nginx_mini):
    refused = []

    def watch(target):
        target.on("console", lambda m: refused.append(m.text)
                  if "Content Security Policy" in m.text or "Refused to" in m.text else None)

    watch(page)
    csp = urllib.request.urlopen(nginx_mini + DEMO).headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp
    page.set_viewport_size({"width": 1280, "height": 720})
    open_deck(page, nginx_mini + DEMO)
    with page.expect_popup() as popup:
        page.keyboard.press("p")
    presenter = popup.value
    watch(presenter)
    presenter.wait_for_selector(".kb-presenter .reveal.ready")
    presenter.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('section.present h2')?.textContent === 'Why this matters'")
    page.keyboard.press("o")
    page.keyboard.press("o")
    page.keyboard.press("g")
    page.keyboard.press("Escape")
    page.goto(nginx_mini + "modules/demo/")
    page.locator(".kb-present").click()
    page.wait_for_selector(".kb-deck-overlay .reveal.ready")
    assert refused == []


def test_with_a_public_site_url_the_title_slide_carries_qr_codes_to_the_module(tmp_path):
    site = build_or_fail(FIXTURES / "mini" / "mkdocs-site-url.yml", tmp_path / "site")
    html = (site / "nl" / DEMO / "index.html").read_text("utf-8")
    title = html.split('<section class="kb-slide kb-slide--title">', 1)[1].split("</section>", 1)[0]
    assert 'class="kb-qr-codes"' in title and html.count('class="kb-qr-codes"') == 1
    assert "https://kb.example.org/training/nl/modules/demo/" in title
    assert "https://kb.example.org/training/nl/modules/demo/self-test/" in title
