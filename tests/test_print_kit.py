"""Trainee handout and trainer pack (issue 9): what prints where, the PDF command, and QR codes only for a
public address."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path, PurePosixPath

import pytest

from axe_check import axe_violations
from conftest import ROOT, answer_every_question_correctly, build_or_fail, build_site, copy_fixture_site
from page_survey import EVERY_PART, kit_parts_checked_elsewhere

from kb.steps.handouts import why_no_qr_codes
from kb.workshop_kit import CASE_PAGE, ID_REFERENCE, headings, html_without_trainer_notes

TRAINER_NOTE = "Model answer for the trainer"


def article(path: Path) -> str:
    """The page's own content, without the site navigation around it."""
    return path.read_text("utf-8").split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
EXPLANATION = "The community is the primary setting."


# ------------------------------------------------------------------------------------------ built pages

def test_handout_has_no_trainer_notes_and_the_trainer_pack_has_them_all(mini_site):
    handout = article(mini_site / "modules/demo/handout/index.html")
    assert TRAINER_NOTE not in handout and "Sam is 40" in handout  # the case, without its notes
    assert "Demo deck" not in handout and "Workshop plan" not in handout
    pack = article(mini_site / "modules/demo/trainer-pack/index.html")
    for part in ["Workshop plan: demo", TRAINER_NOTE, EXPLANATION, "Speaker note: ask the room which word",
                 'class="kb-voting-card"']:
        assert part in pack, part
    assert pack.count('class="kb-voting-card"') == 2  # the deck's questions have two options at most


def test_module_page_links_handout_and_trainer_pack_and_the_plan_links_the_pack(mini_site):
    module = (mini_site / "modules/demo/index.html").read_text("utf-8")
    assert 'class="md-content__button md-button kb-handout-link" href="handout/"' in module
    assert 'kb-trainer-pack-link" href="trainer-pack/"' in module
    assert "kb-pdf-link" not in module  # no PDFs made for this build
    assert 'kb-trainer-pack-link" href="../trainer-pack/"' in (mini_site / "modules/demo/workshop/index.html"
                                                                 ).read_text("utf-8")


@pytest.mark.parametrize("site_url,reason", [
    (None, "set site_url"), ("http://127.0.0.1:8000/", "local or private"), ("http://localhost:8000/", "local"),
    ("http://192.168.1.20/kb/", "private"), ("http://10.0.0.5/", "private"), ("http://kb.local/", "local"),
    ("https://kb.example.org/training/", None)])
def test_qr_codes_only_for_a_public_site_url(site_url, reason):
    found = why_no_qr_codes(site_url)
    assert (found is None) if reason is None else (reason in found)


