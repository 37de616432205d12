#!/usr/bin/env python3
"""Write each module's trainee handout and trainer pack as A4 PDF files, in every language.

A thin wrapper: the command is kb/print_kit.py (also `python3 -m kb.print_kit`);
`pip install -r requirements.txt` installs kb."""

import sys

from kb.print_kit import main

if __name__ == "__main__":
    sys.exit(main())
