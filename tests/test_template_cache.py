"""The compiled-template cache (kb/steps/templates.py): kept between processes in a folder, never stale."""

from __future__ import annotations

from pathlib import Path

from jinja2 import DictLoader, Environment

from kb.steps.templates import CompiledTemplates


class CountingEnvironment(Environment):
    compiled = 0

    def compile(self, *args, **kwargs):  # type: ignore[override]
        type(self).compiled += 1
        return super().compile(*args, **kwargs)


def render(folder: Path, source: str) -> tuple[str, int]:
    """Render `source` as page.html in a new environment and cache (as a new process would); also the number
    of templates compiled for it."""
    cache = CompiledTemplates()
    cache.keep_in(folder)
    CountingEnvironment.compiled = 0
    env = CountingEnvironment(loader=DictLoader({"page.html": source}), bytecode_cache=cache)
    return env.get_template("page.html").render(name="Sara"), CountingEnvironment.compiled


def test_a_second_process_uses_the_compiled_template_from_the_folder(tmp_path):
    assert render(tmp_path, "Hello {{ name }}") == ("Hello Sara", 1)
    assert render(tmp_path, "Hello {{ name }}") == ("Hello Sara", 0)


def test_an_edited_template_is_compiled_again(tmp_path):
    render(tmp_path, "Hello {{ name }}")
    assert render(tmp_path, "Goodbye {{ name }}") == ("Goodbye Sara", 1)


def test_a_damaged_cache_file_only_costs_a_compile(tmp_path):
    render(tmp_path, "Hello {{ name }}")
    for stored in tmp_path.iterdir():
        stored.write_bytes(b"not bytecode")
    assert render(tmp_path, "Hello {{ name }}") == ("Hello Sara", 1)


def test_a_folder_that_cannot_be_written_only_costs_a_compile(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("in the way", "utf-8")
    assert render(blocked / "templates", "Hello {{ name }}") == ("Hello Sara", 1)
    assert render(blocked / "templates", "Hello {{ name }}") == ("Hello Sara", 1)
