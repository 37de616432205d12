"""Build steps about the site (not about Markdown), each a module of plain functions that the kb plugin
(kb/plugin.py) calls from MkDocs events with the one per-build state object (kb/state.py)."""
