"""The `/// selftest` block: golden input → HTML pairs, and one test per authoring error with its exact message.

Update the golden files after an intended change of the HTML with:  UPDATE_GOLDEN=1 ./scripts/test -k golden
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as etree

import markdown
import pytest
from markdown.util import AtomicString

from conftest import DEFAULT_LANGUAGE, FIXTURES, ROOT, build_site, copy_fixture_site
from kb import frontmatter
from kb.markdown import safe_inline, selftest

GOLDEN = FIXTURES / "selftest"
# As in mkdocs.yml: attr_list especially, which must not act on self-test text.
EXTENSIONS = ["attr_list", "md_in_html", "admonition", "pymdownx.details", "pymdownx.superfences",
              "pymdownx.tabbed"]


def convert(source: str, name: str = "docs/en/page.md") -> str:
    """Plain Python-Markdown with the extension by name, as mkdocs.yml lists it; the page's context as config."""
    return markdown.markdown(source, extensions=["kb.markdown.selftest", *EXTENSIONS],
                             extension_configs={"kb.markdown.selftest": {"source": name, "language": DEFAULT_LANGUAGE}})


@pytest.mark.parametrize("name", sorted(p.stem for p in GOLDEN.glob("*.md")))
def test_golden_html(name):
    html = convert((GOLDEN / f"{name}.md").read_text("utf-8"))
    expected = GOLDEN / f"{name}.html"
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(html + "\n", "utf-8")
    assert html + "\n" == expected.read_text("utf-8")


def test_html_in_questions_is_escaped():
    html = convert((GOLDEN / "escaping.md").read_text("utf-8"))
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_fingerprint_ignores_wording_but_not_the_answer():
    def question(text, answer):
        body = (f"questions:\n  - id: q\n    type: single\n    text: {text}\n    options: [x, y]\n"
                f"    answer: {answer}\n    explanation: e\n")
        return selftest.parse(body, "t").questions[0].fingerprint()

    assert question("Wording one?", "a") == question("Een andere formulering?", "a")
    assert question("Wording one?", "a") != question("Wording one?", "b")


VALID = """\
# Page

Some text.

/// selftest | Title
    id: errors

questions:
  - id: q1
    type: single
    text: Question?
    options:
      - {id: a, text: One}
      - {id: b, text: Two}
    answer: b
    explanation: Because.
///
"""

