#!/usr/bin/env python3
"""Build the offline copy: a zip that works when opened from a USB stick via file://, with no network.

    python3 scripts/offline.py                       # writes kb-offline.zip
    python3 scripts/offline.py --out /media/usb/kb.zip

Unzip it anywhere and open kb-offline/index.html. Every language, the navigation, the language switcher,
search in each language, the self-tests and the presentation view work from the files alone.

How: the site is built with `use_directory_urls: false` (links end in .html, as file:// needs) and
`extra.offline: true`, which makes the i18n hook also write each language's search index as
search_index.js (file:// cannot fetch JSON) and pages load the vendored iframe-worker shim (file:// cannot
start web workers). Material's own offline plugin keeps only the last language built, so we do not use it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from kb import inherit

ROOT = Path(__file__).resolve().parents[1]

FOLDER_IN_ZIP = "kb-offline"
OFFLINE_SETTINGS = "use_directory_urls: false\nextra:\n  offline: true\n"


def offline_config(config: Path, folder: Path) -> Path:
    """The site's (or an organisation's) config with the offline settings switched on."""
    if config == inherit.SITE_CONFIG:
        return inherit.inheriting_config(folder / "mkdocs-offline.yml", OFFLINE_SETTINGS)
    # An organisation's config names its paths relative to itself: write ours beside it.
    path = config.parent / ".mkdocs-offline.yml"
    path.write_text(f"INHERIT: {config.name}\n{OFFLINE_SETTINGS}", "utf-8")
    return path


def build(config: Path, out: Path) -> Path:
    with tempfile.TemporaryDirectory(prefix="kb-offline-") as folder:
        tmp = Path(folder)
        site = tmp / FOLDER_IN_ZIP
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        env.pop("KB_LANGUAGE", None)
        offline = offline_config(config, tmp)
        try:
            result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                                     "-f", str(offline), "-d", str(site)], env=env, capture_output=True, text=True)
        finally:
            if offline.parent != tmp:
                offline.unlink()
        if result.returncode != 0:
            sys.exit(f"offline: the build failed:\n{result.stdout}{result.stderr}")
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(site.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(tmp).as_posix())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "kb-offline.zip", help="the zip to write")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="site config (an organisation's)")
    args = parser.parse_args(argv)
    out = build(args.config.resolve(), args.out.resolve())
    print(f"{out} ({out.stat().st_size // 1024} KiB): unzip it and open {FOLDER_IN_ZIP}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
