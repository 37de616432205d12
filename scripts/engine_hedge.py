#!/usr/bin/env python3
"""Build the site with ProperDocs and run the tests that need no browser against it (the engine hedge).

A thin wrapper: the command is kb/engine_hedge.py (also `python3 -m kb.engine_hedge`);
`pip install -r requirements.txt` installs kb."""

import sys

from kb.engine_hedge import main

if __name__ == "__main__":
    sys.exit(main())
