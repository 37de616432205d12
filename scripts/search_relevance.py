#!/usr/bin/env python3
"""Search relevance per language: hit rates of the site's search on trainees' queries.

A thin wrapper: the command is kb/search_relevance.py (also `python3 -m kb.search_relevance`)."""

import sys

from kb.search_relevance import main

if __name__ == "__main__":
    sys.exit(main())
