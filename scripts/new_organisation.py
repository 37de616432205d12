#!/usr/bin/env python3
"""Start an organisation's own copy: a folder with one config file, a logo, and an example page per language.

A thin wrapper: the command is kb/new_organisation.py (also `python3 -m kb.new_organisation`);
`pip install -r requirements.txt` installs kb."""

import sys

from kb.new_organisation import main

if __name__ == "__main__":
    sys.exit(main())
