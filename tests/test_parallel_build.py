"""The parallel build (scripts/build.py: one process per share of the languages) makes the same site as
`mkdocs build`: the same files with the same bytes (so the same links and search indexes)."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, SITE_LANGUAGES, build_or_fail

from kb import build


def files_of(site: Path) -> dict[str, bytes]:
    """Every file of a built site; a gzipped file by its content (gzip headers carry a time)."""
    found = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            found[path.relative_to(site).as_posix()] = gzip.decompress(data) if path.suffix == ".gz" else data
    return found


def parallel_build(config: Path, site_dir: Path, jobs: int = 2) -> Path:
    result = subprocess.run([sys.executable, str(ROOT / "scripts/build.py"), "-f", str(config), "-d", str(site_dir),
                             "-j", str(jobs)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir


def assert_same_site(sequential: Path, parallel: Path) -> None:
    expected, got = files_of(sequential), files_of(parallel)
    assert sorted(got) == sorted(expected)
    different = [name for name in expected if expected[name] != got[name]]
    assert not different, f"{len(different)} files differ, first: {different[:5]}"


def test_parallel_build_of_the_site_is_the_sequential_build(site, tmp_path):
    # The shared `site` is scripts/build.py's (conftest.py); here `mkdocs build` makes the sequential one.
    parallel = site
    assert_same_site(build_or_fail(ROOT / "mkdocs.yml", tmp_path / "sequential"), parallel)
    for language in SITE_LANGUAGES.codes:  # search: one index per language, with the language's own pages
        index = json.loads((parallel / SITE_LANGUAGES.prefix(language) / "search/search_index.json").read_text())
        assert index["config"]["lang"] and index["docs"], language


@pytest.mark.parametrize("jobs", [1, 3])
def test_parallel_build_of_the_mini_site_with_other_shares(mini_site, tmp_path, jobs):
    assert_same_site(mini_site, parallel_build(FIXTURES / "mini" / "mkdocs.yml", tmp_path / "parallel", jobs))


def test_languages_are_shared_out_in_turn():
    assert build.shares(["en", "nl", "nb", "da"], 2) == [["en", "nb"], ["nl", "da"]]
    assert build.shares(["en", "nl"], 8) == [["en"], ["nl"]]


def test_a_broken_page_fails_the_parallel_build_with_its_message(tmp_path):
    from conftest import copy_fixture_site
    mini = copy_fixture_site("mini", tmp_path / "mini")
    page = next((mini / "docs/nl").rglob("*.md"))
    page.write_text(page.read_text("utf-8") + "\n[broken](missing-page.md)\n", "utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "scripts/build.py"), "-f", str(mini / "mkdocs.yml"),
                             "-d", str(tmp_path / "out")], capture_output=True, text=True)
    assert result.returncode != 0
    assert "missing-page.md" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
