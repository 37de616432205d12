"""Self-tests in a real browser, in every language: answering, feedback, score, saved progress, keyboard use,
the "My progress" page, no JavaScript, print, and accessibility before and after answering."""

from __future__ import annotations

import json

import pytest

from axe_check import axe_violations
from conftest import (EVERY_PAGE_OF, LANGUAGES, answer_every_question_correctly, language_prefix,
                      new_context, new_warm_context, page_leaving_nothing_stored)

from kb import ui_strings

pytestmark = pytest.mark.browser

UI = ui_strings.load()
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
    assert status(question) == UI["selftest.incorrect_retry"][language]
    assert question.locator(".kb-option--incorrect").count() == 1
    assert question.locator(".kb-option--incorrect .kb-option__feedback").is_visible()
    # The reader may try again: the answer is not given away yet.
    assert question.locator(".kb-answer").get_attribute("open") is None
    assert question.locator(".kb-option--answer").count() == 0
    answer_choice(question, correct=True)
    assert status(question) == UI["selftest.correct"][language]
    assert question.locator(".kb-answer").get_attribute("open") is not None  # now the explanation
    total = page.locator(".kb-question").count()
    summary = page.locator(".kb-selftest__summary").inner_text()
    assert summary == UI["selftest.progress"][language].format(answered=1, total=total)


def test_a_second_wrong_try_shows_the_answer_and_feedback_appears_once(page, site_url):
    page.goto(url(site_url, "en"))
    question = first_question(page, "case")
    wrong = question.locator(".kb-option[data-correct=false]")
    wrong.nth(0).locator("label").click()
    question.locator(".kb-question__check").click()
    assert question.locator(".kb-answer").get_attribute("open") is None
    wrong.nth(1).locator("label").click()
    assert question.locator(".kb-option--incorrect").count() == 0  # a changed answer clears the old marks
    question.locator(".kb-question__check").click()
    assert status(question) == UI["selftest.incorrect_final"]["en"]
    assert question.locator(".kb-answer").get_attribute("open") is not None
    right = question.locator(".kb-option[data-correct=true]")
    assert "kb-option--answer" in right.get_attribute("class")
    feedback = right.locator(".kb-option__feedback").inner_text()
    visible = question.inner_text()
    assert visible.count(feedback) == 1, visible  # not in the status line, not again in the answer
    assert not question.locator(".kb-answer__about").is_visible()


def test_show_answer_alone_reveals_the_answer_without_counting_it(page, site_url):
    page.goto(url(site_url, "nb"))
    question = first_question(page, "single")
    question.locator(".kb-answer > summary").click()
    assert question.locator(".kb-option--answer").count() == 1
    assert question.locator(".kb-answer__explanation").is_visible()
    assert SELFTEST not in saved(page) or not saved(page)[SELFTEST]


def test_questions_are_numbered_the_title_is_a_heading_and_a_case_starts_with_its_scenario(page, site_url):
    page.goto(url(site_url, "da"))
    numbers = page.locator(".kb-question__number").all_inner_texts()
    assert numbers == [f"{n}." for n in range(1, len(numbers) + 1)]
    assert page.locator(".kb-selftest h2.kb-selftest__title").count() == 1
    case = page.locator(".kb-selftest__item:has(.kb-question[data-type=case])").first
    assert case.evaluate("item => item.firstElementChild.classList.contains('kb-question__scenario')")
    letters = first_question(page, "single").locator(".kb-option__letter").all_inner_texts()
    assert letters == ["A", "B", "C", "D"][:len(letters)]


def test_complete_self_test_gives_a_score_and_try_again_resets(page, site_url):
    page.goto(url(site_url, "nl"))
    total = answer_every_question_correctly(page)
    assert page.locator(".kb-selftest__summary").inner_text() == \
        UI["selftest.score"]["nl"].format(correct=total, total=total)
    page.locator(".kb-selftest__again").click()
    assert page.locator(".kb-selftest__summary").inner_text() == \
        UI["selftest.progress"]["nl"].format(answered=0, total=total)
    assert SELFTEST not in saved(page)


