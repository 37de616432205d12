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
