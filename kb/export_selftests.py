#!/usr/bin/env python3
"""Export every self-test, per language, for an LMS: Moodle GIFT, or IMS QTI 2.1 packages (itslearning, Canvas,
Blackboard, Brightspace import QTI).

    python3 scripts/export_selftests.py                         # writes exports/gift/<language>/<self-test>.gift
    python3 scripts/export_selftests.py --format qti            # writes exports/qti/<language>/<self-test>.zip
    python3 scripts/export_selftests.py --out DIR --site-url https://kb.example.org/
    python3 scripts/export_selftests.py --docs org/docs --config org/mkdocs.yml   # an organisation's own

Each question keeps its feedback per option and its explanation (as general feedback). Question text is
Markdown ([markdown] format). With --site-url, the explanation ends with a link to the page that teaches it.
One file per self-test, plus all.gift per language with a $CATEGORY line per self-test. QTI: one zip per
self-test (imsmanifest.xml, the test, one item per question; kb/qti.py says how each question type maps).
Languages and the default (served at the site's root) come from the config (kb/languages.py). The files are
written to a temporary folder beside --out and moved into place per language: nothing half-written.
"""

from __future__ import annotations

import argparse
import os
import posixpath
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from mkdocs.exceptions import PluginError

from kb import languages, qti, ui_strings
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


def page_url(site_url: str, page: Path, docs: Path, see: str, site: languages.Languages | None = None) -> str:
    """The published address of a `see:` link from `page`, as MkDocs builds it (directory URLs, language folder)."""
    if re.match(r"^(https?:|mailto:)", see):
        return see
    target = Path(posixpath.normpath((page.parent / see.split("#")[0]).relative_to(docs).as_posix()))
    language, rest = target.parts[0], Path(*target.parts[1:])
    folder = rest.parent if rest.name == "index.md" else rest.with_suffix("")
    prefix = (site or languages.site()).prefix(language)
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


def self_tests(docs: Path, site: languages.Languages) -> Iterator[tuple[str, Path, selftest.SelfTest]]:
    """(language, page, self-test) for every self-test in the site's languages that have a folder in `docs`."""
    for language in (code for code in site.codes if (docs / code).is_dir()):
        for path in sorted((docs / language).rglob("*.md")):
            text = path.read_text("utf-8")
            name = str(path.relative_to(docs.parent))
            for header, body_line, selftest_id, title, body in selftest.find_blocks(text, name):
                def where(line: int, path=path, header=header, body_line=body_line) -> str:
                    return f"{path.relative_to(docs.parent)}:{(header if line < 0 else body_line + line) + 1}"

                yield language, path, selftest.parse(body, selftest_id, title, where)


def export(docs: Path, out: Path, site_url: str = "", site: languages.Languages | None = None
           ) -> dict[str, list[Path]]:
    """GIFT files for every self-test in the site's languages that have a folder in `docs`."""
    site = site or languages.site()
    written: dict[str, list[Path]] = {}
    chunks: dict[str, list[str]] = {}
    for language, path, test in self_tests(docs, site):
        questions = []
        for q in test.questions:
            more = f"{page_url(site_url, path, docs, q.see, site)}" if site_url and q.see else ""
            questions.append(question_gift(test, q, more))
        content = (f"// {test.title or test.id} — {path.relative_to(docs)}\n"
                   f"// Exported from the recovery-oriented care knowledge base (CC BY-SA 4.0).\n\n"
                   + "\n".join(questions))
        target = out / language / f"{test.id}.gift"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, "utf-8")
        written.setdefault(language, []).append(target)
        chunks.setdefault(language, []).append(f"$CATEGORY: $course$/{test.id}\n\n" + "\n".join(questions))
    for language, parts in chunks.items():
        (out / language / "all.gift").write_text("\n".join(parts), "utf-8")
    return written


def export_qti(docs: Path, out: Path, site_url: str = "", site: languages.Languages | None = None
               ) -> dict[str, list[Path]]:
    """An IMS QTI 2.1 package (zip) for every self-test in the site's languages that have a folder in `docs`."""
    site = site or languages.site()
    written: dict[str, list[Path]] = {}
    for language, path, test in self_tests(docs, site):
        ui = ui_strings.for_language(language, site.default)
        labels = qti.Labels(true=ui["selftest.true"], false=ui["selftest.false"], more=ui["selftest.read_more"])
        more = {q.id: page_url(site_url, path, docs, q.see, site) for q in test.questions if site_url and q.see}
        target = qti.write_package(out / language / f"{test.id}.zip", test, language, labels, more)
        written.setdefault(language, []).append(target)
    return written


FORMATS = {"gift": export, "qti": export_qti}


def check_arguments(docs: Path, out: Path, config: Path) -> str | None:
    """Why these arguments cannot work, in one line; None when they can."""
    if not config.is_file():
        return f"--config {config} is not a file; name the site's mkdocs.yml (or an organisation's)"
    if not docs.is_dir():
        return f"--docs {docs} is not a folder; name the docs folder with one folder per language"
    if out.exists() and not out.is_dir():
        return f"--out {out} is a file; name a folder to write the exports in"
    parent = out if out.is_dir() else out.parent
    if not parent.is_dir():
        return f"--out {out}: the folder {parent} does not exist"
    try:  # os.access says yes to root even on a read-only file system: try it
        with tempfile.TemporaryFile(dir=parent):
            pass
    except OSError as error:
        return f"--out {out}: cannot write in {parent}: {error.strerror}"
    return None


def export_whole(docs: Path, out: Path, site_url: str, site: languages.Languages, format: str = "gift"
                 ) -> dict[str, list[Path]]:
    """The export into a folder beside `out`, then each language's folder moved into `out` in one step."""
    out.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".export-", dir=out))
    try:
        staged = FORMATS[format](docs, staging, site_url, site)
        written: dict[str, list[Path]] = {}
        for language, files in staged.items():
            final = out / language
            if final.exists():
                shutil.rmtree(final)
            os.replace(staging / language, final)
            written[language] = [final / path.relative_to(staging / language) for path in files]
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="docs folder, one folder per language")
    parser.add_argument("--format", choices=sorted(FORMATS), default="gift",
                        help="gift (Moodle) or qti (IMS QTI 2.1 packages); default gift")
    parser.add_argument("--out", type=Path, help="where to write the files (default exports/<format>)")
    parser.add_argument("--site-url", default="", help="published address, to link each explanation to its page")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml",
                        help="the site's config, for its languages and default (an organisation's mkdocs.yml)")
    args = parser.parse_args(argv)
    if args.out is None:
        args.out = ROOT / "exports" / args.format
        args.out.parent.mkdir(exist_ok=True)
    problem = check_arguments(args.docs, args.out, args.config)
    if args.site_url and not re.match(r"^https?://[^/\s]+", args.site_url):
        problem = f"--site-url {args.site_url!r} is not a web address; give it with its scheme, like https://kb.example.org/"
    if problem:
        print(f"export_selftests: {problem}", file=sys.stderr)
        return 2
    try:
        site = languages.from_config_file(args.config)
        written = export_whole(args.docs, args.out, args.site_url, site, args.format)
    except (selftest.SelfTestError, PluginError) as error:
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
