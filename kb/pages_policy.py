#!/usr/bin/env python3
"""For hosts that cannot send headers (GitHub Pages, GitLab Pages): write the Content-Security-Policy and the
Referrer-Policy of scripts/nginx_config.py into every page of a built site, as <meta> tags.

    mkdocs build --strict -d site && python3 -m kb.pages_policy site
    python3 -m kb.pages_policy public --config my-org/mkdocs.yml     # an organisation's copy

A policy in a <meta> tag does what the header does for scripts, styles, images, connections and workers, so a
<script> written into a page's content is refused there too. Browsers ignore frame-ancestors in a <meta> tag
(it is left out), and the other headers (X-Content-Type-Options, X-Frame-Options, Permissions-Policy,
Cross-Origin-Opener-Policy, Strict-Transport-Security) have no <meta> form: scripts/deploy/README.md says so.
Run it once per build: a page that has the tags already is left as it is.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path

from kb import nginx_config

HEAD = re.compile(r"<head(\s[^>]*)?>\s*(<meta charset=[^>]*>)?", re.I)
MARKER = 'http-equiv="Content-Security-Policy"'
# Not honoured in a <meta> policy (browsers say so in the console): only a header can stop framing.
HEADER_ONLY = ("frame-ancestors",)


def meta_policy(policy: str) -> str:
    return "; ".join(part for part in policy.split("; ") if not part.startswith(HEADER_ONLY))


def meta_tags(policy: str) -> str:
    return (f'<meta {MARKER} content="{html.escape(meta_policy(policy))}">'
            '<meta name="referrer" content="no-referrer">')


def apply(site: Path, config: Path) -> int:
    """Put the tags first in each page's <head>, after its charset (which must stay in the first 1024 bytes),
    before any script, so the policy covers them all; return the number of pages changed."""
    tags = meta_tags(nginx_config.content_security_policy(config, site))
    changed = 0
    for page in sorted(site.rglob("*.html")):
        text = page.read_text("utf-8")
        head = HEAD.search(text)
        if head is None or MARKER in text[:head.end() + 600]:
            continue
        page.write_text(text[:head.end()] + tags + text[head.end():], "utf-8")
        changed += 1
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, help="the built site folder")
    parser.add_argument("--config", type=Path, default=nginx_config.ROOT / "mkdocs.yml",
                        help="the config the site was built with (an organisation's mkdocs.yml)")
    args = parser.parse_args(argv)
    problem = nginx_config.built_site_problem("pages_policy", args.site, args.config)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    print(f"pages_policy: {apply(args.site, args.config)} pages of {args.site} carry the policy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
