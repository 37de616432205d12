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
    """A pattern for the variant in lower case, to search a lower-cased text (faster than re.IGNORECASE)."""
    words = re.split(r"[\s\-]+", variant.lower())
    body = r"[\s\-]+".join(re.escape(word) + INFLECTION for word in words) + r"(?!\w)"
    if not words[0]:
        return re.compile(r"(?<!\w)" + body)
    # `word(?<!\wword)` is `(?<!\w)word`, but starting with the word lets the regex engine look for it quickly
    # (2-4x faster over a page's text).
    first = re.escape(words[0])
    return re.compile(first + rf"(?<!\w{first})" + body[len(first):])


@dataclass(frozen=True)
class SynonymGroup:
    variants: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    # Each variant's first word in lower case: a variant can only match a text that holds it, and looking for
    # plain text is far quicker than the patterns (the search index has thousands of texts, most mention no group).
    first_words: tuple[str, ...]

    @classmethod
    def of(cls, variants: list[str]) -> SynonymGroup:
        return cls(tuple(variants), tuple(_pattern(variant) for variant in variants),
                   tuple(re.split(r"[\s\-]+", variant)[0].lower() for variant in variants))


@dataclass(frozen=True)
class Synonyms:
    groups: tuple[SynonymGroup, ...] = ()

    def missing_variants(self, text: str) -> list[str]:
        """For each group of which `text` (HTML or plain) holds a variant, the group's variants it does not hold:
        the words to add to the text's document so that they find it too."""
        lower = html.unescape(TAG.sub(" ", text)).lower()
        # A variant whose first word is not in the text cannot match: each first word is looked for once, and
        # only the groups with one in the text run their patterns.
        in_text = {word for word in self._first_words if word in lower}
        added: list[str] = []
        for group in self.groups:
            if in_text.isdisjoint(group.first_words):
                continue
            present = [word in in_text and bool(pattern.search(lower))
                       for word, pattern in zip(group.first_words, group.patterns)]
            if any(present):
                added += [variant for variant, found in zip(group.variants, present) if not found]
        return added

    @functools.cached_property
    def _first_words(self) -> frozenset[str]:
        return frozenset(word for group in self.groups for word in group.first_words)


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
