#!/usr/bin/env python3
"""Start an organisation's own copy: a folder with one config file, a logo, a README, an own home page and an
example module per language.

    python3 scripts/new_organisation.py ../zorg-noord --name "Zorg Noord" --languages nl
    python3 scripts/new_organisation.py ../kommune --name "Eksempel kommune" --languages nb,en \\
        --site-url https://opplaering.kommune.example/ --primary "#0b5d4b" --accent "#a3470f"

Then, in that folder:  mkdocs serve  (or mkdocs build --strict; python3 <kb>/scripts/offline.py --config mkdocs.yml)

The folder sits beside this checkout (or anywhere): the organisation keeps its own pages, logo and settings
there and takes our updates with a plain `git pull` here, without merging anything.
Every value is checked before anything is written, and the folder appears whole or not at all.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from mkdocs.utils.yaml import yaml_load

from kb import frontmatter, inherit, languages as site_languages

# The pages per language and the placeholder logo: files with {name}, {folder}, {core_modules}, {primary}, {initial}.
TEMPLATES = Path(__file__).resolve().parent / "organisation_template"
COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
MODULE_INDEX = re.compile(r"^modules/[^/]+/index\.md$")
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}()#+!|~])")


class BadInput(ValueError):
    """A value the scaffold refuses, with a sentence naming it and what is allowed."""


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "organisation"


@dataclass(frozen=True)
class Options:
    name: str
    languages: tuple[str, ...]   # the first is the default
    site_url: str = ""
    primary: str = "#1d4b73"
    accent: str = "#9c3d10"

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise BadInput("--name is empty; give the organisation's name as readers should see it")
        if any(ord(c) < 32 or ord(c) == 127 for c in self.name):
            raise BadInput(f"--name {self.name!r} has a line break or control character; give it on one line")
        known = site_languages.site().codes
        if not self.languages:
            raise BadInput(f"--languages names no language; give one or more of {', '.join(known)}, "
                           "separated by commas, the default first (nl or nb,en)")
        unknown = [language for language in self.languages if language not in known]
        if unknown:
            raise BadInput(f"--languages: unknown language {', '.join(map(repr, unknown))}; "
                           f"choose from {', '.join(known)}")
        twice = sorted({language for language in self.languages if self.languages.count(language) > 1})
        if twice:
            raise BadInput(f"--languages names {', '.join(twice)} more than once; name each language once")
        if self.site_url:
            parts = urlsplit(self.site_url)
            if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
                raise BadInput(f"--site-url {self.site_url!r} is not a web address; give it with its scheme, "
                               "like https://kb.example.org/")
        for option, colour in (("--primary", self.primary), ("--accent", self.accent)):
            if not COLOUR.match(colour):
                raise BadInput(f"{option} {colour!r} is not a colour; give a hex colour like #1d4b73 or #fff")

    @classmethod
    def from_text(cls, name: str, languages: str, site_url: str = "", primary: str = "#1d4b73",
                  accent: str = "#9c3d10") -> Options:
        """From the command line: languages as 'nb,en'."""
        codes = tuple(code.strip() for code in languages.split(",") if code.strip())
        return cls(name, codes, site_url, primary, accent)

    @property
    def published_url(self) -> str:
        return self.site_url if not self.site_url or self.site_url.endswith("/") else self.site_url + "/"


def settings(options: Options) -> dict:
    """The organisation's own settings, added to the config that INHERITs ours (written with a YAML dumper, so
    a name with a quote, colon, hash or ampersand stays that name)."""
    names = site_languages.site().names
    entries = []
    for index, language in enumerate(options.languages):
        entry: dict = {"locale": language, "name": names[language]}
        if index == 0:
            entry["default"] = True
        entry["site_name"] = options.name
        entries.append(entry)
    data: dict = {}
    if options.site_url:
        data["site_url"] = options.published_url
    data["site_name"] = options.name
    data["plugins"] = [
        "search",
        {"i18n": {"docs_structure": "folder", "fallback_to_default": True, "reconfigure_material": True,
                  "reconfigure_search": False, "languages": entries}},
        "kb",  # our build steps, after i18n (see kb/plugin.py)
    ]
    data["extra"] = {"organisation": {
        "name": options.name,
        "docs": "docs",
        "logo": "assets/logo.svg",
        "colors": {"primary": options.primary, "accent": options.accent},
        "contact": {language: "" for language in options.languages},
    }}
    return data


def config_text(options: Options) -> str:
    return ("# This organisation's own settings (kb/steps/organisation.py explains each one).\n"
            + yaml.safe_dump(settings(options), allow_unicode=True, sort_keys=False, width=120))


def markdown_text(text: str) -> str:
    """A name as plain text in Markdown: no HTML, no emphasis or links."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def svg_text(text: str) -> str:
    return html.escape(text, quote=True)


