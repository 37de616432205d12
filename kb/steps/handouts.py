"""Build step: the trainer's workshop kit that is built from the same pages.

1. Trainee handouts. For every module and language, a printable page `modules/<module>/handout/` made at build
   time from the module's own pages (overview, topics, the case WITHOUT its trainer notes, the self-test as a
   worksheet), in navigation order, one part per printed page (kb/workshop_kit.py).
2. Trainer packs. Beside it, `modules/<module>/trainer-pack/`: the workshop plan, the case with its trainer
   notes, the self-test as an answer key, the deck's speaker notes and voting cards with as many letters as
   the deck's questions have options. Missing translations fall back to English like any page. Both are left
   out of search (they repeat other pages) and are linked from the module overview (the pack also from the
   workshop plan).
3. PDFs. `scripts/print_kit.py` prints both to A4 PDF files in print-kit/<language>/<module>/ beside the docs
   folder; when they exist, the build publishes them beside the module and the module page links to them.
4. QR codes. Only for a public `site_url`: module pages, handouts and the title slide of decks carry QR codes
   (inline SVG, made with segno) to the page and to the module's self-test. Without `site_url`, or with a
   loopback or private address (as under `mkdocs serve`), no phone in the room could open them: the build
   says why, once, and shows none.
"""

from __future__ import annotations

import html
import ipaddress
from pathlib import Path, PurePosixPath
from typing import Any

import segno
from urllib.parse import urlsplit
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from kb import engine, frontmatter, languages, ui_strings, workshop_kit
from kb.markdown import question
from kb.state import BuildState
from kb.workshop_kit import CASE_PAGE, DECK_PAGE, SELFTEST_PAGE, WORKSHOP_PAGE

log = get_plugin_logger("kb.workshop")

MODULES_DIR = "modules"
HANDOUT = "handout.md"
TRAINER_PACK = "trainer-pack.md"
# Pages of a module that are not for trainees' handouts.
NOT_IN_HANDOUT = {WORKSHOP_PAGE, DECK_PAGE, HANDOUT, TRAINER_PACK}
# Where scripts/print_kit.py writes the PDFs (beside the docs folder), and their kinds.
PRINT_KIT = "print-kit"
PDF_KINDS = {"handout": "handout.pdf", "trainer-pack": "trainer-pack.pdf"}
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


def _module_files(files: Files, config: MkDocsConfig, slug: str) -> dict[str, File]:
    """{file name: File} of one module's pages in the language being built (fallbacks included)."""
    prefix = languages.prefix(config)
    found = {}
    for file in files.documentation_pages():
        parts = PurePosixPath(file.src_uri).parts
        if len(parts) == 4 and parts[1] == MODULES_DIR and parts[2] == slug and \
                file.dest_uri.startswith(f"{prefix}{MODULES_DIR}/") and file.abs_src_path:
            found[parts[3]] = file
    return found


def _read(file: File | None) -> str | None:
    return Path(file.abs_src_path).read_text(encoding="utf-8") if file and file.abs_src_path else None


def vote_letters(deck: File | None) -> int:
    """How many voting cards the deck's questions need: the most options any of them has (0 without questions)."""
    text = _read(deck)
    if deck is None or text is None or not deck.abs_src_path:
        return 0
    ids = [line.split("|", 1)[1].strip() for line in text.splitlines()
           if question.BLOCK_START.match(line) and "|" in line]
    selftest = Path(deck.abs_src_path).parent / SELFTEST_PAGE
    if not ids or not selftest.exists():
        return 0
    by_id = {q.id: q for q in question.load_selftest(selftest).questions}
    return max((question.option_count(by_id[i]) for i in ids if i in by_id), default=0)


def trainer_pack_markdown(pages: dict[str, File], module_title: str, ui: dict[str, str]) -> tuple[str, str]:
    """The trainer pack's Markdown: whole, and with placeholders for the pages whose HTML it reuses."""
    text = workshop_kit.TrainerPackText(
        heading=ui["trainer_pack.title"], intro=ui["trainer_pack.intro"], answer_key=ui["trainer_pack.answer_key"],
        speaker_notes=ui["trainer_pack.speaker_notes"], voting_cards=ui["trainer_pack.voting_cards"],
        voting_intro=ui["trainer_pack.voting_intro"], card=ui["trainer_pack.card"])
    sources = (module_title, _read(pages.get(WORKSHOP_PAGE)), _read(pages.get(CASE_PAGE)),
               _read(pages.get(SELFTEST_PAGE)), _read(pages.get(DECK_PAGE)), vote_letters(pages.get(DECK_PAGE)), text)
    return (workshop_kit.trainer_pack_markdown(*sources),
            workshop_kit.trainer_pack_markdown(*sources, placeholders=True))


