"""Shared fixtures: strict builds (once per session), a local server, and Debian's chromium via Playwright."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kb import languages

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
# The site's languages, read once from mkdocs.yml (kb/languages.py): the default first.
SITE_LANGUAGES = languages.site()
DEFAULT_LANGUAGE = SITE_LANGUAGES.default
LANGUAGES = [DEFAULT_LANGUAGE, *SITE_LANGUAGES.others]
# The engine that builds the sites: mkdocs, or properdocs for the engine hedge (scripts/engine_hedge.py).
ENGINE = os.environ.get("KB_ENGINE", "mkdocs")
CHROMIUM = "/usr/bin/chromium"
# Flags that let Debian's chromium run as root in CI with no network beyond the loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# axe-core rules we hold every page to: WCAG 2.0 and 2.1, levels A and AA.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}


def language_prefix(language: str) -> str:
    return SITE_LANGUAGES.prefix(language)


def build_site(config: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict`; return the finished process (the caller decides what failure means)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("KB_LANGUAGE", None)
    return subprocess.run(
        [sys.executable, "-m", ENGINE, "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        cwd=config.parent, env=env, capture_output=True, text=True,
    )


def build_or_fail(config: Path, site_dir: Path) -> Path:
    result = build_site(config, site_dir)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed for {config}:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return site_dir


def copy_fixture_site(name: str, target: Path) -> Path:
    """Copy a fixture site elsewhere (to break it in a test); its config then names our theme by absolute
    path, since INHERIT resolves relative paths from the config's own folder."""
    shutil.copytree(FIXTURES / name, target)
    for config in target.glob("*.yml"):
        config.write_text(config.read_text("utf-8").replace("../../../", f"{ROOT}/"), "utf-8")
    return target


def answer_every_question_correctly(page) -> int:
    """Choose the right answer to each question of the self-test on the page and check it; return the count."""
    questions = page.locator(".kb-question")
    for index in range(questions.count()):
        question = questions.nth(index)
        if question.get_attribute("data-type") == "matching":
            for row in question.locator(".kb-match__row").all():
                row.locator("select").select_option(row.get_attribute("data-correct"))
        else:
            for option in question.locator(".kb-option[data-correct=true] label").all():
                option.click()
        question.locator(".kb-question__check").click()
    return questions.count()


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once in strict mode."""
    return build_or_fail(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> Path:
    """A tiny four-language site with controlled words, for search and fallback edge cases."""
    return build_or_fail(FIXTURES / "mini" / "mkdocs.yml", tmp_path_factory.mktemp("mini-site"))


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def serve():
    """Serve a folder on 127.0.0.1 (only); returns the base URL. Servers stop at the end of the session."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(site, serve) -> str:
    return serve(site)


@pytest.fixture(scope="session")
def mini_url(mini_site, serve) -> str:
    return serve(mini_site)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run ./scripts/test, which installs Debian's chromium.", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_context(browser, **options):
    """A browser context as every test needs it: reduced motion, so no check races a CSS transition
    (Material's buttons fade for 125 ms, which made the dark-palette contrast check flaky)."""
    return browser.new_context(reduced_motion="reduce", **options)


@pytest.fixture
def page(browser):
    context = new_context(browser)
    page = context.new_page()
    yield page
    context.close()


def pages_of(site_dir: Path, language: str) -> list[str]:
    """The built pages of one language (URL paths as built_pages gives them)."""
    pages = built_pages(site_dir)
    if language == DEFAULT_LANGUAGE:
        return [p for p in pages if p.split("/")[0] not in LANGUAGES]
    return [p for p in pages if p.startswith(f"{language}/")]


def built_pages(site_dir: Path) -> list[str]:
    """Every built HTML page as a URL path ('', 'nl/', 'modules/recovery/chime/'), 404 pages excluded."""
    pages = []
    for html in sorted(site_dir.rglob("index.html")):
        relative = html.parent.relative_to(site_dir).as_posix()
        if relative.split("/")[0] in {"assets", "search"}:
            continue
        pages.append("" if relative == "." else f"{relative}/")
    return pages