def test_answers_a_test_gave_are_gone_for_the_next_test(browser, keeper_url, site_url, offline_site):
    # The `page` fixture keeps one context per worker and clears what each test stored (conftest.py): here
    # answers saved over http and in the offline copy (file://) are gone from the next such page.
    context = new_warm_context(browser, keeper_url)
    pages = [site_url + PAGE, (offline_site / f"{PAGE.rstrip('/')}.html").as_uri()]
    try:
        with page_leaving_nothing_stored(context) as page:
            for address in pages:
                page.goto(address)
                answer_choice(first_question(page, "single"), correct=True)
                assert saved(page)[SELFTEST], address
        with page_leaving_nothing_stored(context) as page:
            for address in pages:
                page.goto(address)
                assert not saved(page).get(SELFTEST), address
    finally:
        context.close()


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
    # From the page start as a keyboard reader goes: Tab to the skip link, Enter (past header and navigation),
    # then Tab until the first select of the matching question has focus.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    page.keyboard.press("Enter")
    for _ in range(400):
        page.keyboard.press("Tab")
        if first_select.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the matching question's first select is not reachable with Tab")
    for index in range(rows.count()):
        row = rows.nth(index)
        # Choices are shuffled: find where the right one is in this select ("Choose…" is at 0).
        target = row.locator("select").evaluate(
            "(select, value) => [...select.options].findIndex(o => o.value === value)", row.get_attribute("data-correct"))
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
    assert row.locator(".kb-progress__answered").inner_text() == f"1 / {total}"
    assert row.locator(".kb-progress__correct").inner_text() == "1"
    page.goto(url(site_url, language))  # one more, answered wrongly
    answer_choice(first_question(page, "truefalse"), correct=False)
    page.goto(url(site_url, language, "progress/"))
    assert row.locator(".kb-progress__answered").inner_text() == f"2 / {total}"
    assert row.locator(".kb-progress__correct").inner_text() == "1"
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator(".kb-progress__clear").click()
    assert row.locator(".kb-progress__answered").inner_text() == f"2 / {total}"  # dismissed: nothing cleared
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
def test_self_test_page_has_no_axe_violations_after_answering(page, site_url, language):
    # Before answering, the every-page survey checks it (page_survey.py).
    page.goto(url(site_url, language))
    answer_choice(first_question(page, "single"), correct=False)
    answer_choice(first_question(page, "case"), correct=True)
    assert page.locator(".kb-option--incorrect").count() == 1  # the answers were given
    after = axe_violations(page, "after answering")
    assert not after, "\n".join(after)


def test_counts_use_the_plural_forms_of_each_language(page, site_url):
    page.goto(url(site_url, "nl", "progress/"))
    counts = page.locator(".kb-progress__count").all_inner_texts()
    assert counts and all(c.endswith(" vragen)") or c == "(1 vraag)" for c in counts), counts
    page.evaluate("""() => {
        const rules = new Intl.PluralRules('nl')
        if (rules.select(1) !== 'one' || rules.select(2) !== 'other') throw new Error('plural rules')
    }""")


# ---------------------------------------------------------------------------------------------- saved data

WRONG_SHAPES = {
    "number": "5",
    "list": "[]",
    "test-is-text": '{"recovery": "abc"}',
    "entry-of-another-shape": '{"recovery": {"chime-source": {"h": "x", "v": 7}}}',
    "not-json": "{oops",
    "entry-is-null": '{"recovery": {"chime-source": null}}',
}


@pytest.mark.parametrize("shape", WRONG_SHAPES)
def test_saved_progress_of_a_wrong_shape_is_ignored_and_replaced(page, site_url, shape):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url(site_url, "en"))
    page.evaluate(f"localStorage.setItem('kb-selftests', {json.dumps(WRONG_SHAPES[shape])})")
    page.reload()
    question = first_question(page, "single")
    answer_choice(question, correct=True)
    assert status(question) == UI["selftest.correct"]["en"]
    state = saved(page)
    assert isinstance(state, dict) and isinstance(state[SELFTEST], dict)
    assert all(isinstance(entry, dict) and isinstance(entry["v"], list) for entry in state[SELFTEST].values())
    page.evaluate(f"localStorage.setItem('kb-selftests', {json.dumps(WRONG_SHAPES[shape])})")
    page.goto(url(site_url, "en", "progress/"))
    assert page.locator(f"tr[data-selftest={SELFTEST}] .kb-progress__status").inner_text() == \
        UI["progress.not_started"]["en"]
    assert not errors, errors


# ---------------------------------------------------------------------------------------------- keyboard focus

def _rgb(color: str) -> tuple[float, float, float, float]:
    import re

    values = [float(v) for v in re.findall(r"[\d.]+", color)]
    return (values[0], values[1], values[2], values[3] if len(values) > 3 else 1.0)


def _luminance(rgb) -> float:
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])


def contrast(a, b) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


