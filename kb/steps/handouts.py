"""Build step: the trainer's workshop kit that is built from the same pages.

1. Handouts. For every module and language, a printable page `modules/<module>/handout/` made at build time
   from the module's own pages (overview, topics, case, self-test as a worksheet), in navigation order, one
   part per printed page. Missing translations fall back to English like any page. Handouts are left out of
   search (they repeat other pages) and are linked from the module overview.
2. QR codes. With `site_url` set, module pages and handouts carry QR codes (inline SVG, made with segno) to
   the page and to the module's self-test, shown in print and on the title slide of the presentation view.
   Without `site_url` there is no address to encode: the build says so once and shows no QR codes.
"""

from __future__ import annotations

import html
import re
from pathlib import Path, PurePosixPath
from typing import Any

import segno
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from kb import engine, frontmatter, languages, ui_strings
from kb.state import BuildState

log = get_plugin_logger("kb.workshop")

MODULES_DIR = "modules"
HANDOUT = "handout.md"
# Pages of a module that are not for trainees' handouts.
NOT_IN_HANDOUT = {"workshop.md", "deck.md", HANDOUT}
SELFTEST_PAGE = "self-test.md"
# Pages that repeat what the topic pages teach rank lower in search, so a search finds the teaching first.
SEARCH_BOOST = {SELFTEST_PAGE: 0.5, "workshop.md": 0.5}
QR_SCALE = 3

def _nav_order(config: MkDocsConfig) -> list[str]:
    """Paths in mkdocs.yml's nav, in order (without the language folder)."""
    order: list[str] = []

    def walk(items):
        for item in items or []:
            if isinstance(item, str):
                order.append(item)
            elif isinstance(item, dict):
                for value in item.values():
                    walk(value if isinstance(value, list) else [value])

    walk(config.nav)
    return order


def module_pages(files: Files, config: MkDocsConfig) -> dict[str, list[File]]:
    """{module slug: its pages for trainees, in navigation order}, for the language being built."""
    prefix = languages.prefix(config)
    order = {path: index for index, path in enumerate(_nav_order(config))}
    modules: dict[str, list[File]] = {}
    for file in files.documentation_pages():
        parts = PurePosixPath(file.src_uri).parts
        # src_uri is <language>/modules/<module>/<page>.md (a fallback keeps the English folder).
        if len(parts) == 4 and parts[1] == MODULES_DIR and parts[3] not in NOT_IN_HANDOUT:
            if file.dest_uri.startswith(f"{prefix}{MODULES_DIR}/"):
                modules.setdefault(parts[2], []).append(file)
    for slug, pages in modules.items():
        pages.sort(key=lambda f: (PurePosixPath(f.src_uri).name != "index.md",
                                  order.get(f"{MODULES_DIR}/{slug}/{PurePosixPath(f.src_uri).name}", 1 << 30)))
    return {slug: pages for slug, pages in modules.items() if pages[0].src_uri.endswith("/index.md")}


def _title(markdown: str, fallback: str) -> str:
    heading = re.search(r"^# +(.+?)\s*$", markdown, re.M)
    return heading.group(1) if heading else fallback


def handout_markdown(pages: list[File], ui: dict[str, str]) -> str:
    parts = []
    for file in pages:
        parts.append(frontmatter.read(Path(file.abs_src_path or "")).body.strip())
    module_title = _title(parts[0], "")
    front = "---\nsearch:\n  exclude: true\nhandout: true\n---\n"
    intro = f"# {ui['handout.title']}: {module_title}\n\n{ui['handout.intro']}\n\n"
    break_line = '\n\n<div class="kb-page-break"></div>\n\n'
    return front + intro + break_line.join(parts) + "\n"


def add_handouts(state: BuildState, files: Files, config: MkDocsConfig) -> None:
    """One generated handout page per module, in the language being built (after static-i18n chose the files)."""
    current = languages.current(config)
    ui = ui_strings.for_language(current, state.languages.default)
    prefix = state.languages.prefix(current)
    state.handouts.clear()
    for slug, pages in module_pages(files, config).items():
        language_folder = PurePosixPath(pages[0].src_uri).parts[0]
        handout = File.generated(config, f"{language_folder}/{MODULES_DIR}/{slug}/{HANDOUT}",
                                 content=handout_markdown(pages, ui), inclusion=InclusionLevel.NOT_IN_NAV)
        # Like static-i18n's own files: the output goes to the language's folder.
        name = "handout/index.html" if config.use_directory_urls else "handout.html"
        handout.dest_uri = f"{prefix}{MODULES_DIR}/{slug}/{name}"
        handout.abs_dest_path = str(Path(config.site_dir) / handout.dest_uri)
        # The language switcher links each handout to its translations.
        engine.place_file(handout, current, current, {
            language: f"{state.languages.prefix(language)}{MODULES_DIR}/{slug}/{name.removesuffix('index.html')}"
            for language in languages.built(config)})
        files.append(handout)
        state.handouts[slug] = handout


def qr_svg(url: str, label: str) -> str:
    svg = segno.make(url, error="m").svg_inline(scale=QR_SCALE, border=2, title=label, dark="#000", light="#fff")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)


def _module_of(page: Page) -> str | None:
    parts = PurePosixPath(page.file.src_uri).parts
    return parts[2] if len(parts) == 4 and parts[1] == MODULES_DIR else None


def qr_block(state: BuildState, page: Page, config: MkDocsConfig) -> str:
    module = _module_of(page)
    site_url = (config.site_url or "").rstrip("/") + "/"
    ui = ui_strings.for_language(languages.current(config), state.languages.default)
    this_page = site_url + (page.url if not page.meta.get("handout") else page.url.rsplit("handout", 1)[0])
    selftest = site_url + f"{languages.prefix(config)}{MODULES_DIR}/{module}/self-test/"
    figures = []
    for url, label in ((this_page, ui["qr.page"]), (selftest, ui["qr.selftest"])):
        figures.append(f'<figure class="kb-qr">{qr_svg(url, f"{label}: {url}")}'
                       f'<figcaption>{html.escape(label)}<br><span class="kb-qr__url">{html.escape(url)}</span>'
                       f"</figcaption></figure>")
    return f'<div class="kb-qr-codes" data-kb-qr>{"".join(figures)}</div>'


def boost_search(page: Page) -> None:
    """Pages that repeat what the topic pages teach rank lower in search."""
    boost = SEARCH_BOOST.get(PurePosixPath(page.file.src_uri).name)
    if boost and _module_of(page):
        page.meta.setdefault("search", {}).setdefault("boost", boost)


def add_qr_codes(state: BuildState, page_html: str, page: Page, config: MkDocsConfig) -> str:
    if _module_of(page) is None:
        return page_html
    if not config.site_url:
        if not state.told_about_site_url:
            log.info("No QR codes: set site_url in mkdocs.yml (the address where the site is published) "
                     "to put QR codes on module pages, handouts and slides.")
            state.told_about_site_url = True
        return page_html
    return page_html + qr_block(state, page, config)


def link_handout(state: BuildState, context: dict[str, Any], page: Page) -> None:
    module = _module_of(page)
    if module in state.handouts and PurePosixPath(page.file.src_uri).name == "index.md":
        context["handout_url"] = state.handouts[module].url_relative_to(page.file)
