"""Renderers: one module per kind of output, shared by the site and the ``playbook`` command."""
