"""Self-tests as IMS QTI 2.1 content packages, for LMSs that import QTI (itslearning, Canvas, Blackboard,
Brightspace; Moodle through its QTI plugins, or GIFT from export_selftests).

One zip per self-test and language: imsmanifest.xml (IMS Content Packaging 1.1), an assessmentTest and one
assessmentItem per question, all five question types:

| ours       | QTI 2.1                                                                      |
| ---------- | ---------------------------------------------------------------------------- |
| single     | choiceInteraction, maxChoices 1                                             |
| case       | the same, the scenario in a div before the interaction                       |
| multiple   | choiceInteraction, maxChoices 0, all right answers and no wrong one scores  |
| truefalse  | choiceInteraction with the choices True and False in the test's language    |
| matching   | matchInteraction, directedPair responses, one right side per left side      |

Feedback per option is modalFeedback shown for the chosen option(s) (outcome FEEDBACK); the explanation is
modalFeedback shown after any answer (outcome EXPLANATION), ending with a link to the page that teaches it
when a site address is given. Text is Markdown, rendered to the XHTML subset QTI allows (raw HTML is never
passed on); a link to another page of the site becomes its text.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import markdown
from lxml import etree

from kb.markdown import selftest

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI_SCHEMA = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_SCHEMA = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ITEM_TYPE = "imsqti_item_xmlv2p1"
TEST_TYPE = "imsqti_test_xmlv2p1"
# The XHTML elements our Markdown can produce that QTI 2.1 allows in its content model.
ALLOWED = {"p", "strong", "em", "code", "br", "ul", "ol", "li", "sub", "sup", "abbr", "a", "span", "div"}
BLOCKS = {"p", "ul", "ol", "li", "div"}


def q(tag: str) -> str:
    return f"{{{QTI}}}{tag}"


def _element(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, q(tag), attributes)
    if text is not None:
        element.text = text
    return element


def rich_text(text: str, block: bool) -> list[etree._Element | str]:
    """Markdown as QTI content: block=True gives paragraphs, False inline content (what a prompt or a choice
    holds). Raw HTML is escaped first, so the author's text cannot add markup ('&' needs nothing: the serializer
    escapes a bare '&' and keeps entities)."""
    html = markdown.markdown(text.replace("<", "&lt;").replace(">", "&gt;"))
    root = etree.fromstring(f'<div xmlns="{QTI}">{html}</div>')
    for element in list(root.iter()):
        name = etree.QName(element).localname
        external = name == "a" and str(element.get("href", "")).startswith(("http://", "https://", "mailto:"))
        if name not in ALLOWED or (name == "a" and not external):
            # Not in QTI's content model, or a link into the site, which means nothing in an LMS: keep the text.
            element.tag = q("span")
            element.attrib.clear()
    children: list[etree._Element | str] = []
    if root.text and root.text.strip():
        children.append(root.text)
    if block:
        children.extend(root)
        return children
    # A prompt holds inline content only (QTI 2.1): blocks become their text, a line break between them.
    for index, part in enumerate(root):
        if index:
            line_break = etree.Element(q("br"))
            line_break.tail = "\n"
            children.append(line_break)
        if etree.QName(part).localname in BLOCKS:
            part.tag = q("span")
            part.attrib.clear()
            for inner in part.iter():
                if inner is not part and etree.QName(inner).localname in BLOCKS:
                    inner.tag = q("span")
        part.tail = None
        children.append(part)
    return children


def _fill(element: etree._Element, content: list[etree._Element | str]) -> etree._Element:
    for part in content:
        if isinstance(part, str):
            if len(element):
                element[-1].tail = (element[-1].tail or "") + part
            else:
                element.text = (element.text or "") + part
        else:
            element.append(part)
    return element


def item_identifier(question: selftest.Question) -> str:
    return f"q-{question.id}"


def choice_identifier(option_id: str) -> str:
    return f"o-{option_id}"


@dataclass(frozen=True)
class Labels:
    """Texts of the package in its language."""
    true: str
    false: str
    more: str  # before the link to the page that teaches it ("Read more")


def _choices(question: selftest.Question, labels: Labels) -> list[tuple[str, str, str]]:
    """(identifier, text, feedback) of the choices; True/False for a truefalse question."""
    if question.type == "truefalse":
        return [("true", labels.true, ""), ("false", labels.false, "")]
    return [(choice_identifier(o.id), o.text, o.feedback) for o in question.options]


def _correct(question: selftest.Question) -> list[str]:
    if question.type == "truefalse":
        return ["true" if question.answer else "false"]
    if question.type == "matching":
        return [f"l{index} r{index}" for index in range(1, len(question.pairs) + 1)]
    return [choice_identifier(option_id) for option_id in question.correct_ids()]


def _value(parent: etree._Element, base_type: str, value: str) -> None:
    _element(parent, "baseValue", value, baseType=base_type)


def assessment_item(question: selftest.Question, title: str, language: str, labels: Labels,
                    more_url: str = "") -> etree._Element:
    cardinality = "multiple" if question.type in {"multiple", "matching"} else "single"
    base_type = "directedPair" if question.type == "matching" else "identifier"
    item = etree.Element(q("assessmentItem"), nsmap={None: QTI, "xsi": XSI})
    item.set(f"{{{XSI}}}schemaLocation", f"{QTI} {QTI_SCHEMA}")
    item.set("identifier", item_identifier(question))
    item.set("title", title)
    item.set("adaptive", "false")
    item.set("timeDependent", "false")
    item.set(XML_LANG, language)

    response = _element(item, "responseDeclaration", identifier="RESPONSE", cardinality=cardinality,
                        baseType=base_type)
    correct = _element(response, "correctResponse")
    for value in _correct(question):
        _element(correct, "value", value)
    score = _element(item, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    _element(_element(score, "defaultValue"), "value", "0")
    choices = _choices(question, labels) if question.type != "matching" else []
    has_feedback = any(feedback for _, _, feedback in choices)
    if has_feedback:
        _element(item, "outcomeDeclaration", identifier="FEEDBACK", cardinality=cardinality, baseType="identifier")
    _element(item, "outcomeDeclaration", identifier="EXPLANATION", cardinality="single", baseType="identifier")

    body = _element(item, "itemBody")
    if question.scenario:
        _fill(_element(body, "div", **{"class": "scenario"}), rich_text(question.scenario, block=True))
    if question.type == "matching":
        pairs = len(question.pairs)
        interaction = _element(body, "matchInteraction", responseIdentifier="RESPONSE", shuffle="true",
                               maxAssociations=str(pairs))
        _fill(_element(interaction, "prompt"), rich_text(question.text, block=False))
        for side, index_of in (("l", 0), ("r", 1)):
            match_set = _element(interaction, "simpleMatchSet")
            for index, pair in enumerate(question.pairs, start=1):
                _fill(_element(match_set, "simpleAssociableChoice", identifier=f"{side}{index}", matchMax="1"),
                      rich_text(pair[index_of], block=False))
    else:
        interaction = _element(body, "choiceInteraction", responseIdentifier="RESPONSE", shuffle="false",
                               maxChoices="0" if question.type == "multiple" else "1")
        _fill(_element(interaction, "prompt"), rich_text(question.text, block=False))
        for identifier, text, _ in choices:
            _fill(_element(interaction, "simpleChoice", identifier=identifier), rich_text(text, block=False))

    processing = _element(item, "responseProcessing")
    condition = _element(processing, "responseCondition")
    when_right = _element(condition, "responseIf")
    match = _element(when_right, "match")
    _element(match, "variable", identifier="RESPONSE")
    _element(match, "correct", identifier="RESPONSE")
    _value(_element(when_right, "setOutcomeValue", identifier="SCORE"), "float", "1")
    _value(_element(_element(condition, "responseElse"), "setOutcomeValue", identifier="SCORE"), "float", "0")
    if has_feedback:
        _element(_element(processing, "setOutcomeValue", identifier="FEEDBACK"), "variable", identifier="RESPONSE")
    _value(_element(processing, "setOutcomeValue", identifier="EXPLANATION"), "identifier", "EXPLANATION")

    for identifier, _, feedback in choices:
        if feedback:
            _fill(_element(item, "modalFeedback", outcomeIdentifier="FEEDBACK", identifier=identifier,
                           showHide="show"), rich_text(feedback, block=True))
    explanation = _fill(_element(item, "modalFeedback", outcomeIdentifier="EXPLANATION", identifier="EXPLANATION",
                                 showHide="show"), rich_text(question.explanation, block=True))
    if more_url:
        paragraph = _element(explanation, "p", f"{labels.more} ")
        _element(paragraph, "a", more_url, href=more_url)
    return item


def assessment_test(test: selftest.SelfTest, title: str, items: list[tuple[str, str]]) -> etree._Element:
    """The test that holds the items in order: (identifier, href) each."""
    root = etree.Element(q("assessmentTest"), nsmap={None: QTI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{QTI} {QTI_SCHEMA}")
    root.set("identifier", f"t-{test.id}")
    root.set("title", title)
    _element(root, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    part = _element(root, "testPart", identifier="part", navigationMode="nonlinear", submissionMode="individual")
    _element(part, "itemSessionControl", maxAttempts="0", showFeedback="true", allowReview="true",
             showSolution="true")
    section = _element(part, "assessmentSection", identifier="section", title=title, visible="true")
    for identifier, href in items:
        _element(section, "assessmentItemRef", identifier=identifier, href=href)
    total = _element(_element(root, "outcomeProcessing"), "setOutcomeValue", identifier="SCORE")
    _element(_element(total, "sum"), "testVariables", variableIdentifier="SCORE")
    return root


def manifest(test: selftest.SelfTest, title: str, test_href: str, items: list[tuple[str, str]]) -> etree._Element:
    def cp(tag: str) -> str:
        return f"{{{CP}}}{tag}"

    root = etree.Element(cp("manifest"), nsmap={None: CP, "xsi": XSI})
    root.set("identifier", f"manifest-{test.id}")
    root.set(f"{{{XSI}}}schemaLocation", f"{CP} {CP_SCHEMA}")
    metadata = etree.SubElement(root, cp("metadata"))
    etree.SubElement(metadata, cp("schema")).text = "QTIv2.1 Package"
    etree.SubElement(metadata, cp("schemaversion")).text = "1.0.0"
    etree.SubElement(root, cp("organizations"))
    resources = etree.SubElement(root, cp("resources"))
    resource = etree.SubElement(resources, cp("resource"), identifier=f"resource-t-{test.id}", type=TEST_TYPE,
                                href=test_href)
    etree.SubElement(resource, cp("file"), href=test_href)
    for identifier, _ in items:
        etree.SubElement(resource, cp("dependency"), identifierref=f"resource-{identifier}")
    for identifier, href in items:
        item = etree.SubElement(resources, cp("resource"), identifier=f"resource-{identifier}", type=ITEM_TYPE,
                                href=href)
        etree.SubElement(item, cp("file"), href=href)
    return root


def _bytes(element: etree._Element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_package(target: Path, test: selftest.SelfTest, language: str, labels: Labels,
                  more_urls: dict[str, str] | None = None) -> Path:
    """The QTI 2.1 package of one self-test in one language, as a zip at `target`."""
    title = test.title or test.id
    more_urls = more_urls or {}
    items = [(item_identifier(question), f"items/{question.id}.xml") for question in test.questions]
    test_href = f"{test.id}.xml"
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", _bytes(manifest(test, title, test_href, items)))
        archive.writestr(test_href, _bytes(assessment_test(test, title, items)))
        for question, (_, href) in zip(test.questions, items):
            item = assessment_item(question, f"{title}: {question.id}", language, labels,
                                   more_urls.get(question.id, ""))
            archive.writestr(href, _bytes(item))
    return target
