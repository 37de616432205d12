"""IMS QTI 2.1 packages of the self-tests: the manifest valid against the IMS Content Packaging schema, the items
and tests accepted by a strict reader of the parts of QTI 2.1 we use, and every package read back into the
self-test it came from (all five question types, feedback and explanations)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import pytest
from lxml import etree, html

from conftest import FIXTURES, LANGUAGES, ROOT

from kb import export_selftests, languages
from kb.markdown import selftest

SCHEMAS = ROOT / "tests" / "schemas"
QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
# assessmentItem's children in the order QTI 2.1 requires (the ones we write; templates and stylesheets unused).
ITEM_ORDER = ["responseDeclaration", "outcomeDeclaration", "itemBody", "responseProcessing", "modalFeedback"]
TEST_ORDER = ["outcomeDeclaration", "testPart", "outcomeProcessing"]
CONTENT = {"p", "strong", "em", "code", "br", "ul", "ol", "li", "sub", "sup", "abbr", "a", "span", "div"}
QTI_ELEMENTS = CONTENT | {
    "assessmentItem", "responseDeclaration", "correctResponse", "value", "outcomeDeclaration", "defaultValue",
    "itemBody", "choiceInteraction", "matchInteraction", "prompt", "simpleChoice", "simpleMatchSet",
    "simpleAssociableChoice", "responseProcessing", "responseCondition", "responseIf", "responseElse", "match",
    "variable", "correct", "setOutcomeValue", "baseValue", "modalFeedback"}


class NotQti(AssertionError):
    pass


def require(condition: bool, problem: str) -> None:
    if not condition:
        raise NotQti(problem)


def local(element) -> str:
    return etree.QName(element).localname


def text_of(element) -> str:
    return " ".join("".join(element.itertext()).split())


def plain(markdown_text: str) -> str:
    """What a reader sees of a Markdown text, as plain text (independent of kb/qti.py's rendering)."""
    rendered = markdown.markdown(markdown_text.replace("<", "&lt;").replace(">", "&gt;"))  # raw HTML stays text
    return " ".join(html.fragment_fromstring(rendered, create_parent="div").text_content().split())


@dataclass
class ReadQuestion:
    id: str
    type: str
    text: str
    explanation: str
    options: list[tuple[str, str, str]] = field(default_factory=list)   # identifier, text, feedback
    correct: list[str] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    scenario: str = ""


def check_order(element, order: list[str], where: str) -> None:
    positions = [order.index(local(child)) if local(child) in order else -1 for child in element]
    require(-1 not in positions, f"{where}: unexpected child in {[local(c) for c in element]}")
    require(positions == sorted(positions), f"{where}: children out of order {[local(c) for c in element]}")


def read_item(data: bytes, where: str) -> ReadQuestion:
    root = etree.fromstring(data)
    require(root.tag == f"{QTI}assessmentItem", f"{where}: root is {root.tag}")
    for attribute in ("identifier", "title", "adaptive", "timeDependent"):
        require(bool(root.get(attribute)), f"{where}: assessmentItem without {attribute}")
    require(root.get("adaptive") in ("true", "false") and root.get("timeDependent") in ("true", "false"),
            f"{where}: adaptive/timeDependent must be true or false")
    for element in root.iter(etree.Element):
        require(element.tag.startswith(QTI) and local(element) in QTI_ELEMENTS,
                f"{where}: element {element.tag} is not one QTI 2.1 allows here")
    check_order(root, ITEM_ORDER, where)
    declared = {d.get("identifier"): d for d in root if local(d) in ("responseDeclaration", "outcomeDeclaration")}
    for declaration in declared.values():
        require(declaration.get("cardinality") in ("single", "multiple", "ordered", "record"), f"{where}: cardinality")
        require(bool(declaration.get("baseType")), f"{where}: {declaration.get('identifier')} without baseType")
    response = declared.get("RESPONSE")
    require(response is not None and local(response) == "responseDeclaration", f"{where}: no RESPONSE")
    interactions = [e for e in root.iter() if local(e) in ("choiceInteraction", "matchInteraction")]
    require(len(interactions) == 1, f"{where}: {len(interactions)} interactions")
    interaction = interactions[0]
    require(interaction.get("responseIdentifier") == "RESPONSE", f"{where}: interaction not bound to RESPONSE")
    require(local(interaction[0]) == "prompt", f"{where}: the interaction starts with its prompt")
    for inline_only in [interaction[0], *interaction.iter(f"{QTI}simpleAssociableChoice")]:
        blocks = [local(e) for e in inline_only.iter() if local(e) in {"p", "div", "ul", "ol", "li"}]
        require(not blocks, f"{where}: {local(inline_only)} holds inline content only, not {blocks}")
    for reference in root.iter(f"{QTI}variable", f"{QTI}correct", f"{QTI}setOutcomeValue"):
        require(reference.get("identifier") in declared, f"{where}: {reference.get('identifier')} is not declared")
    correct = [v.text for v in response.find(f"{QTI}correctResponse")]
    feedback: dict[str, str] = {}
    explanation = ""
    for modal in root.findall(f"{QTI}modalFeedback"):
        require(modal.get("outcomeIdentifier") in declared and modal.get("showHide") in ("show", "hide"),
                f"{where}: modalFeedback on an undeclared outcome")
        if modal.get("outcomeIdentifier") == "EXPLANATION":
            explanation = text_of(modal)
        else:
            feedback[modal.get("identifier")] = text_of(modal)
    scenario = root.find(f"{QTI}itemBody/{QTI}div[@class='scenario']")
    question = ReadQuestion(id=root.get("identifier").removeprefix("q-"), type="", text=text_of(interaction[0]),
                            explanation=explanation, correct=correct,
                            scenario=text_of(scenario) if scenario is not None else "")
    if local(interaction) == "matchInteraction":
        require(response.get("baseType") == "directedPair" and response.get("cardinality") == "multiple",
                f"{where}: a match takes directedPair responses")
        left, right = ({c.get("identifier"): text_of(c) for c in s} for s in interaction.findall(f"{QTI}simpleMatchSet"))
        for pair in correct:
            source, target = pair.split()
            require(source in left and target in right, f"{where}: correct pair {pair} names no choice")
        question.type = "matching"
        question.pairs = [(left[p.split()[0]], right[p.split()[1]]) for p in correct]
        return question
    choices = {c.get("identifier"): text_of(c) for c in interaction.findall(f"{QTI}simpleChoice")}
    require(set(correct) <= set(choices), f"{where}: a correct value names no choice")
    require(set(feedback) <= set(choices), f"{where}: feedback for no choice")
    question.options = [(i, t, feedback.get(i, "")) for i, t in choices.items()]
    if interaction.get("maxChoices") == "0":
        question.type = "multiple"
        require(response.get("cardinality") == "multiple", f"{where}: several answers need cardinality multiple")
    elif set(choices) == {"true", "false"}:
        question.type = "truefalse"
    else:
        question.type = "case" if question.scenario else "single"
    return question


def read_package(path: Path) -> tuple[str, list[ReadQuestion]]:
    """The test's title and its questions, after checking the package strictly; NotQti says what is wrong."""
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        require("imsmanifest.xml" in names, f"{path}: no imsmanifest.xml")
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
        schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "imscp" / "imscp_v1p1.xsd")))
        require(schema.validate(manifest), f"{path}: imsmanifest.xml: {schema.error_log}")
        resources = manifest.findall(f"{CP}resources/{CP}resource")
        by_id = {r.get("identifier"): r for r in resources}
        referenced = {f.get("href") for r in resources for f in r.findall(f"{CP}file")}
        require(referenced == names - {"imsmanifest.xml"}, f"{path}: files and manifest differ")
        tests = [r for r in resources if r.get("type") == "imsqti_test_xmlv2p1"]
        require(len(tests) == 1, f"{path}: {len(tests)} tests")
        items = [by_id[d.get("identifierref")] for d in tests[0].findall(f"{CP}dependency")]
        require(all(i.get("type") == "imsqti_item_xmlv2p1" for i in items), f"{path}: a dependency is no item")
        test = etree.fromstring(archive.read(tests[0].get("href")))
        require(test.tag == f"{QTI}assessmentTest" and bool(test.get("identifier")), f"{path}: no assessmentTest")
        check_order(test, TEST_ORDER, f"{path}: assessmentTest")
        refs = test.findall(f"{QTI}testPart/{QTI}assessmentSection/{QTI}assessmentItemRef")
        require([r.get("href") for r in refs] == [i.get("href") for i in items], f"{path}: test and manifest differ")
        qti_schema = SCHEMAS / "qti" / "imsqti_v2p1.xsd"
        questions = []
        for ref in refs:
            data = archive.read(ref.get("href"))
            if qti_schema.exists():  # the official schema, when someone has put it there (see schemas/imscp/README)
                official = etree.XMLSchema(etree.parse(str(qti_schema)))
                require(official.validate(etree.fromstring(data)), f"{ref.get('href')}: {official.error_log}")
            question = read_item(data, f"{path}:{ref.get('href')}")
            require(f"q-{question.id}" == ref.get("identifier"), f"{path}: item ref and item differ")
            questions.append(question)
        return test.get("title"), questions