# (name, replace this, with this, exact message). Lines are lines of the page above (the header is line 5).
ERRORS = [
    ("yaml", "    text: Question?", "    text: [unclosed",
     "docs/en/page.md:12: self-test 'errors': YAML syntax error: expected ',' or ']', but got ':'"),
    ("unknown-type", "type: single", "type: singel",
     "docs/en/page.md:10: self-test 'errors', question 'q1': unknown question type 'singel' "
     "(one of: single, multiple, truefalse, matching, case)"),
    ("no-answer", "    answer: b\n", "",
     "docs/en/page.md:9: self-test 'errors', question 'q1': no correct answer: add 'answer: <option id>'"),
    ("answer-missing", "answer: b", "answer: e",
     "docs/en/page.md:15: self-test 'errors', question 'q1': the answer 'e' is not one of the options (a, b)"),
    ("duplicate-id", "    explanation: Because.\n",
     "    explanation: Because.\n  - id: q1\n    type: truefalse\n    text: Again?\n    answer: true\n"
     "    explanation: Yes.\n",
     "docs/en/page.md:17: self-test 'errors', question 'q1': duplicate question id (first at docs/en/page.md:9)"),
    ("empty-question", "text: Question?", "text: ''",
     "docs/en/page.md:11: self-test 'errors', question 'q1': the question text is empty"),
    ("empty-option", "{id: b, text: Two}", "{id: b, text: ''}",
     "docs/en/page.md:14: self-test 'errors', question 'q1': option 'b' is empty"),
    ("no-explanation", "    explanation: Because.\n", "",
     "docs/en/page.md:9: self-test 'errors', question 'q1': missing explanation (why the answer is right)"),
    ("unknown-key", "explanation: Because.", "explantion: Because.",
     "docs/en/page.md:16: self-test 'errors', question 'q1': unknown key 'explantion' for a single question "
     "(allowed: answer, explanation, id, options, see, text, type)"),
    ("unsafe-link", "text: Question?", "text: 'See [this](javascript:alert(1))'",
     "docs/en/page.md:11: self-test 'errors', question 'q1': link target 'javascript:alert(1)' is not allowed "
     "(use a page, http(s) or mailto)"),
    ("link-hidden-by-tab", "text: Question?", 'text: "[x](java\\tscript:alert(1))"',
     "docs/en/page.md:11: self-test 'errors', question 'q1': link target 'java\tscript:alert(1)' is not allowed "
     "(use a page, http(s) or mailto)"),
    ("link-hidden-by-newline", "text: Question?", 'text: "[x](<java\\nscript:alert(1)>)"',
     "docs/en/page.md:11: self-test 'errors', question 'q1': link target 'java\nscript:alert(1)' is not allowed "
     "(use a page, http(s) or mailto)"),
    ("link-hidden-by-carriage-return", "{id: b, text: Two}", '{id: b, text: "[x](java\\rscript:alert(1))"}',
     "docs/en/page.md:14: self-test 'errors', question 'q1': link target 'java\rscript:alert(1)' is not allowed "
     "(use a page, http(s) or mailto)"),
    ("link-as-character-reference", "explanation: Because.", "explanation: '[x](&#106;avascript:alert(1))'",
     "docs/en/page.md:16: self-test 'errors', question 'q1': link target '&#106;avascript:alert(1)' is not "
     "allowed (use a page, http(s) or mailto)"),
    ("link-upper-case-scheme", "explanation: Because.", "explanation: '[x](JaVaScRiPt:alert(1))'",
     "docs/en/page.md:16: self-test 'errors', question 'q1': link target 'JaVaScRiPt:alert(1)' is not "
     "allowed (use a page, http(s) or mailto)"),
    ("unsafe-see", "explanation: Because.", "explanation: Because.\n    see: ' javascript:alert(1)'",
     "docs/en/page.md:17: self-test 'errors', question 'q1': 'see: javascript:alert(1)' is not a page link"),
    ("alias-bomb", "    text: Question?", "    text: &a [x, x]\n    scenario: [*a, *a, *a, *a]",
     "docs/en/page.md:11: self-test 'errors': anchors ('&a') are not allowed: write the text out"),
    ("alias", "    explanation: Because.", "    explanation: *because",
     "docs/en/page.md:16: self-test 'errors': aliases ('*because') are not allowed: write the text out"),
    ("merge-key", "    text: Question?", "    <<: {text: Which one}",
     "docs/en/page.md:11: self-test 'errors': merge keys ('<<') are not allowed: write each key out"),
    ("duplicate-key", "    explanation: Because.", "    explanation: Because.\n    explanation: Why not.",
     "docs/en/page.md:17: self-test 'errors': the key 'explanation' is written twice"),
    ("text-is-a-list", "text: Question?", "text: [a, b]",
     "docs/en/page.md:11: self-test 'errors', question 'q1': 'text' must be text, not a list (put text with "
     "':', '[' or '{' in quotes)"),
    ("option-is-a-mapping", "{id: b, text: Two}", "{id: b, text: {a: b}}",
     "docs/en/page.md:14: self-test 'errors', question 'q1': 'text' must be text, not a mapping (put text with "
     "':', '[' or '{' in quotes)"),
    ("too-many-options", "      - {id: b, text: Two}\n",
     "".join(f"      - {{id: o{n}, text: Option {n}}}\n" for n in range(25)) + "      - {id: b, text: Two}\n",
     "docs/en/page.md:12: self-test 'errors', question 'q1': 27 options; at most 10"),
    ("truefalse-yes", "    type: single\n", "    type: truefalse\n",
     "docs/en/page.md:12: self-test 'errors', question 'q1': unknown key 'options' for a truefalse question "
     "(allowed: answer, explanation, id, see, text, type)"),
    ("no-id", "    id: errors\n", "",
     "docs/en/page.md:5: self-test '': no id: write '    id: <name>' on the line after '/// selftest'"),
]

MATCHING = VALID.replace("""    type: single
    text: Question?
    options:
      - {id: a, text: One}
      - {id: b, text: Two}
    answer: b
""", """    type: matching
    text: Match them.
    pairs:
      - {left: Partner in care, right: Samenwerken}
      - {left: Care-seeker, right: Ondersteunen}
      - {left: Expert, right: Samenwerken}
""")


