#!/usr/bin/env python3
"""Translation status: for every page in the default language, is each language's version translated, missing
or stale? The languages and the default (the source of translations) are read from the config (kb/languages.py):
English for our site, Norwegian for an organisation whose default is nb.

A translation records the source text it was made from as a hash in its front matter:

    ---
    translated_from: 3f2a9c1d0b7e
    ---

When the source page changes, the hash no longer matches and the translation is reported **stale**.

    python3 scripts/translation_status.py                      # table for docs/
    python3 scripts/translation_status.py --strict             # exit 1 if any page is missing or stale (CI)
    python3 scripts/translation_status.py --write-page docs/en/translation-status.md
    python3 scripts/translation_status.py stamp docs/nl/modules/recovery/chime.md   # after updating a translation
    python3 scripts/translation_status.py stamp --all          # record the current source text for every translation
    python3 scripts/translation_status.py --docs org/docs --config org/mkdocs.yml   # an organisation's own pages
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

from kb import frontmatter, languages

ROOT = Path(__file__).resolve().parents[1]
HASH_KEY = "translated_from"
HASH_LENGTH = 12
HASH_LINE = re.compile(rf"^{HASH_KEY}:\s*([0-9a-f]+)\s*$", re.M)
STATES = ("translated", "missing", "stale")


def body(text: str) -> str:
    """The page without its front matter, trailing whitespace normalised: what a translator translates."""
    text = frontmatter.split(text).body
    return "\n".join(line.rstrip() for line in text.strip().splitlines()) + "\n"


def source_hash(original: Path) -> str:
    return hashlib.sha256(body(original.read_text("utf-8")).encode()).hexdigest()[:HASH_LENGTH]


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


def translations_in(docs: Path, site: languages.Languages) -> list[str]:
    """The config's languages other than the default that have a folder in `docs`, sorted."""
    return sorted(code for code in site.others if (docs / code).is_dir())


def check(docs: Path, targets: list[str], site: languages.Languages | None = None) -> list[Status]:
    site = site or languages.site()
    source, source_name = site.default, site.names.get(site.default, site.default)
    results = []
    for original in sorted((docs / source).rglob("*.md")):
        page = original.relative_to(docs / source).as_posix()
        current = source_hash(original)
        for language in targets:
            translation = docs / language / page
            recorded = recorded_hash(translation) if translation.exists() else None
            if not translation.exists():
                results.append(Status(page, language, "missing", f"no file; readers see the {source_name} page"))
            elif recorded is None:
                results.append(Status(page, language, "stale", f"no '{HASH_KEY}' in its front matter"))
            elif recorded != current:
                results.append(Status(page, language, "stale",
                                      f"made from {source_name} {recorded}, {source_name} is now {current}"))
            else:
                results.append(Status(page, language, "translated", ""))
    return results


def table(results: list[Status], targets: list[str], markdown: bool = False) -> str:
    pages = sorted({r.page for r in results})
    state = {(r.page, r.language): r.state for r in results}
    header = ["page", *targets]
    rows = [[page, *(state[(page, language)] for language in targets)] for page in pages]
    totals = ["total translated", *(f"{sum(state[(p, code)] == 'translated' for p in pages)}/{len(pages)}"
                                    for code in targets)]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
        lines += ["| " + " | ".join(f"`{r[0]}`" if i == 0 else c for i, c in enumerate(r)) + " |" for r in rows]
        lines.append("| " + " | ".join(f"**{c}**" for c in totals) + " |")
        return "\n".join(lines)
    widths = [max(len(str(row[i])) for row in [header, *rows, totals]) for i in range(len(header))]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join(fmt.format(*row) for row in [header, *rows, totals])


class StampError(ValueError):
    """A file `stamp` refuses, with a sentence naming it."""


def stamp(translation: Path, docs: Path, site: languages.Languages | None = None) -> str:
    """Record the current source page's hash in a translation's front matter; return the hash.
    A page in the default language is the source itself: nothing is written to it."""
    site = site or languages.site()
    try:
        relative = translation.resolve().relative_to(docs.resolve())
    except ValueError:
        raise StampError(f"{translation} is not under the docs folder {docs}") from None
    language_folder, page = relative.parts[0], Path(*relative.parts[1:])
    if language_folder == site.default:
        raise StampError(f"{translation} is in the default language ({site.default}), the source of the "
                         "translations; stamp a translation instead (nothing was written)")
    if language_folder not in site.others:
        raise StampError(f"{translation}: '{language_folder}' is not a language of the site "
                         f"({', '.join(site.codes)})")
    if not translation.is_file():
        raise StampError(f"{translation} does not exist")
    original = docs / site.default / page
    if not original.exists():
        raise StampError(f"{translation}: no page {original} in the default language to record")
    current = source_hash(original)
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
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml",
                        help="the site's config, for its languages and default (an organisation's mkdocs.yml)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any page is missing or stale")
    parser.add_argument("--write-page", type=Path, metavar="FILE", help="also write the table as a Markdown page")
    parser.add_argument("command", nargs="?", choices=["stamp"],
                        help="stamp: record the source text of translations")
    parser.add_argument("files", nargs="*", type=Path, help="with stamp: the translations to stamp")
    parser.add_argument("--all", action="store_true", help="with stamp: every existing translation")
    args = parser.parse_args(argv)
    docs = args.docs
    if not args.config.is_file():
        print(f"translation_status: --config {args.config} is not a file; name the site's mkdocs.yml",
              file=sys.stderr)
        return 2
    try:
        site = languages.from_config_file(args.config)
    except PluginError as error:
        print(f"translation_status: {error}", file=sys.stderr)
        return 2
    if not (docs / site.default).is_dir():
        print(f"translation_status: --docs {docs} has no folder {site.default}/ for the default language "
              f"({site.default}, from {args.config})", file=sys.stderr)
        return 2
    targets = translations_in(docs, site)

    if args.command == "stamp":
        files = args.files or ([docs / r.language / r.page for r in check(docs, targets, site)
                                if r.state != "missing"] if args.all else [])
        if not files:
            print("translation_status: stamp needs files or --all", file=sys.stderr)
            return 2
        try:
            for translation in files:
                print(f"{translation}: {HASH_KEY} {stamp(translation, docs, site)}")
        except StampError as error:
            print(f"translation_status: {error}", file=sys.stderr)
            return 2
        return 0

    results = check(docs, targets, site)
    print(table(results, targets))
    problems = [r for r in results if r.state != "translated"]
    for problem in problems:
        print(problem.message())
    if args.write_page:
        try:
            args.write_page.write_text("# Translation status\n\n" + table(results, targets, markdown=True) + "\n",
                                       "utf-8")
        except OSError as error:
            print(f"translation_status: cannot write --write-page {args.write_page}: {error.strerror}",
                  file=sys.stderr)
            return 2
    if args.strict and problems:
        print(f"translation_status: {len(problems)} page(s) missing or stale", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
