#!/usr/bin/env python3
"""Export every self-test, per language, to Moodle GIFT, so an organisation can import the questions into its LMS.

    python3 scripts/export_selftests.py                         # writes exports/gift/<language>/<self-test>.gift
    python3 scripts/export_selftests.py --out DIR --site-url https://kb.example.org/
    python3 scripts/export_selftests.py --docs org/docs         # an organisation's own self-tests

Each question keeps its feedback per option and its explanation (as general feedback). Question text is
Markdown ([markdown] format). With --site-url, the explanation ends with a link to the page that teaches it.
One file per self-test, plus all.gift per language with a $CATEGORY line per self-test.
"""

from __future__ import annotations

import argparse
import posixpath
import re
import sys
from pathlib import Path

from kb import languages
from kb.markdown import selftest

ROOT = Path(__file__).resolve().parents[1]

GIFT_SPECIAL = re.compile(r"([~=#{}:\\])")
# Moodle accepts only these percentages for answers in GIFT.
MOODLE_WEIGHTS = [100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571,
                  12.5, 11.11111, 10, 5]


def escape(text: str) -> str:
    """GIFT escaping of ~ = # { } : and the backslash; line breaks become spaces (one line per answer)."""
    return GIFT_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def weight(share: float) -> str:
    closest = min(MOODLE_WEIGHTS, key=lambda w: abs(w - share))
    if abs(closest - share) > 0.01:
        raise ValueError(f"{share}% is not a weight Moodle accepts")
    return f"{closest:.5f}".rstrip("0").rstrip(".")


def page_url(site_url: str, page: Path, docs: Path, see: str) -> str:
    """The published address of a `see:` link from `page`, as MkDocs builds it (directory URLs, language folder)."""
    if re.match(r"^(https?:|mailto:)", see):
        return see
    target = Path(posixpath.normpath((page.parent / see.split("#")[0]).relative_to(docs).as_posix()))
    language, rest = target.parts[0], Path(*target.parts[1:])
    folder = rest.parent if rest.name == "index.md" else rest.with_suffix("")
    prefix = languages.site().prefix(language)
    path = f"{prefix}{folder.as_posix()}/".replace("./", "") if folder.as_posix() != "." else prefix
    return f"{site_url.rstrip('/')}/{path}"


def question_gift(test: selftest.SelfTest, q: selftest.Question, more: str) -> str:
    general = escape(q.explanation + (f" {more}" if more else ""))
    text = (escape(q.scenario) + "\n\n" if q.scenario else "") + escape(q.text)
    head = f"::{escape(test.id)}/{escape(q.id)}::[markdown]{text}"

    def feedback(option: selftest.Option) -> str:
        return f"#{escape(option.feedback)}" if option.feedback else ""

    if q.type in {"single", "case"}:
        answers = [f"\t{'=' if o.id in q.correct_ids() else '~'}{escape(o.text)}{feedback(o)}" for o in q.options]
    elif q.type == "multiple":
        right = weight(100 / len(q.correct_ids()))
        answers = [f"\t~%{right if o.id in q.correct_ids() else '-100'}%{escape(o.text)}{feedback(o)}"
                   for o in q.options]
    elif q.type == "truefalse":
        answers = [f"\t{'TRUE' if q.answer else 'FALSE'}"]
    else:
        answers = [f"\t={escape(left)} -> {escape(right)}" for left, right in q.pairs]
    return head + " {\n" + "\n".join(answers) + f"\n\t####{general}\n}}\n"


def export(docs: Path, out: Path, site_url: str = "") -> dict[str, list[Path]]:
    written: dict[str, list[Path]] = {}
    for language_dir in sorted(p for p in docs.iterdir() if p.is_dir() and re.fullmatch(r"[a-z]{2}", p.name)):
        language = language_dir.name
        chunks = []
        for path in sorted(language_dir.rglob("*.md")):
            text = path.read_text("utf-8")
            name = str(path.relative_to(docs.parent))
            for header, body_line, selftest_id, title, body in selftest.find_blocks(text, name):
                def where(line: int, path=path, header=header, body_line=body_line) -> str:
                    return f"{path.relative_to(docs.parent)}:{(header if line < 0 else body_line + line) + 1}"

                test = selftest.parse(body, selftest_id, title, where)
                questions = []
                for q in test.questions:
                    more = f"{page_url(site_url, path, docs, q.see)}" if site_url and q.see else ""
                    questions.append(question_gift(test, q, more))
                content = (f"// {title or test.id} — {path.relative_to(docs)}\n"
                           f"// Exported from the recovery-oriented care knowledge base (CC BY-SA 4.0).\n\n"
                           + "\n".join(questions))
                target = out / language / f"{test.id}.gift"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(content, "utf-8")
                written.setdefault(language, []).append(target)
                chunks.append(f"$CATEGORY: $course$/{test.id}\n\n" + "\n".join(questions))
        if chunks:
            (out / language / "all.gift").write_text("\n".join(chunks), "utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="docs folder, one folder per language")
    parser.add_argument("--out", type=Path, default=ROOT / "exports" / "gift", help="where to write the files")
    parser.add_argument("--site-url", default="", help="published address, to link each explanation to its page")
    args = parser.parse_args(argv)
    try:
        written = export(args.docs, args.out, args.site_url)
    except selftest.SelfTestError as error:
        print(f"export_selftests: {error}", file=sys.stderr)
        return 1
    for language, files in written.items():
        print(f"{language}: {len(files)} self-tests → {args.out / language}")
    if not written:
        print(f"export_selftests: no self-tests found under {args.docs}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
