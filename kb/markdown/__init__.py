"""Python-Markdown extensions, listed by name in mkdocs.yml's markdown_extensions. Each works with plain
markdown.markdown(text, extensions=[...]); MkDocs-specific context arrives as extension config."""
