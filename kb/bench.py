#!/usr/bin/env python3
"""Benchmark: build time and download size of the four-language site, on synthetic pages.

    python3 scripts/bench.py              # 100 and 400 pages per language (a few minutes)
    python3 scripts/bench.py --small 20 --large 80

Prints ratios measured in one run on this machine (absolute seconds vary with load; the ratios less so):
  1. full four-language build ÷ the sum of four single-language builds of the same pages   (target ≤ 1.1)
  2. build time at --large pages per language ÷ at --small                                   (target ≤ 4.5 at 400/100)
  3. bytes a reader downloads for one page (HTML + CSS + JS + that language's search index)
     ÷ the combined all-language index static-i18n would otherwise serve                     (target ≤ 1/3)
  4. single-language build (the authoring loop, KB_LANGUAGE=nl) ÷ full build
  5. self-test script + stylesheet, gzipped ÷ 8 KB                                          (target ≤ 1)
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kb import inherit, languages

ROOT = Path(__file__).resolve().parents[1]

SITE_LANGUAGES = languages.site()
LANGUAGES = list(SITE_LANGUAGES.codes)
WORDS = {
    "en": "recovery hope person caregiver network community strengths principle support choice meaning identity "
          "worker relationship team practice partner expert trial circle learning resource plan goal life".split(),
    "nl": "herstel hoop persoon mantelzorger netwerk samenleving krachten principe steun keuze betekenis identiteit "
          "hulpverlener relatie team praktijk partner deskundige experiment kring leren bron plan doel leven".split(),
    "nb": "bedring håp person pårørende nettverk lokalsamfunn styrker prinsipp støtte valg mening identitet "
          "fagperson relasjon team praksis partner ekspert utprøving sirkel læring ressurs plan mål liv".split(),
    "da": "recovery håb person pårørende netværk fællesskab ressourcer princip støtte valg mening identitet "
          "medarbejder relation team praksis partner ekspert prøvehandling cirkel læring ressource plan mål liv".split(),
}


def sentence(rng: random.Random, words: list[str], length: int = 12) -> str:
    text = " ".join(rng.choice(words) for _ in range(length))
    return text[0].upper() + text[1:] + "."


def synthetic_page(rng: random.Random, language: str, number: int) -> str:
    """About 800 words: headings, paragraphs, a list, a table and an admonition."""
    words = WORDS[language]
    parts = [f"# {sentence(rng, words, 4)[:-1]} {number}\n"]
    for section in range(4):
        parts.append(f"## {sentence(rng, words, 3)[:-1]}\n")
        parts += [" ".join(sentence(rng, words) for _ in range(5)) + "\n" for _ in range(2)]
        parts.append("\n".join(f"- {sentence(rng, words, 6)}" for _ in range(4)) + "\n")
    parts.append("| a | b | c |\n| --- | --- | --- |\n" + "\n".join(
        f"| {rng.choice(words)} | {rng.choice(words)} | {rng.choice(words)} |" for _ in range(5)) + "\n")
    parts.append(f'!!! note "{rng.choice(words)}"\n    {sentence(rng, words, 20)}\n')
    return "\n".join(parts)


def make_site(folder: Path, pages: int) -> Path:
    rng = random.Random(42)
    for language in LANGUAGES:
        docs = folder / "docs" / language
        (docs / "topics").mkdir(parents=True)
        (docs / "index.md").write_text(f"# Home\n\n{sentence(rng, WORDS[language], 30)}\n", "utf-8")
        (docs / "glossary.md").write_text("# Glossary\n\n" + "\n\n".join(
            f"{word}\n:   {sentence(rng, WORDS[language], 10)}" for word in WORDS[language][:10]) + "\n", "utf-8")
        for number in range(pages - 2):
            (docs / "topics" / f"page-{number:04d}.md").write_text(synthetic_page(rng, language, number), "utf-8")
    # Navigation from the folders: the synthetic pages are not in our nav.
    config = inherit.inheriting_config(folder / "mkdocs.yml", "nav: null\n", docs_dir=folder / "docs")
    return config


def timed_build(config: Path, site_dir: Path, language: str | None = None) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("KB_LANGUAGE", None)
    if language:
        env["KB_LANGUAGE"] = language
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", str(config),
                             "-d", str(site_dir)], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"bench: build failed for {config}:\n{result.stderr[-3000:]}")
    return elapsed


def page_download_bytes(site: Path, page: Path, language_root: Path) -> int:
    """HTML + the same-site CSS and JS it links + the language's search index (what search downloads)."""
    html = page.read_text("utf-8")
    total = len(html.encode())
    for url in re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html):
        total += (page.parent / url).resolve().stat().st_size
    worker = next((site / "assets/javascripts/workers").glob("search.*.min.js"))
    total += worker.stat().st_size + (site / "assets/javascripts/workers/i18n-search.js").stat().st_size
    return total + (language_root / "search" / "search_index.json").stat().st_size


