#!/usr/bin/env python3
"""Item quality of the self-tests: answer cues that let a reader score without understanding.

    python3 scripts/item_quality.py                  # a report per language of docs/; exit 1 if any finding
    python3 scripts/item_quality.py --docs org/docs  # an organisation's own self-tests

The build runs the same checks on each self-test it converts (kb/steps/progress.py): a finding is a warning,
so a strict build (`strict: true` in mkdocs.yml, and CI) fails. The checks:

- longest: the right option of a single or case question is the unique longest, by more than a third of the
  longest wrong one (readers learn that the careful, qualified option is right);
- key position: after shuffling (kb.markdown.selftest.arrange), one letter is the key of more than 40% of a
  self-test's single and case questions (from five such questions; fewer cannot be spread);
- true share: the share of "true" among a self-test's true/false statements is outside 35–65%, unless that is
  as close to half as the count allows (one true of three is fine);
- all or none: an option such as "all of the above";
- negation: a question whose own text (quoted speech aside) turns on a negation ("not", "niet", "ikke") that
  is not emphasised.
The words and phrases per language are data: scripts/language/item_quality.yml.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from kb import frontmatter
from kb.markdown import selftest

ROOT = Path(__file__).resolve().parents[1]
PHRASES_FILE = ROOT / "scripts" / "language" / "item_quality.yml"
LONGEST_MARGIN = 4 / 3
MAX_KEY_SHARE = 0.40
MIN_QUESTIONS_FOR_KEY_SPREAD = 5
TRUE_SHARE = (0.35, 0.65)
EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
# Quoted speech in a scenario ("People like him don't …") is not the question's own negation.
QUOTED = re.compile(r'"[^"]*"|“[^”]*”|„[^“”]*[“”]|«[^»]*»|»[^«]*«|‘[^’]*’|(?<!\w)\'[^\']+\'(?!\w)')


@dataclass(frozen=True)
class Phrases:
    all_or_none: tuple[str, ...]
    negations: tuple[str, ...]


@lru_cache(maxsize=4)
def _phrases_file(path: Path) -> dict[str, Phrases]:
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
        return {language: Phrases(tuple(entry["all_or_none"]), tuple(entry["negations"]))
                for language, entry in data.items()}
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as error:
        raise selftest.SelfTestError(f"{path}: expected per language 'all_or_none' and 'negations' lists ({error})"
                                     ) from None


def phrases(language: str, path: Path = PHRASES_FILE) -> Phrases:
    found = _phrases_file(path).get(language)
    if found is None:
        raise selftest.SelfTestError(f"{path}: no entry for language '{language}'; add its phrases")
    return found


@dataclass
class Finding:
    location: str
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass
class Figures:
    """What the report counts for a set of self-tests."""
    choice_questions: int = 0          # single and case
    longest_is_right: int = 0          # the right option is the unique longest (by any margin)
    keys: Counter = field(default_factory=Counter)   # letter shown for the right answer of single and case
    written_keys: Counter = field(default_factory=Counter)  # the same letter by the order the author wrote
    true_false: int = 0
    true: int = 0
    findings: list[Finding] = field(default_factory=list)

    def add(self, other: Figures) -> None:
        self.choice_questions += other.choice_questions
        self.longest_is_right += other.longest_is_right
        self.keys.update(other.keys)
        self.written_keys.update(other.written_keys)
        self.true_false += other.true_false
        self.true += other.true
        self.findings += other.findings


def _visible_length(markdown: str) -> int:
    return len(" ".join(selftest.plain_text(markdown).split()))


def _words(text: str, words: tuple[str, ...]) -> list[str]:
    lowered = text.lower()
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w.lower())}(?!\w)", lowered)]


def check(test: selftest.SelfTest, language: str, where: str = "") -> Figures:
    """The figures and findings of one self-test. `where` names it when a question has no location."""
    words = phrases(language)
    figures = Figures()
    for q in test.questions:
        at = q.location or where
        if q.type in {"single", "case"}:
            figures.choice_questions += 1
            right = q.correct_ids()[0]
            lengths = {o.id: _visible_length(o.text) for o in q.options}
            longest_wrong = max(length for option, length in lengths.items() if option != right)
            if lengths[right] > longest_wrong:
                figures.longest_is_right += 1
                if lengths[right] > LONGEST_MARGIN * longest_wrong:
                    figures.findings.append(Finding(at, "longest", (
                        f"self-test '{test.id}', question '{q.id}': the right option is the longest by far "
                        f"({lengths[right]} characters, the longest wrong one {longest_wrong}); make the wrong "
                        "options as careful and as long")))
            figures.written_keys[selftest.LETTERS[[o.id for o in q.options].index(right)]] += 1
            figures.keys[dict((option, letter) for letter, option in selftest.displayed_letters(test, q.id))[right]] += 1
        if q.type == "truefalse":
            figures.true_false += 1
            figures.true += q.answer is True
        for option in q.options:
            found = _words(selftest.plain_text(option.text), words.all_or_none)
            if found:
                figures.findings.append(Finding(at, "all-or-none", (
                    f"self-test '{test.id}', question '{q.id}': option '{option.id}' says '{found[0]}'; "
                    "name the options instead (they are shown in shuffled order)")))
        bare = QUOTED.sub(" ", EMPHASIS.sub(" ", q.text.replace("`", "")))
        found = _words(bare, words.negations)
        if found:
            figures.findings.append(Finding(at, "negation", (
                f"self-test '{test.id}', question '{q.id}': the question turns on '{found[0]}'; emphasise it "
                f"(*{found[0]}*) or ask it the positive way")))
    start = test.questions[0].location if test.questions else where
    if figures.choice_questions >= MIN_QUESTIONS_FOR_KEY_SPREAD:
        letter, count = figures.keys.most_common(1)[0]
        if count > MAX_KEY_SHARE * figures.choice_questions:
            figures.findings.append(Finding(start, "key-position", (
                f"self-test '{test.id}': '{letter}' is the answer to {count} of {figures.choice_questions} "
                f"single-answer questions (at most {MAX_KEY_SHARE:.0%})")))
    if figures.true_false:
        share = figures.true / figures.true_false
        if not TRUE_SHARE[0] <= share <= TRUE_SHARE[1] and abs(2 * figures.true - figures.true_false) > 1:
            figures.findings.append(Finding(start, "true-share", (
                f"self-test '{test.id}': {figures.true} of {figures.true_false} true/false statements are true "
                f"({share:.0%}; keep it between {TRUE_SHARE[0]:.0%} and {TRUE_SHARE[1]:.0%})")))
    return figures


def collect(docs: Path) -> dict[str, Figures]:
    """Figures per language of every self-test under docs/<language>/."""
    result: dict[str, Figures] = {}
    for language_dir in sorted(p for p in docs.iterdir() if p.is_dir() and re.fullmatch(r"[a-z]{2}", p.name)):
        figures = result.setdefault(language_dir.name, Figures())
        for path in sorted(language_dir.rglob("*.md")):
            name = path.relative_to(docs.parent).as_posix()
            document = frontmatter.split(path.read_text("utf-8-sig"))  # its front matter shifts the lines
            offset, text = document.body_line, document.body
            for header, body_line, selftest_id, title, body in selftest.find_blocks(text, name):
                def where(line: int, header: int = header, body_line: int = body_line) -> str:
                    return f"{name}:{(header if line < 0 else body_line + line) + offset + 1}"

                test = selftest.parse(body, selftest_id, title, where)
                figures.add(check(test, language_dir.name, where(-1)))
    return result


def report(result: dict[str, Figures]) -> str:
    lines = []
    for language, f in result.items():
        keys = ", ".join(f"{letter} {f.keys[letter]}" for letter in sorted(f.keys))
        written = ", ".join(f"{letter} {f.written_keys[letter]}" for letter in sorted(f.written_keys))
        longest = f"{f.longest_is_right}/{f.choice_questions}" if f.choice_questions else "–"
        true = f"{f.true}/{f.true_false}" if f.true_false else "–"
        lines.append(f"{language}: right option longest {longest}; keys shown {keys or '–'} (as written {written or '–'}); "
                     f"true {true}; "
                     f"findings {len(f.findings)}")
        by_check = Counter(finding.check for finding in f.findings)
        if by_check:
            lines.append("    " + ", ".join(f"{name} {count}" for name, count in sorted(by_check.items())))
        lines.extend(f"    {finding}" for finding in f.findings)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="docs folder, one folder per language")
    args = parser.parse_args(argv)
    try:
        result = collect(args.docs)
    except selftest.SelfTestError as error:
        print(f"item_quality: {error}", file=sys.stderr)
        return 2
    if not result:
        print(f"item_quality: no language folders under {args.docs}", file=sys.stderr)
        return 2
    print(report(result))
    return 1 if any(f.findings for f in result.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
