"""Every call into the internals of mkdocs-static-i18n, Material for MkDocs and MkDocs itself, in one place.

The rest of kb uses MkDocs' public plugin API (events, Files, File.generated, Page, Section) and this module.
Moving to another engine (ProperDocs, Zensical) means rewriting this module and kb/plugin.py, not the steps.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
from jinja2 import nodes
from mkdocs import utils as mkdocs_utils
from markdown.extensions.toc import strip_tags
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation, Section, _add_parent_links, _add_previous_and_next_links
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

I18N_PLUGIN = "i18n"
# Material writes one search index for everything static-i18n built, here, in static-i18n's last on_post_build.
MATERIAL_SEARCH_INDEX = Path("search") / "search_index.json"
MATERIAL_WORKER_GLOB = "assets/javascripts/workers/search.*.min.js"
# static-i18n's priority for on_config, on_files, on_nav and on_post_build; our steps are placed around it.
I18N_PRIORITY = -100


# ---------------------------------------------------------------------------------------------- static-i18n

def _i18n(config: MkDocsConfig) -> Any:
    plugin = config.plugins.get(I18N_PLUGIN)
    if plugin is None:
        raise PluginError("The kb plugin needs the mkdocs-static-i18n plugin ('i18n' in plugins).")
    return plugin


def language_entries(config: MkDocsConfig) -> list[dict[str, Any]]:
    """static-i18n's `languages` setting as plain dicts (locale, name, default, build, site_name)."""
    return [dict(entry) for entry in _i18n(config).config.languages]


def current_language(config: MkDocsConfig) -> str:
    """The language static-i18n is building now (it builds the default language first, then each other)."""
    return str(_i18n(config).current_language or _i18n(config).default_language)


def build_languages(config: MkDocsConfig) -> list[str]:
    """Languages built in this run (all, or the one in build_only_locale)."""
    return list(_i18n(config).build_languages)


def is_nested_build(config: MkDocsConfig) -> bool:
    """True inside the per-language builds static-i18n runs from its own on_post_build."""
    return bool(_i18n(config).building)


def file_language(file: File) -> str | None:
    """The language of the source file static-i18n chose for a page (None for a file it did not place)."""
    return getattr(file, "locale", None)


def place_file(file: File, language: str, built_as: str, alternates: dict[str, str] | None = None) -> None:
    """Give a file we generate the attributes static-i18n sets on its own: the language it is written in, the
    language it stands in for, and its translations' URLs (read by the language switcher)."""
    file.locale = language  # type: ignore[attr-defined]
    file.locale_alternate_of = built_as  # type: ignore[attr-defined]
    file.alternates = {lang: SimpleNamespace(url=url)  # type: ignore[attr-defined]
                       for lang, url in (alternates or {}).items()}


def switcher_links(config: MkDocsConfig) -> list[dict[str, str]]:
    """The language switcher's entries, which static-i18n sets as an attribute of config.extra."""
    return list(getattr(config.extra, "alternate", None) or [])


def set_switcher_links(config: MkDocsConfig, links: list[dict[str, str]]) -> None:
    """Replace the language switcher's entries for the template about to be rendered (static-i18n sets them
    again for each page, in its on_page_context, as an attribute, which templates read before the item)."""
    config.extra.alternate = links  # type: ignore[attr-defined]
def build_languages_of(config: MkDocsConfig, chosen: list[str]) -> None:
    """Build only `chosen` languages, each into its own folder of config.site_dir, as static-i18n's own loop
    (its on_post_build) builds every language: for the parallel build (kb/build.py), one process per share.

    static-i18n is told it is already inside its loop (`building`), so its on_post_build only collects each
    language's search entries; at the end it writes Material's combined index of these languages, as it does
    after its last language. Everything else (switcher, fallbacks, alternates) still sees every language."""
    plugin = _i18n(config)
    keep_clean = mkdocs_utils.clean_directory
    plugin.building = True
    mkdocs_utils.clean_directory = lambda directory: None  # as static-i18n: later languages add files
    try:
        for language in chosen:
            plugin.current_language = language
            mkdocs_build(config)
        plugin.reconfigure_search_index(config)
    finally:
        mkdocs_utils.clean_directory = keep_clean
        plugin.building = False


