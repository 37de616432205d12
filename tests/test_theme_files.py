"""The theme's files are listed without walking dot folders (kb/engine.py), and MkDocs publishes the same ones."""

from __future__ import annotations

import os

import jinja2

from mkdocs.config import load_config
from mkdocs.structure.files import Files

from conftest import ROOT, SITE_LANGUAGES
from kb import engine, ui_strings
from kb.steps import reader_language


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


def test_the_themes_texts_read_once_are_what_its_macro_gives_and_ours_come_first(site):
    """overrides/partials/language.html answers from tables read once a language (kb.engine.theme_translations)
    instead of Material's macro, which writes out its whole table on every call: the same texts for every key of
    every language, our theme.* strings first, Material's English for a key the language lacks."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(ROOT / "mkdocs.yml"))
    env = config.theme.get_env()
    english = engine.theme_translations(env, "en")
    assert english and english["search.placeholder"] == "Search"
    for language in SITE_LANGUAGES.codes:
        table = engine.theme_translations(env, language)
        assert table and table["language"] == language
        macro = env.get_template(f"partials/languages/{language}.html").module.t
        assert {key: str(macro(key)) for key in table} == table
        text = reader_language.theme_text(ui_strings.for_language(language, SITE_LANGUAGES.default), table, english)
        assert text("header") == ui_strings.load()["theme.header"][language]  # ours: "Paginakop", "Sidetopp"
        assert text("search.placeholder") == table["search.placeholder"] and text("no.such.key") == "no.such.key"
    # On the built pages (the header's and footer's names, our words; the search box's, Material's).
    for language in SITE_LANGUAGES.codes:
        page = (site / SITE_LANGUAGES.prefix(language) / "index.html").read_text("utf-8")
        strings = ui_strings.for_language(language, SITE_LANGUAGES.default)
        assert f'aria-label="{strings["theme.header"]}"' in page and f'aria-label="{strings["theme.footer"]}"' in page
        assert f'placeholder="{engine.theme_translations(env, language)["search.placeholder"]}"' in page
    # No such file, or not in the form of Material's tables: no table (the templates then call the macros).
    assert engine.theme_translations(env, "no-such-language") is None
    other = jinja2.Environment(loader=jinja2.DictLoader({"partials/languages/xx.html": "{% macro t(key) %}{{ key }}"
                                                                                        "{% endmacro %}"}))
    assert engine.theme_translations(other, "xx") is None
