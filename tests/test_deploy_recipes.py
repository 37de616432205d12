"""The deploy recipes we cannot run here (no Docker engine, no GitHub or GitLab) still say the right things."""

from __future__ import annotations

import yaml

from conftest import ROOT

DEPLOY = ROOT / "scripts" / "deploy"


def test_pages_workflows_are_valid_yaml_and_build_strictly():
    github = yaml.safe_load((DEPLOY / "github-pages.yml").read_text("utf-8"))
    steps = [step.get("run", "") for step in github["jobs"]["build"]["steps"]]
    assert "pip install -r requirements.txt" in steps and "mkdocs build --strict -d site" in steps
    gitlab = yaml.safe_load((DEPLOY / "gitlab-pages.yml").read_text("utf-8"))
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]
    assert "mkdocs build --strict -d public" in gitlab["pages"]["script"]


def test_dockerfile_builds_strictly_and_serves_our_nginx_config():
    dockerfile = (DEPLOY / "Dockerfile").read_text("utf-8")
    assert "pip install --no-cache-dir -r requirements.txt" in dockerfile
    assert "mkdocs build --strict" in dockerfile
    assert "scripts/nginx_config.py /site" in dockerfile
    assert "/etc/nginx/conf.d/default.conf" in dockerfile
