"""Turn a BibTeX literature review and Markdown notes into a cross-linked static site.

The stages, one module each: ``load`` (with ``bibtex``, ``notes``, ``meta``) reads,
``model`` holds, ``validate`` checks, ``render`` turns the model into Markdown pages;
``pipeline`` runs them in order and is the one entry point. ``cli`` and
``mkdocs_plugin`` are thin adapters; ``build`` runs MkDocs all or nothing, and
``write`` writes a complete docs tree for engines that read files.
"""

__version__ = "0.1.0"