@pytest.mark.parametrize("name,old,new,message", ERRORS, ids=[e[0] for e in ERRORS])
def test_authoring_error_message(name, old, new, message):
    assert old in VALID
    with pytest.raises(selftest.SelfTestError) as error:
        convert(VALID.replace(old, new, 1))
    assert str(error.value) == message


def test_matching_pairs_that_do_not_line_up():
    with pytest.raises(selftest.SelfTestError) as error:
        convert(MATCHING)
    assert str(error.value) == ("docs/en/page.md:15: self-test 'errors', question 'q1': pairs do not line up: "
                                "'Samenwerken' is the answer to two items")


def test_valid_page_converts():
    assert 'data-selftest="errors"' in convert(VALID)


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory):
    """A copy of the mini fixture site whose English self-test page we break in each test."""
    return copy_fixture_site("mini", tmp_path_factory.mktemp("broken-selftest") / "site")


def front_matter_lines(text: str) -> str:
    return "---\ntitle: Broken\n---\n" + text  # front matter shifts the reported line by three


# In a real build too: the first cases, and the hostile ones where a wrong line or a hang would show.
IN_BUILD = {"yaml", "unknown-type", "no-answer", "answer-missing", "duplicate-id", "empty-question", "empty-option",
            "no-explanation", "unknown-key", "unsafe-link", "no-id", "link-hidden-by-tab", "alias-bomb",
            "duplicate-key", "too-many-options"}
BUILD_ERRORS = [(name, old, new, message) for name, old, new, message in ERRORS if name in IN_BUILD] + [
    ("matching", None, None, "docs/en/page.md:15: self-test 'errors', question 'q1': pairs do not line up"),
    ("unrecognised-block", "    id: errors", "    idd: errors",
     "docs/en/page.md:5: a '/// selftest' block was not recognised"),
]


