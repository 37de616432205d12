"""scripts/export_selftests.py: Moodle GIFT files that a strict reader of the GIFT syntax accepts and reads back."""

from __future__ import annotations

import re

import pytest

from conftest import FIXTURES, LANGUAGES, ROOT

from kb import export_selftests
from kb.markdown import selftest

SPECIAL = set("~=#{}:")


def unescaped(text: str, chars: set[str]) -> list[str]:
    """Special characters in `text` that are not escaped with a backslash."""
    found, escaped = [], False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in chars:
            found.append(char)
    return found


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def split_unescaped(text: str, separator: str) -> list[str]:
    parts, current, escaped = [], "", False
    for char in text:
        if escaped:
            current += "\\" + char
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            parts.append(current)
            current = ""
        else:
            current += char
    return parts + [current]


def read_gift(text: str) -> list[dict]:
    """A strict reader for the GIFT we write: fails on any unescaped special character in the wrong place."""
    body = "\n".join(line for line in text.splitlines() if not line.startswith(("//", "$CATEGORY")))
    questions = []
    for chunk in re.split(r"\n(?=::)", body.strip()):
        match = re.match(r"^::(?P<name>(?:\\.|[^:\\])+)::\[markdown\](?P<text>(?:\\.|[^{\\])*)\{\n(?P<answers>.*)\n\}\s*$",
                         chunk, re.S)
        assert match, f"not a GIFT question:\n{chunk}"
        assert not unescaped(match["name"], SPECIAL - {":"}) and not unescaped(match["text"], SPECIAL), chunk
        answers, general = [], None
        for line in match["answers"].split("\n"):
            line = line.strip()
            if line.startswith("####"):
                assert not unescaped(line[4:], SPECIAL), line
                general = unescape(line[4:])
                continue
            marker = re.match(r"^(=|~%-?[\d.]+%|~|TRUE$|FALSE$)", line)
            assert marker, f"bad answer line: {line}"
            rest = line[marker.end():]
            assert not unescaped(rest, SPECIAL - {"#"}), line
            parts = split_unescaped(rest, "#")
            assert len(parts) <= 2, f"more than one feedback: {line}"
            answers.append({"marker": marker.group(0), "text": unescape(parts[0]),
                            "feedback": unescape(parts[1]) if len(parts) > 1 else ""})
        questions.append({"name": unescape(match["name"]), "text": unescape(match["text"]).strip(),
                          "answers": answers, "general": general})
    return questions


def check_against_source(test: selftest.SelfTest, exported: list[dict]) -> None:
    assert [q["name"] for q in exported] == [f"{test.id}/{q.id}" for q in test.questions]
    for q, gift in zip(test.questions, exported):
        assert gift["text"].endswith(" ".join(q.text.split()))
        assert gift["general"].startswith(" ".join(q.explanation.split()))
        if q.type in {"single", "case"}:
            assert [a["marker"] for a in gift["answers"]] == ["=" if o.id in q.answer else "~" for o in q.options]
            assert [a["text"] for a in gift["answers"]] == [" ".join(o.text.split()) for o in q.options]
            assert [a["feedback"] for a in gift["answers"]] == [" ".join(o.feedback.split()) for o in q.options]
        elif q.type == "multiple":
            weights = [float(a["marker"][2:-1]) for a in gift["answers"]]
            right = [w for w, o in zip(weights, q.options) if o.id in q.answer]
            assert abs(sum(right) - 100) < 0.01, weights
            assert all(w == -100 for w, o in zip(weights, q.options) if o.id not in q.answer)
            assert all(abs(w) in export_selftests.MOODLE_WEIGHTS for w in weights)
        elif q.type == "truefalse":
            assert [a["marker"] for a in gift["answers"]] == ["TRUE" if q.answer else "FALSE"]
        else:
            assert len(gift["answers"]) == len(q.pairs) >= 3
            assert [tuple(a["text"].split(" -> ")) for a in gift["answers"]] == \
                   [(" ".join(l.split()), " ".join(r.split())) for l, r in q.pairs]


def test_escaping_of_every_special_character():
    assert export_selftests.escape("a ~ b = c # d { e } f : g \\ h") == r"a \~ b \= c \# d \{ e \} f \: g \\ h"


def test_fixture_export_round_trips(tmp_path):
    written = export_selftests.export(FIXTURES / "mini" / "docs", tmp_path, "https://kb.example.org/")
    gift = (tmp_path / "en" / "fixture.gift").read_text("utf-8")
    assert tmp_path / "en" / "fixture.gift" in written["en"]
    source = (FIXTURES / "mini" / "docs" / "en" / "self-test.md").read_text("utf-8")
    _, _, selftest_id, title, body = selftest.find_blocks(source)[0]
    check_against_source(selftest.parse(body, selftest_id, title), read_gift(gift))
    assert "https\\://kb.example.org/volunteer/" in gift
    assert r"Yes\: personal recovery." in gift


def test_text_with_special_characters_survives(tmp_path):
    docs = tmp_path / "docs" / "en"
    docs.mkdir(parents=True)
    (docs / "t.md").write_text("""# T

/// selftest
    id: specials

questions:
  - id: q
    type: multiple
    text: "Braces {x} = tilde ~ and hash #1: which?"
    options:
      - {id: a, text: "a = b", feedback: "note: {yes}"}
      - {id: b, text: "c ~ d"}
      - {id: c, text: "e # f"}
    answer: [a, b, c]
    explanation: "Colons: and ~ all # escaped."
///
""", "utf-8")
    export_selftests.export(tmp_path / "docs", tmp_path / "out")
    exported = read_gift((tmp_path / "out" / "en" / "specials.gift").read_text("utf-8"))
    assert exported[0]["text"] == "Braces {x} = tilde ~ and hash #1: which?"
    assert [a["marker"] for a in exported[0]["answers"]] == ["~%33.33333%"] * 3
    assert exported[0]["answers"][0]["feedback"] == "note: {yes}"


def test_a_broken_self_test_fails_the_export_with_file_and_line(tmp_path):
    docs = tmp_path / "docs" / "nl"
    docs.mkdir(parents=True)
    (docs / "t.md").write_text("# T\n\n/// selftest\n    id: x\n\nquestions:\n  - id: q\n    type: nope\n"
                               "    text: T\n    explanation: E\n///\n", "utf-8")
    result = export_selftests.main(["--docs", str(tmp_path / "docs"), "--out", str(tmp_path / "out")])
    assert result == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_curriculum_self_test_exports_and_reads_back(tmp_path, language):
    written = export_selftests.export(ROOT / "docs", tmp_path)
    files = written.get(language, [])
    assert len(files) >= 7, f"{language}: {len(files)} self-tests exported"
    sources = {}
    for page in (ROOT / "docs" / language).rglob("*.md"):
        for _, _, selftest_id, title, body in selftest.find_blocks(page.read_text("utf-8")):
            sources[selftest_id] = selftest.parse(body, selftest_id, title)
    for path in files:
        check_against_source(sources[path.stem], read_gift(path.read_text("utf-8")))
    all_file = read_gift((tmp_path / language / "all.gift").read_text("utf-8"))
    assert len(all_file) == sum(len(read_gift(p.read_text("utf-8"))) for p in files)