# ---------------------------------------------------------------------------------------------- MkDocs

def relink_navigation(nav: Navigation) -> None:
    """After items were added to a navigation: parents, the page list and previous/next links, as MkDocs
    sets them when it builds the navigation (private helpers of mkdocs.structure.nav)."""
    _add_parent_links(nav.items)
    nav.pages = list(_pages(nav.items))
    _add_previous_and_next_links(nav.pages)


def _pages(items: list) -> Any:
    for item in items:
        if isinstance(item, Page):
            yield item
        elif isinstance(item, Section):
            yield from _pages(item.children)


class _ThemeFileLoader(jinja2.FileSystemLoader):
    """Jinja's FileSystemLoader, listing files without going into dot folders. MkDocs lists the theme's files
    on every build (each language is one) to publish its assets, and publishes nothing below a dot folder (its
    filter drops '.*' and '*/.*'); but the listing walked Material's templates/.icons, 14 000 files, and ran
    the filter's patterns on each: some 0.1 s of CPU per language built. Loading templates is unchanged."""

    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:
            for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=self.followlinks):
                dirnames[:] = [name for name in dirnames if not name.startswith(".")]
                for filename in filenames:
                    template = (os.path.join(dirpath, filename)[len(searchpath):]
                                .strip(os.path.sep).replace(os.path.sep, "/"))
                    found.add(template.removeprefix("./"))
        return sorted(found)


def list_theme_files_quickly(config: MkDocsConfig) -> None:
    """Make the theme's Jinja environments (MkDocs' Theme.get_env) list files with _ThemeFileLoader."""
    theme = config.theme
    get_env = theme.get_env
    if getattr(get_env, "lists_quickly", False):
        return  # static-i18n's builds of the other languages share the theme

    def quick_get_env() -> jinja2.Environment:
        env = get_env()
        loader = env.loader
        if type(loader) is jinja2.FileSystemLoader:
            env.loader = _ThemeFileLoader(loader.searchpath, loader.encoding, loader.followlinks)
        return env

    quick_get_env.lists_quickly = True  # type: ignore[attr-defined]
    setattr(theme, "get_env", quick_get_env)


def set_markdown_extension_config(config: MkDocsConfig, extension: str, settings: dict[str, Any]) -> None:
    """Config for one Markdown extension for the page about to be rendered: MkDocs makes a new Markdown
    instance per page from config.mdx_configs, so this is how per-page context reaches an extension."""
    config.mdx_configs[extension] = settings


def serve_not_found_by_folder(server: Any, site_dir: Path, folders: set[str], page: str) -> None:
    """`mkdocs serve` answers every missing address with site_dir/404.html (LiveReloadServer.error_handler,
    called with the status code only). Remember each request's path (serve_request runs in the request's
    thread) and answer a 404 below one of `folders` with that folder's own page."""
    local = threading.local()
    serve_request = server.serve_request
    error_handler = server.error_handler
    mount_path = str(getattr(server, "mount_path", "/"))

    def remember_path(environ: dict[str, Any], start_response: Any) -> Any:
        local.path = str(environ.get("PATH_INFO", ""))
        return serve_request(environ, start_response)

    def not_found_in_folder(code: int) -> bytes | None:
        path = getattr(local, "path", "")
        path = path[len(mount_path):] if path.startswith(mount_path) else path.lstrip("/")
        first = path.split("/")[0]
        own = site_dir / first / page
        if code == 404 and first in folders and own.is_file():
            return own.read_bytes()
        return error_handler(code)

    server.set_app(remember_path)
    server.error_handler = not_found_in_folder


