"""The kb MkDocs plugin (`- kb` under plugins: in mkdocs.yml; entry point in pyproject.toml): runs the build
steps in kb/steps/ from MkDocs events, with one BuildState per build (kb/state.py).

Event order. mkdocs-static-i18n (`i18n`) builds the default language, then, from its own on_post_build
(priority −100), each other language with the same config and plugins. Our handlers are placed around it:

| event           | priority | step                                                                          |
| --------------- | -------- | ----------------------------------------------------------------------------- |
| on_config       | 0        | new BuildState (outer build only); organisation: colours, logo, favicon;       |
|                 |          | bundle: link one stylesheet and one script instead of their sources            |
| on_files        | 0        | templates: do not publish ui_strings.yml (before i18n's −100 sorts the files) |
| on_files        | −110     | organisation: its pages, after i18n placed the core pages of this language    |
| on_files        | −150     | decks: not in the navigation; handouts: after i18n (and the organisation)     |
|                 |          | chose each page's file; bundle: publish the bundled stylesheet and script    |
| on_nav          | −120     | organisation: its sections, after i18n removed the language folders (−100)   |
| on_nav          | −150     | sections: titles from index pages (organisation's sections included); home: |
|                 |          | the module cards (title, one line, study time, self-tests)                    |
| on_page_markdown| 0        | search: mark fallbacks, rank reference pages; per-page config for the        |
|                 |          | selftest, glossary and question extensions (after i18n's +50);               |
|                 |          | reader_language: the heading anchors' title; home: cards for the home        |
|                 |          | extension; decks: their template and the links between a module and its deck;|
|                 |          | handouts: a kit page's Markdown with placeholders for pages already converted |
| on_page_content | 0        | handouts: keep module pages' HTML, QR codes; decks: their HTML as reveal.js  |
|                 |          | slides                                                                        |
| on_env          | 0        | templates: compiled once per plugin, UI strings, search worker name;          |
|                 |          | reader_language: plurals, filter                                              |
| on_page_context | 0        | handouts: fill the kit pages with their module's pages (after search's 0: it  |
|                 |          | leaves them out, yet scans their HTML); templates, handouts, progress,       |
|                 |          | organisation: template variables (after static-i18n's +50)                    |
| on_template_context | 0    | organisation: name, contact, escaped site name on pages without a Page (404); |
|                     |      | not_found: the 404 page's home, search and language switcher                  |
| on_post_template| 0        | not_found: keep this language's 404 page                                      |
| on_post_build   | −200     | not_found and search, after i18n built the last language and wrote the        |
|                 |          | combined index (−100); skipped inside i18n's per-language builds              |
| on_serve        | 0        | not_found: `mkdocs serve` answers a missing /nl/… with the Dutch 404 page     |

The kb plugin must be listed after i18n (and search) in mkdocs.yml, so that at equal priority it runs after them.
"""

from __future__ import annotations

from typing import Any, cast

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from kb import engine, languages
from kb.state import BuildState
from kb.steps import (bundle, decks, glossary, handouts, home, navigation, not_found, organisation, progress,
                      reader_language, search, sections, templates)

# static-i18n appends every language's search entries again on each dirty rebuild (the index grows 4x each time).
DIRTY_REFUSED = ("--dirty rebuilds only one language: use `KB_LANGUAGE=nl mkdocs serve --dirty --no-strict` "
                 "(or any language code), or `mkdocs serve` for the whole site.")

AFTER_I18N = engine.I18N_PRIORITY - 10        # −110
LATER_AFTER_I18N = engine.I18N_PRIORITY - 20  # −120
LAST_AFTER_I18N = engine.I18N_PRIORITY - 50   # −150
AFTER_I18N_BUILT_ALL = engine.I18N_PRIORITY - 100  # −200


