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

import functools
import hashlib
import json
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field, replace
from typing import Any, Callable

import yaml
from markdown import Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from mkdocs.exceptions import PluginError
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block, type_string

from kb import languages, ui_strings
from kb.markdown.safe_inline import SafeInline, UnsafeLink, is_safe_url

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
    shown: list[str] = field(default_factory=list)  # the order readers see (arrange())
    location: str = ""                              # 'file:line' of the question, for messages

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

MAX_BODY_CHARS = 100_000     # a self-test of 30 long questions is about 20 000; more is a mistake or an attack
MAX_QUESTIONS = 100
MAX_OPTIONS = 10             # letters a–j; more choices than that is no longer a fair question
MAX_PAIRS = 12
YAML_NULL = "tag:yaml.org,2002:null"


class _StrictComposer(yaml.SafeLoader):
    """PyYAML's safe composer that refuses anchors and aliases (a few lines of `&a [*a, *a, …]` expand to
    gigabytes) before anything is built. Values are then read from the nodes by `_value`: every scalar stays
    the text it was written as (no `1:30` → 90, `010` → 8, `yes` → True)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _YamlRefused(event.start_mark, f"aliases ('*{event.anchor}') are not allowed: write the text out")
        if getattr(event, "anchor", None):
            raise _YamlRefused(event.start_mark, f"anchors ('&{event.anchor}') are not allowed: write the text out")
        return super().compose_node(parent, index)


class _YamlRefused(Exception):
    def __init__(self, mark: Any, problem: str) -> None:
        super().__init__(problem)
        self.mark, self.problem = mark, problem


def _value(node: yaml.Node) -> Any:
    """Plain data from a node: str for every scalar ('' for an empty value), lists and dicts. Duplicate keys
    and merge keys ('<<') raise _YamlRefused at their line."""
    if isinstance(node, yaml.ScalarNode):
        return "" if node.tag == YAML_NULL and node.style is None else node.value
    if isinstance(node, yaml.SequenceNode):
        return [_value(item) for item in node.value]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge" or key_node.value == "<<":
            raise _YamlRefused(key_node.start_mark, "merge keys ('<<') are not allowed: write each key out")
        if not isinstance(key_node, yaml.ScalarNode):
            raise _YamlRefused(key_node.start_mark, "a key must be a plain word")
        if key_node.value in result:
            raise _YamlRefused(key_node.start_mark, f"the key '{key_node.value}' is written twice")
        result[key_node.value] = _value(value_node)
    return result


# libyaml's composer, when PyYAML was built with it: the same nodes and marks, about ten times faster.
_FAST_COMPOSER: Any = getattr(yaml, "CSafeLoader", None)


def load_yaml(body: str) -> tuple[yaml.Node | None, Any]:
    """(root node, data) of a self-test body; raises yaml.YAMLError or _YamlRefused with a mark.

    A body goes through libyaml when it holds no '&': without an anchor, an alias has nothing to name and fails to
    compose. Anything libyaml refuses, and any body with an '&', goes through the strict Python composer, which
    refuses anchors and aliases at their line and gives PyYAML's own messages."""
    text = str(body)  # libyaml takes no str subclass (Markdown hands over AtomicStrings)
    root: yaml.Node | None = None
    composed = False
    if _FAST_COMPOSER is not None and "&" not in text:
        loader = _FAST_COMPOSER(text)
        try:
            root, composed = loader.get_single_node(), True
        except yaml.YAMLError:
            pass  # composed again below, for the clearer message
        finally:
            loader.dispose()
    if not composed:
        loader = _StrictComposer(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    return root, (_value(root) if root is not None else None)


def _lines(node: yaml.Node) -> dict[Any, int]:
    """For a YAML mapping node: {key: 0-based line of the key}."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: key.start_mark.line for key, _ in node.value}


def parse(body: str, selftest_id: str, title: str = "", where: Callable[[int], str] = lambda line: f"line {line + 1}",
          inline: SafeInline | None = None) -> SelfTest:
    """Parse and validate a self-test body. `where(body_line)` names the file and line for messages.

    The result is shared between callers (treat it as read-only): one build reads the same self-test for its page,
    the handout, the trainer pack, each deck question and the home page's cards, in every language."""
    try:
        test = _parse_valid(str(body), selftest_id, title)
    except SelfTestError:
        return _parse(body, selftest_id, title, where, inline)  # raises again, naming the caller's file and line
    return replace(test, questions=[replace(q, location=where(q.line)) for q in test.questions])


@functools.lru_cache(maxsize=512)
def _parse_valid(body: str, selftest_id: str, title: str) -> SelfTest:
    return _parse(body, selftest_id, title)


def _parse(body: str, selftest_id: str, title: str = "", where: Callable[[int], str] = lambda line: f"line {line + 1}",
           inline: SafeInline | None = None) -> SelfTest:
    inline = inline or SafeInline()

    def fail(line: int, problem: str, question: str | None = None) -> SelfTestError:
        about = f"self-test '{selftest_id}'" + (f", question '{question}'" if question else "")
        return SelfTestError(f"{where(line)}: {about}: {problem}")

    if not selftest_id:
        raise fail(-1, "no id: write '    id: <name>' on the line after '/// selftest'")
    if not IDENTIFIER.match(selftest_id):
        raise fail(-1, f"id '{selftest_id}' must be lower-case letters, digits and hyphens")
    if len(body) > MAX_BODY_CHARS:
        raise fail(0, f"the self-test is {len(body)} characters long; at most {MAX_BODY_CHARS} (split it)")
    try:
        root, data = load_yaml(body)
    except _YamlRefused as error:
        raise fail(error.mark.line, error.problem) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        if "\t" in problem or "'\\t'" in problem:
            problem += " (indent with spaces, not tabs)"
        raise fail(mark.line if mark else 0, f"YAML syntax error: {problem}") from None
    if not isinstance(data, dict) or "questions" not in data or root is None:
        raise fail(0, "the body must start with 'questions:' followed by a list of questions")
    top_lines = _lines(root)
    for key in data:
        if key != "questions":
            raise fail(top_lines.get(key, 0), f"unknown key '{key}' (the body holds only 'questions')")
    items = data["questions"]
    if not isinstance(items, list) or not items:
        raise fail(top_lines["questions"], "'questions' must be a non-empty list")
    if len(items) > MAX_QUESTIONS:
        raise fail(top_lines["questions"], f"{len(items)} questions; at most {MAX_QUESTIONS} (split the self-test)")
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

        def text_of(key: str, value: Any, at: int, qid: str = qid) -> str:
            if isinstance(value, (list, dict)):
                raise fail(at, f"'{key}' must be text, not a {'list' if isinstance(value, list) else 'mapping'} "
                           "(put text with ':', '[' or '{' in quotes)", qid)
            text = (value or "").strip()
            try:
                inline.check(text)
            except UnsafeLink as error:
                raise fail(at, f"link target '{error.target}' is not allowed (use a page, http(s) or mailto)",
                           qid) from None
            return text

        def field_text(key: str) -> str:
            return text_of(key, item.get(key), key_lines.get(key, line))

        text = field_text("text")
        if not text:
            raise fail(key_lines.get("text", line), "the question text is empty", qid)
        explanation = field_text("explanation")
        if not explanation:
            raise fail(key_lines.get("explanation", line), "missing explanation (why the answer is right)", qid)
        question = Question(id=qid, type=qtype, text=text, explanation=explanation, line=line,
                            see=field_text("see"), scenario=field_text("scenario"), location=where(line))
        if qtype == "case" and not question.scenario:
            raise fail(key_lines.get("scenario", line), "a case question needs a 'scenario'", qid)

        if qtype in {"single", "multiple", "case"}:
            question.options = _options(item.get("options"), node, key_lines, line, qid, fail, text_of,
                                        feedback_required=qtype == "case")
            ids = [o.id for o in question.options]
            answer = item.get("answer")
            answer_line = key_lines.get("answer", line)
            if answer is None or answer in ("", []):
                raise fail(answer_line, "no correct answer: add 'answer: <option id>'" +
                           (" or a list of ids" if qtype == "multiple" else ""), qid)
            if isinstance(answer, dict):
                raise fail(answer_line, "'answer' must be an option id or a list of ids", qid)
            answers = answer if isinstance(answer, list) else [answer]
            if not all(isinstance(a, str) for a in answers):
                raise fail(answer_line, "'answer' must be an option id or a list of ids", qid)
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
            if not isinstance(answer, str) or answer.lower() not in ("true", "false"):
                raise fail(key_lines.get("answer", line), "a truefalse question needs 'answer: true' or "
                           "'answer: false'", qid)
            question.answer = answer.lower() == "true"
        else:
            question.pairs = _pairs(item.get("pairs"), node, key_lines, line, qid, fail, text_of)

        if question.see and not is_safe_url(question.see):
            raise fail(key_lines.get("see", line), f"'see: {question.see}' is not a page link", qid)
        questions.append(question)
    test = SelfTest(id=selftest_id, title=text_of_title(title, inline, fail), questions=questions)
    arrange(test)
    return test


def text_of_title(title: str, inline: SafeInline, fail: Callable[..., SelfTestError]) -> str:
    try:
        inline.check(title)
    except UnsafeLink as error:
        raise fail(-1, f"link target '{error.target}' in the title is not allowed") from None
    return title.strip()


def _sub_nodes(node: yaml.MappingNode, key: str) -> list[yaml.Node]:
    for key_node, value_node in node.value:
        if key_node.value == key and isinstance(value_node, yaml.SequenceNode):
            return value_node.value
    return []


def _options(raw, node, key_lines, line, qid, fail, text_of, feedback_required: bool) -> list[Option]:
    where = key_lines.get("options", line)
    if not isinstance(raw, list) or len(raw) < MIN_OPTIONS:
        raise fail(where, f"needs 'options': a list of at least {MIN_OPTIONS}", qid)
    if len(raw) > MAX_OPTIONS:
        raise fail(where, f"{len(raw)} options; at most {MAX_OPTIONS}", qid)
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
        option_id = value.get("id", default_id)
        if not isinstance(option_id, str):
            raise fail(option_line, f"option {index + 1} needs an 'id' of lower-case letters, digits and hyphens", qid)
        option = Option(id=option_id, text=text_of("text", value.get("text"), option_line),
                        feedback=text_of("feedback", value.get("feedback"), option_line))
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


def _pairs(raw, node, key_lines, line, qid, fail, text_of) -> list[tuple[str, str]]:
    where = key_lines.get("pairs", line)
    if not isinstance(raw, list) or len(raw) < MIN_PAIRS:
        raise fail(where, f"needs 'pairs': a list of at least {MIN_PAIRS} {{left, right}} items", qid)
    if len(raw) > MAX_PAIRS:
        raise fail(where, f"{len(raw)} pairs; at most {MAX_PAIRS}", qid)
    pairs, lefts, rights = [], {}, {}
    for index, (value, value_node) in enumerate(zip(raw, _sub_nodes(node, "pairs"))):
        pair_line = value_node.start_mark.line
        if not isinstance(value, dict) or set(value) != PAIR_KEYS:
            raise fail(pair_line, f"pair {index + 1} must have exactly 'left' and 'right'", qid)
        left, right = text_of("left", value["left"], pair_line), text_of("right", value["right"], pair_line)
        if not left or not right:
            raise fail(pair_line, f"pair {index + 1} has an empty side", qid)
        if left in lefts:
            raise fail(pair_line, f"pairs do not line up: '{left}' appears twice on the left", qid)
        if right in rights:
            raise fail(pair_line, f"pairs do not line up: '{right}' is the answer to two items", qid)
        lefts[left], rights[right] = pair_line, pair_line
        pairs.append((left, right))
    return pairs


# ---------------------------------------------------------------------------------------------- option order

LETTERS = "ABCDEFGHIJ"  # MAX_OPTIONS of them


def _rank(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def arrange(test: SelfTest) -> None:
    """Set each question's `shown` order: the order readers (and the trainer pack's voting cards) see.

    Authors put the right answer wherever they like; the order comes from the ids only, so a page is the same for
    everyone, on every build and in every language. Options are sorted by a hash of (self-test id, question id,
    option id). In single and case questions the right option then moves to the position used least so far in this
    self-test (ties broken by the same kind of hash), so no letter is the usual key. Matching choices are sorted by
    a hash of their pair's position. True/false keeps true, false."""
    used: dict[int, int] = {}
    for q in test.questions:
        if q.type == "truefalse":
            q.shown = ["true", "false"]
        elif q.type == "matching":
            q.shown = [str(i) for i in sorted(range(len(q.pairs)), key=lambda i: _rank(test.id, q.id, str(i)))]
        else:
            order = sorted((o.id for o in q.options), key=lambda option: _rank(test.id, q.id, option))
            if q.type != "multiple":
                key = q.correct_ids()[0]
                order.remove(key)
                position = min(range(len(q.options)),
                               key=lambda p: (used.get(p, 0), _rank(test.id, q.id, "position", str(p))))
                order.insert(position, key)
                used[position] = used.get(position, 0) + 1
            q.shown = order


def displayed_letters(test: SelfTest, question_id: str) -> list[tuple[str, str]]:
    """[(letter, option id)] of a question as readers see it: ("A", "b"), ("B", "d"), …. For true/false the
    option ids are "true" and "false"; for matching, the choices' pair numbers ("0", "1", …) in the order of
    each select. Use it wherever a letter is shown beside the self-test (voting cards, answer sheets)."""
    for q in test.questions:
        if q.id == question_id:
            return list(zip(LETTERS, q.shown))
    raise KeyError(f"self-test '{test.id}' has no question '{question_id}'")


# ---------------------------------------------------------------------------------------------- rendering

def _sub(parent: etree.Element, tag: str, text: str | None = None, **attrs: str) -> etree.Element:
    """A child element; `text` is plain text (never Markdown): UI strings and generated labels."""
    element = etree.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        element.text = AtomicString(text)
    return element


class Renderer:
    """The HTML of one self-test. Author text goes through SafeInline: only emphasis, code and safe links."""

    def __init__(self, ui: dict[str, str], inline: SafeInline) -> None:
        self.ui = ui
        self.inline = inline

    def text(self, parent: etree.Element, tag: str, markdown: str, **attrs: str) -> etree.Element:
        return self.inline.fill(_sub(parent, tag, **attrs), markdown)

    def render(self, parent: etree.Element, test: SelfTest) -> None:
        """Fill `parent` (the block's <div>) with the self-test."""
        parent.set("class", "kb-selftest")
        parent.set("id", f"selftest-{test.id}")
        parent.set("data-selftest", test.id)
        if test.title:
            # A heading, so the self-test is in the page's outline; the id keeps the TOC from making its own.
            self.text(parent, "h2", test.title, class_="kb-selftest__title", id=f"selftest-{test.id}-title")
            parent.set("aria-labelledby", f"selftest-{test.id}-title")
        questions = _sub(parent, "ol", class_="kb-selftest__questions")
        for number, question in enumerate(test.questions, start=1):
            self.question(_sub(questions, "li", class_="kb-selftest__item"), test, question, number)
        _sub(parent, "div", class_="kb-selftest__summary", role="status", aria_live="polite")

    def question(self, item: etree.Element, test: SelfTest, q: Question, number: int) -> None:
        ui = self.ui
        name = f"st-{test.id}-{q.id}"
        if q.scenario:  # the situation first, then the question about it
            self.text(_sub(item, "div", class_="kb-question__scenario", id=f"{name}-scenario"), "p", q.scenario)
        attrs = {"class_": "kb-question", "id": name, "data_question": q.id, "data_hash": q.fingerprint(),
                 "data_type": q.type}
        if q.scenario:
            attrs["aria_describedby"] = f"{name}-scenario"
        fieldset = _sub(item, "fieldset", **attrs)
        legend = _sub(fieldset, "legend", class_="kb-question__text")
        _sub(legend, "span", f"{number}.", class_="kb-question__number").tail = " "
        self.inline.fill(legend, q.text)
        if q.type == "multiple":
            _sub(fieldset, "p", ui["selftest.choose_all"], class_="kb-question__hint")
        letters = dict((option, letter) for letter, option in displayed_letters(test, q.id))
        answer_rows: list[tuple[str, str]] = []  # (letter, Markdown) of the right answer
        if q.type in {"single", "multiple", "case"}:
            options = _sub(fieldset, "div", class_="kb-options")
            by_id = {o.id: o for o in q.options}
            for option_id in q.shown:
                option = by_id[option_id]
                correct = option.id in q.correct_ids()
                self.choice(options, name, q.type, option.id, letters[option.id], option.text, correct, option.feedback)
                if correct:
                    answer_rows.append((letters[option.id], option.text))
        elif q.type == "truefalse":
            options = _sub(fieldset, "div", class_="kb-options")
            for value, label in (("true", ui["selftest.true"]), ("false", ui["selftest.false"])):
                correct = (value == "true") == q.answer
                self.choice(options, name, q.type, value, letters[value], None, correct, "", label)
        else:
            self.matching(fieldset, name, q, letters)

        # Out of the search index (Material's data-search-exclude): a result's preview would show the answer.
        details = _sub(fieldset, "details", class_="kb-answer", data_search_exclude="")
        _sub(details, "summary", ui["selftest.show_answer"])
        correct_box = _sub(details, "div", class_="kb-answer__correct")
        _sub(correct_box, "p", ui["selftest.answer"] + ":", class_="kb-answer__label")
        answers = _sub(correct_box, "ul")
        if q.type == "matching":
            for left, right in q.pairs:
                row = self.text(answers, "li", left)
                self.inline.fill(_append_text(row, " → "), right)
        elif q.type == "truefalse":
            _sub(answers, "li", f"{letters[str(q.answer).lower()]}. " + ui[f"selftest.{str(q.answer).lower()}"])
        else:
            for letter, text in answer_rows:
                self.inline.fill(_sub(answers, "li", f"{letter}. "), text)
        feedback = [o for o in (dict((o.id, o) for o in q.options)[i] for i in q.shown) if o.feedback] \
            if q.options else []
        if feedback:
            # Without JavaScript this list is the only place for the feedback; selftest.js hides it and shows
            # each option's own feedback beside it instead, so it is never there twice.
            about = _sub(details, "div", class_="kb-answer__about")
            _sub(about, "p", ui["selftest.about_options"] + ":", class_="kb-answer__label")
            notes = _sub(about, "ul", class_="kb-answer__feedback")
            for option in feedback:
                note = _sub(notes, "li")
                self.inline.fill(_sub(note, "strong", f"{letters[option.id]}. "), option.text)
                self.inline.fill(_append_text(note, " — "), option.feedback)
        self.text(details, "p", q.explanation, class_="kb-answer__explanation")
        if q.see:
            _sub(_sub(details, "p", class_="kb-answer__see"), "a", ui["selftest.read_more"], href=q.see)
        _sub(fieldset, "div", class_="kb-question__status", role="status", aria_live="polite")

    def choice(self, options: etree.Element, name: str, kind: str, value: str, letter: str, text: str | None,
               correct: bool, feedback: str, label_text: str = "") -> None:
        row = _sub(options, "div", class_="kb-option", data_option=value, data_correct=str(correct).lower())
        _sub(row, "input", type="checkbox" if kind == "multiple" else "radio", id=f"{name}-{value}", name=name,
             value=value)
        label = _sub(row, "label", for_=f"{name}-{value}")
        _sub(label, "span", letter, class_="kb-option__letter").tail = AtomicString(" ")
        if text is None:
            _append_text(label, label_text)
        else:
            self.inline.fill(label, text)
        if feedback:
            self.text(row, "p", feedback, class_="kb-option__feedback", hidden="hidden", data_search_exclude="")

    def matching(self, fieldset: etree.Element, name: str, q: Question, letters: dict[str, str]) -> None:
        table = _sub(fieldset, "div", class_="kb-match")
        for index, (left, _right) in enumerate(q.pairs):
            row = _sub(table, "div", class_="kb-match__row", data_option=str(index), data_correct=str(index))
            self.text(row, "label", left, for_=f"{name}-{index}")
            select = _sub(row, "select", id=f"{name}-{index}", name=f"{name}-{index}")
            _sub(select, "option", self.ui["selftest.choose"], value="")
            for choice in q.shown:
                # An <option> holds text only: the choice's Markdown is shown as its plain text.
                _sub(select, "option", f"{letters[choice]}. {plain_text(q.pairs[int(choice)][1])}", value=choice)
        # On paper and on a projected slide the choices are read, not picked from a list: listed with their
        # letters, so a worksheet has a blank per item for a letter, and a room can answer out loud.
        _sub(fieldset, "p", self.ui["selftest.choices"] + ":", class_="kb-match__choices-label")
        listing = _sub(fieldset, "ul", class_="kb-match__choices")
        for choice in q.shown:
            self.inline.fill(_sub(listing, "li", f"{letters[choice]}. "), q.pairs[int(choice)][1])


def _append_text(element: etree.Element, text: str) -> etree.Element:
    if len(element):
        element[-1].tail = AtomicString((element[-1].tail or "") + text)
    else:
        element.text = AtomicString((element.text or "") + text)
    return element


def plain_text(markdown: str) -> str:
    """Markdown's inline marks removed, for places that hold text only (a select's options)."""
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", re.sub(r"(\*\*|__|\*|_|`)", "", markdown))


def render(parent: etree.Element, test: SelfTest, ui: dict[str, str], inline: SafeInline | None = None) -> None:
    Renderer(ui, inline or SafeInline()).render(parent, test)


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
    inline: SafeInline = field(default_factory=SafeInline)   # the one text pipeline for their text

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
        test = parse(body, self.options["id"], self.argument or "", lambda line: page.where(number, line),
                     page.inline)
        for earlier in page.found:
            if earlier.id == test.id:
                raise SelfTestError(f"{page.where(number, -1)}: self-test '{test.id}': the id is used twice on "
                                    f"this page (first at {page.where(page.found.index(earlier), -1)})")
        render(block, test, page.ui, page.inline)
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
        text = "\n".join(lines)
        error = tab_error(text, self.page.source, offset)
        if error:
            raise error
        self.page.block_lines = [(header + offset, body + offset) for header, body in block_lines(text)]
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


BLOCK_START = re.compile(rf"^(?P<indent> *)/{{3,}}\s*{BLOCK_NAME}\b")
FENCE = re.compile(r"^(```|~~~)")


@dataclass(frozen=True)
class BlockSpan:
    """Where a `/// selftest` block is in a text (0-based lines): header, first body line, closing line (or the
    end of the text), and its indentation (inside an admonition or a content tab)."""
    header: int
    body: int
    end: int
    indent: str


def block_spans(markdown: str) -> list[BlockSpan]:
    """Every `/// selftest` block outside code fences, at any indentation."""
    if BLOCK_NAME not in markdown:
        return []  # most pages: no need to look at each line
    return list(_block_spans(markdown))


@functools.lru_cache(maxsize=256)
def _block_spans(markdown: str) -> tuple[BlockSpan, ...]:
    # Cached: a self-test page is scanned for its page, its handout, and each deck question that quotes it.
    lines = markdown.splitlines()
    found: list[BlockSpan] = []
    in_fence, index = False, 0
    while index < len(lines):
        line = lines[index]
        start = BLOCK_START.match(line)
        if FENCE.match(line.lstrip()):
            in_fence = not in_fence
        elif not in_fence and start:
            indent = start.group("indent")
            header = index
            index += 1
            while index < len(lines) and lines[index].startswith(indent + "    ") and lines[index].strip():
                index += 1  # the block's options (id: …)
            while index < len(lines) and not lines[index].strip():
                index += 1
            body = index
            while index < len(lines) and not re.match(rf"^{indent}/{{3,}}\s*$", lines[index]):
                index += 1
            found.append(BlockSpan(header, body, index, indent))
            continue
        index += 1
    return tuple(found)


def block_lines(markdown: str) -> list[tuple[int, int]]:
    """(header line, first body line), 0-based, of each `/// selftest` block outside code fences."""
    return [(span.header, span.body) for span in block_spans(markdown)]


def tab_error(markdown: str, source: str, line_offset: int = 0) -> SelfTestError | None:
    """A tab inside a self-test block: Markdown would turn it into spaces and YAML refuses it, so the site and
    the export would read the block differently. Both refuse it with this message."""
    lines = markdown.splitlines()
    for span in block_spans(markdown):
        for index in range(span.header, min(span.end + 1, len(lines))):
            if "\t" in lines[index]:
                return SelfTestError(f"{source}:{index + line_offset + 1}: a tab in a '/// {BLOCK_NAME}' block: "
                                     "use spaces")
    return None


def find_blocks(markdown: str, source: str = "<string>") -> list[tuple[int, int, str, str, str]]:
    """(header line, first body line, id, title, body) of each block, for tools that run without MkDocs."""
    error = tab_error(markdown, source)
    if error:
        raise error
    lines = markdown.splitlines()
    result = []
    for span in block_spans(markdown):
        header_line = lines[span.header]
        title = header_line.split("|", 1)[1].strip() if "|" in header_line else ""
        try:  # the block's own options ("id: recovery"), read as strictly as its body
            options = load_yaml("\n".join(l.strip() for l in lines[span.header + 1:span.body] if l.strip()))[1]
        except (yaml.YAMLError, _YamlRefused):
            options = {}
        options = options if isinstance(options, dict) else {}
        body = "\n".join(line[len(span.indent):] for line in lines[span.body:span.end])
        result.append((span.header, span.body, str(options.get("id", "")), title, body))
    return result
