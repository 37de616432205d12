#!/usr/bin/env python3
"""The engine hedge: build the site with ProperDocs (the maintained fork of MkDocs 1.x) and run the tests that
need no browser against it. The result, what works and what does not, is in CONTRIBUTING.md.

    python3 scripts/engine_hedge.py                  # venv in .cache/properdocs, full build, then the tests
    python3 scripts/engine_hedge.py --build-only
    python3 scripts/engine_hedge.py -- -k selftest   # arguments after -- go to pytest

ProperDocs is installed (requirements-properdocs.txt, pinned) into a virtualenv of its own that sees this
machine's packages (--system-site-packages), so everything else is the pinned stack of requirements.txt.
The tests build with `python -m properdocs` instead of `python -m mkdocs` (KB_ENGINE, read by tests/conftest.py).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = ROOT / "requirements-properdocs.txt"
ENGINE = "properdocs"


def ensure_venv(folder: Path) -> Path:
    python = folder / "bin" / "python"
    stamp = folder / ".installed"
    wanted = REQUIREMENTS.read_text("utf-8")
    if not python.exists():
        venv.EnvBuilder(system_site_packages=True, with_pip=True).create(folder)
    if not stamp.exists() or stamp.read_text("utf-8") != wanted:
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "-r", str(REQUIREMENTS)], check=True)
        stamp.write_text(wanted, "utf-8")
    return python


def engine_env() -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_ENGINE": ENGINE,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    env.pop("KB_LANGUAGE", None)
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--venv", type=Path, default=ROOT / ".cache" / "properdocs", help="virtualenv folder")
    parser.add_argument("--build-only", action="store_true", help="build the site, run no tests")
    parser.add_argument("pytest_args", nargs="*", help="arguments for pytest (after --)")
    args = parser.parse_args(argv)
    python = ensure_venv(args.venv.resolve())
    version = subprocess.run([str(python), "-m", ENGINE, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"engine hedge: {version}")
    with tempfile.TemporaryDirectory(prefix="kb-properdocs-") as folder:
        start = time.perf_counter()
        build = subprocess.run([str(python), "-m", ENGINE, "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"),
                                "-d", str(Path(folder) / "site")], env=engine_env(), capture_output=True, text=True)
        if build.returncode != 0:
            print(f"engine hedge: the ProperDocs build FAILED:\n{build.stdout}{build.stderr}")
            return 1
        pages = len(list((Path(folder) / "site").rglob("*.html")))
        print(f"engine hedge: ProperDocs built the site, strict, {pages} HTML files, "
              f"{time.perf_counter() - start:.0f} s")
    if args.build_only:
        return 0
    tests = subprocess.run([str(python), "-m", "pytest", "-m", "not browser", "-n", "auto", "-q", *args.pytest_args],
                           cwd=ROOT, env=engine_env())
    print(f"engine hedge: tests without a browser on ProperDocs: {'passed' if tests.returncode == 0 else 'FAILED'}")
    return tests.returncode


if __name__ == "__main__":
    sys.exit(main())
