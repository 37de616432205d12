"""MkDocs hook: the parts of a four-language site that mkdocs-static-i18n leaves to us.

1. Per-language search. static-i18n builds every language into one site and Material's search
   plugin writes one combined index (``search/search_index.json``) with stemming switched off.
   After the last language is built we split that index into one file per language
   (``search/search_index.json`` for the default language, ``<lang>/search/search_index.json``
   for the others), each with its own lunr language and with the stemmer switched on. Pages
   point Material at their own language's index through ``__config.base`` (overrides/main.html),
   and a small worker wrapper (overrides/assets/javascripts/workers/i18n-search.js) makes
   stemming work for as-you-type queries. See CONTRIBUTING.md, "How search works".
2. Untranslated pages. A page missing in a language is built from the English file by static-i18n;
   we mark it (``page.meta["fallback_of"]``) so the template shows a notice and ``lang="en"``,
   and we keep it out of that language's search index.
3. Section titles in the reader's language: a navigation section takes the title of its index page.
4. UI strings for our templates (overrides/ui_strings.yml, via scripts/ui_strings.py) in the language being built.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from kb import languages
from kb import ui_strings

log = get_plugin_logger("kb.i18n")

# lunr-languages names Norwegian "no"; the site (and Material) use "nb" because locale "no" crashes Material.
LUNR_LANGUAGE = {"nb": "no"}
# Material ships stemming off so that prefix queries work; our worker wrapper makes both work together.
SEARCH_PIPELINE = ["trimmer", "stopWordFilter", "stemmer"]
SEARCH_INDEX = Path("search") / "search_index.json"
# UI strings our JavaScript needs (selftest.js, slides.js), passed in each page as JSON.
SCRIPT_STRING_GROUPS = {"selftest", "progress", "slides"}
MATERIAL_WORKER_GLOB = "assets/javascripts/workers/search.*.min.js"

# Search-index locations of fallback pages, per language, collected while languages are built.
_fallback_locations: dict[str, set[str]] = {}


def on_env(env, config: MkDocsConfig, files):
    language = languages.current(config)
    env.globals["ui"] = ui_strings.for_language(language, languages.default(config))
    env.globals["ui_for_scripts"] = {key: text for key, text in env.globals["ui"].items()
                                     if key.split(".")[0] in SCRIPT_STRING_GROUPS}
    workers = [worker for folder in config.theme.dirs for worker in sorted(Path(folder).glob(MATERIAL_WORKER_GLOB))]
    if not workers:
        raise PluginError(f"Material's search worker ({MATERIAL_WORKER_GLOB}) not found in the theme folders.")
    env.globals["material_search_worker"] = workers[0].name
    return env


def on_files(files, config: MkDocsConfig):
    # The theme folder's files are published; our UI strings are read at build time, not served.
    strings = files.get_file_from_path(ui_strings.UI_STRINGS_FILE.name)
    if strings is not None:
        files.remove(strings)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files):
    if languages.is_fallback(page, config):
        page.meta["fallback_of"] = page.file.src_uri
        language = languages.current(config)
        _fallback_locations.setdefault(language, set()).add(page.url)
    return markdown


def on_page_context(context, page: Page, config: MkDocsConfig, nav):
    # static-i18n leaves the switcher's links on home pages as root-absolute ("/nl/"), which breaks a copy
    # served below a path or opened from file://. Point them at each language's home page, relatively.
    # (static-i18n sets them as an attribute of config.extra, which is what the templates read.)
    for alternate in getattr(config.extra, "alternate", None) or []:
        if alternate.get("link", "").startswith("/"):
            home = "" if config.use_directory_urls else "index.html"
            alternate["link"] = languages.prefix(config, alternate["lang"]) + home or "."
    language = languages.current(config)
    base = context["base_url"].rstrip("/") or "."
    # Material resolves the search index and result links against __config.base; pointing it at the
    # language's own folder is what makes each language load only its own index.
    context["language_root"] = f"{base}/{languages.prefix(config, language)}"
    if "fallback_of" in page.meta:
        original = f"{base}/{page.url[len(languages.prefix(config, language)):]}"
        context["fallback_original_url"] = original
    return context


def _title_of(page: Page) -> str | None:
    """Read a page's title before MkDocs does: front-matter title, else its first '# ' heading."""
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    front = re.match(r"^---\n(.*?)\n---\n", source, re.S)
    if front:
        meta = yaml.safe_load(front.group(1)) or {}
        if meta.get("title"):
            return str(meta["title"])
        source = source[front.end():]
    heading = re.search(r"^# +(.+?)\s*#*\s*$", source, re.M)
    return heading.group(1) if heading else None


