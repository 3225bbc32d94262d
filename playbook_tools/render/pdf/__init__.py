"""Every PDF concern in one room.

- ``engine``: WeasyPrint made ready once per process; a missing system library is one line.
- ``printout``: a checklist, scorecard or e-mail as a PDF, from the printable HTML.
- ``scorecard_form``: the scorecard's PDF form, its whole contract (field names, document
  information, writing, filling in names, reading back what any reader saved).
- ``store``: what a PDF is made from, as a key, and the PDFs kept under those keys.
- ``jobs``: the worker processes that render PDFs for the site build and for a kit.

The print layouts themselves are Jinja templates in ``playbook_tools/templates/print/`` and the
paged-media stylesheet ``playbook_tools/static/playbook-paged.css``.
"""
