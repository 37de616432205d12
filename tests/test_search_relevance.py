"""Search relevance (issue 13): synonyms and variants, ranking, and the relevance set run in chromium.

The relevance set (scripts/language/search_queries/<language>.yml) is typed into Material's search box on the
built site; each language must put the expected page in the top 3 for ≥ 90 % of its queries and in the top 5
for all. `python3 scripts/search_relevance.py -v` prints the same figures with every query's results."""

from __future__ import annotations

import json
import re

import markdown
import pytest

from conftest import LANGUAGES, ROOT, language_prefix
from kb import search_relevance, search_synonyms
from kb.markdown import sources_line
from kb.search_synonyms import SynonymFileError, Synonyms
from kb.steps import search


# ------------------------------------------------------------------------------------------ synonym files

@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_a_synonym_file_that_loads(language):
    assert len(search_synonyms.load(language).groups) >= 10


def test_a_variant_adds_the_rest_of_its_group_but_not_to_longer_compounds(tmp_path):
    (tmp_path / "nb.yml").write_text("- [pårørende, mantelzorger, carer]\n- [læringssirkel, leerkring]\n", "utf-8")
    synonyms = search_synonyms.load("nb", tmp_path)
    assert synonyms.missing_variants("<p>Mange <em>pårørendes</em> behov</p>") == ["mantelzorger", "carer"]
    assert synonyms.missing_variants("Helsedirektoratet (2017): Pårørendeveileder") == []
    assert synonyms.missing_variants("Hva en læringssirkel er") == ["leerkring"]
    # Only endings are allowed, so a plural that changes the stem needs its own entry in the group.
    assert synonyms.missing_variants("Læringssirkler") == []


def test_multi_word_variants_match_across_hyphens_and_plurals(tmp_path):
    (tmp_path / "en.yml").write_text("- [trial action, prøvehandling]\n", "utf-8")
    assert search_synonyms.load("en", tmp_path).missing_variants("Two trial-actions a week") == ["prøvehandling"]


@pytest.mark.parametrize("text,message", [
    ("- [alone]\n", "group 1"),
    ("leerkring: leercirkel\n", "expected a list of groups"),
    ("- [a, b\n", "not valid YAML"),
])
def test_a_broken_synonym_file_is_named_with_the_group(tmp_path, text, message):
    (tmp_path / "nl.yml").write_text(text, "utf-8")
    with pytest.raises(SynonymFileError, match=message) as error:
        search_synonyms.load("nl", tmp_path)
    assert "nl.yml" in str(error.value)


def test_a_language_without_a_synonym_file_has_none(tmp_path):
    assert search_synonyms.load("fi", tmp_path) == Synonyms()


def test_synonyms_go_to_hidden_fields_weighted_like_where_they_were_found(tmp_path):
    (tmp_path / "en.yml").write_text("- [caregiver, carer]\n- [overload, burnout]\n", "utf-8")
    doc = {"location": "x/", "title": "Caregiver overload", "text": "<p>Overload.</p>"}
    added = search.add_synonyms(doc, search_synonyms.load("en", tmp_path))
    assert added["title_synonyms"] == "carer burnout" and added["text_synonyms"] == "burnout"
    assert added["title"] == "Caregiver overload"  # what the reader sees is unchanged


# ------------------------------------------------------------------------------------------ the built index

def test_built_index_weighs_titles_and_synonyms_and_ranks_reference_pages_low(site):
    index = json.loads((site / "nl" / "search" / "search_index.json").read_text("utf-8"))
    fields = index["config"]["fields"]
    assert fields["title"] == fields["title_synonyms"] == {"boost": search.TITLE_BOOST}
    assert fields["text_synonyms"] == fields["text"]
    docs = {doc["location"]: doc for doc in index["docs"]}
    assert "leercirkel" in docs["modules/learning-circles/learning-circle/"]["title_synonyms"]
    assert docs["sources/"]["boost"] < docs["glossary/"]["boost"] < 1
    assert "boost" not in docs["modules/recovery/chime/"]


def sources_lines(markdown_text: str) -> list[list[str]]:
    """The link texts of each paragraph that opens with a bold label and then a link to the sources page, read
    from the Markdown."""
    found = []
    for paragraph in markdown_text.split("\n\n"):
        links = MARKDOWN_LINK.findall(paragraph)
        if SOURCES_LINE_START.match(paragraph) and sources_line.points_at_sources_page(links[0][1]):
            found.append([text for text, _ in links])
    return found


MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
SOURCES_LINE_START = re.compile(r"\*\*[^*]+\*\*\s*\[")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_pages_sources_line_is_not_in_the_search_index(site, language):
    """Indexed with the page's last section, a source's name found that section: 'Opptrappingsplan' (Norway's
    plan) found Denmark's emergency numbers. The sources page itself is still found."""
    index = json.loads((site / language_prefix(language) / "search" / "search_index.json").read_text("utf-8"))
    texts = [doc["text"] for doc in index["docs"]]
    lines = [line for page in (ROOT / "docs" / language).rglob("*.md")
             for line in sources_lines(page.read_text("utf-8")) if len(line) >= 2]
    assert len(lines) > 20
    indexed = [line for line in lines if any(f"{line[0]} · {line[1]}" in text for text in texts)]
    assert not indexed, indexed[:3]
    assert sum(doc["location"].startswith("sources/") for doc in index["docs"]) > 20


def test_only_a_labelled_line_of_sources_is_left_out_of_search():
    html = markdown.markdown(
        "**Kilder:** [A](../sources.md#a) · [B](sources.md) · overview [C](../c/index.md)\n\n"
        "As [A](../sources.md#a) shows, citing in passing is content.\n\n"
        "**Note.** See [A](../sources.md#a).\n\n"          # text between the label and the link: a sentence
        "**Links:** [Home](https://example.org/sources.md) [top](#top)\n\n"
        "- **Sources:** [A](../sources.md#a)",             # in a list item, not a paragraph of its own
        extensions=["kb.markdown.sources_line"])
    assert html.count("data-search-exclude") == 1
    assert html.startswith('<p data-search-exclude=""><strong>Kilder:</strong> <a href="../sources.md#a">')


# ------------------------------------------------------------------------------------------ relevance set

def test_a_query_listed_twice_is_named_with_both_entries(tmp_path):
    (tmp_path / "nl.yml").write_text("- {query: herstel, page: modules/recovery/}\n"
                                     "- {query: CHIME, page: modules/recovery/chime/}\n"
                                     "- {query: 'Herstel ', page: modules/recovery/}\n", "utf-8")
    with pytest.raises(search_relevance.QueryFileError, match=r"nl.yml: entry 3 \('Herstel '\): already entry 1"):
        search_relevance.load_queries("nl", tmp_path)


@pytest.mark.parametrize("language", LANGUAGES)
def test_query_files_have_at_least_15_queries(language):
    assert len(search_relevance.load_queries(language)) >= 15


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_relevance_set_meets_its_targets_in_chromium(browser, site_url, language):
    measured = search_relevance.measure(site_url, [language], browser)
    assert measured[language].meets_targets, search_relevance.report(measured)
