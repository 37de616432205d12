#!/usr/bin/env python3
"""Benchmark: this project against the stock stack on the same docs, measured honestly.

    python3 scripts/bench.py              # the real site, 3 interleaved runs per figure (about half an hour)
    python3 scripts/bench.py --runs 5
    python3 scripts/bench.py --quick      # small synthetic site, one run: checks that the bench works

"Stock" is Material + static-i18n on the same docs and nav, without our plugin, stylesheets, scripts and Markdown
extensions (their blocks are left as text) and not strict. Each figure is the median of --runs runs, project and
stock interleaved (so a busy machine slows both alike), printed with its min-max. CPU is user+system of the build
process and its children (os.wait4); wall is elapsed time.

Printed ratios and their targets (issues 12 and 15):
  1. full four-language build, project CPU / stock CPU                              target <= 1.25
  2. 4x content / 1x content, project CPU (synthetic pages, --pages per language)   target <= 4.0
  3. parallel build (scripts/build.py) / mkdocs build, wall                         target <= 0.6 on 2 cores
  4. first visit of each language's home page: HTML + CSS + JS + images it loads, raw and gzipped
     (the search index and lunr's language files only when pages load them without a search)  target <= 110 KiB gz
  5. serve loop: a saved page until `mkdocs serve` says it is rebuilt, project / stock,
     full site and one language (KB_LANGUAGE)                                       target <= 1.5

With --instructions (needs valgrind; about four minutes): also the full build's instructions, project / stock,
counted by valgrind's cachegrind, one run each, side by side. A count does not move with a busy machine as CPU
time does (on a shared 2-core machine the same build's CPU varies by 25%), so it shows what a change saves;
CPU also pays for cache misses, which a count leaves out, so figure 1 stays the target.
"""

from __future__ import annotations

import argparse
import gzip
import os
import queue
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

from kb import inherit, languages

ROOT = Path(__file__).resolve().parents[1]
SITE_LANGUAGES = languages.site()
LANGUAGES = list(SITE_LANGUAGES.codes)
KIB = 1024
SAVED_PAGE = "modules/recovery/chime.md"
# A rebuild of the whole site takes under a minute here; no 'built' line by then means the save went unnoticed.
SAVE_NOTICED_S = 120.0

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



def make_synthetic_docs(folder: Path, pages: int) -> Path:
    """`pages` pages per language (home, glossary and synthetic topic pages): docs/<language>/..."""
    rng = random.Random(42)
    docs = folder / "docs"
    for language in LANGUAGES:
        topics = docs / language / "topics"
        topics.mkdir(parents=True)
        (docs / language / "index.md").write_text(f"# Home\n\n{sentence(rng, WORDS[language], 30)}\n", "utf-8")
        (docs / language / "glossary.md").write_text("# Glossary\n\n" + "\n\n".join(
            f"{word}\n:   {sentence(rng, WORDS[language], 10)}" for word in WORDS[language][:10]) + "\n", "utf-8")
        for number in range(max(pages - 2, 1)):
            (topics / f"page-{number:04d}.md").write_text(synthetic_page(rng, language, number), "utf-8")
    return docs


# ---------------------------------------------------------------------------------------------- configs

def project_config(folder: Path, docs: Path, synthetic: bool) -> Path:
    return inherit.inheriting_config(folder / "mkdocs-project.yml", "nav: null\n" if synthetic else "", docs_dir=docs)