def test_with_a_private_site_url_the_build_makes_no_qr_codes_and_says_why(tmp_path):
    site = copy_fixture_site("mini", tmp_path / "mini")
    config = site / "mkdocs-site-url.yml"
    config.write_text(config.read_text("utf-8").replace("https://kb.example.org/training/",
                                                        "http://192.168.1.20/training/"), "utf-8")
    result = build_site(config, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "No QR codes: site_url http://192.168.1.20/training/ is a local or private address" in result.stderr
    assert "kb-qr" not in (tmp_path / "out/modules/demo/index.html").read_text("utf-8")


# ------------------------------------------------------------------------------------------ print

@pytest.mark.browser
def test_printed_handout_is_a_blank_numbered_worksheet_without_trainer_notes(page, mini_url):
    page.goto(mini_url + "modules/demo/self-test/")
    answer_every_question_correctly(page)  # answers now saved in this browser
    page.goto(mini_url + "modules/demo/handout/")
    page.emulate_media(media="print")
    assert page.get_by_text("Sam is 40").is_visible()
    assert TRAINER_NOTE not in page.locator("body").inner_text()
    assert page.locator("details.abstract").count() == 0
    test = page.locator(".kb-selftest")
    numbers = test.locator(".kb-question__number")
    assert numbers.count() == 3 and numbers.all_inner_texts() == ["1.", "2.", "3."] and numbers.first.is_visible()
    choices = test.locator(".kb-match__choices")
    assert choices.is_visible()
    listed = choices.locator("li").all_inner_texts()
    assert [item[:3] for item in listed] == ["A. ", "B. ", "C. "]
    assert sorted(item[3:] for item in listed) == ["Clinical knowledge", "Daily knowledge of the person",
                                                   "Lived experience"]
    assert not test.locator(".kb-match__row select").first.is_visible()  # a blank per item instead
    assert not page.get_by_text(EXPLANATION).is_visible()
    # The saved answers are in the inputs, but print as empty boxes: a checked box looks like an empty one.
    chosen = test.locator(".kb-option[data-correct=true] input").first
    other = test.locator(".kb-option[data-correct=false] input").first
    assert chosen.is_checked() and not other.is_checked()
    assert chosen.screenshot() == other.screenshot()
    assert not test.locator(".kb-question__status").first.is_visible()


@pytest.mark.browser
def test_a_printed_case_page_has_no_trainer_notes_but_the_trainer_pack_prints_them_and_the_answer_key(page,
                                                                                                       mini_url):
    page.goto(mini_url + "modules/demo/case/")
    page.emulate_media(media="print")
    assert not page.get_by_text(TRAINER_NOTE).is_visible()
    assert not page.get_by_role("heading", name="Trainer notes").is_visible()
    page.goto(mini_url + "modules/demo/trainer-pack/")
    page.emulate_media(media="print")
    assert page.get_by_text(TRAINER_NOTE).is_visible()
    assert page.get_by_text(EXPLANATION).is_visible()
    assert page.get_by_text("Speaker note: ask the room which word they would add.").is_visible()


# ------------------------------------------------------------------------------------------ PDF command

@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Path:
    """A copy of the mini site with its PDFs made by scripts/print_kit.py (print-kit/ beside its docs)."""
    folder = copy_fixture_site("mini", tmp_path_factory.mktemp("print") / "mini")
    result = subprocess.run([sys.executable, str(ROOT / "scripts/print_kit.py"), "--config",
                             str(folder / "mkdocs.yml")], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


@pytest.mark.browser
def test_print_kit_writes_a4_pdfs_per_module_and_language(printed):
    for language in ["en", "nl", "nb", "da"]:
        for kind in ["handout", "trainer-pack"]:
            pdf = (printed / "print-kit" / language / "demo" / f"{kind}.pdf").read_bytes()
            assert pdf.startswith(b"%PDF-"), (language, kind)
            assert b"/MediaBox [0 0 594.95996 841.91998]" in pdf or b"/MediaBox [0 0 595" in pdf  # A4
    text = subprocess.run(["pdftotext", str(printed / "print-kit/en/demo/handout.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Sam is 40" in text and TRAINER_NOTE not in text
    pack = subprocess.run(["pdftotext", str(printed / "print-kit/en/demo/trainer-pack.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert TRAINER_NOTE in pack and EXPLANATION in pack


@pytest.mark.browser
def test_the_build_and_the_offline_copy_publish_and_link_the_pdfs(printed, tmp_path):
    site = build_or_fail(printed / "mkdocs.yml", tmp_path / "site")
    module = (site / "nl/modules/demo/index.html").read_text("utf-8")
    assert 'class="md-content__button md-button kb-pdf-link" href="demo-handout-nl.pdf"' in module
    assert 'href="demo-trainer-pack-nl.pdf"' in module
    assert (site / "nl/modules/demo/demo-handout-nl.pdf").read_bytes().startswith(b"%PDF-")
    result = subprocess.run([sys.executable, str(ROOT / "scripts/offline.py"), "--config", str(printed / "mkdocs.yml"),
                             "--out", str(tmp_path / "kb.zip")], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    names = zipfile.ZipFile(tmp_path / "kb.zip").namelist()
    assert "kb-offline/nl/modules/demo/demo-trainer-pack-nl.pdf" in names
    assert 'href="demo-handout-nl.pdf"' in zipfile.ZipFile(tmp_path / "kb.zip").read(
        "kb-offline/nl/modules/demo/index.html").decode()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["modules/demo/handout/", "nl/modules/demo/trainer-pack/"])
def test_handout_and_trainer_pack_have_no_axe_violations(page, mini_url, path):
    page.goto(mini_url + path)
    violations = axe_violations(page, path)
    assert not violations, "\n".join(violations)


def test_handout_and_trainer_pack_reuse_the_pages_html_with_ids_unique(mini_site, site):
    """The kit is filled with the pages' HTML (not converted again): the self-test is the self-test page's."""
    selftest_page = article(mini_site / "modules/demo/self-test/index.html")
    block = selftest_page[selftest_page.index('<div aria-labelledby="selftest-demo-title" class="kb-selftest"'):]
    block = block[:block.index('kb-selftest__summary')]
    assert block in article(mini_site / "modules/demo/handout/index.html")
    for kit_page in [*site.glob("**/modules/*/handout/index.html"), *site.glob("**/modules/*/trainer-pack/index.html")]:
        html = kit_page.read_text("utf-8")
        assert "data-kb-part" not in html, kit_page
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), (kit_page, sorted({i for i in ids if ids.count(i) > 1}))


def kit_parts(html: str) -> list[tuple[str, str]]:
    """(page name, HTML) of each part of a kit page (a .kb-kit-part), found by counting the div tags inside it."""
    found = []
    for start in re.finditer(r'<div class="kb-kit-part" data-kb-page="([^"]+)">', html):
        depth, at = 1, start.end()
        for tag in re.finditer(r"<div\b|</div>", html[at:]):
            depth += 1 if tag.group(0) == "<div" else -1
            if not depth:
                found.append((start.group(1), html[at:at + tag.start()]))
                break
    return found


def test_kit_parts_left_to_axe_on_their_own_page_are_that_pages_html(site):
    """The every-page survey leaves to axe on a module's pages the parts of a handout or trainer pack that are
    their HTML (page_survey.py, KIT_PARTS_CHECKED_ON_THEIR_PAGE): each is, but for its ids (kept unique on the
    kit page) and, in a handout, the case's trainer notes."""
    def same_html(text: str) -> str:
        return ID_REFERENCE.sub(lambda m: (m.group(1) or m.group(3)) + '"', text)

    checked = 0
    for kit_page in sorted([*site.glob("**/modules/*/handout/index.html"),
                            *site.glob("**/modules/*/trainer-pack/index.html")]):
        html = kit_page.read_text("utf-8")
        handout = kit_page.parent.name == "handout"
        left_out = kit_parts_checked_elsewhere(f"{kit_page.parent.name}/")
        assert left_out and "kb-kit-part" in html, kit_page
        for name, part in kit_parts(html):
            if name not in left_out and EVERY_PART not in left_out:
                continue
            own = (kit_page.parent.parent / PurePosixPath(name).stem / "index.html").read_text("utf-8")
            if handout and name == CASE_PAGE:
                own = html_without_trainer_notes(own)
            assert part.strip() and same_html(part.strip()) in same_html(own), (kit_page, name)
            checked += 1
    assert checked >= 4 * 7 * 5, checked  # every language and module: a handout of 4 or more pages, a plan


def test_a_dirty_rebuild_of_one_page_still_gives_the_whole_handout(tmp_path):
    """`--dirty` converts only changed pages, so the kit has no HTML of the others: it is converted whole."""
    docs = copy_fixture_site("mini", tmp_path / "mini")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_LANGUAGE": "en"}

    def build(*extra: str) -> None:
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", *extra, "-f", str(docs / "mkdocs.yml"),
                                 "-d", str(tmp_path / "site")], env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr

    build()
    filled = headings(article(tmp_path / "site/modules/demo/handout/index.html"))
    case = docs / "docs/en/modules/demo/case.md"
    case.write_text(case.read_text("utf-8").replace("Sam is 40", "Sam is 41"), "utf-8")
    build("--dirty", "--no-strict")  # MkDocs warns about any dirty build
    handout = article(tmp_path / "site/modules/demo/handout/index.html")
    assert "Sam is 41" in handout and TRAINER_NOTE not in handout and EXPLANATION in handout
    assert "data-kb-part" not in handout
    assert headings(handout) == filled  # made from the pages' HTML or converted whole: the same outline