def core_modules(language: str) -> str:
    """Our modules as a Markdown list, in the navigation's order, titled as in `language` (or the default)."""
    site = site_languages.site()
    with site_languages.SITE_CONFIG.open(encoding="utf-8") as stream:
        nav = yaml_load(stream).get("nav") or []

    def paths(items: list) -> list[str]:
        found = []
        for item in items:
            if isinstance(item, str):
                found.append(item)
            elif isinstance(item, dict):
                for value in item.values():
                    found += paths(value) if isinstance(value, list) else [value]
        return found

    lines = []
    docs = inherit.ROOT / "docs"
    for path in (p for p in paths(nav) if MODULE_INDEX.match(p)):
        page = docs / language / path if (docs / language / path).exists() else docs / site.default / path
        title = next((line[2:].strip() for line in frontmatter.read(page).body.splitlines()
                      if line.startswith("# ")), path)
        lines.append(f"- [{title}]({path})")
    return "\n".join(lines)


def _files(options: Options) -> dict[str, str]:
    """Every file of the new folder but the config: relative path → text."""
    folder = f"{slug(options.name)}-module"
    name = markdown_text(options.name)
    files = {}
    for language in options.languages:
        module = (TEMPLATES / "module" / f"{language}.md").read_text("utf-8")
        files[f"docs/{language}/{folder}/index.md"] = module.replace("{name}", name).replace("{folder}", folder)
        home = (TEMPLATES / "home" / f"{language}.md").read_text("utf-8")
        files[f"docs/{language}/index.md"] = (home.replace("{name}", name).replace("{folder}", folder)
                                              .replace("{core_modules}", core_modules(language)))
    readme = (TEMPLATES / "README.md").read_text("utf-8")
    files["README.md"] = (readme.replace("{name}", name).replace("{folder}", folder)
                          .replace("{default}", options.languages[0])
                          .replace("{languages}", ", ".join(options.languages)))
    logo = (TEMPLATES / "logo.svg").read_text("utf-8")
    files["assets/logo.svg"] = (logo.replace("{name}", svg_text(options.name)).replace("{primary}", options.primary)
                                .replace("{initial}", svg_text(options.name.strip()[:1].upper())))
    return files


def check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise BadInput(f"{target} is a file; give a new folder for the organisation's copy")
    if target.is_dir() and any(target.iterdir()):
        raise BadInput(f"{target} is not empty; give a new or empty folder (nothing was changed)")
    parent = target.parent
    if not parent.is_dir():
        raise BadInput(f"{parent} does not exist; create it first or give another folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise BadInput(f"{parent} is not writable; give a folder you can write to")


def scaffold(target: Path, options: Options) -> list[Path]:
    """Write the folder: first into a temporary folder beside it, then moved into place in one step."""
    target = target.absolute()
    check_target(target)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    except OSError as error:
        raise BadInput(f"cannot write in {target.parent}: {error.strerror}") from None
    try:
        # Paths to our checkout are relative to the folder's parent, the same for the staging and final folder.
        inherit.inheriting_config(staging / "mkdocs.yml", config_text(options), portable=True)
        for relative, text in _files(options).items():
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            (staging / relative).write_text(text, "utf-8")
        if target.is_dir():
            target.rmdir()  # empty (checked above): replaced by the staging folder
        staging.rename(target)
    except OSError as error:
        raise BadInput(f"cannot write {target}: {error.strerror}") from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return sorted(p for p in target.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="the organisation's folder (created; new or empty)")
    parser.add_argument("--name", required=True, help="the organisation's name, shown as the site name")
    parser.add_argument("--languages", default=site_languages.site().default,
                        help="languages to publish, first is the default: nl or nb,en (default: our default language)")
    parser.add_argument("--site-url", default="", help="where the site will be published, with https:// "
                                                       "(for QR codes, 404 pages)")
    parser.add_argument("--primary", default=Options.primary, help="header and link colour, like #1d4b73")
    parser.add_argument("--accent", default=Options.accent, help="hover and focus colour, like #9c3d10")
    args = parser.parse_args(argv)
    try:
        options = Options.from_text(args.name, args.languages, args.site_url, args.primary, args.accent)
        written = scaffold(args.folder, options)
    except BadInput as error:
        print(f"new_organisation: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    print(f"next: cd {args.folder} && mkdocs serve")
    return 0


if __name__ == "__main__":
    sys.exit(main())
