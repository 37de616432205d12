"""Self-tests: the `/// selftest` block, its YAML format, validation and HTML.

Authors write, inside a page of its language:

    /// selftest | Check your understanding
        id: recovery

    questions:
      - id: chime-source
        type: single            # single | multiple | truefalse | matching | case
        text: Which source produced CHIME?
        options:
          - {id: a, text: SAMHSA 2012}
          - {id: b, text: Leamy et al. 2011, feedback: Right, a review of 97 papers.}
        answer: b
        explanation: CHIME comes from a systematic review.
        see: chime.md
    ///

The block (a pymdownx Blocks class) turns this into semantic HTML that works without JavaScript: a
fieldset per question, labelled inputs, and the answer with its explanation in <details>.
overrides/assets/javascripts/selftest.js adds checking, feedback, scores and progress kept in the browser.

Every mistake an author can make raises SelfTestError with the file, the line, the self-test and question
id, and what is wrong; the build then stops. The kb plugin (kb/steps/progress.py) passes the page's file, language
and UI strings as extension config and lists the self-tests on the progress page. The same parser feeds the
Moodle GIFT export (kb/export_selftests.py).
"""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from typing import Any, Callable

import yaml
from markdown import Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from mkdocs.exceptions import PluginError
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block, type_string

from kb import languages, ui_strings

BLOCK_NAME = "selftest"
TYPES = ("single", "multiple", "truefalse", "matching", "case")
QUESTION_KEYS = {
    "single": {"id", "type", "text", "options", "answer", "explanation", "see"},
    "multiple": {"id", "type", "text", "options", "answer", "explanation", "see"},
    "truefalse": {"id", "type", "text", "answer", "explanation", "see"},
    "matching": {"id", "type", "text", "pairs", "explanation", "see"},
    "case": {"id", "type", "text", "scenario", "options", "answer", "explanation", "see"},
}
OPTION_KEYS = {"id", "text", "feedback"}
PAIR_KEYS = {"left", "right"}
MIN_OPTIONS = 2
MIN_PAIRS = 3  # Moodle's matching questions need three pairs; the GIFT export keeps the same rule.
IDENTIFIER = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MARKDOWN_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")
SAFE_LINK = re.compile(r"^(https?://|mailto:|#|\.{0,2}/|[\w.-]+(/|\.md|#|$))", re.I)


class SelfTestError(PluginError):
    """An authoring mistake; the message says where and what. (A PluginError: MkDocs stops the build and
    prints the message, without a traceback.)"""


@dataclass
class Option:
    id: str
    text: str
    feedback: str = ""


@dataclass
class Question:
    id: str
    type: str
    text: str
    explanation: str
    line: int
    options: list[Option] = field(default_factory=list)
    answer: list[str] | bool | None = None      # option ids; a bool for truefalse; None for matching
    pairs: list[tuple[str, str]] = field(default_factory=list)
    scenario: str = ""
    see: str = ""

    def correct_ids(self) -> list[str]:
        return list(self.answer) if isinstance(self.answer, list) else []

    def fingerprint(self) -> str:
        """Changes when what counts as the right answer changes, not when wording is polished or translated,
        so saved progress survives a language switch and a typo fix but not a changed question."""
        shape = {"type": self.type, "options": [o.id for o in self.options], "answer": self.answer,
                 "pairs": len(self.pairs)}
        return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:10]


@dataclass
class SelfTest:
    id: str
    title: str
    questions: list[Question]


# ---------------------------------------------------------------------------------------------- parsing

