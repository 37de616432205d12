"""The `/// notes` block: speaker notes written in the page, next to what they are about.

    ## The four roles

    Text readers see.

    /// notes
    Ask the group first which roles they recognise. Leave 5 minutes.
    ///

The notes become `<aside class="kb-notes">`: hidden on the reading page and in print; on slides they are
reveal.js speaker notes, removed from the projected window and shown in the presenter window only
(overrides/assets/javascripts/deck.js).
In mkdocs.yml: `kb.markdown.notes` under markdown_extensions.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block


class NotesBlock(Block):
    NAME = "notes"
    ARGUMENT = False

    def on_create(self, parent: etree.Element) -> etree.Element:
        return etree.SubElement(parent, "aside", {"class": "kb-notes", "data-kb-notes": ""})


class NotesExtension(BlocksExtension):
    def extendMarkdownBlocks(self, md: Markdown, block_mgr: Any) -> None:
        block_mgr.register(NotesBlock, {})


def makeExtension(**kwargs: Any) -> NotesExtension:
    return NotesExtension(**kwargs)
