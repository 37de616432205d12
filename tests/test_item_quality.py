"""The self-test item-quality check (kb/item_quality.py): each cue is found with its file and line, clean items
pass, and the command reports per language."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT
from kb import item_quality
from kb.markdown import selftest


def question(qid: str, options: list[str], answer: str = "a", text: str = "Which one fits?") -> str:
    listed = "".join(f"      - {{id: {chr(97 + i)}, text: '{o}'}}\n" for i, o in enumerate(options))
    return (f"  - id: {qid}\n    type: single\n    text: '{text}'\n    options:\n{listed}"
            f"    answer: {answer}\n    explanation: Because.\n")


def truefalse(qid: str, answer: str) -> str:
    return f"  - id: {qid}\n    type: truefalse\n    text: A statement.\n    answer: {answer}\n    explanation: E.\n"


def findings(body: str, language: str = "en") -> list[str]:
    test = selftest.parse("questions:\n" + body, "quality", where=lambda line: f"docs/{language}/t.md:{line + 1}")
    return [str(f) for f in item_quality.check(test, language).findings]


def test_balanced_items_pass():
    body = "".join(question(f"q{n}", ["One short way", "Another way", "A third way"]) for n in range(6))
    body += truefalse("t1", "true") + truefalse("t2", "false") + truefalse("t3", "false")
    assert findings(body) == []


def test_right_option_much_longer_than_the_rest():
    long = "The careful, qualified and complete answer that is right"
    assert findings(question("q", [long, "Short", "Also short"])) == [
        f"docs/en/t.md:2: self-test 'quality', question 'q': the right option is the longest by far ({len(long)} "
        "characters, the longest wrong one 10); make the wrong options as careful and as long"]
    assert findings(question("q", ["Right one", "Wrong one"])) == []  # equal length is no cue


def test_all_or_none_of_the_above_in_every_language():
    assert findings(question("q", ["One", "Two", "All of the above"]))[0].endswith(
        "option 'c' says 'all of the above'; name the options instead (they are shown in shuffled order)")
    assert findings(question("q", ["Een", "Twee", "Geen van de bovenstaande"]), "nl")
    assert findings(question("q", ["En", "To", "Ingen av de ovenstående"]), "nb")
    assert findings(question("q", ["En", "To", "Alle ovenstående"]), "da")


@pytest.mark.parametrize("language,text,flagged", [
    ("en", "Which is not a CHIME process?", True),
    ("en", "Which is *not* a CHIME process?", False),
    ("en", "Which is **NOT** a CHIME process?", False),
    ("en", 'A father says: "he does not sleep". Which activity fits?', False),
    ("nl", "Wat hoort niet bij CHIME?", True),
    ("nl", "Een collega zegt: ''Zulke mensen werken niet.'' Wat past?", False),
    ("nb", "Hva hører ikke til CHIME?", True),
    ("da", "Hvad hører **ikke** til CHIME?", False),
])
def test_negated_questions_need_emphasis(language, text, flagged):
    result = findings(question("q", ["One", "Two"], text=text), language)
    assert bool(result) == flagged, result


def test_true_share_and_key_position():
    body = "".join(truefalse(f"t{n}", "false") for n in range(4)) + truefalse("t9", "true")
    assert findings(body) == ["docs/en/t.md:2: self-test 'quality': 1 of 5 true/false statements are true "
                              "(20%; keep it between 35% and 65%)"]
    assert findings(truefalse("a", "true") + truefalse("b", "false") + truefalse("c", "false")) == []
    # Shuffling spreads the key: even if every author wrote the answer first, no letter dominates.
    body = "".join(question(f"q{n}", ["Right", "Wrong", "Other"]) for n in range(9))
    test = selftest.parse("questions:\n" + body, "quality")
    assert max(item_quality.check(test, "en").keys.values()) == 3


def test_a_language_without_phrases_is_a_clear_error():
    test = selftest.parse("questions:\n" + question("q", ["One", "Two"]), "quality")
    with pytest.raises(selftest.SelfTestError, match="no entry for language 'fr'; add its phrases"):
        item_quality.check(test, "fr")


def test_command_reports_per_language_and_fails_on_findings(tmp_path):
    docs = tmp_path / "docs"
    (docs / "en").mkdir(parents=True)
    (docs / "nl").mkdir()
    block = "/// selftest\n    id: t\n\nquestions:\n{}///\n"
    (docs / "en" / "self-test.md").write_text(
        "---\ntitle: T\n---\n\n" + block.format(question("q", ["A very long and careful right answer", "No"])),
        "utf-8")
    (docs / "nl" / "self-test.md").write_text(block.format(question("q", ["Een", "Twee"])), "utf-8")
    result = subprocess.run([sys.executable, "scripts/item_quality.py", "--docs", str(docs)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("en: right option longest 1/1; keys shown ")
    assert lines[2].startswith("    docs/en/self-test.md:9: self-test 't', question 'q': the right option")
    assert any(line.startswith("nl: right option longest 0/1;") and line.endswith("findings 0") for line in lines)
