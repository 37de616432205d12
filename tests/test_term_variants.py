"""One rendering per concept per language: a term's known variants (scripts/language/term_variants/<lang>.yml)
never appear in docs/<lang>/, except once in the glossary's "(not: …)" note."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import LANGUAGES, ROOT

DOCS = ROOT / "docs"
VARIANTS = ROOT / "scripts" / "language" / "term_variants"
INFLECTIONS = VARIANTS / "inflections.yml"
MIN_INFLECTED_WORD = 3  # shorter words ("et", "en", "de") are matched exactly as written


@dataclass(frozen=True)
class Variant:
    preferred: str
    text: str
    pattern: re.Pattern[str]


def variant_pattern(phrase: str, endings: list[str]) -> re.Pattern[str]:
    """Whole words, case-insensitive, any whitespace between words, an optional ending on each longer word."""
    ending = "(?:" + "|".join(re.escape(e) for e in sorted(endings, key=len, reverse=True)) + ")?" if endings else ""
    words = [re.escape(w) + (ending if len(w) >= MIN_INFLECTED_WORD else "") for w in phrase.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?![\w-])", re.IGNORECASE)


def load_variants(language: str, path: Path | None = None) -> list[Variant]:
    """The variants for one language; a malformed file fails with one line naming it."""
    path = path or VARIANTS / f"{language}.yml"
    settings = yaml.safe_load(INFLECTIONS.read_text("utf-8")).get(language, {})
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    if not isinstance(data, dict):
        pytest.fail(f"{where}: expected {{preferred term: [variant, ...]}}")
    variants = []
    for preferred, listed in data.items():
        if not isinstance(preferred, str) or not isinstance(listed, list) or not all(
                isinstance(v, str) and v.strip() for v in listed):
            pytest.fail(f"{where}: '{preferred}': expected a list of variant strings")
        for text in listed:
            pattern = variant_pattern(text, settings.get("endings", []))
            if pattern.fullmatch(preferred):
                pytest.fail(f"{where}: '{text}' would also forbid its own preferred term '{preferred}'")
            variants.append(Variant(preferred, text, pattern))
    return variants


INLINE_CODE = re.compile(r"`[^`\n]+`")


def find_variants(language: str, variants: list[Variant], docs: Path) -> list[str]:
    """file:line lines for every variant in docs/<language>/, allowing one mention per variant in the glossary's note."""
    marker = yaml.safe_load(INFLECTIONS.read_text("utf-8")).get(language, {}).get("glossary_marker")
    found = []
    for path in sorted((docs / language).rglob("*.md")):
        # Inline code holds identifiers (question ids like `evidence-for-mental-health`), not prose: blank it out,
        # keeping offsets so that line numbers stay right.
        text = INLINE_CODE.sub(lambda m: " " * len(m.group(0)), path.read_text("utf-8"))
        lines = text.splitlines()
        for variant in variants:
            allowed = 1 if path.name == "glossary.md" and path.parent == docs / language and marker else 0
            for match in variant.pattern.finditer(text):
                number = text.count("\n", 0, match.start()) + 1
                column = match.start() - (text.rfind("\n", 0, match.start()) + 1)
                if allowed and marker.lower() in lines[number - 1][:column].lower():
                    allowed -= 1
                    continue
                found.append(f"{path.relative_to(docs.parent)}:{number}: '{' '.join(match.group(0).split())}' → write "
                             f"'{variant.preferred}'")
    return found


LANGUAGES_WITH_VARIANTS = [lang for lang in LANGUAGES if (VARIANTS / f"{lang}.yml").exists()]


def test_variant_files_are_for_known_languages():
    unknown = sorted(p.stem for p in VARIANTS.glob("*.yml") if p.stem not in {*LANGUAGES, "inflections"})
    assert not unknown, f"{VARIANTS.relative_to(ROOT)}: files for unknown languages {unknown}"


@pytest.mark.parametrize("language", LANGUAGES_WITH_VARIANTS)
def test_no_term_variants(language):
    found = find_variants(language, load_variants(language), DOCS)
    assert not found, "\n".join(found)


def test_variants_are_found_with_endings_across_lines_and_named_by_file_and_line(tmp_path):
    (tmp_path / "docs" / "nb").mkdir(parents=True)
    page = tmp_path / "docs" / "nb" / "side.md"
    page.write_text("# Side\n\nHun har en nære\nrelasjoner til ham. Nærhet er noe annet.\n", "utf-8")
    variants = [Variant("personlig relasjon", "nær relasjon", variant_pattern("nær relasjon", ["e", "er"]))]
    assert find_variants("nb", variants, tmp_path / "docs") == [
        "docs/nb/side.md:3: 'nære relasjoner' → write 'personlig relasjon'"]


def test_the_glossary_may_name_a_variant_once_after_its_marker(tmp_path):
    (tmp_path / "docs" / "en").mkdir(parents=True)
    glossary = tmp_path / "docs" / "en" / "glossary.md"
    glossary.write_text("care worker\n:   A worker (not: helper).\n\nAnother helper here.\n", "utf-8")
    variants = [Variant("worker", "helper", variant_pattern("helper", ["s"]))]
    assert find_variants("en", variants, tmp_path / "docs") == ["docs/en/glossary.md:4: 'helper' → write 'worker'"]


def test_a_variant_that_forbids_its_own_term_is_refused(tmp_path):
    bad = tmp_path / "en.yml"
    bad.write_text("helpers: [helper]\n", "utf-8")
    with pytest.raises(pytest.fail.Exception, match="would also forbid its own preferred term"):
        load_variants("en", bad)
