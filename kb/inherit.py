"""Write a config that INHERITs the site's mkdocs.yml: for the offline copy, the benchmark and organisations.

MkDocs resolves relative paths (theme folder, hooks, docs) from the inheriting file, so they are named again
here, taken from the site's own mkdocs.yml so that there is one list of hooks.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).resolve().parents[1]
SITE_CONFIG = ROOT / "mkdocs.yml"


def hooks() -> list[Path]:
    with SITE_CONFIG.open(encoding="utf-8") as stream:
        return [ROOT / hook for hook in yaml_load(stream).get("hooks", [])]


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
    lines += ["theme:", f"  custom_dir: {name(ROOT / 'overrides')}", "hooks:"]
    lines += [f"  - {name(hook)}" for hook in hooks()]
    target.write_text("\n".join(lines) + "\n" + settings, encoding="utf-8")
    return target