def _lines(node: yaml.Node) -> dict[Any, int]:
    """For a YAML mapping node: {key: 0-based line of the key}."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: key.start_mark.line for key, _ in node.value}


def parse(body: str, selftest_id: str, title: str = "", where: Callable[[int], str] = lambda line: f"line {line + 1}"
          ) -> SelfTest:
    """Parse and validate a self-test body. `where(body_line)` names the file and line for messages."""

    def fail(line: int, problem: str, question: str | None = None) -> SelfTestError:
        about = f"self-test '{selftest_id}'" + (f", question '{question}'" if question else "")
        return SelfTestError(f"{where(line)}: {about}: {problem}")

    if not selftest_id:
        raise fail(-1, "no id: write '    id: <name>' on the line after '/// selftest'")
    if not IDENTIFIER.match(selftest_id):
        raise fail(-1, f"id '{selftest_id}' must be lower-case letters, digits and hyphens")
    try:
        root = yaml.compose(body)
        data = yaml.safe_load(body)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise fail(mark.line if mark else 0, f"YAML syntax error: {problem}") from None
    if not isinstance(data, dict) or "questions" not in data:
        raise fail(0, "the body must start with 'questions:' followed by a list of questions")
    top_lines = _lines(root)
    for key in data:
        if key != "questions":
            raise fail(top_lines.get(key, 0), f"unknown key '{key}' (the body holds only 'questions')")
    items = data["questions"]
    if not isinstance(items, list) or not items:
        raise fail(top_lines["questions"], "'questions' must be a non-empty list")
    item_nodes = _sub_nodes(root, "questions")

    questions: list[Question] = []
    seen: dict[str, int] = {}
    for index, (item, node) in enumerate(zip(items, item_nodes)):
        line = node.start_mark.line
        if not isinstance(item, dict):
            raise fail(line, f"question {index + 1} must be a mapping of keys (id, type, text, …)")
        key_lines = _lines(node)
        qid = item.get("id")
        if not isinstance(qid, str) or not IDENTIFIER.match(qid):
            raise fail(line, f"question {index + 1} needs an 'id' of lower-case letters, digits and hyphens")
        if qid in seen:
            raise fail(line, f"duplicate question id (first at {where(seen[qid])})", qid)
        seen[qid] = line
        qtype = item.get("type")
        if qtype not in TYPES:
            raise fail(key_lines.get("type", line), f"unknown question type '{qtype}' (one of: {', '.join(TYPES)})",
                       qid)
        for key in item:
            if key not in QUESTION_KEYS[qtype]:
                raise fail(key_lines.get(key, line), f"unknown key '{key}' for a {qtype} question (allowed: "
                           f"{', '.join(sorted(QUESTION_KEYS[qtype]))})", qid)
        text = _text(item.get("text"))
        if not text:
            raise fail(key_lines.get("text", line), "the question text is empty", qid)
        explanation = _text(item.get("explanation"))
        if not explanation:
            raise fail(key_lines.get("explanation", line), "missing explanation (why the answer is right)", qid)
        question = Question(id=qid, type=qtype, text=text, explanation=explanation, line=line,
                            see=_text(item.get("see")), scenario=_text(item.get("scenario")))
        if qtype == "case" and not question.scenario:
            raise fail(key_lines.get("scenario", line), "a case question needs a 'scenario'", qid)

        if qtype in {"single", "multiple", "case"}:
            question.options = _options(item.get("options"), node, key_lines, line, qid, fail,
                                        feedback_required=qtype == "case")
            ids = [o.id for o in question.options]
            answer = item.get("answer")
            answer_line = key_lines.get("answer", line)
            if answer is None or answer == []:
                raise fail(answer_line, "no correct answer: add 'answer: <option id>'" +
                           (" or a list of ids" if qtype == "multiple" else ""), qid)
            answers = answer if isinstance(answer, list) else [answer]
            answers = [str(a) for a in answers]
            if qtype != "multiple" and len(answers) != 1:
                raise fail(answer_line, f"a {qtype} question has exactly one correct answer", qid)
            for a in answers:
                if a not in ids:
                    raise fail(answer_line, f"the answer '{a}' is not one of the options ({', '.join(ids)})", qid)
            if len(set(answers)) != len(answers):
                raise fail(answer_line, "the same option is listed twice in 'answer'", qid)
            question.answer = answers
        elif qtype == "truefalse":
            answer = item.get("answer")
            if not isinstance(answer, bool):
                raise fail(key_lines.get("answer", line), "a truefalse question needs 'answer: true' or "
                           "'answer: false'", qid)
            question.answer = answer
        else:
            question.pairs = _pairs(item.get("pairs"), node, key_lines, line, qid, fail)

        for markdown in [question.text, question.explanation, question.scenario,
                         *(o.text for o in question.options), *(o.feedback for o in question.options),
                         *(p for pair in question.pairs for p in pair)]:
            for target in MARKDOWN_LINK_TARGET.findall(markdown):
                if not SAFE_LINK.match(target):
                    raise fail(line, f"link target '{target}' is not allowed (use a page, http(s) or mailto)", qid)
        if question.see and not SAFE_LINK.match(question.see):
            raise fail(key_lines.get("see", line), f"'see: {question.see}' is not a page link", qid)
        questions.append(question)
    return SelfTest(id=selftest_id, title=title, questions=questions)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return ""
    return str(value).strip()


def _sub_nodes(node: yaml.MappingNode, key: str) -> list[yaml.Node]:
    for key_node, value_node in node.value:
        if key_node.value == key and isinstance(value_node, yaml.SequenceNode):
            return value_node.value
    return []


def _options(raw, node, key_lines, line, qid, fail, feedback_required: bool) -> list[Option]:
    where = key_lines.get("options", line)
    if not isinstance(raw, list) or len(raw) < MIN_OPTIONS:
        raise fail(where, f"needs 'options': a list of at least {MIN_OPTIONS}", qid)
    options, ids = [], {}
    for index, (value, value_node) in enumerate(zip(raw, _sub_nodes(node, "options"))):
        option_line = value_node.start_mark.line
        default_id = "abcdefghijklmnopqrstuvwxyz"[index]
        if isinstance(value, str):
            value = {"text": value}
        if not isinstance(value, dict):
            raise fail(option_line, f"option {index + 1} must be text or a mapping (id, text, feedback)", qid)
        for key in value:
            if key not in OPTION_KEYS:
                raise fail(option_line, f"unknown key '{key}' in option {index + 1} (allowed: id, text, feedback)",
                           qid)
        option = Option(id=str(value.get("id", default_id)), text=_text(value.get("text")),
                        feedback=_text(value.get("feedback")))
        if not IDENTIFIER.match(option.id):
            raise fail(option_line, f"option id '{option.id}' must be lower-case letters, digits and hyphens", qid)
        if option.id in ids:
            raise fail(option_line, f"two options have the id '{option.id}'", qid)
        if not option.text:
            raise fail(option_line, f"option '{option.id}' is empty", qid)
        if feedback_required and not option.feedback:
            raise fail(option_line, f"option '{option.id}' needs 'feedback' (every response in a case gets its own)",
                       qid)
        ids[option.id] = option_line
        options.append(option)
    return options


def _pairs(raw, node, key_lines, line, qid, fail) -> list[tuple[str, str]]:
    where = key_lines.get("pairs", line)
    if not isinstance(raw, list) or len(raw) < MIN_PAIRS:
        raise fail(where, f"needs 'pairs': a list of at least {MIN_PAIRS} {{left, right}} items", qid)
    pairs, lefts, rights = [], {}, {}
    for index, (value, value_node) in enumerate(zip(raw, _sub_nodes(node, "pairs"))):
        pair_line = value_node.start_mark.line
        if not isinstance(value, dict) or set(value) != PAIR_KEYS:
            raise fail(pair_line, f"pair {index + 1} must have exactly 'left' and 'right'", qid)
        left, right = _text(value["left"]), _text(value["right"])
        if not left or not right:
            raise fail(pair_line, f"pair {index + 1} has an empty side", qid)
        if left in lefts:
            raise fail(pair_line, f"pairs do not line up: '{left}' appears twice on the left", qid)
        if right in rights:
            raise fail(pair_line, f"pairs do not line up: '{right}' is the answer to two items", qid)
        lefts[left], rights[right] = pair_line, pair_line
        pairs.append((left, right))
    return pairs


# ---------------------------------------------------------------------------------------------- rendering

def safe_markdown(text: str) -> str:
    """Markdown for inline processing with raw HTML disabled: a contributed self-test cannot inject markup.
    ('&' needs nothing: the serializer escapes a bare '&' and keeps entities.)"""
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _sub(parent: etree.Element, tag: str, text: str | None = None, **attrs: str) -> etree.Element:
    element = etree.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        element.text = safe_markdown(text)
    return element


def render(parent: etree.Element, test: SelfTest, ui: dict[str, str]) -> None:
    """Fill `parent` (the block's <div>) with the self-test. Text is left for Markdown's inline pass."""
    parent.set("class", "kb-selftest")
    parent.set("id", f"selftest-{test.id}")
    parent.set("data-selftest", test.id)
    if test.title:
        _sub(parent, "p", test.title, class_="kb-selftest__title")
    questions = _sub(parent, "ol", class_="kb-selftest__questions")
    for question in test.questions:
        _render_question(_sub(questions, "li"), test, question, ui)
    _sub(parent, "div", class_="kb-selftest__summary", role="status", aria_live="polite")


def _render_question(item: etree.Element, test: SelfTest, q: Question, ui: dict[str, str]) -> None:
    name = f"st-{test.id}-{q.id}"
    fieldset = _sub(item, "fieldset", class_="kb-question", id=name, data_question=q.id, data_hash=q.fingerprint(),
                    data_type=q.type)
    _sub(fieldset, "legend", q.text, class_="kb-question__text")
    if q.scenario:
        _sub(_sub(fieldset, "div", class_="kb-question__scenario"), "p", q.scenario)
    if q.type == "multiple":
        _sub(fieldset, "p", ui["selftest.choose_all"], class_="kb-question__hint")
    answer_lines: list[str] = []
    if q.type in {"single", "multiple", "case"}:
        options = _sub(fieldset, "div", class_="kb-options")
        for option in q.options:
            is_correct = option.id in q.correct_ids()
            row = _sub(options, "div", class_="kb-option", data_option=option.id, data_correct=str(is_correct).lower())
            _sub(row, "input", type="radio" if q.type != "multiple" else "checkbox", id=f"{name}-{option.id}",
                 name=name, value=option.id)
            _sub(row, "label", option.text, for_=f"{name}-{option.id}")
            if option.feedback:
                _sub(row, "p", option.feedback, class_="kb-option__feedback", hidden="hidden")
        answer_lines = [o.text for o in q.options if o.id in q.correct_ids()]
    elif q.type == "truefalse":
        options = _sub(fieldset, "div", class_="kb-options")
        for value, label in (("true", ui["selftest.true"]), ("false", ui["selftest.false"])):
            row = _sub(options, "div", class_="kb-option", data_option=value,
                       data_correct=str((value == "true") == q.answer).lower())
            _sub(row, "input", type="radio", id=f"{name}-{value}", name=name, value=value)
            _sub(row, "label", label, for_=f"{name}-{value}")
        answer_lines = [ui["selftest.true"] if q.answer else ui["selftest.false"]]
    else:
        table = _sub(fieldset, "div", class_="kb-match")
        choices = sorted(right for _, right in q.pairs)  # sorted, so the order gives nothing away
        for index, (left, right) in enumerate(q.pairs):
            row = _sub(table, "div", class_="kb-match__row", data_option=str(index),
                       data_correct=str(choices.index(right)))
            _sub(row, "label", left, for_=f"{name}-{index}")
            select = _sub(row, "select", id=f"{name}-{index}", name=f"{name}-{index}")
            _sub(select, "option", ui["selftest.choose"], value="")
            for choice_index, choice in enumerate(choices):
                _sub(select, "option", choice, value=str(choice_index))
        answer_lines = [f"{left} → {right}" for left, right in q.pairs]

    details = _sub(fieldset, "details", class_="kb-answer")
    _sub(details, "summary", ui["selftest.show_answer"])
    correct = _sub(details, "div", class_="kb-answer__correct")
    _sub(correct, "p", ui["selftest.answer"] + ":", class_="kb-answer__label")
    answers = _sub(correct, "ul")
    for line in answer_lines:
        _sub(answers, "li", line)
    feedback = [o for o in q.options if o.feedback]
    if feedback:
        _sub(details, "p", ui["selftest.about_options"] + ":", class_="kb-answer__label")
        notes = _sub(details, "ul", class_="kb-answer__feedback")
        for option in feedback:
            note = _sub(notes, "li")
            _sub(note, "strong", option.text).tail = " — " + safe_markdown(option.feedback)
    _sub(details, "p", q.explanation, class_="kb-answer__explanation")
    if q.see:
        _sub(_sub(details, "p", class_="kb-answer__see"), "a", ui["selftest.read_more"], href=q.see)
    _sub(fieldset, "div", class_="kb-question__status", role="status", aria_live="polite")


# ---------------------------------------------------------------------------------------------- Markdown block

@dataclass
class PageSelfTests:
    """What the extension knows about the page being converted (from its config) and finds in it."""
    source: str = "<string>"                    # the file, for messages
    line_offset: int = 0                        # lines of the file before the Markdown text (front matter)
    ui: dict[str, str] = field(default_factory=dict)
    on_found: Callable[[SelfTest], None] | None = None
    block_lines: list[tuple[int, int]] = field(default_factory=list)  # (header, first body line), 0-based
    found: list[SelfTest] = field(default_factory=list)     # self-tests on this page, in order

    def where(self, number: int, line: int) -> str:
        """A body line of block `number` (0-based; -1 for the block itself) as 'file:line' (1-based)."""
        if number >= len(self.block_lines):
            return self.source
        header, body = self.block_lines[number]
        return f"{self.source}:{(header if line < 0 else body + line) + 1}"


class SelfTestBlock(Block):
    NAME = BLOCK_NAME
    ARGUMENT = None                 # optional title: /// selftest | Check your understanding
    OPTIONS = {"id": ("", type_string)}

    def on_markdown(self) -> str:
        return "raw"

    def on_create(self, parent: etree.Element) -> etree.Element:
        return etree.SubElement(parent, "div")

    def on_end(self, block: etree.Element) -> None:
        page: PageSelfTests = self.config["page"]
        number = self.tracker.setdefault("count", 0)
        self.tracker["count"] = number + 1
        body = block.text or ""
        block.text = None
        test = parse(body, self.options["id"], self.argument or "", lambda line: page.where(number, line))
        render(block, test, page.ui)
        page.found.append(test)
        if page.on_found is not None:
            page.on_found(test)


class _BlockLines(Preprocessor):
    """Notes where each block starts, in the text as written (before raw HTML is stashed away)."""

    def __init__(self, md: Markdown, page: PageSelfTests) -> None:
        super().__init__(md)
        self.page = page

    def run(self, lines: list[str]) -> list[str]:
        offset = self.page.line_offset
        self.page.block_lines = [(header + offset, body + offset) for header, body in block_lines("\n".join(lines))]
        self.page.found = []
        return lines


class _EveryBlockRecognised(Treeprocessor):
    """Blocks silently leaves a block with a mistyped option as plain text, which must not ship."""

    def __init__(self, md: Markdown, page: PageSelfTests) -> None:
        super().__init__(md)
        self.page = page

    def run(self, root: etree.Element) -> None:
        page = self.page
        if len(page.found) < len(page.block_lines):
            header = page.block_lines[len(page.found)][0] + 1
            raise SelfTestError(f"{page.source}:{header}: a '/// {BLOCK_NAME}' block was not recognised: the only "
                                "option is '    id: <name>' (indented four spaces), and the block ends with '///'.")


def _ignore(test: SelfTest) -> None:
    pass


class SelfTestExtension(BlocksExtension):
    """The `/// selftest` block. In mkdocs.yml: `kb.markdown.selftest`; the kb plugin sets the config per page."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "source": ["<string>", "the file, named in messages (docs/nl/page.md)"],
            "line_offset": [0, "lines of the file before the Markdown text (front matter), for messages"],
            "language": ["", "the page's language; '' for the site's default language"],
            "ui": [{}, "UI strings in that language; {} reads them from overrides/ui_strings.yml"],
            # (Not None: Python-Markdown turns a None-default option into a bool.)
            "on_found": [_ignore, "called with each SelfTest on the page (the plugin lists them on 'My progress')"],
        }
        super().__init__(**kwargs)

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: Any) -> None:
        ui = self.getConfig("ui")
        if not ui:
            site = languages.site()
            ui = ui_strings.for_language(self.getConfig("language") or site.default, site.default)
        page = PageSelfTests(source=self.getConfig("source"), line_offset=self.getConfig("line_offset"), ui=ui,
                             on_found=self.getConfig("on_found"))
        block_mgr.register(SelfTestBlock, {"page": page})
        # Before NormalizeWhitespace (30) and the raw HTML stash, which changes the number of lines.
        md.preprocessors.register(_BlockLines(md, page), "kb_selftest_lines", 40)
        # After the block parser (which calls on_end), before inline processing (20).
        md.treeprocessors.register(_EveryBlockRecognised(md, page), "kb_selftest_check", 30)


