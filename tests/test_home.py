"""Home cards, study time, plural forms, the reader's-language filter and per-language 404 pages under
`mkdocs serve`: the parts that need no browser."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from types import SimpleNamespace

import markdown
import pytest

from kb import engine, ui_strings
from kb.markdown.home import ModuleCard
from kb.steps import home, reader_language

CARD = ModuleCard(number=1, title="Recovery: what it is", description="What recovery means.",
                  src_path="modules/recovery/index.md", minutes=40, selftests=("recovery",), questions=10)


def convert(text: str, page_path: str = "index.md", language: str = "en") -> str:
    strings = ui_strings.for_language(language, "en")
    return markdown.markdown(text, extensions=["kb.markdown.home"], extension_configs={"kb.markdown.home": {
        "cards": {"modules": [CARD], "our-modules": []}, "page_path": page_path, "ui": strings,
        "plural": lambda key, count: reader_language.plural_text(strings, language, key, count),
        "search_home": "./"}})


# ------------------------------------------------------------------------------------------ study time

@pytest.mark.parametrize(("words", "questions", "minutes"), [
    (0, 0, 5),            # never less than one unit
    (1800, 0, 10),        # 10 minutes of reading
    (1800, 10, 20),       # + a minute per question
    (1801, 10, 25),       # rounded up
])
def test_study_time_is_reading_plus_questions_rounded_up(words, questions, minutes):
    assert home.study_minutes(words, questions) == minutes


def test_word_count_leaves_out_markup_link_targets_and_speaker_notes():
    text = ("# Title here\n\nOne [two](https://example.org/a-b-c) **three** four-five.\n\n"
            "/// notes\nnot counted at all\n///\n\n```\ncode is not read\n```\n<div markdown>six</div>\n")
    assert home.count_words(text) == 7  # Title here One two three four-five six


@pytest.mark.parametrize(("text", "words"), [
    ("a_b c_d", 4),                              # '_' is Markdown emphasis, not part of a word
    ("* x\n- y\n1. z\n  2) w", 4),                # list markers are not words, their items are
    ("\n\n* x\n\n\n  1) y", 2),                    # markers after blank lines too
    ("x\n/// a b\n/// c\nd", 2),                  # block marker lines, one after the other
    ("<a title='{: x}'>w</a> {: .c} [l](t)", 2),  # tags, attribute lists and link targets
    ("well-known o'clock l’été a|b#c!d~e`f", 9),  # joined words; other punctuation separates
])
def test_word_count_of_markdown_edge_cases(text, words):
    assert home.count_words(text) == words


def test_one_line_is_the_first_sentence_of_the_first_paragraph():
    text = "# Recovery\n\n\"Recovery\" is [the idea](x.md) behind **every** module. More text.\n\nNext."
    assert home.first_sentence(text) == "\"Recovery\" is the idea behind every module."


# ------------------------------------------------------------------------------------------ blocks

def test_module_cards_link_each_module_from_the_pages_own_folder():
    html = convert("/// modules\n///\n", page_path="about/index.md")
    root = etree.fromstring(f"<div>{html}</div>")
    link = root.find(".//li[@class='kb-card']//a")
    assert link is not None and link.get("href") == "../modules/recovery/index.md"
    assert "about 40 min" in html
    progress = root.find(".//*[@data-kb-module-progress]")
    assert progress is not None and progress.get("data-selftests") == "recovery"
    assert progress.text == "0 of 10 self-test questions answered"


def test_module_cards_of_another_folder_for_an_organisation():
    html = convert("/// modules\n    folder: our-modules\n///\n")
    assert "kb-card\"" not in html and "kb-cards" in html


def test_paths_and_search_blocks_in_the_readers_language():
    html = convert("/// search\n///\n\n/// paths\n- [Voor deelnemers](#a): tekst\n///\n", language="nl")
    assert 'aria-label="Waar begin je?"' in html and "<nav" in html
    assert "Zoeken in de kennisbank" in html and 'name="q"' in html


# ------------------------------------------------------------------------------------------ language

@pytest.mark.parametrize(("language", "count", "expected"), [
    ("en", 1, "(1 question)"), ("en", 2, "(2 questions)"), ("nl", 1, "(1 vraag)"), ("nl", 0, "(0 vragen)"),
])
def test_plural_forms_follow_the_language(language, count, expected):
    strings = ui_strings.for_language(language, "en")
    assert ui_strings.plural(strings, "progress.questions", count, language) == expected


def test_plural_of_an_unknown_language_is_the_other_form():
    assert reader_language.plural_text({"k": "other", "k_one": "one"}, "xx-nowhere", "k", 2) == "other"


def test_english_theme_texts_become_the_readers_language_and_others_pass_through():
    translate = reader_language.reader_text(ui_strings.for_language("nb", "en"), ui_strings.load())
    assert translate("Switch to dark mode") == "Bytt til mørk visning"
    assert translate("Donkere weergave inschakelen") == "Bytt til mørk visning"
    assert translate("Our own toggle") == "Our own toggle"


# ------------------------------------------------------------------------------------------ mkdocs serve

def test_serve_answers_a_missing_address_with_its_languages_404_page(tmp_path):
    (tmp_path / "404.html").write_bytes(b"english")
    (tmp_path / "nl").mkdir()
    (tmp_path / "nl" / "404.html").write_bytes(b"nederlands")
    server = SimpleNamespace(mount_path="/", app=None, error_handler=lambda code: b"english")
    server.set_app = lambda app: setattr(server, "app", app)
    server.serve_request = lambda environ, start_response: None
    engine.serve_not_found_by_folder(server, tmp_path, {"nl", "nb"}, "404.html")
    answers = {}
    for path in ("/nl/missing/page/", "/missing/", "/nb/missing/"):
        server.app({"PATH_INFO": path}, None)
        answers[path] = server.error_handler(404)
    assert answers == {"/nl/missing/page/": b"nederlands", "/missing/": b"english", "/nb/missing/": b"english"}


def test_modules_are_found_in_any_folder_in_navigation_order_for_the_language_being_built():
    def file(src: str, dest: str) -> SimpleNamespace:
        return SimpleNamespace(src_uri=src, dest_uri=dest)

    files = [file("en/modules/b/index.md", "modules/b/index.html"), file("en/modules/b/topic.md", "modules/b/topic/"),
             file("en/modules/b/workshop.md", "modules/b/workshop/"),
             file("en/modules/a/index.md", "modules/a/index.html"),
             file("en/modules/no-overview/page.md", "modules/no-overview/page/"),
             file("en/onboarding/index.md", "onboarding/index.html"),
             file("nl/modules/a/index.md", "nl/modules/a/index.html"), file("en/about.md", "about/")]
    order = {"en/modules/a/index.md": 0, "en/modules/b/index.md": 1, "en/modules/b/topic.md": 2}
    found = home.modules_by_folder(files, order, "", ["nl/"])
    assert [(slug, [f.src_uri for f in pages]) for slug, pages in found["modules"]] == [
        ("a", ["en/modules/a/index.md"]), ("b", ["en/modules/b/index.md", "en/modules/b/topic.md"])]
    assert [slug for slug, _ in found[""]] == ["onboarding"]
    dutch = home.modules_by_folder(files, order, "nl/", [])
    assert [slug for slug, _ in dutch["modules"]] == ["a"]
