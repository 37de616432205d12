"""Bad input to the scaffold and the commands: one clear line naming the value and what is allowed, a non-zero
exit, nothing half-written. And the commands read the languages and the default from the config, so an
organisation whose default is Norwegian gets the right links, sources and stamps."""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

from conftest import ROOT, build_site

from kb import export_selftests, languages, new_organisation, nginx_config, offline, pages_policy, translation_status

CODES = ", ".join(languages.site().codes)  # "en, nl, nb, da": the languages of our mkdocs.yml
HOSTILE_NAME = 'Zorg "Noord" & Co: #1 <img src=x onerror="document.title=1">'


def unwritable_folder() -> Path:
    """A folder nobody can write in, root included (sysfs is read-only for files and folders)."""
    folder = Path("/sys")
    try:
        tempfile.mkdtemp(dir=folder)
    except OSError:
        return folder
    pytest.fail("/sys is writable on this machine: no unwritable folder to test with", pytrace=False)


def one_line_error(capsys, result: int, *expected: str) -> str:
    err = capsys.readouterr().err
    assert result == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    for text in expected:
        assert text in err, err
    return err


def nothing_written(parent: Path, name: str) -> None:
    assert not (parent / name).exists()
    assert not list(parent.glob(f".{name}-*")), "a staging folder was left behind"


# --------------------------------------------------------------------------------------------- the scaffold

@pytest.mark.parametrize("arguments, expected", [
    (["--primary", "red"], "--primary 'red' is not a colour; give a hex colour like #1d4b73"),
    (["--primary", "#12345g"], "--primary '#12345g' is not a colour"),
    (["--accent", "blue"], "--accent 'blue' is not a colour"),
    (["--site-url", "kb.example.org"], "--site-url 'kb.example.org' is not a web address; give it with its scheme"),
    (["--site-url", "ftp://kb.example.org/"], "--site-url 'ftp://kb.example.org/' is not a web address"),
    (["--languages", ""], f"--languages names no language; give one or more of {CODES}"),
    (["--languages", ","], "--languages names no language"),
    (["--languages", "nl,nl"], "--languages names nl more than once"),
    (["--languages", "nl,xx"], f"--languages: unknown language 'xx'; choose from {CODES}"),
    (["--languages", "no"], "unknown language 'no'"),
    (["--name", ""], "--name is empty"),
    (["--name", "Zorg\nNoord"], "--name 'Zorg\\nNoord' has a line break"),
])
def test_scaffold_refuses_a_bad_value_at_once(tmp_path, capsys, arguments, expected):
    argv = [str(tmp_path / "org"), "--name", "Zorg Noord", *arguments]
    one_line_error(capsys, new_organisation.main(argv), expected)
    nothing_written(tmp_path, "org")


def test_scaffold_refuses_a_file_a_full_folder_and_an_unwritable_place(tmp_path, capsys):
    (tmp_path / "file").write_text("x", "utf-8")
    one_line_error(capsys, new_organisation.main([str(tmp_path / "file"), "--name", "X"]),
                   f"{tmp_path / 'file'} is a file; give a new folder")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("keep", "utf-8")
    one_line_error(capsys, new_organisation.main([str(tmp_path / "full"), "--name", "X"]), "is not empty")
    assert [p.name for p in (tmp_path / "full").iterdir()] == ["notes.txt"]
    one_line_error(capsys, new_organisation.main([str(tmp_path / "missing" / "org"), "--name", "X"]),
                   f"{tmp_path / 'missing'} does not exist")
    locked = unwritable_folder()
    one_line_error(capsys, new_organisation.main([str(locked / "kb-org"), "--name", "X"]),
                   f"cannot write in {locked}")
    assert not (locked / "kb-org").exists()


def test_an_empty_folder_is_filled(tmp_path):
    (tmp_path / "org").mkdir()
    assert new_organisation.main([str(tmp_path / "org"), "--name", "X", "--languages", "da"]) == 0
    assert (tmp_path / "org" / "docs" / "da" / "index.md").is_file()
    nothing_written(tmp_path, "none")