def _generated_page(state: BuildState, config: MkDocsConfig, language_folder: str, slug: str, name: str,
                    content: str) -> File:
    current = languages.current(config)
    prefix = state.languages.prefix(current)
    page = File.generated(config, f"{language_folder}/{MODULES_DIR}/{slug}/{name}", content=content,
                          inclusion=InclusionLevel.NOT_IN_NAV)
    # Like static-i18n's own files: the output goes to the language's folder.
    stem = PurePosixPath(name).stem
    out = f"{stem}/index.html" if config.use_directory_urls else f"{stem}.html"
    page.dest_uri = f"{prefix}{MODULES_DIR}/{slug}/{out}"
    page.abs_dest_path = str(Path(config.site_dir) / page.dest_uri)
    # The language switcher links each page to its translations.
    engine.place_file(page, current, current, {
        language: f"{state.languages.prefix(language)}{MODULES_DIR}/{slug}/{out.removesuffix('index.html')}"
        for language in languages.built(config)})
    return page


def _pdfs(config: MkDocsConfig, language: str, slug: str) -> dict[str, File]:
    """The module's PDFs that scripts/print_kit.py wrote, as files to publish beside the module."""
    folder = Path(config.docs_dir).parent / PRINT_KIT
    found = {}
    for kind, name in PDF_KINDS.items():
        if (folder / language / slug / name).exists():
            dest = f"{languages.prefix(config)}{MODULES_DIR}/{slug}/{slug}-{kind}-{language}.pdf"
            found[kind] = File(f"{language}/{slug}/{name}", str(folder), config.site_dir, config.use_directory_urls,
                               dest_uri=dest)
    return found


def add_handouts(state: BuildState, files: Files, config: MkDocsConfig) -> None:
    """Per module, in the language being built (after static-i18n chose the files): the trainee handout, the
    trainer pack, and the PDFs of both when print_kit made them."""
    current = languages.current(config)
    ui = ui_strings.for_language(current, state.languages.default)
    state.handouts.clear()
    state.trainer_packs.clear()
    state.print_kit.clear()
    state.kit_pages.clear()
    state.rendered_pages.clear()
    for slug, pages in module_pages(files, config).items():
        language_folder = PurePosixPath(pages[0].src_uri).parts[0]
        parts = [workshop_kit.Part(PurePosixPath(f.src_uri).name,
                                   frontmatter.read(Path(f.abs_src_path or "")).body) for f in pages]
        handout = _generated_page(state, config, language_folder, slug, HANDOUT, workshop_kit.handout_markdown(
            parts, ui["handout.title"], ui["handout.intro"]))
        state.kit_pages[handout.dest_uri] = workshop_kit.KitPage(
            _body(workshop_kit.handout_markdown(parts, ui["handout.title"], ui["handout.intro"], placeholders=True)),
            {PurePosixPath(f.src_uri).name: f.dest_uri for f in pages[1:]}, trainer_pack=False)
        module_title = workshop_kit.title(parts[0].markdown)
        module_files = _module_files(files, config, slug)
        whole, with_placeholders = trainer_pack_markdown(module_files, module_title, ui)
        pack = _generated_page(state, config, language_folder, slug, TRAINER_PACK, whole)
        state.kit_pages[pack.dest_uri] = workshop_kit.KitPage(
            _body(with_placeholders),
            {name: module_files[name].dest_uri for name in (WORKSHOP_PAGE, CASE_PAGE, SELFTEST_PAGE, DECK_PAGE)
             if name in module_files}, trainer_pack=True)
        files.append(handout)
        files.append(pack)
        state.handouts[slug] = handout
        state.trainer_packs[slug] = pack
        state.print_kit[slug] = _pdfs(config, current, slug)
        for pdf in state.print_kit[slug].values():
            files.append(pdf)


def _body(markdown: str) -> str:
    return frontmatter.split(markdown).body


