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
import sys
import tempfile
import zipfile
from pathlib import Path

from kb import build as parallel
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
        offline = offline_config(config, tmp)
        try:
            # Languages in parallel processes (kb/build.py): the same site as mkdocs build, sooner.
            parallel.build(offline, site, os.cpu_count() or 1)
        finally:
            if offline.parent != tmp:
                offline.unlink()
        # Beside the target, then renamed: a reader never finds half a zip.
        partial = out.with_name(f".{out.name}.partial")
        try:
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in sorted(site.rglob("*")):
                    if path.is_file():
                        archive.write(path, path.relative_to(tmp).as_posix())
            os.replace(partial, out)
        except OSError as error:
            partial.unlink(missing_ok=True)
            sys.exit(f"offline: cannot write --out {out}: {error.strerror}")
    return out


def check_arguments(config: Path, out: Path) -> str | None:
    """Why these arguments cannot work, in one line, before the (long) build; None when they can."""
    if not config.is_file():
        return f"offline: --config {config} is not a file; name the site's mkdocs.yml (or an organisation's)"
    if out.is_dir():
        return f"offline: --out {out} is a folder; name the zip to write, like {out / 'kb-offline.zip'}"
    if not out.parent.is_dir():
        return f"offline: --out {out}: the folder {out.parent} does not exist"
    if not os.access(out.parent, os.W_OK | os.X_OK):
        return f"offline: --out {out}: the folder {out.parent} is not writable"
    try:  # os.access says yes to root even on a read-only file system: try it
        with tempfile.TemporaryFile(dir=out.parent):
            pass
    except OSError as error:
        return f"offline: --out {out}: cannot write in {out.parent}: {error.strerror}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "kb-offline.zip", help="the zip to write")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="site config (an organisation's)")
    args = parser.parse_args(argv)
    problem = check_arguments(args.config, args.out)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    out = build(args.config.resolve(), args.out.resolve())
    print(f"{out} ({out.stat().st_size // 1024} KiB): unzip it and open {FOLDER_IN_ZIP}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
