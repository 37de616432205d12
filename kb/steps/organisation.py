"""Build step: an organisation's own copy of the knowledge base, from one small config file, without a fork.

The organisation's mkdocs.yml INHERITs ours and adds (see `python3 scripts/new_organisation.py --help`):

    extra:
      organisation:
        name: Zorg Noord
        docs: docs                       # its own pages: docs/<language>/<folder>/….md
        logo: assets/logo.svg            # paths relative to the organisation's mkdocs.yml
        favicon: assets/favicon.png
        colors: {primary: "#0b5d4b", accent: "#a3470f"}
        contact: {nl: "leren@zorgnoord.example · 050 123 45 67", en: "…"}

- Its pages join the site in the right languages: each top-level folder becomes a navigation section after
  the modules (titled by its index page), and they are searchable; a page missing in a language falls back
  to the default language with the usual notice. A page with the same path as a core page replaces it.
- Logo and favicon are published under assets/organisation/. Colours become a small stylesheet; a colour
  pair that fails WCAG AA contrast is a build warning that names the pair (strict builds stop on it).
- The contact line and name appear in the footer (overrides/partials/copyright.html).
Nothing happens without `extra.organisation`: our own site does not use this step.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

import markupsafe
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure import StructureItem
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from kb import engine, languages
from kb.state import BuildState

log = get_plugin_logger("kb.organisation")

ASSETS = "assets/organisation"
STYLESHEET = f"{ASSETS}/colours.css"
# WCAG 2.1 AA: 4.5:1 for text; 3:1 for large text and interface parts such as focus rings.
TEXT_CONTRAST = 4.5
UI_CONTRAST = 3.0
WHITE = "#ffffff"


def settings(config: MkDocsConfig) -> dict | None:
    value = config.extra.get("organisation")
    if value is None:
        return None
    if not isinstance(value, dict):
        raise PluginError(f"{config.config_file_path}: extra.organisation must be a mapping (name, docs, colors, …)")
    return value


def folder(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _hex(colour: str, where: str) -> tuple[float, float, float]:
    value = str(colour).strip().lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    if len(value) != 6 or any(c not in "0123456789abcdefABCDEF" for c in value):
        raise PluginError(f"{where}: '{colour}' is not a colour like #1d4b73")
    red, green, blue = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return red, green, blue


def luminance(rgb: tuple[float, float, float]) -> float:
    channel = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * channel[0] + 0.7152 * channel[1] + 0.0722 * channel[2]


def contrast(first: str, second: str, where: str = "colours") -> float:
    lighter, darker = sorted((luminance(_hex(first, where)), luminance(_hex(second, where))), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def contrast_problems(colours: dict[str, str], where: str) -> list[str]:
    """Every colour pair the theme uses that fails WCAG AA, as a sentence naming the pair."""
    problems = []
    checks = []
    if "primary" in colours:
        checks += [("primary", colours["primary"], "white header text", WHITE, TEXT_CONTRAST),
                   ("primary", colours["primary"], "the white page (links)", WHITE, TEXT_CONTRAST)]
    if "accent" in colours:
        checks += [("accent", colours["accent"], "the white page (hover and focus)", WHITE, UI_CONTRAST)]
    for name, colour, against, other, needed in checks:
        ratio = contrast(colour, other, f"{where}: extra.organisation.colors.{name}")
        if ratio < needed:
            problems.append(f"{where}: extra.organisation.colors.{name} {colour} on {against} has contrast "
                            f"{ratio:.1f}:1; WCAG AA needs {needed:g}:1")
    return problems


def colours_css(colours: dict[str, str]) -> str:
    rules = []
    if "primary" in colours:
        primary = colours["primary"]
        rules += [f"--md-primary-fg-color: {primary};", f"--md-primary-fg-color--light: {primary};",
                  f"--md-primary-fg-color--dark: {primary};", f"--md-typeset-a-color: {primary};"]
    if "accent" in colours:
        rules += [f"--md-accent-fg-color: {colours['accent']};"]
    # Links keep our light colour on the dark palette, where a dark brand colour would be unreadable.
    return ("/* Generated from extra.organisation.colors (kb/steps/organisation.py). */\n"
            '[data-md-color-scheme="default"] { ' + " ".join(rules) + " }\n"
            '[data-md-color-scheme="slate"] { ' + " ".join(r for r in rules if "typeset-a" not in r) + " }\n")


def configure(config: MkDocsConfig) -> None:
    """Colours (with contrast warnings), logo and favicon into the theme's config."""
    org = settings(config)
    if org is None:
        return
    where = str(config.config_file_path)
    for problem in contrast_problems(org.get("colors") or {}, where):
        log.warning(problem)
    if org.get("colors") and STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)
    for key in ("logo", "favicon"):
        if org.get(key):
            path = folder(config) / org[key]
            if not path.is_file():
                raise PluginError(f"{where}: extra.organisation.{key}: {path} does not exist")
            config.theme[key] = f"{ASSETS}/{path.name}"


