"""Build step: self-tests on the site, and the "My progress" page that lists them.

- Before each page is converted, the self-test extension (kb.markdown.selftest) gets its config for that page:
  the file (so an authoring mistake stops the build with 'file:line: self-test …: what is wrong', with the
  file's own line numbers whatever its front matter), the language's UI strings, and a callback that
  collects each self-test it converts.
- Collects the self-tests of each language for the "My progress" page (template overrides/progress.html);
  an id used on two pages stops the build.
- Checks each self-test's item quality (kb/item_quality.py): every finding is a warning, so a strict build fails.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from kb import engine, frontmatter, item_quality, languages, ui_strings
from kb.markdown.selftest import SelfTest
from kb.state import BuildState

EXTENSION = "kb.markdown.selftest"
PROGRESS_TEMPLATE = "progress.html"
log = logging.getLogger("mkdocs.plugins.kb.item_quality")


def configure_extension(state: BuildState, page: Page, config: MkDocsConfig) -> None:
    # MkDocs hands Markdown the page without its front matter; count its lines back for messages.
    # (Generated pages, such as handouts, have no file of their own: their content is in the File.)
    language = languages.of_page(page, config)
    collected = state.selftests.setdefault(languages.current(config), {})
    source = f"{Path(config.docs_dir).name}/{page.file.src_uri}"

    def found(test: SelfTest) -> None:
        if page.meta.get("handout"):
            return  # a handout repeats the module's self-test; the self-test page is the one to list
        if test.id in collected and collected[test.id][0].file.src_uri != page.file.src_uri:
            raise PluginError(f"{source}: self-test id '{test.id}' is also used in "
                              f"{collected[test.id][0].file.src_uri}; ids must be unique.")
        collected[test.id] = (page, test)
        for finding in item_quality.check(test, language, source).findings:
            log.warning(f"{finding} (item quality)")

    engine.set_markdown_extension_config(config, EXTENSION, {
        "source": source,
        "line_offset": frontmatter.of_file(page.file).body_line,
        "language": language,
        "ui": ui_strings.for_language(language, state.languages.default),
        "on_found": found,
    })


def page_context(state: BuildState, context: dict[str, Any], page: Page, config: MkDocsConfig,
                 nav: Navigation) -> None:
    if page.meta.get("template") == PROGRESS_TEMPLATE:
        language = languages.current(config)
        found = state.selftests.get(language, {})
        ui = ui_strings.for_language(language, state.languages.default)
        order = {p.file.src_uri: i for i, p in enumerate(nav.pages)}
        context["selftests"] = [
            {"id": test.id, "title": test.title or owner.title, "page": owner.title, "url": owner.url,
             "questions": len(test.questions),
             "count": ui_strings.plural(ui, "progress.questions", len(test.questions), language)}
            for owner, test in sorted(found.values(), key=lambda item: order.get(item[0].file.src_uri, 1 << 30))
        ]
