"""Build step: one search index per language, without the pages that stand in for a missing translation.

static-i18n builds every language into one site and Material's search plugin writes one combined index
(``search/search_index.json``) with stemming switched off. After the last language is built we split that index
into one file per language (``search/search_index.json`` for the default language, ``<lang>/search/
search_index.json`` for the others), each with its own lunr language and with the stemmer switched on. Pages
point Material at their own language's index through ``__config.base`` (overrides/main.html, `language_root`
from kb/steps/templates.py), and a small worker wrapper (overrides/assets/javascripts/workers/i18n-search.js)
makes stemming work for as-you-type queries. See CONTRIBUTING.md, "How search works".

Ranking (issue 13). Reference pages (sources, glossary, progress, about, self-tests, workshop plans, decks)
get a low lunr document boost (`rank_page`), so a teaching page comes first; Material's own ranking already puts a
match in a title or heading (field boost 1000) far above a match in the text. Synonyms and variants from
scripts/language/search_synonyms/<lang>.yml (kb/search_synonyms.py) are added to each document in two hidden
fields weighted like the title and the text they were found in: typing "leercirkel" finds the page about the
"leerkring", and "carer burnout" the page titled "Caregiver overload".

A page missing in a language is built from the default language's file by static-i18n; we mark it
(``page.meta["fallback_of"]``) so the template shows a notice and the original's ``lang``, and we keep it out of
that language's search index.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page

from mkdocs.exceptions import PluginError

from kb import engine, languages, search_synonyms
from kb.markdown import sources_line
from kb.search_synonyms import Synonyms
from kb.state import BuildState

log = get_plugin_logger("kb.search")

# lunr-languages names Norwegian "no"; the site (and Material) use "nb" because locale "no" crashes Material.
LUNR_LANGUAGE = {"nb": "no"}
# Material ships stemming off so that prefix queries work; our worker wrapper makes both work together.
SEARCH_PIPELINE = ["trimmer", "stopWordFilter", "stemmer"]
SEARCH_INDEX = engine.MATERIAL_SEARCH_INDEX
# Pages that list, repeat or explain the site rank below the teaching pages (lunr document boost; others are 1).
# Sources: each source is a heading, so without this a source's title outranks every page that teaches the topic.
REFERENCE_BOOST = {
    sources_line.SOURCES_PAGE: 0.02,
    "glossary.md": 0.2,
    "progress.md": 0.1,
    "about.md": 0.3,
    "privacy.md": 0.3,
    "how-to-use.md": 0.3,
    "self-test.md": 0.3,
    "workshop.md": 0.3,
    "deck.md": 0.2,
    "country-context.md": 0.5,
}
# Material weighs a title or heading 1000 times the text: then one query word in any heading outranks the page
# that has all the words in its text ("connectedness identity meaning" found "Two meanings of one word" first).
# Ten times still puts a title match first for a one-word query, and lets the page matching every word win.
TITLE_BOOST = 10.0
# Hidden fields holding a document's synonyms, each weighted like the field the synonym's variant was found in.
SYNONYM_FIELDS = {"title": "title_synonyms", "text": "text_synonyms"}


def lunr_language(language: str) -> str:
    return LUNR_LANGUAGE.get(language, language)


def rank_page(page: Page) -> None:
    """Reference pages rank below teaching pages (front matter `search: boost:` still wins)."""
    boost = REFERENCE_BOOST.get(PurePosixPath(page.file.src_uri).name)
    if boost is not None:
        page.meta.setdefault("search", {}).setdefault("boost", boost)


def add_synonyms(doc: dict, synonyms: Synonyms) -> dict:
    """The document with the variants of the synonym groups it mentions, in hidden fields."""
    added = {hidden: " ".join(synonyms.missing_variants(doc.get(field) or "")) for field, hidden in SYNONYM_FIELDS.items()}
    return {**doc, **{hidden: words for hidden, words in added.items() if words}}


def mark_fallback(state: BuildState, page: Page, config: MkDocsConfig) -> None:
    if languages.is_fallback(page, config):
        page.meta["fallback_of"] = page.file.src_uri
        state.fallback_locations.setdefault(languages.current(config), set()).add(page.url)


def split_search_index(site_dir: Path, languages: list[str], default: str, fallbacks: dict[str, set[str]],
                       offline: bool = False, synonyms: dict[str, Synonyms] | None = None) -> dict[str, int]:
    """Write one search index per language from Material's combined one; return the document count per language.
    For the offline copy also write search_index.js, which Material loads with a <script> tag on file://
    (browsers do not fetch JSON from file://)."""
    combined = json.loads((site_dir / SEARCH_INDEX).read_text(encoding="utf-8"))
    prefixes = {language: ("" if language == default else f"{language}/") for language in languages}
    by_language: dict[str, list[dict]] = {language: [] for language in languages}
    for doc in combined["docs"]:
        location = doc["location"]
        language = next((lang for lang, prefix in prefixes.items() if prefix and location.startswith(prefix)), default)
        if language not in by_language:
            continue  # a language this build did not build (a parallel build's other share)
        page_url = location.split("#", 1)[0]
        if page_url in fallbacks.get(language, set()):
            continue  # an English page standing in for a missing translation: not a result in this language
        doc = add_synonyms(doc, (synonyms or {}).get(language, Synonyms()))
        by_language[language].append({**doc, "location": location[len(prefixes[language]):]})
    fields = {**combined["config"]["fields"], "title": {"boost": TITLE_BOOST}}
    fields.update({hidden: fields.get(field, {"boost": 1.0}) for field, hidden in SYNONYM_FIELDS.items()})
    counts = {}
    for language, docs in by_language.items():
        config = {**combined["config"], "lang": [lunr_language(language)], "pipeline": SEARCH_PIPELINE,
                  "fields": fields}
        target = site_dir / prefixes[language] / SEARCH_INDEX
        target.parent.mkdir(parents=True, exist_ok=True)
        index = json.dumps({"config": config, "docs": docs}, ensure_ascii=False, separators=(",", ":"))
        target.write_text(index, encoding="utf-8")
        if offline:
            target.with_suffix(".js").write_text(f"var __index = {index};\n", encoding="utf-8")
        counts[language] = len(docs)
    return counts


def write_indexes(state: BuildState, config: MkDocsConfig) -> None:
    """After the last language: Material's combined index → one per language."""
    built = state.built
    try:
        synonyms = {language: search_synonyms.load(language) for language in built}
    except search_synonyms.SynonymFileError as error:
        raise PluginError(str(error)) from None
    counts = split_search_index(Path(config.site_dir), built, state.languages.default,
                                state.fallback_locations, offline=bool(config.extra.get("offline")), synonyms=synonyms)
    log.info("Search index per language: " + ", ".join(f"{lang} {count} entries" for lang, count in counts.items()))
