#!/usr/bin/env python3
"""Write an nginx server block for a built site: per-language 404 pages, content types, compression, long

A thin wrapper: the command is kb/nginx_config.py (also `python3 -m kb.nginx_config`);
`pip install -r requirements.txt` installs kb."""

import sys

from kb.nginx_config import main

if __name__ == "__main__":
    sys.exit(main())