class KnowledgeBasePlugin(BasePlugin):
    def __init__(self) -> None:
        super().__init__()
        self._state: BuildState | None = None
        # Outlives one build on purpose: serve's rebuilds and static-i18n's language builds reuse it.
        self._compiled_templates = templates.CompiledTemplates()

    @property
    def state(self) -> BuildState:
        if self._state is None:
            raise RuntimeError("kb plugin: no build in progress (on_config has not run)")
        return self._state

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # (MkDocs then keeps this plugin object across serve's rebuilds; each build still starts a new state.)
        self._dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if getattr(self, "_dirty", False) and len(languages.built(config)) > 1:
            raise PluginError(DIRTY_REFUSED)
        if self._state is None or not engine.is_nested_build(config):
            languages.check_theme_knows(config)
            self._state = BuildState(languages=languages.of_config(config))
        engine.list_theme_files_quickly(config)
        self.state.built.append(languages.current(config))
        organisation.configure(config)
        bundle.configure(self.state.bundles, config)
        return config

    # -------------------------------------------------------------------------------------- files, nav

    def _unpublish_ui_strings(self, files: Files, config: MkDocsConfig) -> Files:
        templates.unpublish_ui_strings(files)
        return files

    @event_priority(AFTER_I18N)
    def _organisation_files(self, files: Files, config: MkDocsConfig) -> Files:
        organisation.add_files(self.state, files, config)
        return files

    @event_priority(LAST_AFTER_I18N)
    def _handout_files(self, files: Files, config: MkDocsConfig) -> Files:
        decks.leave_out_of_navigation(files)
        handouts.add_handouts(self.state, files, config)
        bundle.add_files(self.state.bundles, files, config)
        return files

    on_files = CombinedEvent(_unpublish_ui_strings, _organisation_files, _handout_files)

    @event_priority(LATER_AFTER_I18N)
    def _organisation_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        organisation.add_to_navigation(nav, config, files)
        return nav

    @event_priority(LAST_AFTER_I18N)
    def _section_titles(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        sections.retitle_sections(nav)
        home.collect_cards(self.state, nav, files, config)
        return nav

    on_nav = CombinedEvent(_organisation_nav, _section_titles)

    # -------------------------------------------------------------------------------------- pages

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        search.mark_fallback(self.state, page, config)
        search.rank_page(page)
        progress.configure_extension(self.state, page, config)
        glossary.configure_extension(page, config)
        reader_language.configure_markdown(self.state, config)
        home.configure_extension(self.state, page, config, templates.search_home(self.state, page, config))
        decks.configure(self.state, page, config, files)
        return handouts.kit_markdown(self.state, markdown, page)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        handouts.remember_page(self.state, html, page)
        return decks.lay_out(handouts.add_qr_codes(self.state, html, page, config), page)

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        self._compiled_templates.keep_in(templates.template_cache_folder(config))
        env.bytecode_cache = self._compiled_templates
        templates.add_globals(self.state, env, config)
        navigation.add_globals(env)
        reader_language.add_globals(self.state, env, config)
        return env

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        # Filled here, after Material's search (which leaves kit pages out of the index but still runs a regex
        # over all of a page's HTML): a kit holds every page of its module.
        page.content = handouts.fill_kit(self.state, page.content or "", page)
        values = cast(dict[str, Any], context)  # our templates' own variables, beside MkDocs' typed ones
        templates.page_context(self.state, values, page, config)
        progress.page_context(self.state, values, page, config, nav)
        handouts.link_handout(self.state, values, page)
        decks.page_context(self.state, values, page)
        organisation.page_context(self.state, values, config)
        return context

    def on_template_context(self, context: TemplateContext, /, *, template_name: str,
                            config: MkDocsConfig) -> TemplateContext:
        # The 404 page is rendered without on_page_context: its footer names the organisation too.
        organisation.page_context(self.state, cast(dict[str, Any], context), config)
        if not_found.is_not_found(template_name):
            not_found.template_context(self.state, cast(dict[str, Any], context), config)
        return context

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        not_found.keep(self.state, output_content, template_name, config)
        return output_content

    # -------------------------------------------------------------------------------------- the end

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        not_found.serve_per_language(self.state, server, config)
        return server

    @event_priority(AFTER_I18N_BUILT_ALL)
    def on_post_build(self, config: MkDocsConfig) -> None:
        if engine.is_nested_build(config):
            return
        self.finish(config)

    def finish(self, config: MkDocsConfig) -> None:
        """After the last language of this build (also called by kb/build.py for a parallel build's share)."""
        not_found.write(self.state, config)
        search.write_indexes(self.state, config)
