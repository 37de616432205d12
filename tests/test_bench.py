"""scripts/bench.py runs and prints its ratios with their targets (--quick: a small synthetic site, one run)."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import LANGUAGES, ROOT


def test_bench_quick_prints_the_cpu_ratio_and_first_visit_sizes():
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, str(ROOT / "scripts/bench.py"), "--quick", "--skip", "scaling",
                             "--skip", "parallel", "--skip", "serve"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1. project / stock CPU, full build:" in result.stdout and "(target <= 1.25:" in result.stdout
    for language in LANGUAGES:
        assert f"4. {language}: first visit " in result.stdout


def quick_bench_with_instructions(tmp_path, valgrind_script: str | None) -> subprocess.CompletedProcess[str]:
    """--instructions on the quick site, with `valgrind` on PATH being the given script (or missing)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    if valgrind_script is not None:
        (folder / "valgrind").write_text(valgrind_script, "utf-8")
        (folder / "valgrind").chmod(0o755)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PATH": str(folder)}  # the builds run by absolute path
    return subprocess.run([sys.executable, str(ROOT / "scripts/bench.py"), "--quick", "--instructions",
                           "--skip", "cpu", "--skip", "bytes", "--skip", "scaling", "--skip", "parallel",
                           "--skip", "serve"], env=env, capture_output=True, text=True)


# Runs the build it is given, as valgrind does, and prints a count as cachegrind does: more for the project's
# config file than for the stock one's, so that the ratio shows which count is which.
FAKE_VALGRIND = """#!/bin/sh
while [ "$1" != "${1#--}" ]; do shift; done
"$@" || exit 1
case "$*" in
  *mkdocs-stock*) echo "==7== I   refs:      2,000,000" >&2 ;;
  *) echo "==7== I   refs:      2,500,000" >&2 ;;
esac
"""


def test_bench_counts_instructions_of_both_builds_with_valgrind(tmp_path):
    result = quick_bench_with_instructions(tmp_path, FAKE_VALGRIND)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "full build instructions: project 0.00 G, stock 0.00 G" in result.stdout
    assert "1b. project / stock instructions:        1.250" in result.stdout


def test_bench_without_valgrind_says_so_in_one_line(tmp_path):
    result = quick_bench_with_instructions(tmp_path, None)
    assert result.returncode == 2
    assert result.stderr.strip() == "bench: --instructions needs valgrind (Debian: apt-get install valgrind)"


def test_bench_names_a_failed_counted_build(tmp_path):
    result = quick_bench_with_instructions(tmp_path, "#!/bin/sh\necho 'valgrind: bad option' >&2\nexit 1\n")
    assert result.returncode == 2
    assert result.stderr.strip() == "bench: the counted build failed (exit 1): valgrind: bad option"