def _retitle_sections(items) -> None:
    for item in items:
        if isinstance(item, Section):
            index = next((child for child in item.children if isinstance(child, Page) and child.is_index), None)
            if index is not None:
                item.title = _title_of(index) or item.title
            _retitle_sections(item.children)


# After static-i18n (-100), which first removes the per-language folder sections from the navigation.
@event_priority(-150)
def on_nav(nav: Navigation, config: MkDocsConfig, files):
    _retitle_sections(nav.items)
    return nav


def split_search_index(site_dir: Path, languages: list[str], default: str, fallbacks: dict[str, set[str]],
                       offline: bool = False) -> dict[str, int]:
    """Write one search index per language from Material's combined one; return the document count per language.
    For the offline copy also write search_index.js, which Material loads with a <script> tag on file://
    (browsers do not fetch JSON from file://)."""
    combined = json.loads((site_dir / SEARCH_INDEX).read_text(encoding="utf-8"))
    prefixes = {language: ("" if language == default else f"{language}/") for language in languages}
    by_language: dict[str, list[dict]] = {language: [] for language in languages}
    for doc in combined["docs"]:
        location = doc["location"]
        language = next((lang for lang, prefix in prefixes.items() if prefix and location.startswith(prefix)), default)
        page_url = location.split("#", 1)[0]
        if page_url in fallbacks.get(language, set()):
            continue  # an English page standing in for a missing translation: not a result in this language
        by_language[language].append({**doc, "location": location[len(prefixes[language]):]})
    counts = {}
    for language, docs in by_language.items():
        config = {**combined["config"], "lang": [LUNR_LANGUAGE.get(language, language)], "pipeline": SEARCH_PIPELINE}
        target = site_dir / prefixes[language] / SEARCH_INDEX
        target.parent.mkdir(parents=True, exist_ok=True)
        index = json.dumps({"config": config, "docs": docs}, ensure_ascii=False, separators=(",", ":"))
        target.write_text(index, encoding="utf-8")
        if offline:
            target.with_suffix(".js").write_text(f"var __index = {index};\n", encoding="utf-8")
        counts[language] = len(docs)
    return counts


NOT_FOUND_PAGE = "404.html"
# Every language build writes 404.html to the site's root, so the last language built would win there.
# We keep each language's page as it is rendered and put it in its language's folder at the end.
_not_found_pages: dict[str, str] = {}


def on_post_template(output: str, template_name: str, config: MkDocsConfig):
    if template_name == NOT_FOUND_PAGE:
        _not_found_pages[languages.current(config)] = output
    return output


# Runs after static-i18n (-100), which builds the other languages and writes the combined index in its own
# on_post_build; the nested per-language builds skip this because static-i18n is still "building".
@event_priority(-200)
def on_post_build(config: MkDocsConfig):
    if languages.i18n_plugin(config).building:
        return
    site = Path(config.site_dir)
    for language, output in _not_found_pages.items():
        (site / languages.prefix(config, language) / NOT_FOUND_PAGE).write_text(output, encoding="utf-8")
    _not_found_pages.clear()
    counts = split_search_index(Path(config.site_dir), languages.built(config), languages.default(config),
                                _fallback_locations, offline=bool(config.extra.get("offline")))
    log.info("Search index per language: " + ", ".join(f"{lang} {count} entries" for lang, count in counts.items()))
    _fallback_locations.clear()
