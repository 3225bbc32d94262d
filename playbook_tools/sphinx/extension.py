"""Wires every part of the extension into Sphinx: one ``setup_<thing>`` per module."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playbook_tools.sphinx.artifact import setup_artifact
from playbook_tools.sphinx.assets import setup_assets
from playbook_tools.sphinx.book import setup_book
from playbook_tools.sphinx.checklist import setup_checklist
from playbook_tools.sphinx.config import setup_config
from playbook_tools.sphinx.decision_table import setup_decision_table
from playbook_tools.sphinx.domain import setup_domain
from playbook_tools.sphinx.downloads import setup_downloads
from playbook_tools.sphinx.email import setup_email
from playbook_tools.sphinx.index import setup_index
from playbook_tools.sphinx.languages import setup_languages
from playbook_tools.sphinx.meta import setup_meta
from playbook_tools.sphinx.process import setup_process
from playbook_tools.sphinx.reference import setup_reference
from playbook_tools.sphinx.scorecard import setup_scorecard

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_extension(app: Sphinx) -> None:
    app.setup_extension("sphinx_copybutton")
    setup_config(app)
    setup_domain(app)
    setup_checklist(app)
    setup_scorecard(app)
    setup_email(app)
    setup_artifact(app)
    setup_index(app)
    setup_downloads(app)
    setup_decision_table(app)
    setup_process(app)
    setup_reference(app)
    setup_meta(app)
    setup_languages(app)
    setup_assets(app)
    setup_book(app)
