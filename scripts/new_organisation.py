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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import inherit  # noqa: E402

LANGUAGES = {"en": "English", "nl": "Nederlands", "nb": "Norsk (bokmål)", "da": "Dansk"}
# Example page per language: our own module, with a self-test, for the organisation to replace.
EXAMPLE = {
    "en": ("Our own module", "This page belongs to {name}, not to the shared curriculum. Replace it with your "
           "own material: everything in this folder appears in the navigation and in search.",
           "Where do our own pages live?", "In the organisation's own folder", "In the shared docs folder",
           "Your pages stay apart from the shared curriculum, so updates never clash with them."),
    "nl": ("Onze eigen module", "Deze pagina is van {name}, niet van het gedeelde curriculum. Vervang haar door je "
           "eigen materiaal: alles in deze map verschijnt in de navigatie en in de zoekfunctie.",
           "Waar staan onze eigen pagina's?", "In de eigen map van de organisatie", "In de gedeelde docs-map",
           "Je eigen pagina's blijven los van het gedeelde curriculum, dus updates botsen er nooit mee."),
    "nb": ("Vår egen modul", "Denne siden tilhører {name}, ikke den felles opplæringen. Bytt den ut med deres eget "
           "materiell: alt i denne mappen vises i menyen og i søket.",
           "Hvor ligger våre egne sider?", "I organisasjonens egen mappe", "I den felles docs-mappen",
           "Egne sider holdes adskilt fra det felles innholdet, så oppdateringer kolliderer aldri med dem."),
    "da": ("Vores eget modul", "Denne side tilhører {name}, ikke det fælles forløb. Udskift den med jeres eget "
           "materiale: alt i denne mappe vises i menuen og i søgningen.",
           "Hvor ligger vores egne sider?", "I organisationens egen mappe", "I den fælles docs-mappe",
           "Jeres egne sider holdes adskilt fra det fælles indhold, så opdateringer aldrig støder sammen med dem."),
}
LOGO = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" role="img" aria-label="{name}">
  <title>{name}</title>
  <rect width="48" height="48" rx="10" fill="#ffffff"/>
  <text x="24" y="32" font-family="system-ui, sans-serif" font-size="24" font-weight="700" text-anchor="middle"
        fill="{primary}">{initial}</text>
</svg>
"""


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
        lines += [f"        - locale: {locale}", f"          name: {LANGUAGES[language]}"]
        if index == 0:
            lines.append("          default: true")
        lines.append(f"          site_name: {name}")
    lines += ["extra:", "  organisation:", f"    name: {name}", "    docs: docs", "    logo: assets/logo.svg",
              "    colors:", f'      primary: "{primary}"', f'      accent: "{accent}"', "    contact:"]
    lines += [f"      {language}: ''" for language in languages]
    return "\n".join(lines) + "\n"


def example_page(language: str, name: str, folder: str) -> str:
    title, intro, question, right, wrong, why = EXAMPLE[language]
    return f"""# {title}

{intro.format(name=name)}

/// selftest
    id: {folder}

questions:
  - id: own-pages
    type: single
    text: "{question}"
    options:
      - {{id: a, text: "{right}"}}
      - {{id: b, text: "{wrong}"}}
    answer: a
    explanation: "{why}"
///
"""


def scaffold(target: Path, name: str, languages: list[str], site_url: str, primary: str, accent: str) -> list[Path]:
    unknown = [language for language in languages if language not in LANGUAGES]
    if unknown:
        raise SystemExit(f"new_organisation: unknown language(s) {', '.join(unknown)}; "
                         f"choose from {', '.join(LANGUAGES)}")
    if (target / "mkdocs.yml").exists():
        raise SystemExit(f"new_organisation: {target / 'mkdocs.yml'} exists already; nothing was changed")
    target.mkdir(parents=True, exist_ok=True)
    written = [inherit.inheriting_config(target / "mkdocs.yml", config_text(name, languages, site_url, primary,
                                                                             accent), portable=True)]
    folder = f"{slug(name)}-module"
    for language in languages:
        page = target / "docs" / language / folder / "index.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(example_page(language, name, folder), "utf-8")
        written.append(page)
    logo = target / "assets" / "logo.svg"
    logo.parent.mkdir(parents=True, exist_ok=True)
    logo.write_text(LOGO.format(name=name, primary=primary, initial=name[:1].upper()), "utf-8")
    written.append(logo)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="the organisation's folder (created)")
    parser.add_argument("--name", required=True, help="the organisation's name, shown as the site name")
    parser.add_argument("--languages", default="en", help="languages to publish, first is the default: nl or nb,en")
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
