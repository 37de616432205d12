"""The knowledge base's build code: Markdown extensions (kb.markdown), the MkDocs plugin and its build steps
(kb.plugin, kb.steps), and one module per command (python3 -m kb.<command>)."""
