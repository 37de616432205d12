"""Debian's chromium as the print kit, the search relevance tool and the tests start it through Playwright
(which never downloads a browser of its own here). KB_CHROMIUM names another binary."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
# Flags that let it run as root in CI with no network beyond the loopback. The last keeps V8's garbage
# collection and compiling on the page's own thread: with every core busy, helper threads only contend for
# them (the tests' every-page survey took some 8 % less CPU with it, measured in alternate runs).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--js-flags=--single-threaded",
]
