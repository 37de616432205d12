"""The Content-Security-Policy of a built site: scripts from the site itself, plus the small inline scripts the
theme and our templates emit, allowed by their SHA-256 hash.

The hashes come from the templates, never from the built pages: an inline `<script>` that an author (or an
organisation's staff) puts in a page's Markdown is not in any template, so the browser refuses it.

Material's inline scripts are fixed text except for one value, the page's `base_url` (`..`, `../..`, `/` on the
404 page, …). Each template script is therefore rendered once per base the site can have: relative bases as deep
as the site's folders go, and the absolute folders of the site and of each language (404 pages). A template
script that cannot be rendered without a page (the redirect template of a plugin we do not use) is left out:
it would be refused, which is the safe way to fail.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2

from kb import engine

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
DATA_SCRIPT = re.compile(r"""type\s*=\s*["']?application/(ld\+)?json""", re.I)
LANGUAGE_FOLDER = re.compile(r"^[a-z]{2}$")


def is_executable(attrs: str) -> bool:
    """An inline script the browser runs: no src (files are allowed by 'self'), not a JSON data block."""
    return not re.search(r"\ssrc\s*=", attrs, re.I) and not DATA_SCRIPT.search(attrs)


def source_hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"


def base_urls(site: Path, site_url: str | None) -> list[str]:
    """Every `base_url` a page of this site can be rendered with, from its folder structure (not its content)."""
    depth = max((len(page.relative_to(site).parts) - 1 for page in site.rglob("*.html")), default=0)
    relative = ["."] + ["/".join([".."] * level) for level in range(1, depth + 1)]
    root = urlsplit(site_url or "/").path or "/"
    root = root if root.endswith("/") else root + "/"
    languages = sorted(p.name for p in site.iterdir() if p.is_dir() and LANGUAGE_FOLDER.match(p.name))
    absolute = [root, root.rstrip("/") or "/"] + [f"{root}{language}/" for language in languages]
    return relative + absolute


@dataclass(frozen=True)
class TemplateScript:
    template: str      # e.g. "partials/javascripts/base.html"
    body: str          # the script as written in the template (Jinja included)


def template_scripts(environment: jinja2.Environment) -> list[TemplateScript]:
    """The executable inline scripts written in the theme's and our templates."""
    found = []
    for name in sorted(environment.list_templates(filter_func=lambda n: n.endswith(".html"))):
        assert environment.loader is not None
        source = environment.loader.get_source(environment, name)[0]
        for match in INLINE_SCRIPT.finditer(source):
            if is_executable(match["attrs"]):
                found.append(TemplateScript(name, match["body"]))
    return found


def script_hashes(config_file: Path, site: Path) -> list[str]:
    """'sha256-…' of every inline script the templates of this config can emit on the pages of `site`."""
    config = engine.load_config(config_file)
    environment = engine.theme_environment(config)
    hashes = set()
    for script in template_scripts(environment):
        if "{{" not in script.body and "{%" not in script.body:
            hashes.add(source_hash(script.body))
            continue
        template = environment.from_string(script.body)
        for base in base_urls(site, config.site_url):
            context: dict[str, Any] = {"base_url": base, "config": config}
            try:
                hashes.add(source_hash(template.render(context)))
            except jinja2.UndefinedError:
                break  # needs a page to render (see the module's docstring)
    return sorted(hashes)