FOCUS_PROBE = r"""el => {
    const style = getComputedStyle(el)
    // The outline is drawn outside the control (outline-offset 2px): it is seen against what is around it.
    let node = el.parentElement, background = 'rgba(0, 0, 0, 0)'
    while (node && node.nodeType === 1) {
        const color = getComputedStyle(node).backgroundColor
        if (!/rgba\(.*, 0\)$/.test(color) && color !== 'transparent') { background = color; break }
        node = node.parentElement
    }
    if (background === 'rgba(0, 0, 0, 0)') background = getComputedStyle(document.body).backgroundColor
    return {tag: el.tagName, type: el.type || '', width: parseFloat(style.outlineWidth), style: style.outlineStyle,
            color: style.outlineColor, background}
}"""


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_every_self_test_control_shows_a_clear_keyboard_focus(browser, site_url, scheme):
    context = new_context(browser, color_scheme="dark" if scheme == "slate" else "light")
    page = context.new_page()
    try:
        page.goto(url(site_url, "en"))
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
        answer_choice(first_question(page, "single"), correct=False)  # a marked option, on its own background
        page.evaluate("document.activeElement && document.activeElement.blur()")
        page.locator(".kb-selftest__title").scroll_into_view_if_needed()
        seen, kinds = [], set()
        page.keyboard.press("Tab")
        for _ in range(250):
            probe = page.evaluate(f"""() => document.activeElement.closest('.kb-selftest') === null ? null
                                            : ({FOCUS_PROBE})(document.activeElement)""")
            if probe is not None:
                seen.append(probe)
                kinds.add((probe["tag"], probe["type"]))
            elif seen:
                break
            page.keyboard.press("Tab")
        assert {("INPUT", "radio"), ("INPUT", "checkbox"), ("SELECT", "select-one"), ("BUTTON", "button"),
                ("SUMMARY", "")} <= kinds, kinds
        weak = [p for p in seen if p["width"] < 2 or p["style"] in ("none", "hidden")
                or contrast(_rgb(p["color"]), _rgb(p["background"])) < 3]
        assert not weak, weak
    finally:
        context.close()


# ---------------------------------------------------------------------------------------------- phones

@pytest.mark.parametrize("language", EVERY_PAGE_OF)
def test_no_self_test_page_is_wider_than_a_phone_with_its_longest_answers_chosen(page_survey, language):
    # The every-page survey sees each page at 320 px as it loads; on a self-test page it then chooses each matching
    # question's longest answer and looks again (page_survey.py). Phones up to 390 px get the same style rules
    # (test_browser_layout.py).
    found = page_survey(language)
    assert found.answered_self_tests >= 7, found.answered_self_tests  # a self-test in every module
    assert not found.too_wide_answered, found.too_wide_answered


# ---------------------------------------------------------------------------------------------- hostile content

VECTORS = [
    '![p](#){onerror="window.kbHacked=1"}',
    '[link](#){href="javascript:window.kbHacked=2"}',
    '*x*{onmouseover="window.kbHacked=3" onfocus="window.kbHacked=3" tabindex=0}',
    '<img src=x onerror="window.kbHacked=4">',
    '<script>window.kbHacked=5</script>',
    'x {: onclick="window.kbHacked=6" }',
]


def _hostile_page() -> str:
    def quoted(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    vectors = " ".join(VECTORS)
    return f"""# Hostile self-test

/// selftest | Title {VECTORS[2]} {VECTORS[0]}
    id: fixture

questions:
  - id: all-fields
    type: case
    text: {quoted("Which? " + vectors)}
    scenario: {quoted("Scenario " + vectors)}
    options:
      - {{id: a, text: {quoted("One " + vectors)}, feedback: {quoted("F1 " + vectors)}}}
      - {{id: b, text: {quoted("Two " + vectors)}, feedback: {quoted("F2 " + vectors)}}}
    answer: a
    explanation: {quoted("Because " + vectors)}
  - id: matching
    type: matching
    text: Match them.
    pairs:
      - {{left: {quoted("L1 " + vectors)}, right: {quoted("R1 " + vectors)}}}
      - {{left: L2, right: R2}}
      - {{left: L3, right: R3}}
    explanation: E.
///
"""


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory, serve):
    from conftest import build_or_fail, copy_fixture_site

    site = copy_fixture_site("mini", tmp_path_factory.mktemp("hostile") / "site")
    (site / "docs" / "en" / "self-test.md").write_text(_hostile_page(), "utf-8")
    return serve(build_or_fail(site / "mkdocs.yml", site / "out"))


def test_no_script_in_self_test_text_runs_in_the_browser(page, hostile_url):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(hostile_url + "self-test/")
    test = page.locator(".kb-selftest")
    assert "onerror=" in test.inner_text()  # shown as text
    # Every element of the self-test pointed at and focused: an inline handler (onmouseover, onfocus, …) would
    # run on these events as on a reader's; one call in the page, not a mouse move per element from here.
    pointed = page.evaluate("""() => {
      const elements = [...document.querySelectorAll('.kb-selftest *')]
      for (const el of elements) {
        for (const type of ['pointerover', 'pointerenter', 'mouseover', 'mouseenter', 'mousemove'])
          el.dispatchEvent(new MouseEvent(type, {bubbles: true}))
        el.focus()
      }
      return elements.length
    }""")
    assert pointed > 20, pointed
    for link in test.locator("a").all():
        assert not link.get_attribute("href").lower().startswith("javascript")
    page.keyboard.press("Tab")
    for _ in range(40):
        page.keyboard.press("Tab")
    answer_every_question_correctly(page)
    for summary in test.locator("summary").all():
        summary.click()
    handlers = page.evaluate("""() => [...document.querySelectorAll('.kb-selftest *')].flatMap(
        el => [...el.attributes].filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name))""")
    assert page.evaluate("window.kbHacked") is None
    assert not handlers and not dialogs, (handlers, dialogs)
    assert page.locator(".kb-selftest script, .kb-selftest img").count() == 0
