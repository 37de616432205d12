#!/usr/bin/env python3
"""Search relevance: does the site's own search put the right page near the top for what trainees type?

    python3 scripts/search_relevance.py                  # builds the site in a temporary folder, then measures
    python3 scripts/search_relevance.py --site /tmp/site # measures an already built site
    python3 scripts/search_relevance.py --language nl -v # one language, every query with its results

For each language, scripts/language/search_queries/<language>.yml lists queries as trainees type them, each
with the page that must come in the top 3. Each query is entered, its last key typed, into Material's search box in
chromium on the language's home page, against the built site served on 127.0.0.1, so what is measured is what a
reader gets (our index, the worker wrapper, Material's ranking). Prints hit rates in the top 3 and top 5 per
language and exits non-zero when a language misses the targets (≥ 90 % in the top 3, 100 % in the top 5).
scripts/bench.py calls `measure()` and `report()`; tests/test_search_relevance.py runs the same set.

Needs the test tools (requirements-test.txt: Playwright) and Debian's chromium.
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlparse

import yaml

from kb import languages
from kb.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "scripts" / "language" / "search_queries"
TOP_3_TARGET = 0.9
TOP_5_TARGET = 1.0
SEARCH_INPUT = "input[data-md-component=search-query]"
RESULT_TIMEOUT_S = 15.0
# Runs in the page before Material's scripts: counts the queries Material's page sends its search worker
# (message type 2) and the results the worker sends back (type 3), in order, so the results of the last
# query typed are known to be in, instead of guessed from a list that stopped changing for a while (which
# cost 400 ms a query). Material's message types: integrations/search/worker/message in its sources.
COUNT_SEARCHES = """(() => {
  const Native = window.Worker
  if (!Native) return
  window.kbSearches = { asked: 0, answered: 0 }
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args)
      this.addEventListener("message", event => {
        if (event.data && event.data.type === 3) window.kbSearches.answered++
      })
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) window.kbSearches.asked++
      return super.postMessage(message, ...rest)
    }
  }
})()"""
# Whether the results of every query sent since `askedBefore` are in (and drawn: two frames later).
ANSWERED_SINCE = """async (askedBefore) => {
  const searches = window.kbSearches
  if (!searches || searches.asked <= askedBefore || searches.answered < searches.asked) return false
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))
  return searches.answered === searches.asked
}"""


class QueryFileError(ValueError):
    """A query file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Query:
    text: str
    expected: tuple[str, ...]   # page path(s) inside the language folder, e.g. "modules/recovery/chime/"
    why: str = ""


@dataclass
class LanguageResult:
    language: str
    ranks: dict[Query, int | None] = field(default_factory=dict)   # 1-based rank of the expected page
    results: dict[Query, list[str]] = field(default_factory=dict)

    def rate(self, top: int) -> float:
        hits = sum(1 for rank in self.ranks.values() if rank is not None and rank <= top)
        return hits / len(self.ranks) if self.ranks else 0.0

    @property
    def meets_targets(self) -> bool:
        return self.rate(3) >= TOP_3_TARGET and self.rate(5) >= TOP_5_TARGET

    def misses(self, top: int = 3) -> list[Query]:
        return [query for query, rank in self.ranks.items() if rank is None or rank > top]


# ---------------------------------------------------------------------------------------------- the query set

def load_queries(language: str, folder: Path = QUERIES) -> list[Query]:
    path = folder / f"{language}.yml"
    if not path.exists():
        raise QueryFileError(f"{path}: missing (one query file per language)")
    try:
        entries = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as error:
        raise QueryFileError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(entries, list) or not entries:
        raise QueryFileError(f"{path}: expected a list of {{query: ..., page: ...}} entries")
    queries: list[Query] = []
    entry_of: dict[str, int] = {}  # query as typed (case and spaces aside) → its entry number
    for number, entry in enumerate(entries, start=1):
        where = f"{path}: entry {number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("query"), str) or not entry["query"].strip():
            raise QueryFileError(f"{where}: needs 'query' (the text a trainee types)")
        pages = entry.get("page")
        pages = [pages] if isinstance(pages, str) else pages
        if not pages or not all(isinstance(page, str) and (page == "" or page.endswith("/")) for page in pages):
            raise QueryFileError(f"{where} ({entry['query']!r}): 'page' must be a page path ending in '/', "
                                 "or a list of them")
        # Typed again, a query is not sent again (Material sends only a changed one), and it would be one
        # result counted twice.
        typed = entry["query"].strip().lower()
        if typed in entry_of:
            raise QueryFileError(f"{where} ({entry['query']!r}): already entry {entry_of[typed]}")
        entry_of[typed] = number
        queries.append(Query(entry["query"], tuple(pages), str(entry.get("why", ""))))
    return queries


# ---------------------------------------------------------------------------------------------- the browser

