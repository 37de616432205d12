#!/usr/bin/env python3
"""Translation status: for every English page, is each language's version translated, missing or stale?

A translation records the English text it was made from as a hash in its front matter:

    ---
    translated_from: 3f2a9c1d0b7e
    ---

When the English page changes, the hash no longer matches and the translation is reported **stale**.

    python3 scripts/translation_status.py                      # table for docs/
    python3 scripts/translation_status.py --strict             # exit 1 if any page is missing or stale (CI)
    python3 scripts/translation_status.py --write-page docs/en/translation-status.md
    python3 scripts/translation_status.py stamp docs/nl/modules/recovery/chime.md   # after updating a translation
    python3 scripts/translation_status.py stamp --all          # record the current English text for every translation
    python3 scripts/translation_status.py --docs org/docs      # an organisation's own pages
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from kb import frontmatter, languages

ROOT = Path(__file__).resolve().parents[1]
SOURCE_LANGUAGE = languages.site().default  # translations are made from the default language
HASH_KEY = "translated_from"
HASH_LENGTH = 12
HASH_LINE = re.compile(rf"^{HASH_KEY}:\s*([0-9a-f]+)\s*$", re.M)
STATES = ("translated", "missing", "stale")


def body(text: str) -> str:
    """The page without its front matter, trailing whitespace normalised: what a translator translates."""
    text = frontmatter.split(text).body
    return "\n".join(line.rstrip() for line in text.strip().splitlines()) + "\n"


def source_hash(english: Path) -> str:
    return hashlib.sha256(body(english.read_text("utf-8")).encode()).hexdigest()[:HASH_LENGTH]


def recorded_hash(translation: Path) -> str | None:
    # Read as written: YAML would make a hash of digits only ("000000000000") a number.
    found = HASH_LINE.search(frontmatter.read(translation).front)
    return found.group(1) if found else None


@dataclass(frozen=True)
class Status:
    page: str          # path below the language folder, e.g. "modules/recovery/chime.md"
    language: str
    state: str         # one of STATES
    detail: str

    def message(self) -> str:
        return f"{self.language}/{self.page}: {self.state}" + (f" ({self.detail})" if self.detail else "")


def languages_in(docs: Path) -> list[str]:
    return sorted(p.name for p in docs.iterdir() if p.is_dir() and re.fullmatch(r"[a-z]{2}", p.name)
                  and p.name != SOURCE_LANGUAGE)


def check(docs: Path, languages: list[str]) -> list[Status]:
    results = []
    for english in sorted((docs / SOURCE_LANGUAGE).rglob("*.md")):
        page = english.relative_to(docs / SOURCE_LANGUAGE).as_posix()
        current = source_hash(english)
        for language in languages:
            translation = docs / language / page
            recorded = recorded_hash(translation) if translation.exists() else None
            if not translation.exists():
                results.append(Status(page, language, "missing", "no file; readers see the English page"))
            elif recorded is None:
                results.append(Status(page, language, "stale", f"no '{HASH_KEY}' in its front matter"))
            elif recorded != current:
                results.append(Status(page, language, "stale",
                                      f"made from English {recorded}, English is now {current}"))
            else:
                results.append(Status(page, language, "translated", ""))
    return results


def table(results: list[Status], languages: list[str], markdown: bool = False) -> str:
    pages = sorted({r.page for r in results})
    state = {(r.page, r.language): r.state for r in results}
    header = ["page", *languages]
    rows = [[page, *(state[(page, language)] for language in languages)] for page in pages]
    totals = ["total translated", *(f"{sum(state[(p, l)] == 'translated' for p in pages)}/{len(pages)}"
                                    for l in languages)]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
        lines += ["| " + " | ".join(f"`{r[0]}`" if i == 0 else c for i, c in enumerate(r)) + " |" for r in rows]
        lines.append("| " + " | ".join(f"**{c}**" for c in totals) + " |")
        return "\n".join(lines)
    widths = [max(len(str(row[i])) for row in [header, *rows, totals]) for i in range(len(header))]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join(fmt.format(*row) for row in [header, *rows, totals])


def stamp(translation: Path, docs: Path) -> str:
    """Record the current English hash in a translation's front matter; return the hash."""
    language_folder = translation.resolve().relative_to(docs.resolve()).parts[0]
    page = translation.resolve().relative_to((docs / language_folder).resolve())
    english = docs / SOURCE_LANGUAGE / page
    if not english.exists():
        raise SystemExit(f"translation_status: {translation}: no English page {english} to record")
    current = source_hash(english)
    document = frontmatter.read(translation)
    front, body = document.front, document.body
    if not document.meta:
        text = f"---\n{HASH_KEY}: {current}\n---\n{front}{body}"
    elif HASH_LINE.search(front):
        text = HASH_LINE.sub(f"{HASH_KEY}: {current}", front, count=1) + body
    else:
        # Insert the line before the closing delimiter of the front matter MkDocs read.
        opening, rest = front.split("\n", 1)
        text = f"{opening}\n{HASH_KEY}: {current}\n{rest}{body}"
    translation.write_text(text, "utf-8")
    return current


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="docs folder with one folder per language")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any page is missing or stale")
    parser.add_argument("--write-page", type=Path, metavar="FILE", help="also write the table as a Markdown page")
    parser.add_argument("command", nargs="?", choices=["stamp"], help="stamp: record the English text of translations")
    parser.add_argument("files", nargs="*", type=Path, help="with stamp: the translations to stamp")
    parser.add_argument("--all", action="store_true", help="with stamp: every existing translation")
    args = parser.parse_args(argv)
    docs = args.docs
    if not (docs / SOURCE_LANGUAGE).is_dir():
        print(f"translation_status: {docs}/{SOURCE_LANGUAGE} not found", file=sys.stderr)
        return 2
    languages = languages_in(docs)

    if args.command == "stamp":
        targets = args.files or ([docs / r.language / r.page for r in check(docs, languages) if r.state != "missing"]
                                 if args.all else [])
        if not targets:
            print("translation_status: stamp needs files or --all", file=sys.stderr)
            return 2
        for translation in targets:
            print(f"{translation}: {HASH_KEY} {stamp(translation, docs)}")
        return 0

    results = check(docs, languages)
    print(table(results, languages))
    problems = [r for r in results if r.state != "translated"]
    for problem in problems:
        print(problem.message())
    if args.write_page:
        args.write_page.write_text("# Translation status\n\n" + table(results, languages, markdown=True) + "\n", "utf-8")
    if args.strict and problems:
        print(f"translation_status: {len(problems)} page(s) missing or stale", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