@pytest.mark.parametrize("name,old,new,message", BUILD_ERRORS, ids=[e[0] for e in BUILD_ERRORS])
def test_every_authoring_error_stops_the_build(broken_site, tmp_path, name, old, new, message):
    source = MATCHING if old is None else VALID.replace(old, new, 1)
    (broken_site / "docs" / "en" / "self-test.md").write_text(front_matter_lines(source), "utf-8")
    result = build_site(broken_site / "mkdocs.yml", tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    expected = message.split(": ", 1)
    file_line, rest = expected[0], expected[1]
    file, line = file_line.rsplit(":", 1)
    assert f"docs/en/self-test.md:{int(line) + 3}: {rest[:60]}" in output, output
    assert "Traceback" not in output


def test_found_self_tests_are_reported_to_the_caller():
    found = []
    markdown.markdown(VALID, extensions=["kb.markdown.selftest"],
                      extension_configs={"kb.markdown.selftest": {"on_found": found.append}})
    assert [test.id for test in found] == ["errors"]


@pytest.mark.parametrize("front,shift", [("---\ntitle: Broken\n---\n", 3), ("---\ntitle: Broken\n---\n\n\n", 5),
                                         ("\ufeff---\ntitle: Broken\n---\n", 3), ("", 0)],
                         ids=["front-matter", "blank-lines-after", "byte-order-mark", "none"])
def test_front_matter_gives_the_line_where_the_body_starts(front, shift):
    assert frontmatter.split(front + VALID).body_line == shift
    assert frontmatter.split(front + VALID).body == VALID


@pytest.mark.parametrize("front,shift", [("---\ntitle: Broken\n---\n\n", 4), ("\ufeff---\ntitle: Broken\n---\n", 3)],
                         ids=["blank-line-after-front-matter", "byte-order-mark"])
def test_error_lines_stay_exact_after_any_front_matter(broken_site, tmp_path, front, shift):
    source = VALID.replace("answer: b", "answer: e", 1)
    (broken_site / "docs" / "en" / "self-test.md").write_text(front + source, "utf-8")
    result = build_site(broken_site / "mkdocs.yml", tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert f"docs/en/self-test.md:{15 + shift}: self-test 'errors', question 'q1': the answer 'e'" in output, output


# ---------------------------------------------------------------------------------------------- hostile content

HOSTILE = [
    '![p](#){onerror="alert(1)"}',
    '[x](#){href="javascript:alert(1)"}',
    '*x*{onmouseover="alert(1)"}',
    'x {: onclick="alert(1)" }',
    '<img src=x onerror=alert(1)>',
    '<script>alert(1)</script>',
    '[x](chime.md "t\\" onmouseover=\\"alert(1)")',
]


def attributes(html: str) -> list[tuple[str, str, str | None]]:
    """(tag, attribute, value) of every attribute in the HTML, read by a real HTML parser."""
    from html.parser import HTMLParser

    found: list[tuple[str, str, str | None]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend((tag, name, value) for name, value in attrs)

    Collect().feed(html)
    return found


def hostile_page(vector: str) -> str:
    quoted = "'" + vector.replace("'", "''") + "'"
    return f"""/// selftest | Title {quoted[1:-1]}
    id: hostile

questions:
  - id: q1
    type: case
    text: {quoted}
    scenario: {quoted}
    options:
      - {{id: a, text: {quoted}, feedback: {quoted}}}
      - {{id: b, text: Two, feedback: Fine}}
    answer: a
    explanation: {quoted}
  - id: q2
    type: matching
    text: Match
    pairs:
      - {{left: {quoted}, right: {quoted}}}
      - {{left: L2, right: R2}}
      - {{left: L3, right: R3}}
    explanation: E
///
"""


@pytest.mark.parametrize("vector", HOSTILE)
def test_no_markup_from_self_test_text_makes_an_event_handler_or_script(vector):
    html = convert(hostile_page(vector))
    bad = [(tag, name, value) for tag, name, value in attributes(html)
           if name.startswith("on") or (value or "").lower().replace(" ", "").startswith("javascript:")
           or tag in {"script", "img", "iframe"}]
    assert not bad, bad
    assert "<script" not in html and "<img" not in html


def test_attribute_lists_stay_text_and_braces_are_shown():
    html = convert(hostile_page('*x*{onmouseover="alert(1)"}'))
    assert '<em>x</em>&#123;onmouseover="alert(1)"&#125;' in html


def test_inline_markdown_that_is_meant_still_works():
    html = convert(hostile_page("*em* **strong** `<b>` [page](other.md) <https://example.org> [m](mailto:a@b.org)"))
    assert "<em>em</em> <strong>strong</strong> <code>&lt;b&gt;</code>" in html
    assert '<a href="other.md">page</a>' in html and '<a href="https://example.org">' in html
    assert '<a href="mailto:a@b.org">m</a>' in html


def test_plain_text_skips_the_markdown_pass_with_the_same_result():
    """fill() appends a text without a character that starts allowed Markdown as it is (the fast path); the
    Markdown pass must agree on each of them, for every text of the site's self-tests and some odd ones."""
    texts = {"", "a { b } c", "&amp; & <3", "x\u00a0y\ttab", "line\nbreak", " lead and trail ", "1:30", *HOSTILE}
    for path in ROOT.glob("docs/*/modules/*/self-test.md"):
        for _, _, test_id, title, body in selftest.find_blocks(path.read_text("utf-8")):
            test = selftest.parse(body, test_id, title)
            for question in test.questions:
                texts |= {question.text, question.explanation, question.scenario,
                          *(part for pair in question.pairs for part in pair),
                          *(text for option in question.options for text in (option.text, option.feedback))}
    plain = [text for text in texts if not safe_inline._MARKUP.search(text)]
    assert len(plain) > 100
    for text in plain:
        for before in ("", "<p>x<b>y</b></p>"):  # appended after text, and after an element's tail
            filled = safe_inline.SafeInline().fill(etree.fromstring(before or "<p/>"), text)
            converted = safe_inline._converted(text)  # the Markdown pass
            expected = etree.fromstring(before or "<p/>")
            if converted.text:
                if len(expected):
                    expected[-1].tail = (expected[-1].tail or "") + converted.text
                else:
                    expected.text = (expected.text or "") + converted.text
            expected.extend(list(converted))
            assert etree.tostring(filled) == etree.tostring(expected)
            if text:  # atomic: the page's own inline pass and the glossary leave it alone
                assert isinstance(filled[-1].tail if len(filled) else filled.text, AtomicString)


def test_scalars_stay_text_as_written():
    page = VALID.replace("{id: a, text: One}", "{id: a, text: 1:30}").replace("{id: b, text: Two}",
                                                                                "{id: b, text: 010}")
    page = page.replace("text: Question?", "text: 0.50")
    html = convert(page)
    assert "</span> 1:30</label>" in html and "</span> 010</label>" in html and "</span> 0.50</legend>" in html


def test_an_alias_bomb_fails_fast():
    import time

    bomb = "questions:\n  - &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"  - &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20))
    started = time.monotonic()
    with pytest.raises(selftest.SelfTestError, match="anchors"):
        selftest.parse(bomb, "bomb")
    assert time.monotonic() - started < 1


def test_an_oversized_self_test_is_refused():
    body = "questions:\n" + "#" * selftest.MAX_BODY_CHARS
    with pytest.raises(selftest.SelfTestError, match=f"at most {selftest.MAX_BODY_CHARS}"):
        selftest.parse(body, "big")


def test_the_same_self_test_twice_on_a_page_is_an_error():
    with pytest.raises(selftest.SelfTestError) as error:
        convert(VALID + "\n" + VALID.split("\n\n", 2)[2])
    assert str(error.value) == ("docs/en/page.md:19: self-test 'errors': the id is used twice on this page "
                                "(first at docs/en/page.md:5)")


NESTED = {
    "admonition": ('!!! note "Try it"\n\n', "    "),
    "content-tab": ('=== "Test"\n\n', "    "),
}


@pytest.mark.parametrize("kind", NESTED)
def test_a_block_inside_an_admonition_or_tab_is_reported_at_its_line(kind):
    opener, indent = NESTED[kind]
    block = VALID.split("\n\n", 2)[2].replace("answer: b", "answer: e")
    page = "# Page\n\n" + opener + "".join(indent + line if line else "" for line in block.splitlines(True))
    with pytest.raises(selftest.SelfTestError) as error:
        convert(page)
    assert str(error.value).startswith("docs/en/page.md:15: self-test 'errors', question 'q1': the answer 'e'")
    assert 'data-selftest="errors"' in convert(page.replace("answer: e", "answer: b"))


def test_a_tab_is_refused_alike_by_the_site_and_the_export(tmp_path):
    page = VALID.replace("    explanation: Because.", "\texplanation: Because.")
    message = "docs/en/page.md:16: a tab in a '/// selftest' block: use spaces"
    with pytest.raises(selftest.SelfTestError) as error:
        convert(page)
    assert str(error.value) == message
    with pytest.raises(selftest.SelfTestError) as error:
        selftest.find_blocks(page, "docs/en/page.md")
    assert str(error.value) == message


# ---------------------------------------------------------------------------------------------- option order

SHUFFLE = """/// selftest
    id: order

questions:
""" + "".join(f"""  - id: q{n}
    type: single
    text: Question {n}?
    options: [One, Two, Three, Four]
    answer: b
    explanation: Because.
""" for n in range(8)) + """  - id: m
    type: multiple
    text: Several?
    options: [One, Two, Three, Four]
    answer: [a, b]
    explanation: Because.
///
"""


def test_option_order_comes_from_the_ids_and_spreads_the_key():
    test = selftest.parse(SHUFFLE.split("\n\n", 1)[1].rsplit("///", 1)[0], "order")
    positions = [q.shown.index("b") for q in test.questions if q.type == "single"]
    assert max(positions.count(p) for p in range(4)) == 2  # 8 questions, 4 positions: two each
    again = selftest.parse(SHUFFLE.split("\n\n", 1)[1].rsplit("///", 1)[0].replace("Question", "Vraag"), "order")
    assert [q.shown for q in again.questions] == [q.shown for q in test.questions]  # any language, any build
    other = selftest.parse(SHUFFLE.split("\n\n", 1)[1].rsplit("///", 1)[0], "other-test")
    assert [q.shown for q in other.questions] != [q.shown for q in test.questions]


def test_displayed_letters_follow_the_page():
    html = convert(SHUFFLE)
    test = selftest.parse(SHUFFLE.split("\n\n", 1)[1].rsplit("///", 1)[0], "order")
    letters = selftest.displayed_letters(test, "q0")
    assert [letter for letter, _ in letters] == ["A", "B", "C", "D"]
    for letter, option in letters:
        assert (f'id="st-order-q0-{option}"' in html and
                f'<label for="st-order-q0-{option}"><span class="kb-option__letter">{letter}</span>' in html)
    with pytest.raises(KeyError):
        selftest.displayed_letters(test, "nope")
