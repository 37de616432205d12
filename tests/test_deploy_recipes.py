"""The deploy recipes we cannot run here (no Docker engine, no GitHub or GitLab) still say the right things."""

from __future__ import annotations

import yaml

from conftest import ROOT

DEPLOY = ROOT / "scripts" / "deploy"


def test_pages_workflows_are_valid_yaml_and_build_strictly():
    github = yaml.safe_load((DEPLOY / "github-pages.yml").read_text("utf-8"))
    steps = [step.get("run", "") for step in github["jobs"]["build"]["steps"]]
    assert "pip install -r requirements.txt" in steps and "python3 scripts/build.py -d site" in steps
    assert steps.index("python3 -m kb.pages_policy site") == steps.index("python3 scripts/build.py -d site") + 1
    gitlab = yaml.safe_load((DEPLOY / "gitlab-pages.yml").read_text("utf-8"))
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]
    script = gitlab["pages"]["script"]
    assert script.index("python3 -m kb.pages_policy public") == script.index("python3 scripts/build.py -d public") + 1


def test_dockerfile_builds_strictly_and_serves_our_nginx_config():
    dockerfile = (DEPLOY / "Dockerfile").read_text("utf-8")
    assert "pip install --no-cache-dir -r requirements.txt" in dockerfile
    assert "python3 scripts/build.py -d /site" in dockerfile  # strict, languages in parallel (kb/build.py)
    assert "scripts/nginx_config.py /site" in dockerfile
    assert "/etc/nginx/conf.d/default.conf" in dockerfile
