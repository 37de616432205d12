"""Our stylesheets and scripts reach a page as one minified file each (kb/steps/bundle.py)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from conftest import ROOT

CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)


def test_a_page_links_one_stylesheet_and_one_script_of_ours(mini_site):
    html = (mini_site / "nl/index.html").read_text("utf-8")
    ours_css = re.findall(r'<link rel="stylesheet" href="([^"]*assets/stylesheets/kb\.[0-9a-f]{10}\.min\.css)"', html)
    ours_js = re.findall(r'<script src="([^"]*assets/javascripts/kb\.[0-9a-f]{10}\.min\.js)"', html)
    assert len(ours_css) == 1 and len(ours_js) == 1
    for source in CONFIG["extra_css"] + CONFIG["extra_javascript"]:
        assert source not in html, source
        assert not (mini_site / source).exists(), f"{source} is published although bundled"


def test_the_bundles_keep_print_rules_for_print_and_are_minified(mini_site):
    css = next((mini_site / "assets/stylesheets").glob("kb.*.min.css")).read_text("utf-8")
    assert "@media print{" in css and "@page{" in css
    assert css.index(".kb-qr-codes{display:none}") > 0
    js = next((mini_site / "assets/javascripts").glob("kb.*.min.js")).read_text("utf-8")
    sizes = sum((ROOT / "overrides" / path).stat().st_size for path in CONFIG["extra_javascript"])
    assert 0 < len(js) < sizes


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_script_bundle_is_valid_javascript(mini_site, tmp_path):
    js = next((mini_site / "assets/javascripts").glob("kb.*.min.js"))
    result = subprocess.run(["node", "--check", str(js)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