def stock_config(folder: Path, docs: Path, synthetic: bool, only: str | None = None) -> Path:
    """Material + static-i18n on the same docs: our plugin, CSS, JS and Markdown extensions taken out."""
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as stream:
        data = yaml_load(stream)
    data["docs_dir"] = str(docs)
    data["strict"] = False  # our blocks (self-tests, notes) stay as text, which Material may warn about
    data.pop("extra_css", None)
    data.pop("extra_javascript", None)
    data["plugins"] = [plugin for plugin in data["plugins"] if plugin != "kb"]
    data["markdown_extensions"] = [extension for extension in data["markdown_extensions"]
                                   if not (isinstance(extension, str) and extension.startswith("kb."))]
    for plugin in data["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            plugin["i18n"].pop("build_only_locale", None)
            if only:
                plugin["i18n"]["build_only_locale"] = only
    if synthetic:
        data["nav"] = None
    # Pages that name one of our templates (template: progress.html) get Material's page template.
    stubs = folder / "stock-templates"
    stubs.mkdir(exist_ok=True)
    for template in (ROOT / "overrides").glob("*.html"):
        if template.name != "main.html":
            (stubs / template.name).write_text('{% extends "main.html" %}\n', "utf-8")
    data["theme"]["custom_dir"] = str(stubs)
    target = folder / f"mkdocs-stock{'-' + only if only else ''}.yml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return target


# ---------------------------------------------------------------------------------------------- timing

@dataclass
class Run:
    wall: float
    cpu: float


def _env(language: str | None = None) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("KB_LANGUAGE", None)
    if language:
        env["KB_LANGUAGE"] = language
    return env


def timed(command: list[str], language: str | None = None) -> Run:
    """Run a command; its wall time and the CPU time of it and its children."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=_env(language), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench: {' '.join(command)} failed:\n{errors.decode(errors='replace')[-3000:]}")
    return Run(wall=wall, cpu=usage.ru_utime + usage.ru_stime)


def mkdocs_build(config: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]


def parallel_build(config: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "kb.build", "-f", str(config), "-d", str(site)]


INSTRUCTIONS_LINE = re.compile(r"I\s+refs:\s+([\d,]+)")


class BenchError(Exception):
    """A bench that cannot run as asked; the message is one line for the reader."""


def instructions(command: list[str]) -> subprocess.Popen[str]:
    """Start `command` under valgrind, counting the instructions it runs (with a fixed hash seed: the same
    build then runs the same instructions, give or take a few thousandths)."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise BenchError("bench: --instructions needs valgrind (Debian: apt-get install valgrind)")
    counted = [valgrind, "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", *command]
    return subprocess.Popen(counted, env={**_env(), "PYTHONHASHSEED": "0"}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


def counted_instructions(process: subprocess.Popen[str]) -> int:
    """The instruction count valgrind printed for a finished `instructions` process."""
    _, errors = process.communicate()
    found = INSTRUCTIONS_LINE.search(errors)
    if process.returncode != 0 or found is None:
        raise BenchError(f"bench: the counted build failed (exit {process.returncode}): "
                         + (errors.strip().splitlines() or ["no output"])[-1])
    return int(found.group(1).replace(",", ""))


def interleaved(commands: dict[str, list[str]], runs: int) -> dict[str, list[Run]]:
    results: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            results[name].append(timed(command))
    return results


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.1f} s (min-max {min(values):.1f}-{max(values):.1f})"


def verdict(ratio: float, target: float) -> str:
    return f"{ratio:.2f}   (target <= {target:g}: {'met' if ratio <= target else 'NOT met'})"


# ---------------------------------------------------------------------------------------------- first visit

ASSET = re.compile(r'<(?:link[^>]*rel="(?:stylesheet|icon)"[^>]*href|script[^>]*src|img[^>]*src)="([^"#?]+)')


def first_visit(site: Path, language: str) -> tuple[int, int, bool]:
    """(raw bytes, gzipped bytes, search index counted) of a first visit to a language's home page."""
    page = site / SITE_LANGUAGES.prefix(language) / "index.html"
    html = page.read_text("utf-8")
    paths = [page]
    for url in dict.fromkeys(ASSET.findall(html)):
        if not url.startswith(("http:", "https:", "data:", "//")):
            path = (page.parent / url).resolve()
            if path.is_file():
                paths.append(path)
    workers = site / "assets/javascripts/workers"
    paths += sorted(workers.glob("search.*.min.js")) + sorted(workers.glob("i18n-search.js"))  # started on load
    lazy = "lazy-search" in html  # the index is fetched when the reader shows intent to search (issue 15)
    if not lazy:
        own = site / SITE_LANGUAGES.prefix(language) / "search/search_index.json"
        paths.append(own if own.is_file() else site / "search/search_index.json")  # stock: one for all languages
        lunr = site / "assets/javascripts/lunr/min"
        code = {"nb": "no"}.get(language, language)
        paths += [path for path in (lunr / "lunr.stemmer.support.min.js", lunr / f"lunr.{code}.min.js")
                  if path.is_file() and language != "en"]
    raw = sum(path.stat().st_size for path in paths)
    packed = sum(len(gzip.compress(path.read_bytes(), compresslevel=6)) for path in paths)
    return raw, packed, not lazy


# ---------------------------------------------------------------------------------------------- serve loop

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """`mkdocs serve` on a loopback port whose output is watched for the end of each build."""

    BUILT = "Documentation built in"

    def __init__(self, config: Path, language: str | None) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{free_port()}"],
            env=_env(language), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_built(timeout=900)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_built(self, timeout: float = 600) -> None:
        if not self.built_within(timeout):
            sys.exit("bench: mkdocs serve did not finish a build in time")

    def built_within(self, timeout: float) -> bool:
        """Whether serve printed its 'built' line within `timeout` seconds."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.process.poll() is not None:
                    sys.exit("bench: mkdocs serve stopped")
                continue
            if self.BUILT in line:
                return True
            if "Aborted" in line or "ERROR" in line:
                sys.exit(f"bench: mkdocs serve: {line.strip()}")
        return False

    def save_and_wait(self, page: Path, tries: int = 3) -> float:
        """Seconds from saving `page` to serve's 'built' line. MkDocs' polling watcher now and then misses a save
        (seen with the stock one-language server: no rebuild at all); the page is then saved again and timed from
        that save, since a missed save says nothing about the build."""
        for _ in range(tries):
            while not self.lines.empty():
                self.lines.get()
            start = time.perf_counter()
            with page.open("a", encoding="utf-8") as stream:
                stream.write("\nA saved line.\n")
            if self.built_within(SAVE_NOTICED_S):
                return time.perf_counter() - start
            print(f"bench: mkdocs serve did not rebuild within {SAVE_NOTICED_S:.0f} s of a save; saving again",
                  file=sys.stderr)
        sys.exit(f"bench: mkdocs serve did not rebuild after {tries} saves of {page}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def serve_loop(folder: Path, docs: Path, synthetic: bool, language: str | None, runs: int) -> dict[str, list[float]]:
    """Seconds from saving a page to serve's 'built' line, project and stock interleaved (both servers stay up;
    an idle server costs nothing)."""
    copies = {}
    for name in ("project", "stock"):
        copy = folder / f"serve-{name}-{language or 'all'}"
        shutil.copytree(docs, copy / "docs")
        config = (project_config(copy, copy / "docs", synthetic) if name == "project"
                  else stock_config(copy, copy / "docs", synthetic, language))
        copies[name] = (config, copy / "docs")
    servers = {name: Server(config, language if name == "project" else None) for name, (config, _) in copies.items()}
    try:
        results: dict[str, list[float]] = {name: [] for name in servers}
        page = SAVED_PAGE if not synthetic else "topics/page-0000.md"
        for _ in range(runs):
            for name, server in servers.items():
                results[name].append(server.save_and_wait(copies[name][1] / (language or SITE_LANGUAGES.default) / page))
        return results
    finally:
        for server in servers.values():
            server.stop()


# ---------------------------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    try:
        return run(argv)
    except BenchError as error:
        print(error, file=sys.stderr)
        return 2


def run(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs per figure, interleaved (default 3)")
    parser.add_argument("--pages", type=int, default=100, help="synthetic pages per language at 1x (default 100)")
    parser.add_argument("--quick", action="store_true", help="a small synthetic site instead of the real one, "
                        "one run, 5/20 pages: checks that the bench works, not a measurement")
    parser.add_argument("--skip", action="append", default=[], choices=["cpu", "scaling", "parallel", "bytes", "serve"],
                        help="leave a part out (repeatable)")
    parser.add_argument("--instructions", action="store_true",
                        help="also count the full build's instructions with valgrind (deterministic; see above)")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else args.runs
    pages = 5 if args.quick else args.pages
    report: list[str] = []

    def say(line: str) -> None:
        print(line, flush=True)
        report.append(line)

    with tempfile.TemporaryDirectory(prefix="kb-bench-") as name:
        tmp = Path(name)
        synthetic = args.quick
        docs = make_synthetic_docs(tmp / "quick", pages) if synthetic else ROOT / "docs"
        project = project_config(tmp, docs, synthetic)
        stock = stock_config(tmp, docs, synthetic)
        say(f"bench: {'synthetic quick site' if synthetic else 'the real site'}, {runs} run(s) per figure, "
            f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")

        if "cpu" not in args.skip or "bytes" not in args.skip:
            result = interleaved({"project": mkdocs_build(project, tmp / "site-project"),
                                  "stock": mkdocs_build(stock, tmp / "site-stock")}, runs)
            cpu = {key: [run.cpu for run in value] for key, value in result.items()}
            say(f"full build CPU: project {spread(cpu['project'])}, stock {spread(cpu['stock'])}")
            say("1. project / stock CPU, full build:        "
                + verdict(statistics.median(cpu["project"]) / statistics.median(cpu["stock"]), 1.25))

        if args.instructions:
            started = {name: instructions(mkdocs_build(config, tmp / f"site-{name}-counted"))
                       for name, config in (("project", project), ("stock", stock))}
            try:
                counts = {name: counted_instructions(process) for name, process in started.items()}
            finally:
                for process in started.values():
                    process.kill()  # the other one, when one failed
                    process.wait()
            say(f"full build instructions: project {counts['project'] / 1e9:.2f} G, stock {counts['stock'] / 1e9:.2f} G")
            say(f"1b. project / stock instructions:        {counts['project'] / counts['stock']:.3f}")

        if "scaling" not in args.skip:
            small = make_synthetic_docs(tmp / "scale-1x", pages)
            large = make_synthetic_docs(tmp / "scale-4x", pages * 4)
            configs = {"1x": project_config(tmp / "scale-1x", small, True),
                       "4x": project_config(tmp / "scale-4x", large, True),
                       "stock 1x": stock_config(tmp / "scale-1x", small, True),
                       "stock 4x": stock_config(tmp / "scale-4x", large, True)}
            result = interleaved({key: mkdocs_build(config, tmp / f"site-{key.replace(' ', '-')}")
                                  for key, config in configs.items()}, runs)
            median = {key: statistics.median(run.cpu for run in value) for key, value in result.items()}
            say(f"synthetic {pages} and {pages * 4} pages/language, CPU: project {median['1x']:.1f} s and "
                f"{median['4x']:.1f} s, stock {median['stock 1x']:.1f} s and {median['stock 4x']:.1f} s "
                f"(stock 4x/1x {median['stock 4x'] / median['stock 1x']:.2f})")
            say("2. 4x / 1x content, project CPU:           " + verdict(median["4x"] / median["1x"], 4.0))

        if "parallel" not in args.skip:
            result = interleaved({"sequential": mkdocs_build(project, tmp / "site-sequential"),
                                  "parallel": parallel_build(project, tmp / "site-parallel")}, runs)
            wall = {key: [run.wall for run in value] for key, value in result.items()}
            say(f"wall: mkdocs build {spread(wall['sequential'])}, scripts/build.py {spread(wall['parallel'])}")
            say("3. parallel / sequential wall:             "
                + verdict(statistics.median(wall["parallel"]) / statistics.median(wall["sequential"]), 0.6))

        if "bytes" not in args.skip:
            for language in LANGUAGES:
                raw, packed, index = first_visit(tmp / "site-project", language)
                stock_raw, stock_packed, _ = first_visit(tmp / "site-stock", language)
                say(f"4. {language}: first visit {packed / KIB:.0f} KiB gz ({raw / KIB:.0f} KiB raw"
                    f"{', search index included' if index else ''}); stock {stock_packed / KIB:.0f} KiB gz "
                    f"({stock_raw / KIB:.0f} KiB raw)   (target <= 110 KiB gz: "
                    f"{'met' if packed <= 110 * KIB else 'NOT met'})")

        if "serve" not in args.skip:
            one = SITE_LANGUAGES.others[0] if SITE_LANGUAGES.others else SITE_LANGUAGES.default
            loops: list[str | None] = [None, one]
            for served in loops:
                seconds = serve_loop(tmp, docs, synthetic, served, runs)
                what = "full site" if served is None else f"one language ({served})"
                say(f"serve loop, {what}: project {spread(seconds['project'])}, stock {spread(seconds['stock'])}")
                say(f"5. serve loop {what}, project / stock:   "
                    + verdict(statistics.median(seconds["project"]) / statistics.median(seconds["stock"]), 1.5))
    return 0


if __name__ == "__main__":
    sys.exit(main())