def makeExtension(**kwargs: Any) -> SelfTestExtension:
    return SelfTestExtension(**kwargs)


BLOCK_START = re.compile(rf"^(/{{3,}})\s*{BLOCK_NAME}\b", re.M)
FENCE = re.compile(r"^(```|~~~)")


def block_lines(markdown: str) -> list[tuple[int, int]]:
    """(header line, first body line), 0-based, of each `/// selftest` block outside code fences."""
    lines = markdown.splitlines()
    found, in_fence, index = [], False, 0
    while index < len(lines):
        line = lines[index]
        if FENCE.match(line.lstrip()):
            in_fence = not in_fence
        elif not in_fence and BLOCK_START.match(line):
            header = index
            index += 1
            while index < len(lines) and lines[index].startswith("    ") and lines[index].strip():
                index += 1  # the block's options (id: …)
            while index < len(lines) and not lines[index].strip():
                index += 1
            found.append((header, index))
            continue
        index += 1
    return found


def find_blocks(markdown: str) -> list[tuple[int, int, str, str, str]]:
    """(header line, first body line, id, title, body) of each block, for tools that run without MkDocs."""
    lines = markdown.splitlines()
    result = []
    for header, body_line in block_lines(markdown):
        title = lines[header].split("|", 1)[1].strip() if "|" in lines[header] else ""
        options = yaml.safe_load("\n".join(l.strip() for l in lines[header + 1:body_line] if l.strip())) or {}
        end = body_line
        while end < len(lines) and not re.match(r"^/{3,}\s*$", lines[end]):
            end += 1
        result.append((header, body_line, str(options.get("id", "")), title, "\n".join(lines[body_line:end])))
    return result