class SearchBox:
    """Material's search box on one language's home page, driven as a reader does: click, type, read."""

    def __init__(self, page: Any, site_url: str, language: str) -> None:
        self.page = page
        self.language_url = site_url + languages.site().prefix(language)
        self.initializing = ""
        page.add_init_script(COUNT_SEARCHES)

    def open(self) -> None:
        self.page.goto(self.language_url)
        # Until the index is loaded the result line reads "Initializing search" (in the page's language).
        self.initializing = self._snapshot()[0]
        self.page.click(SEARCH_INPUT)

    def results(self, query: str) -> list[str]:
        """Enter `query`, its last key typed; return the result pages in order, as paths inside the language folder.
        (Typing every key gives the same results, since each key starts the search again, only slower.)"""
        box = self.page.locator(SEARCH_INPUT)
        box.fill(query[:-1])
        asked_before = self.page.evaluate("window.kbSearches ? window.kbSearches.asked : 0")
        box.press_sequentially(query[-1:])
        return self._answered(asked_before)

    def _answered(self, asked_before: int) -> list[str]:
        """The results once the worker has answered every query sent since `asked_before` was counted."""
        deadline = time.monotonic() + RESULT_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.page.evaluate(ANSWERED_SINCE, asked_before):
                line, links = self._snapshot()
                if line not in ("", self.initializing):
                    return [self._inside_language(href) for href in links]
            self.page.wait_for_timeout(20)
        raise TimeoutError(f"search results did not come on {self.language_url}: {self._snapshot()[0]!r}")

    def _snapshot(self) -> tuple[str, list[str]]:
        """(the result count line, the first link of each result) — one result per page, best first."""
        return self.page.evaluate("""() => [
            document.querySelector('.md-search-result__meta')?.textContent.trim() ?? '',
            [...document.querySelectorAll('.md-search-result__list > .md-search-result__item')]
              .map(item => item.querySelector('a')?.href ?? '')]""")

    def _inside_language(self, href: str) -> str:
        path = urlparse(href).path
        root = urlparse(self.language_url).path
        return path[len(root):] if path.startswith(root) else path


def rank_of(expected: tuple[str, ...], results: list[str]) -> int | None:
    for rank, result in enumerate(results, start=1):
        if result in expected:
            return rank
    return None


def measure(site_url: str, languages_to_run: list[str], browser: Any) -> dict[str, LanguageResult]:
    """Run each language's query set against the site served at `site_url` in a Playwright browser."""
    measured = {}
    for language in languages_to_run:
        result = LanguageResult(language)
        context = browser.new_context(reduced_motion="reduce")
        try:
            box = SearchBox(context.new_page(), site_url, language)
            box.open()
            for query in load_queries(language):
                try:
                    found = box.results(query.text)
                except TimeoutError:
                    found = ["(no answer: results did not settle)"]
                    box.open()
                result.results[query] = found
                result.ranks[query] = rank_of(query.expected, found)
        finally:
            context.close()
        measured[language] = result
    return measured


def report(measured: dict[str, LanguageResult], verbose: bool = False) -> str:
    lines = [f"Search relevance (targets: top 3 ≥ {TOP_3_TARGET:.0%}, top 5 = {TOP_5_TARGET:.0%})",
             "language  queries  top 3    top 5    targets"]
    for language, result in measured.items():
        lines.append(f"{language:<9} {len(result.ranks):>7}  {result.rate(3):>6.0%}  {result.rate(5):>6.0%}   "
                     + ("met" if result.meets_targets else "MISSED"))
    for language, result in measured.items():
        for query, rank in result.ranks.items():
            if verbose or rank is None or rank > 3:
                shown = ", ".join(result.results[query][:5]) or "(no results)"
                lines.append(f"  {language} {query.text!r}: wanted {' or '.join(query.expected)} — "
                             f"rank {rank or '-'}; top 5: {shown}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- running it

class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (a free port) while the block runs; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sys.exit("search relevance: Playwright is missing: pip install -r requirements-test.txt")
    if not Path(CHROMIUM).exists():
        sys.exit(f"search relevance: {CHROMIUM} is missing: apt-get install chromium (Debian's browser)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def build(site_dir: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("KB_LANGUAGE", None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site_dir)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"search relevance: the build failed:\n{result.stdout}{result.stderr}")


def measure_site(site_dir: Path, languages_to_run: list[str]) -> dict[str, LanguageResult]:
    with served(site_dir) as url, chromium() as browser:
        return measure(url, languages_to_run, browser)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="a built site (default: build one in a temporary folder)")
    parser.add_argument("--language", action="append", choices=languages.site().codes,
                        help="only this language (repeatable; default: all)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every query with its top 5")
    args = parser.parse_args(argv)
    chosen = args.language or list(languages.site().codes)
    try:
        for language in chosen:
            load_queries(language)  # a broken query file stops us before the slow part
    except QueryFileError as error:
        print(f"search relevance: {error}", file=sys.stderr)
        return 2
    if args.site:
        if not (args.site / "index.html").exists():
            print(f"search relevance: {args.site} is not a built site (no index.html)", file=sys.stderr)
            return 2
        measured = measure_site(args.site, chosen)
    else:
        with tempfile.TemporaryDirectory(prefix="kb-relevance-") as folder:
            build(Path(folder))
            measured = measure_site(Path(folder), chosen)
    print(report(measured, args.verbose))
    return 0 if all(result.meets_targets for result in measured.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