# ---------------------------------------------------------------------------------------------- Material

def theme_languages(config: MkDocsConfig) -> set[str]:
    """Languages Material has texts for (partials/languages/<code>.html); another locale crashes its templates."""
    return {path.stem for folder in config.theme.dirs for path in (Path(folder) / "partials" / "languages").glob("*.html")
            if path.stem != "custom"}


def theme_translations(env: jinja2.Environment, language: str) -> dict[str, str] | None:
    """Material's texts for a language ({key: text}), read once from its partials/languages/<language>.html,
    whose macro `t` writes out its whole table of some 60 entries on every call (thousands of calls a build).
    None when the file is not in that form (another Material): the templates then call the macro as before."""
    try:
        source = env.loader.get_source(env, f"partials/languages/{language}.html")[0] if env.loader else ""
        macros = [macro for macro in env.parse(source).find_all(nodes.Macro) if macro.name == "t"]
        table = next(macros[0].find_all(nodes.Dict)).as_const() if len(macros) == 1 else None
    except (jinja2.TemplateError, StopIteration, nodes.Impossible):
        return None
    if not isinstance(table, dict) or not all(isinstance(text, str) for text in table.values()):
        return None
    return table


def material_icon(config: MkDocsConfig, name: str) -> str:
    """The SVG of a Material icon by its front-matter name ('material/sprout'), from the theme's .icons folder."""
    for folder in config.theme.dirs:
        path = Path(folder) / ".icons" / f"{name}.svg"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise PluginError(f"icon '{name}': no such icon in the theme (see Material's icon search for names).")


def material_search_worker(config: MkDocsConfig) -> str:
    """File name of Material's search worker (it carries a content hash), which our worker wrapper loads."""
    workers = [worker for folder in config.theme.dirs for worker in sorted(Path(folder).glob(MATERIAL_WORKER_GLOB))]
    if not workers:
        raise PluginError(f"Material's search worker ({MATERIAL_WORKER_GLOB}) not found in the theme folders.")
    return workers[0].name


# ---------------------------------------------------------------------------------------------- MkDocs

def load_config(config_file: Path) -> MkDocsConfig:
    """A config file read and validated as `mkdocs build` would (INHERIT, !ENV, plugins), without building."""
    from mkdocs.config import load_config as mkdocs_load_config

    return mkdocs_load_config(config_file=str(config_file))


def theme_environment(config: MkDocsConfig) -> Any:
    """The Jinja environment the theme renders pages with (Material's templates and our overrides)."""
    return config.theme.get_env()


# ---------------------------------------------------------------------------------------------- pages

def set_table_of_contents(page: Page, headings: list[tuple[int, str, str]], under_title: bool = False) -> None:
    """The page's table of contents from its headings, (level, id, title as HTML), in order: for a page whose
    HTML was put together after conversion (handouts), as Python-Markdown's toc would have made it. With
    `under_title`, the headings after the first are listed under it, though they are h1s too: Material shows
    the first h1's entries only (a handout's parts each begin with their page's own h1)."""
    tokens: list[dict[str, Any]] = []
    open_levels: list[dict[str, Any]] = []
    for level, anchor, title in headings:
        # As Python-Markdown's toc: the name is the title's text (MkDocs and Material show it), the HTML beside it.
        token: dict[str, Any] = {"level": level, "id": anchor, "name": strip_tags(title), "html": title,
                                 "children": []}
        while open_levels and open_levels[-1]["level"] >= level:
            open_levels.pop()
        (open_levels[-1]["children"] if open_levels else tokens).append(token)
        open_levels.append(token)
    if under_title and len(tokens) > 1 and tokens[0]["level"] == 1:
        tokens[0]["children"] += tokens[1:]
        del tokens[1:]
    page.toc = get_toc(tokens)  # type: ignore[arg-type]