def add_files(state: BuildState, files: Files, config: MkDocsConfig) -> None:
    """The organisation's pages, logo and colours, after static-i18n placed the core pages of the language being
    built (an organisation's page with a core page's path replaces it)."""
    org = settings(config)
    if org is None:
        return
    base = folder(config)
    current, default = languages.current(config), state.languages.default
    prefix = state.languages.prefix(current)

    for key in ("logo", "favicon"):
        if org.get(key):
            path = base / org[key]
            files.append(File.generated(config, f"{ASSETS}/{path.name}", abs_src_path=str(path)))
    if org.get("colors"):
        files.append(File.generated(config, STYLESHEET, content=colours_css(org["colors"])))

    docs = base / org.get("docs", "docs")
    if not docs.is_dir():
        if "docs" in org:
            raise PluginError(f"{config.config_file_path}: extra.organisation.docs: {docs} is not a folder")
        return
    pages: dict[str, Path] = {}
    for language in (default, current):  # the current language's page wins over the default's
        for path in sorted((docs / language).rglob("*.md")) if (docs / language).is_dir() else []:
            pages[path.relative_to(docs / language).as_posix()] = path
    for relative, path in pages.items():
        language = path.relative_to(docs).parts[0]
        file = File(f"{language}/{relative}", str(docs), config.site_dir, config.use_directory_urls,
                    inclusion=InclusionLevel.NOT_IN_NAV)  # added to the navigation in on_nav
        name = PurePosixPath(relative)
        if config.use_directory_urls and name.name != "index.md":
            dest = f"{name.with_suffix('')}/index.html"
        else:
            dest = name.with_suffix(".html").as_posix()
        file.dest_uri = prefix + dest
        file.abs_dest_path = str(Path(config.site_dir) / file.dest_uri)
        engine.place_file(file, language, current)
        existing = files.get_file_from_path(f"{current}/{relative}") or files.get_file_from_path(
            f"{default}/{relative}")
        if existing is not None:
            log.info(f"{path}: replaces the core page {existing.src_uri}")
            files.remove(existing)
        files.append(file)


def _org_files(files: Files, config: MkDocsConfig) -> list[File]:
    org = settings(config) or {}
    docs = (folder(config) / org.get("docs", "docs")).resolve()
    return [f for f in files.documentation_pages() if Path(f.abs_src_path or "/").resolve().is_relative_to(docs)]


def add_to_navigation(nav: Navigation, config: MkDocsConfig, files: Files) -> None:
    """Each top-level folder of the organisation's pages becomes a section after the modules."""
    if settings(config) is None:
        return
    sections: dict[str, list[Page]] = {}
    loose: list[Page] = []
    for file in _org_files(files, config):
        parts = PurePosixPath(file.src_uri).parts[1:]
        if file.page is None or (len(parts) == 1 and parts[0] == "index.md"):
            continue
        if any(file.page is item for item in nav.items):
            continue  # it replaced a core page and is already in the navigation
        if len(parts) == 1:
            loose.append(file.page)
        else:
            sections.setdefault(parts[0], []).append(file.page)
    added: list[StructureItem] = []
    for name, pages in sorted(sections.items()):
        pages.sort(key=lambda p: (not p.is_index, p.file.src_uri))
        children: list[StructureItem] = [*pages]
        added.append(Section(name.replace("-", " ").capitalize(), children))
    added += loose
    if not added:
        return
    position = next((i + 1 for i, item in enumerate(nav.items)
                     if isinstance(item, Section) and any(getattr(c, "url", "").endswith("modules/")
                                                          for c in item.children)), len(nav.items))
    nav.items[position:position] = added
    engine.relink_navigation(nav)


def escape_site_name(state: BuildState, config: MkDocsConfig) -> None:
    """Material prints the site name into pages unescaped (header, title, aria-label): an organisation's name
    is text written by its staff, so it is escaped once per language build. It stays a plain str: static-i18n
    only accepts per-language overrides of options whose value is exactly a str (Markup would be refused)."""
    if config.site_name != state.escaped_site_name:
        state.escaped_site_name = config.site_name = str(markupsafe.escape(config.site_name))


def page_context(state: BuildState, context: dict[str, Any], config: MkDocsConfig) -> None:
    escape_site_name(state, config)
    org = settings(config)
    if org is not None:
        current, default = languages.current(config), state.languages.default
        contact = org.get("contact") or {}
        context["organisation"] = {
            "name": org.get("name", ""),
            "contact": contact.get(current, contact.get(default, "")) if isinstance(contact, dict) else contact,
        }
