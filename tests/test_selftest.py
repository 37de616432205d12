"""The `/// selftest` block: golden input → HTML pairs, and one test per authoring error with its exact message.

Update the golden files after an intended change of the HTML with:  UPDATE_GOLDEN=1 ./scripts/test -k golden
"""

from __future__ import annotations

import os

import markdown
import pytest

from conftest import DEFAULT_LANGUAGE, FIXTURES, build_site, copy_fixture_site
from kb import frontmatter
from kb.markdown import selftest

GOLDEN = FIXTURES / "selftest"
EXTENSIONS = ["attr_list", "md_in_html", "pymdownx.details", "pymdownx.superfences"]


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
     "docs/en/page.md:9: self-test 'errors', question 'q1': link target 'javascript:alert(1' is not allowed "
     "(use a page, http(s) or mailto)"),
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


BUILD_ERRORS = [(name, old, new, message) for name, old, new, message in ERRORS] + [
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