def combined_index_bytes(site: Path) -> int:
    """The size of one index holding every language (what static-i18n alone would make every reader load)."""
    docs, config = [], None
    for language in LANGUAGES:
        index = json.loads((site / SITE_LANGUAGES.prefix(language) / "search/search_index.json").read_text("utf-8"))
        config = config or index["config"]
        docs += index["docs"]
    return len(json.dumps({"config": config, "docs": docs}, ensure_ascii=False, separators=(",", ":")).encode())


SELFTEST_ASSETS = [ROOT / "overrides/assets/javascripts/selftest.js", ROOT / "overrides/assets/stylesheets/selftest.css"]
SELFTEST_BUDGET = 8 * 1024


def selftest_bytes() -> int:
    """What a reader downloads for self-tests, compressed as a server sends it."""
    return sum(len(gzip.compress(path.read_bytes(), compresslevel=6)) for path in SELFTEST_ASSETS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=100, help="pages per language, small site (default 100)")
    parser.add_argument("--large", type=int, default=400, help="pages per language, large site (default 400)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kb-bench-") as folder:
        tmp = Path(folder)
        small = make_site(tmp / "small", args.small)
        large = make_site(tmp / "large", args.large)

        full_small = timed_build(small, tmp / "out-small")
        singles = {language: timed_build(small, tmp / f"out-{language}", language) for language in LANGUAGES}
        full_large = timed_build(large, tmp / "out-large")

        site = tmp / "out-large"
        page_bytes = {language: page_download_bytes(site, site / prefix / "topics/page-0000/index.html", site / prefix)
                      for language, prefix in ((code, SITE_LANGUAGES.prefix(code)) for code in LANGUAGES)}
        combined = combined_index_bytes(site)

    print(f"pages per language: {args.small} (small), {args.large} (large); languages: {', '.join(LANGUAGES)}")
    print(f"full build, {args.small}/language: {full_small:.1f} s; single-language builds: "
          + ", ".join(f"{language} {seconds:.1f} s" for language, seconds in singles.items()))
    print(f"1. full ÷ sum of single-language builds:  {full_small / sum(singles.values()):.2f}   (target ≤ 1.10)")
    print(f"2. build at {args.large} ÷ at {args.small} pages/language:   {full_large / full_small:.2f}   "
          f"({full_large:.1f} s ÷ {full_small:.1f} s; target ≤ 4.5 at 400/100)")
    for language, size in page_bytes.items():
        print(f"3. {language}: one page's download ÷ combined index: {size / combined:.3f}   "
              f"({size / 1024:.0f} KiB ÷ {combined / 1024:.0f} KiB; target ≤ 0.333)")
    print(f"4. authoring loop (KB_LANGUAGE=nl) ÷ full build: {singles['nl'] / full_small:.2f}   "
          f"({singles['nl']:.1f} s ÷ {full_small:.1f} s)")
    print(f"5. self-test JS + CSS gzipped ÷ 8 KB: {selftest_bytes() / SELFTEST_BUDGET:.2f}   "
          f"({selftest_bytes()} bytes; target ≤ 1.00)")


if __name__ == "__main__":
    main()
