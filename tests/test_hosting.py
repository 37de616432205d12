"""Hosting kit: an organisation's own copy from one config file, and the tested nginx recipe with its CSP."""

from __future__ import annotations

import base64
import gzip
import hashlib
import http.client
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import yaml

from axe_check import axe_violations
from conftest import LANGUAGES, ROOT, build_or_fail, build_site

from kb import csp, new_organisation, nginx_config, pages_policy

PRIMARY, ACCENT = "#0b5d4b", "#a3470f"
ORG_MODULE = "zorg-noord-module"
# What an organisation's staff could paste into a page: it must build, and it must never run.
CONTENT_SCRIPT = 'document.documentElement.dataset.injected = "ja";'
INJECTED_PAGE = f"{ORG_MODULE}/ingevoegd/"
# One worker runs this file: its organisations' sites (module fixtures) are built once, not in each worker.
pytestmark = pytest.mark.xdist_group("hosting")


def options(name: str, languages: list[str], site_url: str = "", primary: str = PRIMARY,
            accent: str = ACCENT) -> new_organisation.Options:
    return new_organisation.Options(name, tuple(languages), site_url, primary, accent)


def docs_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "docs").rglob("*")):
        if path.is_file():
            digest.update(path.as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def core_before() -> str:
    return docs_fingerprint()


@pytest.fixture(scope="module")
def dutch_org(tmp_path_factory, core_before) -> tuple[Path, Path]:
    """A Dutch-only organisation: own name, logo, colours and one own module with a self-test."""
    folder = tmp_path_factory.mktemp("orgs") / "zorg-noord"
    new_organisation.scaffold(folder, options("Zorg Noord", ["nl"], "https://leren.zorgnoord.example/"))
    config = folder / "mkdocs.yml"
    data = config.read_text("utf-8").replace("      nl: ''", "      nl: leren@zorgnoord.example")
    data = data.replace("    logo: assets/logo.svg\n", "    logo: assets/logo.svg\n    favicon: assets/favicon.svg\n")
    config.write_text(data, "utf-8")
    (folder / "assets" / "favicon.svg").write_text((folder / "assets" / "logo.svg").read_text("utf-8"), "utf-8")
    # An own page with the path of a core page replaces it.
    (folder / "docs" / "nl" / "privacy.md").write_text("# Privacy bij Zorg Noord\n\nOnze eigen verklaring.\n", "utf-8")
    (folder / "docs" / "nl" / ORG_MODULE / "ingevoegd.md").write_text(
        f"# Ingevoegd script\n\nEen medewerker plakte een script in deze pagina.\n\n<script>{CONTENT_SCRIPT}</script>\n",
        "utf-8")
    return folder, build_or_fail(config, folder / "site")


@pytest.fixture(scope="module")
def two_language_org(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("orgs") / "kommune"
    new_organisation.scaffold(folder, options("Eksempel kommune", ["nb", "en"]))
    (folder / "docs" / "en" / "eksempel-kommune-module" / "index.md").unlink()  # English falls back to Norwegian
    return build_or_fail(folder / "mkdocs.yml", folder / "site")


def test_scaffold_writes_one_config_a_home_page_and_an_example_module_per_language_and_a_logo(tmp_path):
    written = new_organisation.scaffold(tmp_path / "org", options("Test Org", ["nb", "da"]))
    names = sorted(p.relative_to(tmp_path / "org").as_posix() for p in written)
    assert names == ["README.md", "assets/logo.svg", "docs/da/index.md", "docs/da/test-org-module/index.md",
                     "docs/nb/index.md", "docs/nb/test-org-module/index.md", "mkdocs.yml"]
    assert "INHERIT:" in (tmp_path / "org" / "mkdocs.yml").read_text("utf-8")
    readme = (tmp_path / "org" / "README.md").read_text("utf-8")
    for topic in ("## Your home page", "## Replacing a shared page", "`docs/nb/privacy.md` replaces", "## Colours",
                  "`primary`", "`accent`", "## Contact line and name"):
        assert topic in readme, topic
    assert "{" not in readme  # every placeholder filled
    with pytest.raises(new_organisation.BadInput, match="is not empty"):
        new_organisation.scaffold(tmp_path / "org", options("Test Org", ["nb"]))


def test_the_home_page_is_the_organisations_own_their_modules_first(dutch_org):
    _, site = dutch_org
    home = (site / "index.html").read_text("utf-8")
    main = home[home.index('<article'):home.index('</article>')]
    assert re.search(r"<h1[^>]*>Zorg Noord<", main)
    own, core = main.index(f'href="{ORG_MODULE}/"'), main.index('href="modules/recovery/"')
    assert own < core  # their modules first, ours after
    for ours in ("Zeven modules", "Voor organisaties", "Nederlands, Engels, Noors en Deens"):
        assert ours not in main  # nothing of our own home page is left


def test_org_pages_are_in_navigation_and_search_and_core_is_untouched(dutch_org, core_before):
    _, site = dutch_org
    home = (site / "index.html").read_text("utf-8")
    assert '<html lang="nl"' in home
    assert f'href="{ORG_MODULE}/"' in home  # in the navigation of every page
    index = yaml.safe_load((site / "search" / "search_index.json").read_text("utf-8"))
    assert index["config"]["lang"] == ["nl"]
    assert f"{ORG_MODULE}/" in [doc["location"] for doc in index["docs"]]
    assert (site / "modules" / "recovery" / "chime" / "index.html").exists()
    assert "Onze eigen verklaring." in (site / "privacy" / "index.html").read_text("utf-8")
    assert not any((site / language).exists() for language in LANGUAGES)
    assert docs_fingerprint() == core_before


def test_org_name_logo_contact_and_colours_are_used(dutch_org):
    _, site = dutch_org
    home = (site / "index.html").read_text("utf-8")
    assert "<title>Zorg Noord</title>" in home or "Zorg Noord</title>" in home
    assert 'src="assets/organisation/logo.svg"' in home
    assert 'rel="icon" href="assets/organisation/favicon.svg"' in home
    assert "leren@zorgnoord.example" in home
    assert PRIMARY in (site / "assets" / "organisation" / "colours.css").read_text("utf-8")


def test_publishing_a_subset_of_languages_leaves_no_dead_entries(two_language_org):
    site = two_language_org  # Norwegian (default, at the root) and English (/en/)
    assert not (site / "nl").exists() and not (site / "da").exists() and not (site / "nb").exists()
    page = (site / "modules" / "recovery" / "index.html").read_text("utf-8")
    switcher = re.findall(r'<a href="([^"]+)" hreflang="([a-z]+)" class="md-select__link">', page)
    assert sorted(language for _, language in switcher) == ["en", "nb"], switcher
    for prefix in ("", "en/"):
        index = yaml.safe_load((site / prefix / "search" / "search_index.json").read_text("utf-8"))
        assert index["docs"]


def test_org_page_missing_in_a_language_falls_back_with_a_notice(two_language_org):
    page = (two_language_org / "en" / "eksempel-kommune-module" / "index.html").read_text("utf-8")
    assert "kb-untranslated" in page and '<div lang="nb">' in page and "Vår egen modul" in page


def test_colours_that_fail_contrast_give_a_warning_naming_the_pair(tmp_path):
    folder = tmp_path / "pale"
    new_organisation.scaffold(folder, options("Pale", ["en"], "", "#ffcc00", "#ffe9a8"))
    result = build_site(folder / "mkdocs.yml", tmp_path / "site")
    output = result.stdout + result.stderr
    assert "extra.organisation.colors.primary #ffcc00 on white header text has contrast 1.5:1; " \
           "WCAG AA needs 4.5:1" in output
    assert "extra.organisation.colors.accent #ffe9a8 on the white page (hover and focus) has contrast 1.2:1; " \
           "WCAG AA needs 3:1" in output
    assert result.returncode != 0  # strict builds stop on it


@pytest.mark.browser
def test_org_colours_apply_and_pages_pass_axe(page, dutch_org, serve):
    _, site = dutch_org
    base = serve(site)
    for path in ["", f"{ORG_MODULE}/"]:
        page.goto(base + path)
        header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
        assert header == "rgb(11, 93, 75)"
        violations = axe_violations(page, base + path)
        assert not violations, "\n".join(violations)


# ------------------------------------------------------------------------------------------ nginx

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def nginx(tmp_path_factory, dutch_org, two_language_org):
    """nginx on 127.0.0.1 serving both organisations with the generated server blocks; stopped by its PID."""
    if subprocess.run(["which", "nginx"], capture_output=True).returncode != 0:
        pytest.fail("nginx is missing: run ./scripts/test, which installs Debian's nginx.", pytrace=False)
    folder = tmp_path_factory.mktemp("nginx")
    ports = {"dutch": free_port(), "two": free_port()}
    dutch_folder, dutch_site = dutch_org
    two_folder = two_language_org.parent
    servers = [nginx_config.server_block(dutch_site, str(dutch_site), f"127.0.0.1:{ports['dutch']}",
                                         config=dutch_folder / "mkdocs.yml"),
               nginx_config.server_block(two_language_org, str(two_language_org), f"127.0.0.1:{ports['two']}",
                                         config=two_folder / "mkdocs.yml")]
    (folder / "servers.conf").write_text("\n".join(servers), "utf-8")
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    (folder / "nginx.conf").write_text(f"""
worker_processes 1;
daemon off;
user root;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {temp['body']};
    proxy_temp_path {temp['proxy']};
    fastcgi_temp_path {temp['fastcgi']};
    uwsgi_temp_path {temp['uwsgi']};
    scgi_temp_path {temp['scgi']};
    include {folder}/servers.conf;
}}
""", "utf-8")
    check = subprocess.run(["nginx", "-t", "-c", str(folder / "nginx.conf"), "-p", str(folder)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(["nginx", "-c", str(folder / "nginx.conf"), "-p", str(folder)])
    urls = {name: f"http://127.0.0.1:{port}/" for name, port in ports.items()}
    for _ in range(100):
        try:
            urllib.request.urlopen(urls["dutch"], timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield urls
    process.terminate()
    process.wait(timeout=10)


def fetch_without_following(url: str) -> http.client.HTTPResponse:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    connection.request("GET", parts.path)
    return connection.getresponse()


def fetch(url: str, gzip_ok: bool = False):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        response = urllib.request.urlopen(request, timeout=5)
    except urllib.error.HTTPError as error:
        response = error
    body = response.read()
    if response.headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return response.status, response.headers, body


def test_nginx_sends_security_headers_and_a_strict_csp(nginx):
    status, headers, _ = fetch(nginx["dutch"])
    assert status == 200
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "'unsafe-inline'" not in csp and "http" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "DENY"
    assert "Set-Cookie" not in headers
    assert "Strict-Transport-Security" not in headers  # an option, off unless asked for


def script_hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"


def test_csp_allows_the_themes_inline_scripts_and_not_a_content_script(nginx, dutch_org):
    """The policy is derived from the templates: every inline script of the built site is allowed except the one
    written in a page's Markdown."""
    _, site = dutch_org
    _, headers, _ = fetch(nginx["dutch"] + INJECTED_PAGE)
    allowed = set(headers["Content-Security-Policy"].split("script-src ")[1].split(";")[0].split()[1:])
    assert script_hash(CONTENT_SCRIPT) not in allowed
    page_scripts = set()
    for page in site.rglob("*.html"):
        for match in csp.INLINE_SCRIPT.finditer(page.read_text("utf-8")):
            if csp.is_executable(match["attrs"]):
                page_scripts.add(match["body"])
    assert CONTENT_SCRIPT in page_scripts  # it was built into the page, unchanged
    refused = {body for body in page_scripts if script_hash(body) not in allowed}
    assert refused == {CONTENT_SCRIPT}


def test_redirects_are_relative_and_hsts_is_an_option(nginx):
    response = fetch_without_following(nginx["dutch"] + "modules/recovery")
    assert response.status == 301
    assert response.getheader("Location") == "/modules/recovery/"  # no scheme, host or port: safe behind TLS
    assert "Strict-Transport-Security" not in "\n".join(nginx_config.security_headers("default-src 'self'"))
    assert 'add_header Strict-Transport-Security "max-age=31536000" always;' in nginx_config.security_headers(
        "default-src 'self'", hsts=True)


def test_nginx_content_types_compression_and_caching(nginx, dutch_org):
    site = dutch_org[1]
    css = next((site / "assets" / "stylesheets").glob("main.*.min.css")).name
    status, headers, _ = fetch(nginx["dutch"] + f"assets/stylesheets/{css}", gzip_ok=True)
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"] and "max-age=31536000" in headers["Cache-Control"]
    assert headers["Content-Security-Policy"]  # still there in the asset location
    _, headers, body = fetch(nginx["dutch"] + "search/search_index.json", gzip_ok=True)
    assert headers["Content-Type"].startswith("application/json") and headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"] == "no-cache" and body.startswith(b"{")
    _, headers, _ = fetch(nginx["dutch"] + "modules/informal-caregivers/sofa-model.svg")
    assert headers["Content-Type"].startswith("image/svg+xml")
    _, headers, _ = fetch(nginx["dutch"] + "modules/recovery/")
    assert headers["Content-Type"].startswith("text/html") and headers["Cache-Control"] == "no-cache"


def test_nginx_serves_the_404_page_of_the_readers_language(nginx):
    status, headers, body = fetch(nginx["dutch"] + "bestaat/niet/")
    assert status == 404 and b'<html lang="nl"' in body and headers["Content-Security-Policy"]
    status, _, body = fetch(nginx["two"] + "en/does/not/exist/")
    assert status == 404 and b'<html lang="en"' in body
    status, _, body = fetch(nginx["two"] + "finnes/ikke/")
    assert status == 404 and b'<html lang="nb"' in body  # the default language of this copy


def watch_csp(page) -> list[str]:
    """Every Content-Security-Policy message of the page and of any window it opens (the presenter window)."""
    refused: list[str] = []

    def listen(target) -> None:
        target.on("console", lambda message: refused.append(message.text)
                  if "Content Security Policy" in message.text or "Refused to" in message.text else None)

    listen(page)
    page.on("popup", listen)
    return refused


@pytest.mark.browser
def test_a_content_inline_script_is_refused_under_the_csp(page, nginx):
    refused = watch_csp(page)
    page.goto(nginx["dutch"] + INJECTED_PAGE)
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.dataset.injected") is None  # it did not run
    assert len(refused) == 1 and "inline script" in refused[0], refused
    assert script_hash(CONTENT_SCRIPT).strip("'") in refused[0]  # the browser names the refused script's hash


@pytest.mark.browser
def test_site_works_under_the_csp(page, nginx):
    refused = watch_csp(page)
    # Self-test
    page.goto(nginx["dutch"] + f"{ORG_MODULE}/")
    question = page.locator(".kb-question").first
    question.locator(".kb-option[data-correct=true] label").first.click()
    question.locator(".kb-question__check").click()
    assert question.locator(".kb-question__status").inner_text().startswith("Goed")
    # Slides and the presenter view
    page.goto(nginx["dutch"] + "modules/recovery/chime/")
    page.locator(".kb-present").click()
    page.wait_for_selector(".kb-deck-overlay .reveal.ready")
    page.keyboard.press("ArrowRight")
    with page.context.expect_page() as opened:
        page.keyboard.press("p")  # the presenter window, for the trainer's screen
    presenter = opened.value
    presenter.wait_for_load_state()
    presenter.close()
    page.keyboard.press("q")  # back to the page (Esc is reveal's overview)
    page.wait_for_selector(".kb-deck-overlay", state="hidden")
    # Tooltips (glossary terms)
    term = page.locator("article abbr").first
    term.scroll_into_view_if_needed()
    term.hover()
    page.locator(".md-tooltip2__inner").first.wait_for(state="attached")
    # Search
    page.goto(nginx["dutch"] + "modules/informal-caregivers/sofa-model/")
    page.click("input[data-md-component=search-query]")
    page.keyboard.type("mantelzorgers")
    page.wait_for_selector(".md-search-result__item")
    # The dark palette and the 404 page
    page.emulate_media(color_scheme="dark")
    page.reload()
    page.goto(nginx["dutch"] + "bestaat/niet/")
    assert refused == []


# ------------------------------------------------------------------------------- hosts without headers (Pages)

@pytest.fixture(scope="module")
def pages_site(tmp_path_factory, dutch_org) -> Path:
    """The Dutch organisation's site as GitHub or GitLab Pages would serve it: the policy in <meta> tags."""
    folder, site = dutch_org
    copy = tmp_path_factory.mktemp("pages") / "site"
    shutil.copytree(site, copy)
    assert pages_policy.main([str(copy), "--config", str(folder / "mkdocs.yml")]) == 0
    return copy


def test_pages_policy_puts_the_csp_first_in_every_page(pages_site):
    for page in [pages_site / "index.html", pages_site / "404.html", pages_site / INJECTED_PAGE / "index.html"]:
        text = page.read_text("utf-8")
        head = text[text.index("<head>"):]
        assert head.index('http-equiv="Content-Security-Policy"') < head.index("<script")
        assert text.index("<meta charset") < 1024
        assert '<meta name="referrer" content="no-referrer">' in text
        assert "frame-ancestors" not in text  # ignored in <meta>; only a header can send it
    assert pages_policy.apply(pages_site, ROOT / "mkdocs.yml") == 0  # once is enough


@pytest.mark.browser
def test_on_pages_a_content_script_is_refused_and_the_site_works(page, pages_site, serve):
    base = serve(pages_site)
    refused = watch_csp(page)
    page.goto(base + INJECTED_PAGE)
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.dataset.injected") is None
    assert len(refused) == 1 and script_hash(CONTENT_SCRIPT).strip("'") in refused[0], refused
    refused.clear()
    page.goto(base + f"{ORG_MODULE}/")
    question = page.locator(".kb-question").first
    question.locator(".kb-option[data-correct=true] label").first.click()
    question.locator(".kb-question__check").click()
    assert question.locator(".kb-question__status").inner_text().startswith("Goed")
    page.click("input[data-md-component=search-query]")
    page.keyboard.type("mantelzorgers")
    page.wait_for_selector(".md-search-result__item")
    assert refused == []
