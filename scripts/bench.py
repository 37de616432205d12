#!/usr/bin/env python3
"""Benchmark: build time and download size of the four-language site, on synthetic pages.

A thin wrapper: the command is kb/bench.py (also `python3 -m kb.bench`);
`pip install -r requirements.txt` installs kb."""

import sys

from kb.bench import main

if __name__ == "__main__":
    sys.exit(main())
