"""The navigation's kept HTML (kb/steps/navigation.py, overrides/partials/nav-item.html) changes no page."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT, build_or_fail, copy_fixture_site


@pytest.mark.parametrize("urls", ["folders", "files"])
def test_every_page_is_the_same_as_with_materials_own_navigation(tmp_path, urls):
    # The mini site's pages share folders (modules/demo/…), so items are reused; with file URLs (the offline
    # copy) a page's links resolve against its folder instead of its own URL.
    site = copy_fixture_site("mini", tmp_path / "mini")
    # A page whose own folder holds a whole section of the navigation: links into it differ from its neighbours'.
    (site / "docs/en/modules/index.md").write_text("# Modules\n\nEvery module of the site.\n", "utf-8")
    materials = tmp_path / "overrides"
    shutil.copytree(ROOT / "overrides", materials)
    (materials / "partials" / "nav-item.html").unlink()
    config = site / "mkdocs.yml"
    settings = config.read_text("utf-8").replace("  - progress.md\n", "  - progress.md\n  - modules/index.md\n")
    # Pages of one folder in two subsections: on each, a different child of Demo is on the page's path.
    for page, section in [("case.md", "Reading"), ("self-test.md", "Practice")]:
        settings = settings.replace(f"      - modules/demo/{page}\n",
                                    f"      - {section}:\n          - modules/demo/{page}\n")
    assert "Reading:" in settings and "Practice:" in settings
    settings += "use_directory_urls: false\n" if urls == "files" else ""
    config.write_text(settings, "utf-8")
    (site / "material.yml").write_text(settings.replace(f"custom_dir: {ROOT}/overrides",
                                                        f"custom_dir: {materials}"), "utf-8")
    ours = build_or_fail(config, tmp_path / "ours")
    theirs = build_or_fail(site / "material.yml", tmp_path / "theirs")
    pages = sorted(path.relative_to(ours) for path in ours.rglob("*.html"))
    assert len(pages) > 40 and sorted(path.relative_to(theirs) for path in theirs.rglob("*.html")) == pages
    different = [str(page) for page in pages if (ours / page).read_bytes() != (theirs / page).read_bytes()]
    assert not different, different[:5]
    demo = (ours / "modules/demo/case" / "index.html") if urls == "folders" else ours / "modules/demo/case.html"
    assert 'class="md-nav__link md-nav__link--active"' in demo.read_text("utf-8")