def check_against_source(source: selftest.SelfTest, title: str, read: list[ReadQuestion], labels: dict) -> None:
    assert title == (source.title or source.id)
    assert [q.id for q in read] == [q.id for q in source.questions]
    for original, back in zip(source.questions, read):
        assert back.type == original.type, original.id
        assert back.text == plain(original.text), original.id
        assert back.explanation.startswith(plain(original.explanation)), original.id
        assert back.scenario == (plain(original.scenario) if original.scenario else "")
        if original.type == "matching":
            assert back.pairs == [(plain(left), plain(right)) for left, right in original.pairs]
        elif original.type == "truefalse":
            assert back.correct == ["true" if original.answer else "false"]
            assert [t for _, t, _ in back.options] == [labels["selftest.true"], labels["selftest.false"]]
        else:
            assert [(t, f) for _, t, f in back.options] == [(plain(o.text), plain(o.feedback) if o.feedback else "")
                                                            for o in original.options]
            assert back.correct == [f"o-{i}" for i in original.correct_ids()]


def sources(docs: Path, language: str) -> dict[str, selftest.SelfTest]:
    found = {}
    for page in (docs / language).rglob("*.md"):
        for _, _, selftest_id, title, body in selftest.find_blocks(page.read_text("utf-8")):
            test = selftest.parse(body, selftest_id, title)
            found[test.id] = test
    return found


