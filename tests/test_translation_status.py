"""scripts/translation_status.py: translated, missing and stale pages, exact messages, stamping, strict mode."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT
from kb import translation_status

SCRIPT = ROOT / "scripts" / "translation_status.py"


@pytest.fixture
def docs(tmp_path):
    shutil.copytree(FIXTURES / "translations" / "docs", tmp_path / "docs")
    return tmp_path / "docs"


def run(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True)


def test_reports_all_three_states_with_exact_messages(docs):
    messages = [s.message() for s in translation_status.check(docs, ["da", "nl"]) if s.state != "translated"]
    assert messages == [
        "nl/three.md: missing (no file; readers see the English page)",
        "nl/two.md: stale (made from English 000000000000, English is now 9a2966121246)",
    ]
    states = {(s.language, s.page): s.state for s in translation_status.check(docs, ["da", "nl"])}
    assert states[("da", "one.md")] == states[("nl", "one.md")] == "translated"


def test_strict_mode_exits_non_zero_and_plain_mode_does_not(docs):
    strict = run("--docs", docs, "--strict")
    assert strict.returncode == 1
    assert "nl/two.md: stale" in strict.stdout
    assert "2 page(s) missing or stale" in strict.stderr
    assert run("--docs", docs).returncode == 0


def test_an_english_edit_makes_translations_stale_and_stamping_fixes_it(docs):
    (docs / "en" / "one.md").write_text("# One\n\nFirst page, now longer.\n", "utf-8")
    assert {s.language for s in translation_status.check(docs, ["da", "nl"])
            if s.page == "one.md" and s.state == "stale"} == {"da", "nl"}
    assert run("--docs", docs, "stamp", docs / "nl" / "one.md").returncode == 0
    states = {(s.language, s.page): s.state for s in translation_status.check(docs, ["da", "nl"])}
    assert states[("nl", "one.md")] == "translated" and states[("da", "one.md")] == "stale"


def test_whitespace_and_front_matter_do_not_make_a_page_stale(docs):
    english = docs / "en" / "one.md"
    english.write_text("---\ntitle: One\n---\n# One   \n\nFirst page.\n\n\n", "utf-8")
    assert all(s.state == "translated" for s in translation_status.check(docs, ["da"]) if s.page == "one.md")


def test_writes_a_markdown_page(docs, tmp_path):
    out = tmp_path / "status.md"
    run("--docs", docs, "--write-page", out)
    text = out.read_text("utf-8")
    assert text.startswith("# Translation status\n\n| page | da | nl |")
    assert "| `two.md` | translated | stale |" in text


def test_core_pages_are_all_translated_and_current():
    result = run("--strict")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
