#!/usr/bin/env python3
"""Export every self-test, per language, to Moodle GIFT, so an organisation can import the questions into its LMS.

A thin wrapper: the command is kb/export_selftests.py (also `python3 -m kb.export_selftests`);
`pip install -r requirements.txt` installs kb."""

import sys

from kb.export_selftests import main

if __name__ == "__main__":
    sys.exit(main())
