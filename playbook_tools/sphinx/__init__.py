"""The Sphinx extension: ``extensions = ["playbook_tools.sphinx"]``.

Kept tiny: the directive modules are imported only when Sphinx loads the extension.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    from playbook_tools import __version__
    from playbook_tools.sphinx.extension import setup_extension

    setup_extension(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
