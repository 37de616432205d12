"""Synonyms and variants for search, one reviewed list per language (scripts/language/search_synonyms/<lang>.yml).

A group lists words a reader may type for the same thing: the site's own word, everyday words, the other
countries' names of the same model ("leerkring", "leercirkel", "learning circle", "læringssirkel"). Applied at
index time by the search step (kb/steps/search.py): a search document that contains one variant of a group gets
the group's variants in hidden fields, so typing any of them finds it, while typing (prefixes) and with stemming,
because lunr indexes those fields like the visible ones.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

FOLDER = Path(__file__).resolve().parents[1] / "scripts" / "language" / "search_synonyms"
# A variant matches its inflected forms too (caregiver → caregivers, pårørende → pårørendes, leerkring →
# leerkringen), but not longer compounds (pårørende does not match pårørendeveileder).
INFLECTION = r"\w{0,4}"
TAG = re.compile(r"<[^>]+>")


class SynonymFileError(ValueError):
    """A synonym file that cannot be used; the message names the file and the group."""


def _pattern(variant: str) -> re.Pattern[str]:
    words = re.split(r"[\s\-]+", variant)
    return re.compile(r"(?<!\w)" + r"[\s\-]+".join(re.escape(word) + INFLECTION for word in words) + r"(?!\w)",
                      re.IGNORECASE)


def _any_of(patterns: Iterable[re.Pattern[str]]) -> re.Pattern[str]:
    """One pattern that matches where any of `patterns` does: a quick first look at a text (most texts of the
    search index mention no group at all, and the index has thousands)."""
    return re.compile("|".join(f"(?:{pattern.pattern})" for pattern in patterns) or r"(?!)", re.IGNORECASE)


@dataclass(frozen=True)
class SynonymGroup:
    variants: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    any_variant: re.Pattern[str]

    @classmethod
    def of(cls, variants: list[str]) -> SynonymGroup:
        patterns = tuple(_pattern(variant) for variant in variants)
        return cls(tuple(variants), patterns, _any_of(patterns))


@dataclass(frozen=True)
class Synonyms:
    groups: tuple[SynonymGroup, ...] = ()

    def missing_variants(self, text: str) -> list[str]:
        """For each group of which `text` (HTML or plain) holds a variant, the group's variants it does not hold:
        the words to add to the text's document so that they find it too."""
        plain = html.unescape(TAG.sub(" ", text))
        added: list[str] = []
        if not self.any_group.search(plain):
            return added
        for group in self.groups:
            if group.any_variant.search(plain):
                present = [bool(pattern.search(plain)) for pattern in group.patterns]
                added += [variant for variant, found in zip(group.variants, present) if not found]
        return added

    @functools.cached_property
    def any_group(self) -> re.Pattern[str]:
        return _any_of(pattern for group in self.groups for pattern in group.patterns)


def load(language: str, folder: Path = FOLDER) -> Synonyms:
    """The language's groups; none when the language has no file (a new language works without one)."""
    path = folder / f"{language}.yml"
    if not path.exists():
        return Synonyms()
    try:
        groups = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as error:
        raise SynonymFileError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(groups, list):
        raise SynonymFileError(f"{path}: expected a list of groups, each a list of words ([leerkring, leercirkel])")
    loaded = []
    for number, group in enumerate(groups, start=1):
        if (not isinstance(group, list) or len(group) < 2
                or not all(isinstance(word, str) and word.strip() for word in group)):
            raise SynonymFileError(f"{path}: group {number} ({group!r}) must list at least two words")
        loaded.append(SynonymGroup.of([word.strip() for word in group]))
    return Synonyms(tuple(loaded))
