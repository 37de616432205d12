"""Self-tests in a real browser, in every language: answering, feedback, score, saved progress, keyboard use,
the "My progress" page, no JavaScript, print, and accessibility before and after answering."""

from __future__ import annotations

import json

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe

from conftest import AXE_OPTIONS, LANGUAGES, ROOT, answer_every_question_correctly, language_prefix, new_context

pytestmark = pytest.mark.browser

UI = yaml.safe_load((ROOT / "overrides" / "ui_strings.yml").read_text("utf-8"))
PAGE = "modules/recovery/self-test/"
SELFTEST = "recovery"


def url(base: str, language: str, path: str = PAGE) -> str:
    return base + language_prefix(language) + path


def first_question(page, kind: str):
    return page.locator(f".kb-question[data-type={kind}]").first


def answer_choice(question, correct: bool) -> None:
    question.locator(f".kb-option[data-correct={'true' if correct else 'false'}] label").first.click()
    question.locator(".kb-question__check").click()


def status(question) -> str:
    return question.locator(".kb-question__status").inner_text()


def saved(page) -> dict:
    return json.loads(page.evaluate("localStorage.getItem('kb-selftests')") or "{}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_answer_wrong_then_right_shows_feedback_and_score(page, site_url, language):
    page.goto(url(site_url, language))
    question = first_question(page, "single")
    answer_choice(question, correct=False)
    assert status(question).startswith(UI["selftest.incorrect"][language])
    assert question.locator(".kb-option--incorrect").count() == 1
    assert question.locator(".kb-answer").get_attribute("open") is not None  # the explanation is shown
    answer_choice(question, correct=True)
    assert status(question).startswith(UI["selftest.correct"][language])
    total = page.locator(".kb-question").count()
    summary = page.locator(".kb-selftest__summary").inner_text()
    assert summary == UI["selftest.progress"][language].format(answered=1, total=total)


def test_complete_self_test_gives_a_score_and_try_again_resets(page, site_url):
    page.goto(url(site_url, "nl"))
    total = answer_every_question_correctly(page)
    assert page.locator(".kb-selftest__summary").inner_text() == \
        UI["selftest.score"]["nl"].format(correct=total, total=total)
    page.locator(".kb-selftest__again").click()
    assert page.locator(".kb-selftest__summary").inner_text() == \
        UI["selftest.progress"]["nl"].format(answered=0, total=total)
    assert SELFTEST not in saved(page)


def test_answers_survive_reload_navigation_and_switching_language(page, site_url):
    page.goto(url(site_url, "da"))
    question = first_question(page, "single")
    question_id = question.get_attribute("data-question")
    answer_choice(question, correct=True)
    checked = question.locator("input:checked").get_attribute("value")

    def still_answered(language):
        again = page.locator(f".kb-question[data-question={question_id}]")
        assert again.locator("input:checked").get_attribute("value") == checked
        assert status(again).startswith(UI["selftest.correct"][language])

    page.reload()
    still_answered("da")
    page.goto(url(site_url, "da", ""))
    page.go_back()
    page.wait_for_load_state()
    still_answered("da")
    page.click(".md-header__option .md-select")
    page.locator(".md-select__link[hreflang=nb]").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/nb/" + PAGE)
    still_answered("nb")


def test_a_changed_question_drops_only_its_own_saved_answer(page, site_url):
    page.goto(url(site_url, "en"))
    questions = page.locator(".kb-question")
    first, second = questions.nth(0), questions.nth(1)
    state = {SELFTEST: {
        first.get_attribute("data-question"): {"h": "outdated00", "v": ["a"], "ok": True},
        second.get_attribute("data-question"): {"h": second.get_attribute("data-hash"), "v": [], "ok": False},
    }}
    page.evaluate(f"localStorage.setItem('kb-selftests', {json.dumps(json.dumps(state))})")
    page.reload()
    kept = saved(page)[SELFTEST]
    assert first.get_attribute("data-question") not in kept
    assert second.get_attribute("data-question") in kept


@pytest.mark.parametrize("language", LANGUAGES)
def test_matching_question_can_be_completed_with_the_keyboard_only(page, site_url, language):
    page.goto(url(site_url, language))
    question = first_question(page, "matching")
    rows = question.locator(".kb-match__row")
    first_select = rows.nth(0).locator("select")
    # Tab from the page start until the first select of the matching question has focus.
    for _ in range(400):
        page.keyboard.press("Tab")
        if first_select.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the matching question's first select is not reachable with Tab")
    for index in range(rows.count()):
        target = int(rows.nth(index).get_attribute("data-correct")) + 1  # +1: the "Choose…" entry
        for _ in range(target):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
    assert question.locator(".kb-question__check").evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert status(question).startswith(UI["selftest.correct"][language])


@pytest.mark.parametrize("language", LANGUAGES)
def test_progress_page_reflects_answers_and_clears_after_confirmation(page, site_url, language):
    page.goto(url(site_url, language))
    total = page.locator(".kb-question").count()
    answer_choice(first_question(page, "single"), correct=True)
    page.goto(url(site_url, language, "progress/"))
    rows = page.locator("tr[data-selftest]")
    assert rows.count() >= 7
    row = page.locator(f"tr[data-selftest={SELFTEST}]")
    assert row.locator(".kb-progress__status").inner_text() == UI["progress.in_progress"][language]
    assert row.locator(".kb-progress__score").inner_text() == f"1 / {total}"
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator(".kb-progress__clear").click()
    assert row.locator(".kb-progress__score").inner_text() == f"1 / {total}"  # dismissed: nothing cleared
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".kb-progress__clear").click()
    assert row.locator(".kb-progress__status").inner_text() == UI["progress.not_started"][language]
    assert page.locator(".kb-progress__message").inner_text() == UI["progress.cleared"][language]
    assert saved(page) == {}


def test_without_javascript_the_answers_are_in_details(browser, site_url):
    context = new_context(browser, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(url(site_url, "nl"))
        assert page.locator(".kb-question__check").count() == 0
        question = first_question(page, "single")
        details = question.locator("details.kb-answer")
        assert not details.locator(".kb-answer__explanation").is_visible()
        details.locator("summary").click()
        assert details.locator(".kb-answer__explanation").is_visible()
        assert details.locator(".kb-answer__correct li").count() == 1
    finally:
        context.close()


def test_print_shows_a_worksheet_without_answers_unless_asked(page, site_url):
    page.goto(url(site_url, "en"))
    question = first_question(page, "single")
    answer_choice(question, correct=True)  # opens the explanation on screen
    page.emulate_media(media="print")
    assert not question.locator(".kb-answer").is_visible()
    assert not question.locator(".kb-question__check").is_visible()
    page.emulate_media(media="screen")
    page.locator(".kb-selftest__print input").check()
    page.emulate_media(media="print")
    assert question.locator(".kb-answer").is_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_self_test_page_has_no_axe_violations_before_and_after_answering(page, site_url, language):
    page.goto(url(site_url, language))
    before = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    answer_choice(first_question(page, "single"), correct=False)
    answer_choice(first_question(page, "case"), correct=True)
    after = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not before and not after, [(v["id"], [n["target"] for n in v["nodes"]]) for v in before + after]
