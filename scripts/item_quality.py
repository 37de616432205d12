#!/usr/bin/env python3
"""Item-quality report of the self-tests, per language (answer cues: longest option, key letter, true share,
"all of the above", unemphasised negations); exit 1 when there is a finding.

A thin wrapper: the command is kb/item_quality.py (also `python3 -m kb.item_quality`);
`pip install -r requirements.txt` installs kb."""

import sys

from kb.item_quality import main

if __name__ == "__main__":
    sys.exit(main())
