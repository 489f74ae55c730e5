"""Turn a BibTeX literature review and Markdown notes into a cross-linked MkDocs site.

The pipeline, one module each: ``bibtex`` and ``notes`` load, ``model`` holds,
``validate`` checks, ``render`` turns the model into Markdown pages, ``write``
syncs them to disk. ``cli`` and ``mkdocs_hook`` are thin adapters.
"""

__version__ = "0.1.0"
