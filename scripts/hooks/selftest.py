"""MkDocs hook: self-tests (`/// selftest` blocks, see scripts/selftest.py) and the "My progress" page.

- Registers the block with Markdown, and before each page tells it the file, the language and where each
  block starts, so an authoring mistake stops the build with 'file:line: self-test …: what is wrong'.
- After each page, checks that every `/// selftest` line became a self-test: Blocks silently leaves a block
  with a mistyped option as plain text, which must not ship.
- Collects the self-tests of each language for the "My progress" page (template overrides/progress.html).
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from kb import languages
from kb.markdown import selftest
from kb import ui_strings

PROGRESS_TEMPLATE = "progress.html"
FRONT_MATTER = re.compile(r"\A(---\n.*?\n---\n)", re.S)

# Self-tests per language, collected while pages are converted: {language: {id: (page, SelfTest)}}.
_collected: dict[str, dict[str, tuple[Page, selftest.SelfTest]]] = {}


def on_config(config: MkDocsConfig):
    if not any(isinstance(ext, selftest.SelfTestExtension) for ext in config.markdown_extensions):
        config.markdown_extensions.append(selftest.SelfTestExtension())
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files):
    # MkDocs hands us the page without its front matter; count its lines back for messages.
    # (Generated pages, such as handouts, have no file of their own.)
    raw = page.file.content_string if page.file.abs_src_path is None else \
        Path(page.file.abs_src_path).read_text(encoding="utf-8")
    front = FRONT_MATTER.match(raw)
    offset = front.group(1).count("\n") if front else 0
    language = languages.of_page(page, config)
    selftest.context = selftest.PageContext(
        source=f"{Path(config.docs_dir).name}/{page.file.src_uri}",
        language=language,
        ui=ui_strings.for_language(language),
        block_lines=[(header + offset, body + offset) for header, body in selftest.block_lines(markdown)],
    )
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files):
    context = selftest.context
    if len(context.found) != len(context.block_lines):
        header = context.block_lines[len(context.found)][0] + 1 if len(context.block_lines) > len(context.found) else 0
        raise PluginError(f"{context.source}:{header}: a '/// {selftest.BLOCK_NAME}' block was not recognised: "
                          "the only option is '    id: <name>' (indented four spaces), and the block ends with '///'.")
    collected = _collected.setdefault(languages.current(config), {})
    if page.meta.get("handout"):
        return html  # a handout repeats the module's self-test; the self-test page is the one to list
    for test in context.found:
        if test.id in collected and collected[test.id][0].file.src_uri != page.file.src_uri:
            raise PluginError(f"{context.source}: self-test id '{test.id}' is also used in "
                              f"{collected[test.id][0].file.src_uri}; ids must be unique.")
        collected[test.id] = (page, test)
    return html


def on_page_context(context, page: Page, config: MkDocsConfig, nav):
    if page.meta.get("template") == PROGRESS_TEMPLATE:
        found = _collected.get(languages.current(config), {})
        order = {p.file.src_uri: i for i, p in enumerate(nav.pages)}
        context["selftests"] = [
            {"id": test.id, "title": test.title or owner.title, "page": owner.title, "url": owner.url,
             "questions": len(test.questions)}
            for owner, test in sorted(found.values(), key=lambda item: order.get(item[0].file.src_uri, 1 << 30))
        ]
    return context


def on_post_build(config: MkDocsConfig):
    _collected.pop(languages.current(config), None)
