#!/usr/bin/env python3
"""Translation status: for every English page, is each language's version translated, missing or stale?

A thin wrapper: the command is kb/translation_status.py (also `python3 -m kb.translation_status`);
`pip install -r requirements.txt` installs kb."""

import sys

from kb.translation_status import main

if __name__ == "__main__":
    sys.exit(main())
