"""The whole handbook as a book: one PDF and one EPUB per language.

- ``source``: what the book is made from, as plain data: each page's HTML body in reading
  order, the build's images, the cover's facts and the book's few words in its language. The
  Sphinx side (``sphinx/book.py``, the ``playbook-book`` builder) hands it over; this package
  knows nothing of Sphinx.
- ``compose``: the pages made into chapters of one document: every id made unique in the book,
  every link between pages turned into a link inside it, the site's web-only parts left out, the
  contents (chapters and their sections) collected.
- ``pdf``: the book as a tagged PDF (PDF/UA-1) by WeasyPrint, with cover, contents with page
  numbers, running heads, page references and an outline.
- ``epub``: the book as an EPUB 3 with its accessibility metadata.
"""