def ui(language: str) -> dict[str, str]:
    from kb import ui_strings
    return ui_strings.for_language(language, languages.site().default)


def test_fixture_package_has_all_five_types_with_feedback_and_reads_back(tmp_path):
    written = export_selftests.export_qti(FIXTURES / "mini" / "docs", tmp_path, "https://kb.example.org/")
    package = tmp_path / "en" / "fixture.zip"
    assert package in written["en"]
    title, read = read_package(package)
    assert {q.type for q in read} == {"single", "multiple", "truefalse", "matching", "case"}
    assert any(feedback for q in read for _, _, feedback in q.options)
    check_against_source(sources(FIXTURES / "mini" / "docs", "en")["fixture"], title, read, ui("en"))
    chime = next(q for q in read if q.id == "chime-source")
    assert chime.explanation.endswith("https://kb.example.org/volunteer/")  # the page that teaches it


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_curriculum_self_test_exports_as_qti_and_reads_back(tmp_path, language):
    written = export_selftests.export_qti(ROOT / "docs", tmp_path)
    originals = sources(ROOT / "docs", language)
    assert len(written[language]) == len(originals) >= 7
    for package in written[language]:
        title, read = read_package(package)
        check_against_source(originals[package.stem], title, read, ui(language))


def test_the_strict_reader_refuses_a_broken_package(tmp_path):
    export_selftests.export_qti(FIXTURES / "mini" / "docs", tmp_path)
    good = tmp_path / "en" / "fixture.zip"

    def broken(name: str, change) -> Path:
        target = tmp_path / f"{name}.zip"
        with zipfile.ZipFile(good) as source, zipfile.ZipFile(target, "w") as out:
            for entry in source.namelist():
                data = source.read(entry)
                out.writestr(entry, change(entry, data))
        return target

    no_organizations = broken("cp", lambda entry, data: data.replace(b"<organizations/>", b"")
                              if entry == "imsmanifest.xml" else data)
    with pytest.raises(NotQti, match="imsmanifest.xml"):
        read_package(no_organizations)
    wrong_answer = broken("answer", lambda entry, data: data.replace(b"<value>o-b</value>", b"<value>o-z</value>")
                          if entry.startswith("items/") else data)
    with pytest.raises(NotQti, match="correct value names no choice"):
        read_package(wrong_answer)
    html_in_item = broken("html", lambda entry, data: data.replace(b"<prompt>", b"<prompt><img src='x'/>", 1)
                          if entry.startswith("items/") else data)
    with pytest.raises(NotQti, match="not one QTI 2.1 allows"):
        read_package(html_in_item)


def test_markup_in_a_self_test_stays_text(tmp_path):
    docs = tmp_path / "docs" / "en"
    docs.mkdir(parents=True)
    (docs / "t.md").write_text("""# T

/// selftest
    id: hostile

questions:
  - id: q
    type: single
    text: "Which <img src=x onerror=alert(1)> is **right**?\n\nChoose one."
    options:
      - {id: a, text: "<script>alert(1)</script>", feedback: "No <b>bold</b>."}
      - {id: b, text: "This one"}
    answer: b
    explanation: "See [the page](other.md) & more."
///
""", "utf-8")
    export_selftests.export_qti(tmp_path / "docs", tmp_path / "out")
    _, read = read_package(tmp_path / "out" / "en" / "hostile.zip")
    assert read[0].text == "Which <img src=x onerror=alert(1)> is right? Choose one."  # two paragraphs, one prompt
    assert read[0].options[0][1:] == ("<script>alert(1)</script>", "No <b>bold</b>.")
    assert read[0].explanation == "See the page & more."
    with zipfile.ZipFile(tmp_path / "out" / "en" / "hostile.zip") as archive:
        item = archive.read("items/q.xml")
    assert b"<strong>right</strong>" in item and b"<script" not in item and b"<img" not in item
    assert b'href="other.md"' not in item  # a link into the site means nothing in an LMS


def test_the_command_writes_one_package_per_self_test_and_language(tmp_path):
    out = tmp_path / "qti"
    assert export_selftests.main(["--format", "qti", "--docs", str(FIXTURES / "mini" / "docs"), "--out", str(out)]) == 0
    docs = FIXTURES / "mini" / "docs"
    expected = sorted(f"{language}/{test}.zip" for language in LANGUAGES for test in sources(docs, language))
    assert "en/fixture.zip" in expected
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.zip")) == expected
    assert not list(out.glob(".export-*"))  # the staging folder is gone
