"""Write each module's trainee handout and trainer pack as A4 PDF files, in every language.

    python3 scripts/print_kit.py                 # build the site, then write print-kit/<lang>/<module>/*.pdf
    python3 scripts/print_kit.py --site site     # from a site you built already
    python3 scripts/print_kit.py --config org/mkdocs.yml   # an organisation's copy

The PDFs are the printed form of the pages `modules/<module>/handout/` and `modules/<module>/trainer-pack/`,
made by headless chromium through Playwright (the browser the tests use: Debian's /usr/bin/chromium, or
KB_CHROMIUM). The next build (`mkdocs build`, `scripts/offline.py`) publishes them beside the module and links
them from the module page; a build without them links none. The folder is print-kit/ beside the docs folder
(an organisation's copy has its own).
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kb.chromium import CHROMIUM, CHROMIUM_ARGS
from kb.steps.handouts import PDF_KINDS, PRINT_KIT

ROOT = Path(__file__).resolve().parents[1]  # the repository (kb is installed with -e)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def pages(site: Path) -> list[tuple[str, str, str, str]]:
    """(language folder or '', module, kind, URL path) of every handout and trainer pack in a built site."""
    found = []
    for kind in PDF_KINDS:
        for page in sorted(site.glob(f"**/modules/*/{kind}/index.html")):
            relative = page.parent.relative_to(site).parts  # ([lang,] modules, <module>, kind)
            language = relative[0] if len(relative) == 4 else ""
            found.append((language, relative[-2], kind, "/".join(relative) + "/"))
    return found


def write_pdfs(site: Path, out: Path, default_language: str) -> list[Path]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sys.exit("print_kit: Playwright is missing: pip install -r requirements-test.txt")
    if not Path(CHROMIUM).exists():
        sys.exit(f"print_kit: no browser at {CHROMIUM}: apt-get install chromium (or set KB_CHROMIUM)")
    todo = pages(site)
    if not todo:
        sys.exit(f"print_kit: {site} has no modules/<module>/handout/ pages; is it a built site with directory URLs?")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    written = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            for language, module, kind, path in todo:
                page.goto(f"http://127.0.0.1:{server.server_port}/{path}")
                page.wait_for_load_state("load")
                page.emulate_media(media="print")
                target = out / (language or default_language) / module / PDF_KINDS[kind]
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_suffix(".pdf.part")  # nothing half-written under the real name
                page.pdf(path=str(partial), format="A4", print_background=True, prefer_css_page_size=True)
                partial.replace(target)
                written.append(target)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return written


def build(config: Path, site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("KB_LANGUAGE", None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config),
                             "-d", str(site)], env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"print_kit: the build failed:\n{result.stdout}{result.stderr}")


def site_settings(config: Path) -> tuple[str, Path]:
    """The default language and the folder beside the docs folder, where the build looks for the PDFs."""
    from mkdocs.config import load_config

    loaded = load_config(str(config))
    default = next((entry.locale for entry in loaded.plugins["i18n"].config.languages if entry.default), "en")
    return default, Path(loaded.docs_dir).parent / PRINT_KIT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="site config (an organisation's)")
    parser.add_argument("--site", type=Path, help="a built site to print from (default: build one)")
    parser.add_argument("--out", type=Path, help="where to write (default: print-kit/ beside the docs folder)")
    args = parser.parse_args(argv)
    config = args.config.resolve()
    language, beside_docs = site_settings(config)
    out = (args.out or beside_docs).resolve()
    if args.site:
        written = write_pdfs(args.site.resolve(), out, language)
    else:
        with tempfile.TemporaryDirectory(prefix="kb-print-") as tmp:
            build(config, Path(tmp) / "site")
            written = write_pdfs(Path(tmp) / "site", out, language)
    print(f"{len(written)} PDF files in {out}; build the site again to publish and link them.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
