"""Build step: what our templates (overrides/) need from the build, in the language being built.

- UI strings (overrides/ui_strings.yml, via kb/ui_strings.py): `ui` for templates, `ui_for_scripts` for the
  JSON our JavaScript reads; the YAML file itself is not published.
- `language_root`: the language's own folder, which Material resolves the search index against.
- `fallback_original_url`: the original of a page shown as a fallback, for the notice.
- Language switcher links relative on home pages, and the name of Material's search worker for ours.
- `without_language_alternates`: Material fetches sitemap.xml beside every <link rel="alternate" hreflang> in a
  page's head (to map the page into the other language when the switcher is used). Our switcher already links
  each page's own translation, and those fetches fail: at odd paths online, always over file://. The head
  leaves those links out (overrides/main.html); the switcher keeps its links.
- `CompiledTemplates`: MkDocs makes a new Jinja environment for every build, and static-i18n builds once per
  language, so each template was compiled four times per build (and again on every `mkdocs serve` rebuild).
  The plugin keeps one bytecode cache for its lifetime, in memory and in `.cache/templates/` beside the config
  for later processes; Jinja checks each template's source checksum, so an edited template is compiled again.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

from jinja2 import Environment
from jinja2.bccache import BytecodeCache, Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from kb import engine, languages, ui_strings
from kb.state import BuildState

# UI strings our JavaScript needs (selftest.js, deck.js, figures.js, tables.js), passed in each page as JSON.
SCRIPT_STRING_GROUPS = {"selftest", "progress", "slides", "home", "figure", "table"}
LANGUAGE_ALTERNATE_LINK = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def without_language_alternates(head: str) -> str:
    return LANGUAGE_ALTERNATE_LINK.sub("", head)


def ui(state: BuildState, config: MkDocsConfig) -> dict[str, str]:
    return ui_strings.for_language(languages.current(config), state.languages.default)


class CompiledTemplates(BytecodeCache):
    """Jinja bytecode kept in memory for the plugin's builds, and in a folder for the next process.

    Compiling the theme's templates costs some 0.5 s of CPU in every process that builds (each worker of
    `scripts/build.py`, each `mkdocs build`); the folder (`.cache/templates/` beside the config) keeps it from
    one run to the next. A file that cannot be read or written only costs that compile.
    """

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}
        self.folder: Path | None = None

    def keep_in(self, folder: Path) -> None:
        self.folder = folder

    def _file(self, key: str) -> Path | None:
        return None if self.folder is None else self.folder / f"{key}.jinja-bytecode"

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.code.get(bucket.key)
        stored = self._file(bucket.key)
        if code is None and stored is not None:
            try:
                code = stored.read_bytes()
            except OSError:
                return
        if code is not None:
            bucket.bytecode_from_string(code)  # ignored by Jinja when the source changed (or Jinja did)

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = self.code[bucket.key] = bucket.bytecode_to_string()
        stored = self._file(bucket.key)
        if stored is None:
            return
        try:  # written whole, then renamed: parallel workers may write the same template
            stored.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=stored.parent, delete=False) as part:
                part.write(code)
            os.replace(part.name, stored)
        except OSError:
            pass

    def clear(self) -> None:
        self.code.clear()


def template_cache_folder(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path or ".").resolve().parent / ".cache" / "templates"


def add_globals(state: BuildState, env: Environment, config: MkDocsConfig) -> None:
    strings = ui(state, config)
    env.globals["ui"] = strings
    env.globals["ui_for_scripts"] = {key: text for key, text in strings.items()
                                     if key.split(".")[0] in SCRIPT_STRING_GROUPS}
    env.globals["material_search_worker"] = engine.material_search_worker(config)
    env.filters["without_language_alternates"] = without_language_alternates


def unpublish_ui_strings(files: Files) -> None:
    # The theme folder's files are published; our UI strings are read at build time, not served.
    strings = files.get_file_from_path(ui_strings.UI_STRINGS_FILE.name)
    if strings is not None:
        files.remove(strings)


def search_home(state: BuildState, page: Page, config: MkDocsConfig) -> str:
    """The language's home page, relative to the page: where a search field sends its query (?q=)."""
    home = state.languages.prefix(languages.current(config)) + ("" if config.use_directory_urls else "index.html")
    return get_relative_url(home or ".", page.url or ".")


def page_context(state: BuildState, context: dict[str, Any], page: Page, config: MkDocsConfig) -> None:
    # static-i18n leaves the switcher's links on home pages as root-absolute ("/nl/"), which breaks a copy
    # served below a path or opened from file://. Point them at each language's home page, relatively.
    for alternate in engine.switcher_links(config):
        if alternate.get("link", "").startswith("/"):
            home = "" if config.use_directory_urls else "index.html"
            alternate["link"] = state.languages.prefix(alternate["lang"]) + home or "."
    prefix = state.languages.prefix(languages.current(config))
    base = context["base_url"].rstrip("/") or "."
    # Material resolves the search index and result links against __config.base; pointing it at the
    # language's own folder is what makes each language load only its own index.
    context["language_root"] = f"{base}/{prefix}"
    # static-i18n gives every language's home page is_homepage=False but the default's: ask by address.
    context["is_language_home"] = page.url in (prefix, f"{prefix}index.html")
    context["search_home"] = search_home(state, page, config)
    if "fallback_of" in page.meta:
        context["fallback_original_url"] = f"{base}/{page.url[len(prefix):]}"
