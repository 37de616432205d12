#!/usr/bin/env python3
"""Start an organisation's own copy: a folder with one config file, a logo, and an example page per language.

    python3 scripts/new_organisation.py ../zorg-noord --name "Zorg Noord" --languages nl
    python3 scripts/new_organisation.py ../kommune --name "Eksempel kommune" --languages nb,en \\
        --site-url https://opplaering.kommune.example/ --primary "#0b5d4b" --accent "#a3470f"

Then, in that folder:  mkdocs serve  (or mkdocs build --strict; python3 <kb>/scripts/offline.py --config mkdocs.yml)

The folder sits beside this checkout (or anywhere): the organisation keeps its own pages, logo and settings
there and takes our updates with a plain `git pull` here, without merging anything.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from kb import inherit, languages as site_languages

ROOT = Path(__file__).resolve().parents[1]

# The example page per language and the placeholder logo: files with {name}, {folder}, {primary}, {initial}.
TEMPLATES = Path(__file__).resolve().parent / "organisation_template"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "organisation"


def config_text(name: str, languages: list[str], site_url: str, primary: str, accent: str) -> str:
    lines = []
    if site_url:
        lines.append(f"site_url: {site_url}")
    lines.append(f"site_name: {name}")
    lines += ["plugins:", "  - search", "  - i18n:", "      docs_structure: folder", "      fallback_to_default: true",
              "      reconfigure_material: true", "      reconfigure_search: false", "      languages:"]
    for index, language in enumerate(languages):
        locale = f'"{language}"' if language == "no" else language
        lines += [f"        - locale: {locale}", f"          name: {site_languages.site().names[language]}"]
        if index == 0:
            lines.append("          default: true")
        lines.append(f"          site_name: {name}")
    lines.append("  - kb  # our build steps, after i18n (see kb/plugin.py)")
    lines += ["extra:", "  organisation:", f"    name: {name}", "    docs: docs", "    logo: assets/logo.svg",
              "    colors:", f'      primary: "{primary}"', f'      accent: "{accent}"', "    contact:"]
    lines += [f"      {language}: ''" for language in languages]
    return "\n".join(lines) + "\n"


def scaffold(target: Path, name: str, languages: list[str], site_url: str, primary: str, accent: str) -> list[Path]:
    known = site_languages.site().codes
    unknown = [language for language in languages if language not in known]
    if unknown:
        raise SystemExit(f"new_organisation: unknown language(s) {', '.join(unknown)}; "
                         f"choose from {', '.join(known)}")
    if (target / "mkdocs.yml").exists():
        raise SystemExit(f"new_organisation: {target / 'mkdocs.yml'} exists already; nothing was changed")
    target.mkdir(parents=True, exist_ok=True)
    written = [inherit.inheriting_config(target / "mkdocs.yml", config_text(name, languages, site_url, primary,
                                                                             accent), portable=True)]
    folder = f"{slug(name)}-module"
    for language in languages:
        page = target / "docs" / language / folder / "index.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        template = (TEMPLATES / f"{language}.md").read_text("utf-8")
        page.write_text(template.replace("{name}", name).replace("{folder}", folder), "utf-8")
        written.append(page)
    logo = target / "assets" / "logo.svg"
    logo.parent.mkdir(parents=True, exist_ok=True)
    logo.write_text((TEMPLATES / "logo.svg").read_text("utf-8").replace("{name}", name)
                    .replace("{primary}", primary).replace("{initial}", name[:1].upper()), "utf-8")
    written.append(logo)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="the organisation's folder (created)")
    parser.add_argument("--name", required=True, help="the organisation's name, shown as the site name")
    parser.add_argument("--languages", default=site_languages.site().default,
                        help="languages to publish, first is the default: nl or nb,en (default: our default language)")
    parser.add_argument("--site-url", default="", help="where the site will be published (for QR codes, 404 pages)")
    parser.add_argument("--primary", default="#1d4b73", help="header and link colour")
    parser.add_argument("--accent", default="#9c3d10", help="hover and focus colour")
    args = parser.parse_args(argv)
    languages = [language.strip() for language in args.languages.split(",") if language.strip()]
    for path in scaffold(args.folder.resolve(), args.name, languages, args.site_url, args.primary, args.accent):
        print(f"wrote {path}")
    print(f"next: cd {args.folder} && mkdocs serve")
    return 0


if __name__ == "__main__":
    sys.exit(main())
