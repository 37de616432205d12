"""Build step: our stylesheets as one minified file and our scripts as another, linked instead of the sources.

mkdocs.yml lists the sources (extra_css, extra_javascript; kept as separate files so they stay easy to edit).
A page would otherwise make a request per file, each stylesheet blocking the first paint. When the build starts
(on_config) the sources found in the theme folders (overrides/) are concatenated in their order, minified
(rcssmin, rjsmin) and published as `assets/stylesheets/kb.<hash>.min.css` and `assets/javascripts/kb.<hash>.min.js`;
the hash changes with the content, so a server may cache them for ever (kb/nginx_config.py). The cascade is
unchanged: print rules stay inside print.css's own `@media print`. A listed file that is not on disk at that point
(an organisation's colour stylesheet, written later) keeps its own link, after the bundle.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import rcssmin
import rjsmin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

CSS_FOLDER = "assets/stylesheets"
JS_FOLDER = "assets/javascripts"


@dataclass(frozen=True)
class Bundle:
    path: str           # where it is published, relative to the site
    content: str
    rest: list[Any]     # listed entries not bundled (as listed), linked after it
    sources: list[str]  # the bundled files, not published on their own


def _source(config: MkDocsConfig, path: str) -> Path | None:
    for folder in config.theme.dirs:
        candidate = Path(folder) / path
        if candidate.is_file():
            return candidate
    return None


def make(config: MkDocsConfig, listed: list[Any], folder: str, kind: str) -> Bundle | None:
    """Bundle the listed files found in the theme folders; None when there is nothing to bundle."""
    texts: list[str] = []
    rest: list[Any] = []
    sources: list[str] = []
    for entry in listed:
        path = str(entry)  # extra_javascript entries may carry options (type, defer): str() is the path
        source = _source(config, path)
        if source is None:
            rest.append(entry)
        else:
            texts.append(source.read_text(encoding="utf-8"))
            sources.append(path)
    if not texts:
        return None
    if kind == "css":
        content = rcssmin.cssmin("\n".join(texts))
    else:
        # Each source is a script of its own: a semicolon between them keeps one from running into the next.
        content = rjsmin.jsmin("\n;\n".join(texts))
    digest = hashlib.sha256(content.encode()).hexdigest()[:10]
    return Bundle(path=f"{folder}/kb.{digest}.min.{kind}", content=content, rest=rest, sources=sources)


def configure(bundles: dict[str, Bundle | None], config: MkDocsConfig) -> None:
    """Link the bundles instead of their sources. Made once per build (`bundles` is the build's state);
    static-i18n runs on_config again for each language, on the config already changed."""
    if not bundles:
        bundles["css"] = make(config, list(config.extra_css), CSS_FOLDER, "css")
        bundles["js"] = make(config, list(config.extra_javascript), JS_FOLDER, "js")
    css, js = bundles["css"], bundles["js"]
    if css is not None:
        config.extra_css = [css.path, *css.rest]
    if js is not None:
        config.extra_javascript = [js.path, *js.rest]


def add_files(bundles: dict[str, Bundle | None], files: Files, config: MkDocsConfig) -> None:
    for bundle in bundles.values():
        if bundle is None:
            continue
        for source in bundle.sources:
            published = files.get_file_from_path(source)
            if published is not None:
                files.remove(published)
        if files.get_file_from_path(bundle.path) is None:
            files.append(File.generated(config, bundle.path, content=bundle.content))
