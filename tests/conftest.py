"""Shared fixtures: strict builds (once per session), a local server, and Debian's chromium via Playwright."""

from __future__ import annotations

import fcntl
import functools
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kb import languages
from kb.chromium import CHROMIUM, CHROMIUM_ARGS
from page_survey import Findings, survey

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
# The site's languages, read once from mkdocs.yml (kb/languages.py): the default first.
SITE_LANGUAGES = languages.site()
DEFAULT_LANGUAGE = SITE_LANGUAGES.default
LANGUAGES = [DEFAULT_LANGUAGE, *SITE_LANGUAGES.others]
# The engine that builds the sites: mkdocs, or properdocs for the engine hedge (scripts/engine_hedge.py).
ENGINE = os.environ.get("KB_ENGINE", "mkdocs")
# The checks that visit every page share one visit per page (page_survey.py), and one worker per language:
# parametrize them with EVERY_PAGE_OF (and run pytest with --dist loadgroup, as scripts/test does).
EVERY_PAGE_OF = [pytest.param(language, id=language, marks=pytest.mark.xdist_group(f"every-page-{language}"))
                 for language in LANGUAGES]


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


def shared(tmp_path_factory, name: str, make) -> Path:
    """A folder made once per test run by `make(folder)` and shared by the xdist workers: the first worker to
    ask makes it while the others wait on a lock; a failure is reported to each of them."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # this run's folder, above each worker's own
    folder, done, failed = (base / f"shared-{name}", base / f"shared-{name}.done", base / f"shared-{name}.failed")
    with open(base / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if failed.exists():
            pytest.fail(failed.read_text("utf-8"), pytrace=False)
        if not done.exists():
            try:
                make(folder)
            except BaseException as error:
                failed.write_text(f"{name}: {error}", "utf-8")
                raise
            done.touch()
    return folder


def parallel_build_or_fail(config: Path, site_dir: Path) -> Path:
    """scripts/build.py: the languages built side by side (strict), one process per core; the same files as
    `mkdocs build` (test_parallel_build.py holds it to that)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("KB_LANGUAGE", None)
    result = subprocess.run([sys.executable, "-m", "kb.build", "-f", str(config), "-d", str(site_dir)],
                            env=env, capture_output=True, text=True)
    if result.returncode != 0 or "WARNING" in result.stdout + result.stderr:
        pytest.fail(f"scripts/build.py failed for {config}:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return site_dir


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per run in strict mode, with the languages in parallel (the workers share it;
    under the engine hedge, by that engine's own build)."""
    if ENGINE != "mkdocs":
        return shared(tmp_path_factory, "site", lambda folder: build_or_fail(ROOT / "mkdocs.yml", folder))
    return shared(tmp_path_factory, "site", lambda folder: parallel_build_or_fail(ROOT / "mkdocs.yml", folder))


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> Path:
    """A tiny four-language site with controlled words, for search and fallback edge cases."""
    return shared(tmp_path_factory, "mini-site", lambda folder: build_or_fail(FIXTURES / "mini" / "mkdocs.yml", folder))


def _unpack_offline_copy(folder: Path) -> None:
    folder.mkdir()
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "offline.py"), "--out", str(folder / "kb.zip")],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"scripts/offline.py failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    with zipfile.ZipFile(folder / "kb.zip") as archive:
        archive.extractall(folder)


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory) -> Path:
    """The real site's offline copy (scripts/offline.py), unzipped, as a trainer opens it from a USB stick."""
    return shared(tmp_path_factory, "offline", _unpack_offline_copy) / "kb-offline"


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
    # All at once: each server notices it is asked to stop only at its next poll (half a second), and a run
    # starts some twenty of them.
    stopping = [threading.Thread(target=server.shutdown) for server in servers]
    for thread in stopping:
        thread.start()
    for thread in stopping:
        thread.join()
    for server in servers:
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


@pytest.fixture(scope="session")
def page_survey(browser, site, site_url):
    """`page_survey(language)`: what the every-page checks found on the language's pages (page_survey.py),
    surveyed once per worker and language."""
    found: dict[str, Findings] = {}

    def of(language: str) -> Findings:
        if language not in found:
            context = new_context(browser)
            try:
                found[language] = survey(context.new_page(), site_url, pages_of(site, language))
            finally:
                context.close()
        return found[language]

    return of


@pytest.fixture(scope="session")
def keeper_url(tmp_path_factory, serve) -> str:
    """A blank page of our own on 127.0.0.1, no script in it (see `new_warm_context`)."""
    folder = tmp_path_factory.mktemp("keeper")
    (folder / "index.html").write_text('<!doctype html><html lang="en"><title>keeper</title>', "utf-8")
    return serve(folder)


def new_warm_context(browser, keeper_url: str):
    """A context that keeps one blank page open on 127.0.0.1 (`keeper_url`), so the renderer process stays
    alive between tests and a new page on any local server reuses it, warm: a test's page and its first
    visit cost about 0.6 s of CPU instead of 1.3 s (a new process for every test). Its HTTP cache, and V8's
    cache of compiled scripts with it, stays warm too."""
    context = new_context(browser)
    context.new_page().goto(keeper_url)
    return context


@pytest.fixture(scope="session")
def warm_context(browser, keeper_url):
    """The browser context the `page` fixture opens its pages in, one per worker (`new_warm_context`). What a
    test stores does not outlive it (see `page`)."""
    context = new_warm_context(browser, keeper_url)
    yield context
    context.close()


# What a test may have stored in the browser, cleared after it; the HTTP cache is not among them.
STORED_DATA = "cookies,local_storage,indexeddb,cache_storage,service_workers,file_systems,websql"


@pytest.fixture
def page(warm_context):
    """A new page (tab) in the worker's warm context, which leaves nothing stored behind it
    (`page_leaving_nothing_stored`), so each test starts as a reader's first visit does."""
    with page_leaving_nothing_stored(warm_context) as page:
        yield page


@contextmanager
def page_leaving_nothing_stored(context):
    """A new page in `context`. Afterwards it and any window it opened close (the pages open before stay),
    and everything stored for each origin it visited (localStorage, where answers and progress are kept;
    cookies; …) is cleared."""
    open_before = set(context.pages)
    page = context.new_page()
    origins: set[str] = set()

    def visited(request) -> None:
        origins.add(origin_of(request.url))

    context.on("request", visited)
    try:
        yield page
    finally:
        context.remove_listener("request", visited)
        clear_stored_data(context, origins)
        for opened in context.pages:
            if opened not in open_before:
                opened.close()


def clear_stored_data(context, origins: set[str]) -> None:
    """Clear what pages stored for each of `origins` in the context (STORED_DATA), the HTTP cache kept."""
    open_page = next((opened for opened in context.pages if not opened.is_closed()), None) or context.new_page()
    cleaner = context.new_cdp_session(open_page)
    for origin in origins - {""}:
        cleaner.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": STORED_DATA})
    cleaner.detach()


def origin_of(url: str) -> str:
    """The origin storage is kept under: 'http://127.0.0.1:8000', 'file://'; '' for data: and about: URLs."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        return "file://"
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else ""


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
