"""Write a config that INHERITs the site's mkdocs.yml: for the offline copy, the benchmark and organisations.

MkDocs resolves relative paths (theme folder, docs) from the inheriting file, so they are named again here.
(Our build code is the installed kb package: plugins and Markdown extensions are found by name.)
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE_CONFIG = ROOT / "mkdocs.yml"


def relative(path: Path, start: Path) -> str:
    return Path(os.path.relpath(path, start)).as_posix()


def inheriting_config(target: Path, settings: str = "", docs_dir: Path | None = ROOT / "docs",
                      portable: bool = False) -> Path:
    """Write `target`: INHERIT the site's config, name its paths again, then add `settings` (YAML text).
    portable=True writes paths relative to `target` (for a folder that lives beside the checkout)."""
    def name(path: Path) -> str:
        return relative(path, target.parent) if portable else str(path)

    lines = [f"INHERIT: {name(SITE_CONFIG)}"]
    if docs_dir is not None:
        lines.append(f"docs_dir: {name(docs_dir)}")
    lines += ["theme:", f"  custom_dir: {name(ROOT / 'overrides')}"]
    target.write_text("\n".join(lines) + "\n" + settings, encoding="utf-8")
    return target
