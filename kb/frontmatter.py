"""Front matter, read by MkDocs' own parser (mkdocs.utils.meta.get_data), so we see a page as MkDocs does.

Also says on which line of the file the body starts, so messages about the body (a self-test's mistakes)
name the file's own line numbers, whatever the front matter, blank lines after it or a byte-order mark.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.utils.meta import get_data


@dataclass(frozen=True)
class Document:
    meta: dict[str, Any]
    front: str          # the front matter as written, delimiters and blank lines after it included ('' if none)
    body: str           # what MkDocs converts
    body_line: int      # 0-based line of the file on which the body starts


def split(text: str) -> Document:
    # As MkDocs reads a file: without a byte-order mark, with universal newlines.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    body, meta = get_data(text)
    # get_data returns the end of the text: what it dropped is the front matter.
    front = text[: len(text) - len(body)] if body else text
    return Document(meta=meta, front=front, body=body, body_line=front.count("\n"))


def read(path: Path) -> Document:
    return split(path.read_text(encoding="utf-8-sig"))