def test_a_hostile_name_is_kept_exactly_in_yaml_and_is_valid_xml_in_the_logo(tmp_path):
    options = new_organisation.Options(HOSTILE_NAME, ("nl",))
    new_organisation.scaffold(tmp_path / "org", options)
    config = (tmp_path / "org" / "mkdocs.yml").read_text("utf-8")
    settings = yaml.safe_load(config.split("\n", 4)[-1])  # after INHERIT and the paths
    assert settings["site_name"] == HOSTILE_NAME
    assert settings["extra"]["organisation"]["name"] == HOSTILE_NAME
    assert settings["plugins"][1]["i18n"]["languages"][0]["site_name"] == HOSTILE_NAME
    logo = etree.parse(str(tmp_path / "org" / "assets" / "logo.svg")).getroot()
    assert logo.get("aria-label") == HOSTILE_NAME
    assert logo.find("{http://www.w3.org/2000/svg}title").text == HOSTILE_NAME


def test_a_hostile_name_is_text_on_every_page_of_the_built_site(tmp_path):
    new_organisation.scaffold(tmp_path / "org", new_organisation.Options(HOSTILE_NAME, ("nl",)))
    (tmp_path / "org" / "mkdocs.yml").write_text(
        (tmp_path / "org" / "mkdocs.yml").read_text("utf-8").replace("nl: ''", "nl: <b>bel ons</b>"), "utf-8")
    result = build_site(tmp_path / "org" / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    escaped = 'Zorg &#34;Noord&#34; &amp; Co: #1 &lt;img src=x onerror=&#34;document.title=1&#34;&gt;'
    for page in ["index.html", "404.html", "modules/recovery/index.html"]:
        html = (tmp_path / "site" / page).read_text("utf-8")
        assert "<img src=x" not in html, page
        assert f'aria-label="{escaped}"' in html, page            # the logo link in header and drawer
        assert "&lt;b&gt;bel ons&lt;/b&gt;" in html, page         # the contact line is text too
        assert "<b>bel ons</b>" not in html, page
    home = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert re.search(r"<h1[^>]*>Zorg \"Noord\" &amp; Co: #1 &lt;img src=x onerror=", home)


def test_a_hand_edited_unknown_locale_stops_the_build_with_one_line(tmp_path):
    new_organisation.scaffold(tmp_path / "org", new_organisation.Options("X", ("nl",)))
    config = tmp_path / "org" / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("locale: nl", "locale: xx"), "utf-8")
    result = build_site(config, tmp_path / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "jinja2" not in result.stderr
    assert f"{config}: plugins: i18n: languages: locale 'xx' is not a language code the theme knows; " \
           f"this knowledge base is written in {CODES} (Norwegian is nb)" in result.stderr


# --------------------------------------------------------------------------------------------- the commands

def test_offline_refuses_a_missing_config_and_an_unwritable_out_before_building(tmp_path, capsys):
    one_line_error(capsys, offline.main(["--config", str(tmp_path / "nope.yml")]),
                   f"--config {tmp_path / 'nope.yml'} is not a file")
    (tmp_path / "file").write_text("x", "utf-8")
    one_line_error(capsys, offline.main(["--out", str(tmp_path / "file" / "kb.zip")]),
                   f"the folder {tmp_path / 'file'} does not exist")
    one_line_error(capsys, offline.main(["--out", str(tmp_path)]), f"--out {tmp_path} is a folder")
    locked = unwritable_folder()
    one_line_error(capsys, offline.main(["--out", str(locked / "kb.zip")]), f"cannot write in {locked}")


def test_export_refuses_missing_docs_or_config_and_an_unwritable_out(tmp_path, capsys):
    one_line_error(capsys, export_selftests.main(["--docs", str(tmp_path / "nope")]),
                   f"--docs {tmp_path / 'nope'} is not a folder")
    one_line_error(capsys, export_selftests.main(["--config", str(tmp_path / "nope.yml")]),
                   f"--config {tmp_path / 'nope.yml'} is not a file")
    (tmp_path / "file").write_text("x", "utf-8")
    one_line_error(capsys, export_selftests.main(["--out", str(tmp_path / "file")]),
                   f"--out {tmp_path / 'file'} is a file")
    locked = unwritable_folder()
    one_line_error(capsys, export_selftests.main(["--out", str(locked / "gift")]), f"cannot write in {locked}")
    one_line_error(capsys, export_selftests.main(["--out", str(tmp_path / "o"), "--site-url", "kb.example.org"]),
                   "--site-url 'kb.example.org' is not a web address")
    assert not (tmp_path / "o").exists()


def test_translation_status_refuses_missing_docs_or_config_and_a_file_outside_docs(tmp_path, capsys):
    one_line_error(capsys, translation_status.main(["--docs", str(tmp_path)]),
                   f"--docs {tmp_path} has no folder {languages.site().default}/ for the default language")
    one_line_error(capsys, translation_status.main(["--config", str(tmp_path / "nope.yml")]),
                   f"--config {tmp_path / 'nope.yml'} is not a file")
    (tmp_path / "x.md").write_text("# X\n", "utf-8")
    one_line_error(capsys, translation_status.main(["stamp", str(tmp_path / "x.md")]),
                   f"{tmp_path / 'x.md'} is not under the docs folder")


def test_nginx_config_and_pages_policy_refuse_an_unbuilt_site_and_a_missing_config(tmp_path, capsys):
    for command, name in ((nginx_config.main, "nginx_config"), (pages_policy.main, "pages_policy")):
        one_line_error(capsys, command([str(tmp_path)]), f"{name}: {tmp_path} has no index.html; build the site first")
        (tmp_path / "index.html").write_text("<html><head></head></html>", "utf-8")
        one_line_error(capsys, command([str(tmp_path), "--config", str(tmp_path / "nope.yml")]),
                       f"--config {tmp_path / 'nope.yml'} is not a file")
        (tmp_path / "index.html").unlink()


# ------------------------------------------------------------------------------ a Norwegian default language

SELFTEST = """# {title}

/// selftest
    id: {id}

questions:
  - id: q
    type: truefalse
    text: "{text}"
    answer: true
    explanation: "{explanation}"
    see: other.md
///
"""


@pytest.fixture
def norwegian_org(tmp_path) -> Path:
    """An organisation whose default language is Norwegian (at the root), with English beside it."""
    folder = tmp_path / "kommune"
    new_organisation.scaffold(folder, new_organisation.Options("Eksempel kommune", ("nb", "en")))
    docs = folder / "docs"
    (docs / "nb" / "del").mkdir(parents=True)
    (docs / "nb" / "del" / "test.md").write_text(SELFTEST.format(
        title="Test", id="del", text="Recovery er personlig.", explanation="Ja."), "utf-8")
    (docs / "nb" / "del" / "other.md").write_text("# Annen side\n\nTekst.\n", "utf-8")
    (docs / "en" / "del").mkdir(parents=True)
    (docs / "en" / "del" / "other.md").write_text("# Other page\n\nText.\n", "utf-8")
    return folder


def test_export_links_the_default_language_at_the_root(norwegian_org, tmp_path):
    out = tmp_path / "gift"
    result = export_selftests.main(["--docs", str(norwegian_org / "docs"), "--config",
                                    str(norwegian_org / "mkdocs.yml"), "--out", str(out),
                                    "--site-url", "https://opplaering.kommune.example/"])
    assert result == 0
    gift = (out / "nb" / "del.gift").read_text("utf-8")
    assert r"https\://opplaering.kommune.example/del/other/" in gift
    assert "/nb/" not in gift


def test_translation_status_takes_the_default_language_as_the_source(norwegian_org, capsys):
    docs, config = norwegian_org / "docs", str(norwegian_org / "mkdocs.yml")
    assert translation_status.main(["--docs", str(docs), "--config", config, "stamp",
                                    str(docs / "en" / "del" / "other.md")]) == 0
    capsys.readouterr()
    assert translation_status.main(["--docs", str(docs), "--config", config]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["page", "en"]             # only the translation is a column
    assert "en/del/other.md: stale" not in out                       # English is the translation here
    assert "en/del/test.md: missing (no file; readers see the Norsk (bokmål) page)" in out
    assert "nb/" not in out                                           # Norwegian is the source, never stale


def test_stamping_a_default_language_page_writes_nothing(norwegian_org, capsys):
    docs, page = norwegian_org / "docs", norwegian_org / "docs" / "nb" / "del" / "other.md"
    before = page.read_bytes()
    result = translation_status.main(["--docs", str(docs), "--config", str(norwegian_org / "mkdocs.yml"),
                                      "stamp", str(page)])
    one_line_error(capsys, result, f"{page} is in the default language (nb), the source of the translations")
    assert page.read_bytes() == before


def test_the_commands_run_as_scripts_without_a_traceback(tmp_path):
    for script, args in [("new_organisation.py", [str(tmp_path / "o"), "--name", "X", "--primary", "red"]),
                         ("offline.py", ["--config", str(tmp_path / "nope.yml")]),
                         ("export_selftests.py", ["--docs", str(tmp_path / "nope")]),
                         ("translation_status.py", ["--docs", str(tmp_path / "nope")])]:
        result = subprocess.run([sys.executable, str(ROOT / "scripts" / script), *args],
                                capture_output=True, text=True)
        assert result.returncode == 2 and "Traceback" not in result.stderr, (script, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, (script, result.stderr)
