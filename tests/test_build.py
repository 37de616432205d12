"""The strict four-language build: output tree, per-language search indexes, head links, and honest failures."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import yaml

from conftest import (DEFAULT_LANGUAGE, ENGINE, FIXTURES, LANGUAGES, ROOT, build_site, built_pages, copy_fixture_site,
                      language_prefix, pages_of)
from kb.steps.search import lunr_language


def read(site: Path, url_path: str) -> str:
    return (site / url_path / "index.html").read_text(encoding="utf-8")


def test_every_language_has_its_home_page_and_html_lang(site):
    for language in LANGUAGES:
        html = read(site, language_prefix(language))
        assert f'<html lang="{language}"' in html, language


def test_same_pages_exist_in_every_language(site):
    pages = built_pages(site)
    english = {p for p in pages if p.split("/")[0] not in LANGUAGES}
    for language in LANGUAGES[1:]:
        translated = {p[len(language) + 1:] for p in pages if p.startswith(f"{language}/")}
        assert translated == english, f"{language}: pages differ from English: {sorted(translated ^ english)}"


def test_no_two_pages_of_a_language_share_a_title(site):
    # A title is what a search result, a tab, a bookmark and the history show: two alike cannot be told apart
    # (the five country pages of a language were all "In the Netherlands, Norway and Denmark").
    for language in LANGUAGES:
        titles: dict[str, list[str]] = {}
        for path in pages_of(site, language):
            title = re.search(r"<title>(.*?)</title>", read(site, path), re.S)
            titles.setdefault(title.group(1) if title else "", []).append(path or "/")
        shared = {title: paths for title, paths in titles.items() if len(paths) > 1}
        assert not shared, f"{language}: {shared}"


def test_each_language_has_its_own_search_index_with_its_own_stemmer(site):
    for language in LANGUAGES:
        index = json.loads((site / language_prefix(language) / "search" / "search_index.json").read_text("utf-8"))
        assert index["config"]["lang"] == [lunr_language(language)]
        assert "stemmer" in index["config"]["pipeline"]
        assert index["docs"], f"{language}: empty search index"
        for doc in index["docs"]:
            # Locations are relative to the language's own folder: none points into another language.
            assert doc["location"].split("/")[0] not in LANGUAGES, (language, doc["location"])


def test_search_index_holds_self_test_questions_but_not_their_answers(site):
    # A search result's preview shows its section's text: answers and explanations stay out of the index.
    ui = yaml.safe_load((ROOT / "overrides" / "ui_strings.yml").read_text("utf-8"))
    for language in LANGUAGES:
        index = json.loads((site / language_prefix(language) / "search" / "search_index.json").read_text("utf-8"))
        tests = [doc for doc in index["docs"] if "/self-test/#selftest-" in "/" + doc["location"]]
        assert len(tests) >= 7, (language, len(tests))
        words = {"selftest.show_answer": ui["selftest.show_answer"][language],
                 "selftest.answer": ui["selftest.answer"][language] + ":"}
        for doc in tests:
            assert doc["text"].count("<li>") >= 5, doc["location"]  # the questions are there
            for key, text in words.items():
                assert text not in doc["text"], (language, doc["location"], key)


def test_search_index_holds_only_its_language(mini_site):
    """The fixture has one word per language; each index holds only its own language's words."""
    def words(language):
        index = json.loads((mini_site / language_prefix(language) / "search" / "search_index.json").read_text("utf-8"))
        return " ".join(doc["text"] + " " + doc["title"] for doc in index["docs"])

    assert "æblekage" in words("da") and "æblekage" not in words("nl")
    assert "hulpverlener" in words("nl") and "hulpverlener" not in words("en")
    # The English page shown in Dutch as a fallback is not a Dutch search result.
    assert "quokka" in words("en") and "quokka" not in words("nl")


class _HeadLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.alternates: dict[str, str] = {}       # the language switcher's links
        self.head_alternates: list[str] = []
        self.resources: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate" and attrs.get("hreflang"):
            self.head_alternates.append(attrs["href"])
        if tag == "a" and "md-select__link" in (attrs.get("class") or "") and attrs.get("hreflang"):
            self.alternates[attrs["hreflang"]] = attrs["href"]
        if tag in {"script", "img", "iframe", "source", "video", "audio"} and attrs.get("src"):
            self.resources.append(attrs["src"])
        if tag == "link" and attrs.get("rel") in {"stylesheet", "preconnect", "preload", "icon", "manifest"}:
            self.resources.append(attrs.get("href", ""))


def test_language_switcher_points_to_the_same_page_in_each_language(site):
    """The switcher links each page's own translation. The head has no <link rel=alternate hreflang>: Material
    fetches a sitemap.xml beside each (404s online, errors over file://; issue 13). Search engines find the
    alternates in sitemap.xml, which static-i18n writes with them when site_url is set."""
    html = read(site, "nl/how-to-use")
    parser = _HeadLinks()
    parser.feed(html)
    assert parser.head_alternates == []
    assert set(parser.alternates) == set(LANGUAGES)
    assert parser.alternates["da"].endswith("/da/how-to-use/")
    assert parser.alternates["en"].endswith("/how-to-use/") and "/nl/" not in parser.alternates["en"]


def test_no_page_loads_anything_from_another_host(site):
    offenders = []
    for page in built_pages(site):
        parser = _HeadLinks()
        parser.feed(read(site, page))
        offenders += [(page, url) for url in parser.resources if re.match(r"^(https?:)?//", url)]
    css = "".join(path.read_text("utf-8", errors="ignore") for path in site.rglob("*.css"))
    offenders += [("css", url) for url in re.findall(r"url\((['\"]?)(https?:)?//[^)]+\)", css)]
    assert not offenders, offenders
    assert "fonts.googleapis.com" not in "".join(read(site, p) for p in built_pages(site))


def test_a_broken_internal_link_fails_the_strict_build(tmp_path):
    fixture = copy_fixture_site("mini", tmp_path / "broken")
    config = fixture / "mkdocs.yml"
    (fixture / "docs" / "nl" / "volunteer.md").write_text("# Kapot\n\nZie [deze pagina](bestaat-niet.md).\n", "utf-8")
    result = build_site(config, tmp_path / "out")
    assert result.returncode != 0
    assert "volunteer.md" in result.stderr and "bestaat-niet.md" in result.stderr


def test_default_language_is_served_at_the_root(site):
    assert (site / "index.html").exists()
    assert not (site / DEFAULT_LANGUAGE).exists()


def test_each_language_has_its_own_not_found_page(mini_site):
    for language in LANGUAGES:
        page = (mini_site / language_prefix(language) / "404.html").read_text("utf-8")
        assert f'<html lang="{language}"' in page, language


def test_dirty_build_of_every_language_is_refused_with_the_loop_to_use(tmp_path):
    """static-i18n would append every language's search entries again on each dirty rebuild."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("KB_LANGUAGE", None)
    result = subprocess.run([sys.executable, "-m", ENGINE, "build", "--dirty", "-f",
                             str(FIXTURES / "mini" / "mkdocs.yml"), "-d", str(tmp_path / "site")],
                            env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "KB_LANGUAGE=nl mkdocs serve --dirty" in result.stderr
    assert "Traceback" not in result.stderr
