"""The theme's files are listed without walking dot folders (kb/engine.py), and MkDocs publishes the same ones."""

from __future__ import annotations

import os

from mkdocs.config import load_config
from mkdocs.structure.files import Files

from conftest import ROOT
from kb import engine


def published_theme_files(config) -> list[str]:
    files = Files([])
    files.add_files_from_theme(config.theme.get_env(), config)
    return sorted(f"{file.abs_src_path}" for file in files)


def test_the_site_publishes_the_same_theme_files_and_loads_the_same_templates():
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(ROOT / "mkdocs.yml"))
    mkdocs_own = published_theme_files(config)
    engine.list_theme_files_quickly(config)
    engine.list_theme_files_quickly(config)  # static-i18n's other languages: once is enough
    ours = published_theme_files(config)
    assert ours == mkdocs_own
    assert str(ROOT / "overrides/assets/javascripts/selftest.js") in ours
    assert any("/material/templates/assets/javascripts/bundle." in path for path in ours)
    env = config.theme.get_env()  # templates load as before: ours first, then Material's
    assert env.loader.get_source(env, "main.html")[1] == str(ROOT / "overrides/main.html")
    assert env.loader.get_source(env, "partials/toc.html")[1].endswith("material/templates/partials/toc.html")


def test_files_below_dot_folders_are_left_out_as_mkdocs_leaves_them_out(tmp_path):
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    theme = tmp_path / "theme"
    for name in ["main.html", "assets/site.css", "assets/.cache/x.css", ".icons/a/b.svg", "assets/img/.hidden.png",
                 "deep/er/file.js", ".git/config"]:
        (theme / name).parent.mkdir(parents=True, exist_ok=True)
        (theme / name).write_text("x", "utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", "utf-8")
    settings = tmp_path / "mkdocs.yml"
    settings.write_text(f"site_name: t\ndocs_dir: docs\ntheme:\n  name: mkdocs\n  custom_dir: {theme}\n", "utf-8")
    config = load_config(str(settings))
    mkdocs_own = published_theme_files(config)
    engine.list_theme_files_quickly(config)
    assert published_theme_files(config) == mkdocs_own
    assert str(theme / "deep/er/file.js") in mkdocs_own and str(theme / "assets/site.css") in mkdocs_own
