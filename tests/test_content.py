"""The curriculum's content: complete in four languages, aligned, in our own words, in respectful language."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from conftest import LANGUAGES, ROOT

DOCS = ROOT / "docs"
SEEDS = ROOT.parent / "shared" / "seeds"
FORBIDDEN = yaml.safe_load((ROOT / "scripts" / "language" / "forbidden_terms.yml").read_text("utf-8"))
MODULES = ["recovery", "strengths-model", "self-direction", "informal-caregivers", "community",
           "learning-circles", "organisations"]
FIGURES = {"recovery": "chime.svg", "informal-caregivers": "sofa-model.svg", "community": "onion-model.svg",
           "learning-circles": "learning-cycle.svg"}
SHARED_PAGES = ["index.md", "how-to-use.md", "glossary.md", "sources.md", "about.md", "privacy.md", "progress.md"]
NOT_TOPICS = {"index.md", "case.md", "self-test.md", "workshop.md", "country-context.md", "deck.md"}
COUNTRY_PAGE = "country-context.md"  # law, guidance, services and numbers per country: reference, not a topic
COUNTRY_MODULES = ["recovery", "informal-caregivers", "self-direction", "community", "organisations"]
SEED_RUN = 10  # words in a row that may not be shared with a seed text

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
FENCE = re.compile(r"^```.*?^```", re.S | re.M)
HEADING = re.compile(r"^(#{2,6}) ", re.M)
LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def english_pages() -> list[str]:
    return sorted(p.relative_to(DOCS / "en").as_posix() for p in (DOCS / "en").rglob("*.md"))


def source(language: str, page: str) -> str:
    return FRONT_MATTER.sub("", (DOCS / language / page).read_text("utf-8"), count=1)


def words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", text.lower())


def prose(markdown: str) -> str:
    """Markdown without link targets, HTML tags and attribute lists: the words a reader sees."""
    text = re.sub(r"\]\([^)]*\)", "]", markdown)
    text = re.sub(r"<[^>]+>|\{[^}]*\}", " ", text)
    return text


def test_every_module_has_overview_topics_and_case_in_every_language():
    for module in MODULES:
        pages = sorted(p.name for p in (DOCS / "en" / "modules" / module).glob("*.md"))
        topics = [p for p in pages if p not in NOT_TOPICS]
        assert {"index.md", "case.md", "self-test.md"} <= set(pages), module
        assert 3 <= len(topics) <= 6, f"{module}: {len(topics)} topic pages"
        for language in LANGUAGES[1:]:
            translated = sorted(p.name for p in (DOCS / language / "modules" / module).glob("*.md"))
            assert translated == pages, f"{language}/{module}: {sorted(set(pages) ^ set(translated))}"


def test_shared_pages_exist_in_every_language():
    for language in LANGUAGES:
        for page in SHARED_PAGES:
            assert (DOCS / language / page).exists(), f"{language}/{page}"


@pytest.mark.parametrize("module", MODULES)
def test_english_topic_pages_are_400_to_900_words(module):
    for page in (DOCS / "en" / "modules" / module).glob("*.md"):
        if page.name in NOT_TOPICS:
            continue
        count = len(words(prose(source("en", page.relative_to(DOCS / "en").as_posix()))))
        assert 400 <= count <= 900, f"{page.relative_to(ROOT)}: {count} words"


@pytest.mark.parametrize("module", COUNTRY_MODULES)
def test_english_country_pages_have_one_section_per_country(module):
    """Three countries, each a level-2 section; long enough to be useful, short enough to read on a phone."""
    text = source("en", f"modules/{module}/{COUNTRY_PAGE}")
    assert len(re.findall(r"^## ", text, re.MULTILINE)) == 3, f"{module}/{COUNTRY_PAGE}: expected three country sections"
    count = len(words(prose(text)))
    assert 400 <= count <= 1500, f"{module}/{COUNTRY_PAGE}: {count} words"


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_translations_line_up_with_english(language):
    """Same headings (count and level, in order) and the same internal link targets as the English page."""
    problems = []
    for page in english_pages():
        if not (DOCS / language / page).exists():
            continue
        english, translated = source("en", page), source(language, page)
        english_headings = HEADING.findall(FENCE.sub("", english))
        translated_headings = HEADING.findall(FENCE.sub("", translated))
        if english_headings != translated_headings:
            problems.append(f"{language}/{page}: headings {translated_headings} ≠ English {english_headings}")

        def targets(text):
            return Counter(t.split("#")[0] for t in LINK.findall(text)
                           if not re.match(r"^(https?:|mailto:|#)", t))

        if targets(english) != targets(translated):
            problems.append(f"{language}/{page}: links differ from English: "
                            f"{sorted((targets(translated) - targets(english)).elements())} extra, "
                            f"{sorted((targets(english) - targets(translated)).elements())} missing")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("module,figure", sorted(FIGURES.items()))
def test_figures_exist_per_language_with_a_title_and_text_alternative(module, figure):
    for language in LANGUAGES:
        svg = DOCS / language / "modules" / module / figure
        assert svg.exists(), svg
        text = svg.read_text("utf-8")
        assert "<title" in text and "<script" not in text and "http://" not in text.replace(
            "http://www.w3.org/", ""), svg
        pages = [p for p in (svg.parent).glob("*.md") if f"]({figure})" in p.read_text("utf-8")]
        assert pages, f"{svg}: no page shows it"
        assert re.search(rf"!\[[^\]]{{10,}}\]\({re.escape(figure)}\)", pages[0].read_text("utf-8")), \
            f"{pages[0]}: figure without a meaningful alt text"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_forbidden_terms(language):
    patterns = [(re.compile(rf"(?<![\w-])(?:{entry['pattern']})(?![\w-])", re.I), entry) for entry in FORBIDDEN[language]]
    found = []
    for path in sorted((DOCS / language).rglob("*.md")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            for pattern, entry in patterns:
                for match in pattern.finditer(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: '{match.group(0)}' → write '{entry['instead']}'")
    assert not found, "\n".join(found)


def test_no_run_of_ten_words_from_a_seed_text():
    seeds = sorted(SEEDS.glob("*.txt"))
    assert seeds, f"no seed texts in {SEEDS}"
    runs = {}
    for seed in seeds:
        seed_words = words(seed.read_text("utf-8"))
        for i in range(len(seed_words) - SEED_RUN + 1):
            runs.setdefault(tuple(seed_words[i:i + SEED_RUN]), seed.name)
    found = []
    for path in sorted(DOCS.rglob("*.md")):
        page_words = words(prose(path.read_text("utf-8")))
        for i in range(len(page_words) - SEED_RUN + 1):
            run = tuple(page_words[i:i + SEED_RUN])
            if run in runs:
                found.append(f"{path.relative_to(ROOT)}: '{' '.join(run)}' (seed {runs[run]})")
    assert not found, "\n".join(found)
