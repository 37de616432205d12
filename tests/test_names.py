"""One fictional person, one name, site-wide: each name in scripts/language/names.yml belongs to one module."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import LANGUAGES, ROOT

DOCS = ROOT / "docs"
REGISTER = ROOT / "scripts" / "language" / "names.yml"


def load_register(path: Path = REGISTER) -> dict[str, list[str]]:
    """The register as {module: [names]}; a malformed register fails with one line naming the file."""
    data = yaml.safe_load(path.read_text("utf-8"))
    if not isinstance(data, dict) or not all(
            isinstance(names, list) and all(isinstance(n, str) and n.strip() for n in names)
            for names in data.values()):
        pytest.fail(f"{path.relative_to(ROOT)}: expected {{module: [name, ...]}}")
    return data


def name_pattern(name: str) -> re.Pattern[str]:
    """The name as a whole word, case-sensitive, with an optional possessive (Mira's, Mira’s, Miras)."""
    return re.compile(rf"(?<![\w-]){re.escape(name)}(?:['’]s|s)?(?![\w-])")


def reused_names(register: dict[str, list[str]], docs: Path, languages: list[str]) -> list[str]:
    """file:line lines for every registered name found in another module's pages."""
    owner = {name: module for module, names in register.items() for name in names}
    found = []
    for language in languages:
        for module_dir in sorted((docs / language / "modules").iterdir()):
            if not module_dir.is_dir():
                continue
            foreign = [(name, name_pattern(name)) for name, home in owner.items() if home != module_dir.name]
            for path in sorted(module_dir.glob("*.md")):
                for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
                    for name, pattern in foreign:
                        if pattern.search(line):
                            found.append(f"{path.relative_to(docs.parent)}:{number}: '{name}' belongs to "
                                         f"module {owner[name]}, not {module_dir.name}")
    return found


def test_register_names_known_modules_and_each_name_once():
    register = load_register()
    modules = {p.name for p in (DOCS / "en" / "modules").iterdir() if p.is_dir()}
    assert not set(register) - modules, f"{REGISTER.name}: unknown modules {sorted(set(register) - modules)}"
    seen: dict[str, str] = {}
    twice = []
    for module, names in register.items():
        for name in names:
            if name in seen:
                twice.append(f"{name}: {seen[name]} and {module}")
            seen[name] = module
    assert not twice, f"{REGISTER.name}: names registered in two modules: " + "; ".join(twice)


def test_every_registered_name_is_used_in_its_module():
    """A stale register would protect nothing: each name must appear in its module's English pages."""
    register = load_register()
    unused = []
    for module, names in register.items():
        text = "\n".join(p.read_text("utf-8") for p in (DOCS / "en" / "modules" / module).glob("*.md"))
        unused += [f"{module}: {name}" for name in names if not name_pattern(name).search(text)]
    assert not unused, "registered but not used in docs/en: " + ", ".join(unused)


def test_no_name_is_reused_in_another_module():
    found = reused_names(load_register(), DOCS, LANGUAGES)
    assert not found, "\n".join(found)


def test_reuse_is_reported_with_file_and_line(tmp_path):
    """The check itself can fail: a name from one module planted in another is reported with file:line."""
    page = tmp_path / "docs" / "en" / "modules" / "community" / "case.md"
    page.parent.mkdir(parents=True)
    (tmp_path / "docs" / "en" / "modules" / "recovery").mkdir()
    page.write_text("# Case\n\nYusuf meets Mira's sister.\nSamira is unrelated.\n", "utf-8")
    found = reused_names({"recovery": ["Mira"], "community": ["Yusuf"]}, tmp_path / "docs", ["en"])
    assert found == ["docs/en/modules/community/case.md:3: 'Mira' belongs to module recovery, not community"]
