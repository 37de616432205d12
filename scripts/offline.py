#!/usr/bin/env python3
"""Build the offline copy: a zip that works when opened from a USB stick via file://, with no network.

A thin wrapper: the command is kb/offline.py (also `python3 -m kb.offline`);
`pip install -r requirements.txt` installs kb."""

import sys

from kb.offline import main

if __name__ == "__main__":
    sys.exit(main())
