"""Front matter, read by MkDocs' own parser (mkdocs.utils.meta.get_data), so we see a page as MkDocs does.

Also says on which line of the file the body starts, so messages about the body (a self-test's mistakes)
name the file's own line numbers, whatever the front matter, blank lines after it or a byte-order mark.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from mkdocs.structure.files import File
from mkdocs.utils.meta import get_data


@dataclass(frozen=True)
class Document:
    meta: Mapping[str, Any]  # read-only: documents are shared (read() caches them)
    front: str          # the front matter as written, delimiters and blank lines after it included ('' if none)
    body: str           # what MkDocs converts
    body_line: int      # 0-based line of the file on which the body starts


def split(text: str) -> Document:
    # As MkDocs reads a file: without a byte-order mark, with universal newlines.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    body, meta = get_data(text)
    # get_data returns the end of the text: what it dropped is the front matter.
    front = text[: len(text) - len(body)] if body else text
    return Document(meta=MappingProxyType(meta), front=front, body=body, body_line=front.count("\n"))


def read(path: Path) -> Document:
    """A file's front matter and body, read again only when the file changes: a build asks for one page's
    several times (its module card, its section's title, its handout, the extensions' line numbers)."""
    status = path.stat()
    return _read(path, status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=2048)
def _read(path: Path, modified: int, size: int) -> Document:
    return split(path.read_text(encoding="utf-8-sig"))


def of_file(file: File) -> Document:
    """A page's source as MkDocs reads it: from its file, or from the File for a generated page (a handout)."""
    return read(Path(file.abs_src_path)) if file.abs_src_path else split(file.content_string)
