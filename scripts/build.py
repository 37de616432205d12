#!/usr/bin/env python3
"""Build every language in parallel processes and assemble the site (as mkdocs build does, faster).

A thin wrapper: the command is kb/build.py (also `python3 -m kb.build`);
`pip install -r requirements.txt` installs kb."""

import sys

from kb.build import main

if __name__ == "__main__":
    sys.exit(main())
