"""The executable interview playbook: a Sphinx extension and the ``playbook`` command.

Kept tiny on purpose: ``import playbook_tools`` and ``playbook --help`` must stay cheap, so
nothing heavy (Sphinx, WeasyPrint, Jinja2) is imported here.
"""

__version__ = "0.1.0"
