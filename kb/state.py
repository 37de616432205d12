"""The one object that holds what a build collects across pages and languages (no module globals).

The kb plugin makes a new BuildState when a build starts (not for the per-language builds that static-i18n runs
inside it), so `mkdocs serve` starts each rebuild from nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from kb.languages import Languages
from kb.markdown.home import ModuleCard
from kb.markdown.selftest import SelfTest
from kb.workshop_kit import KitPage


@dataclass
class BuildState:
    languages: Languages
    # Languages built so far in this build, in order (all, one with KB_LANGUAGE, or a parallel build's share).
    built: list[str] = field(default_factory=list)
    # search: URLs of pages standing in for a missing translation, per language (kept out of its index).
    fallback_locations: dict[str, set[str]] = field(default_factory=dict)
    # not_found: each language's rendered 404 page, written to its folder at the end.
    not_found_pages: dict[str, str] = field(default_factory=dict)
    # progress: self-tests per language, {language: {id: (page, SelfTest)}}, for "My progress".
    selftests: dict[str, dict[str, tuple[Page, SelfTest]]] = field(default_factory=dict)
    # handouts: the handout of each module in the language being built, {module slug: File}.
    handouts: dict[str, File] = field(default_factory=dict)
    # home: the module cards of each language, {language: {folder: [ModuleCard]}}.
    module_cards: dict[str, dict[str, list[ModuleCard]]] = field(default_factory=dict)
    # handouts: the trainer pack of each module, and the PDFs print_kit made, {module slug: {kind: File}}.
    trainer_packs: dict[str, File] = field(default_factory=dict)
    print_kit: dict[str, dict[str, File]] = field(default_factory=dict)
    # decks: per page, the links between a module and its deck, {src_uri: {name: value}}.
    deck_links: dict[str, dict[str, Any]] = field(default_factory=dict)
    # handouts: per kit page (handout, trainer pack) of the language being built, {dest_uri: KitPage}, and the
    # HTML of the module pages they reuse, {dest_uri: HTML}.
    kit_pages: dict[str, KitPage] = field(default_factory=dict)
    rendered_pages: dict[str, str] = field(default_factory=dict)
    # handouts: the build has said once why there are no QR codes.
    told_about_site_url: bool = False
    # organisation: the site name as last escaped for templates, so that it is escaped once per language build.
    escaped_site_name: str | None = None
    # bundle: our stylesheets and scripts as one file each, {'css' | 'js': Bundle or None}, made once per build.
    bundles: dict[str, Any] = field(default_factory=dict)