def remember_page(state: BuildState, page_html: str, page: Page) -> None:
    """Keep the HTML of a module page that a handout or trainer pack of this language reuses."""
    if _module_of(page) is not None and PurePosixPath(page.file.src_uri).name not in {HANDOUT, TRAINER_PACK}:
        state.rendered_pages[page.file.dest_uri] = page_html


def _kit_to_fill(state: BuildState, page: Page) -> workshop_kit.KitPage | None:
    """The page's kit, when the HTML of every page it reuses is there."""
    kit = state.kit_pages.get(page.file.dest_uri)
    return kit if kit and all(dest in state.rendered_pages for dest in kit.parts.values()) else None


def kit_markdown(state: BuildState, markdown: str, page: Page) -> str:
    """A handout's or trainer pack's Markdown with placeholders for the pages converted already (they come
    first in the files, so they are); as a whole when one was not (a --dirty rebuild skips unchanged pages)."""
    kit = _kit_to_fill(state, page)
    return kit.markdown if kit else markdown


def fill_kit(state: BuildState, page_html: str, page: Page) -> str:
    """A handout's or trainer pack's HTML with its pages' HTML put in, and its table of contents: every part's
    headings under the kit's title (filled in, or converted whole, the same outline)."""
    if page.file.dest_uri not in state.kit_pages:
        return page_html
    kit = _kit_to_fill(state, page)
    if kit is not None:
        page_html = workshop_kit.fill_parts(
            page_html, {name: state.rendered_pages[dest] for name, dest in kit.parts.items()}, kit.trainer_pack)
    engine.set_table_of_contents(page, workshop_kit.headings(page_html), under_title=True)
    return page_html


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
    module_url = f"{languages.prefix(config)}{MODULES_DIR}/{module}/"
    # A handout, trainer pack or deck sends phones to the module's own page.
    this_page = site_url + (module_url if page.meta.get("handout") or page.meta.get("deck") else page.url)
    selftest = site_url + f"{module_url}self-test/"
    figures = []
    for url, label in ((this_page, ui["qr.page"]), (selftest, ui["qr.selftest"])):
        figures.append(f'<figure class="kb-qr">{qr_svg(url, f"{label}: {url}")}'
                       f'<figcaption>{html.escape(label)}<br><span class="kb-qr__url">{html.escape(url)}</span>'
                       f"</figcaption></figure>")
    return f'<div class="kb-qr-codes" data-kb-qr>{"".join(figures)}</div>'


def why_no_qr_codes(site_url: str | None) -> str | None:
    """Why QR codes to `site_url` would not work on a phone in the room; None when they would."""
    if not site_url:
        return "No QR codes: set site_url in mkdocs.yml (the address where the site is published) to put QR codes " \
               "on module pages, handouts and slides."
    host = (urlsplit(site_url).hostname or "").lower()
    try:
        address = ipaddress.ip_address(host)
        local = address.is_loopback or address.is_private or address.is_link_local or address.is_unspecified
    except ValueError:
        local = host in {"", "localhost"} or host.endswith((".localhost", ".local", ".internal", ".lan"))
    if local:
        return f"No QR codes: site_url {site_url} is a local or private address (as under 'mkdocs serve'), which " \
               "phones in the room cannot open; set the site's public address in site_url."
    return None


def add_qr_codes(state: BuildState, page_html: str, page: Page, config: MkDocsConfig) -> str:
    if _module_of(page) is None:
        return page_html
    reason = why_no_qr_codes(config.site_url)
    if reason:
        if not state.told_about_site_url:
            log.info(reason)
            state.told_about_site_url = True
        return page_html
    return page_html + qr_block(state, page, config)


def link_handout(state: BuildState, context: dict[str, Any], page: Page) -> None:
    """The module page links to the handout, the trainer pack and their PDFs; the workshop plan to the pack."""
    module = _module_of(page)
    name = PurePosixPath(page.file.src_uri).name
    if module in state.handouts and name == "index.md":
        context["handout_url"] = state.handouts[module].url_relative_to(page.file)
        for kind, pdf in state.print_kit.get(module, {}).items():
            context[f"{kind.replace('-', '_')}_pdf_url"] = pdf.url_relative_to(page.file)
    if module in state.trainer_packs and name in {"index.md", WORKSHOP_PAGE}:
        context["trainer_pack_url"] = state.trainer_packs[module].url_relative_to(page.file)
