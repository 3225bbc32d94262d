"""The ``playbook_*`` config values, and the content loaded once per build."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.errors import ConfigError, SphinxError
from sphinx.util import logging

from playbook_tools.config import PlaybookConfig, default_of, help_for, settings
from playbook_tools.errors import ContentError, PlaybookError
from playbook_tools.model.artifacts import Playbook
from playbook_tools.model.formats import page_figures
from playbook_tools.model.loader import load_playbook
from playbook_tools.model.translation import SOURCE_LANGUAGE, in_language

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

# One loaded playbook per source folder. Kept here rather than on Sphinx's objects; parallel
# readers are forked after builder-inited, so they inherit it.
_LOADED: dict[str, Playbook] = {}


class PlaybookContentError(SphinxError):
    category = "Playbook content error"


def playbook_config(config: Config) -> PlaybookConfig:
    values = {s.name: getattr(config, f"playbook_{s.name}") for s in settings()}
    try:
        return PlaybookConfig.from_values(values, "conf.py")
    except PlaybookError as exc:
        raise ConfigError(str(exc)) from None


def playbook_for(srcdir: str | Path) -> Playbook:
    return _LOADED[str(srcdir)]


def _check_config(app: Sphinx, config: Config) -> None:
    """Validate the values, offer the figures to every page as MyST substitutions
    (``{{ pairing_minutes }}``), so prose cannot state them by hand and drift, and point
    Sphinx at the playbook's catalogs."""
    settings = playbook_config(config)
    figures = settings.figures()
    # Each interview format's lengths too: {{ formats.conversation.minutes }} (model/formats.py).
    formats = page_figures(Path(app.srcdir) / settings.content_dir, settings)
    config.myst_substitutions = {**figures, "formats": formats,
                                 **getattr(config, "myst_substitutions", {})}
    # One folder of catalogs for the pages and the content: Sphinx's own setting follows
    # playbook_locale_dir, so conf.py states it once.
    config.locale_dirs = [str(settings.locale_path(Path(app.srcdir)))]
    _add_theme_catalog(app, config)


def _add_theme_catalog(app: Sphinx, config: Config) -> None:
    """The theme's words in the build's language: Sphinx read its "sphinx" catalogs before
    locale_dirs was set above, so ours (locale/<lang>/LC_MESSAGES/sphinx.po) is compiled and
    added now, behind Sphinx's own (furo ships no German; review G26)."""
    if not config.language or config.language == SOURCE_LANGUAGE:
        return
    from sphinx import locale
    from sphinx.util.i18n import CatalogRepository

    repo = CatalogRepository(app.srcdir, config.locale_dirs, config.language,
                             config.source_encoding)
    for catalog in repo.catalogs:
        if catalog.domain == "sphinx" and catalog.is_outdated():
            catalog.write_mo(config.language, config.gettext_allow_fuzzy_translations)
    locale.init(list(repo.locale_dirs), config.language)


def _load_content(app: Sphinx) -> None:
    config = playbook_config(app.config)
    language = app.config.language or SOURCE_LANGUAGE
    try:
        playbook = load_playbook(Path(app.srcdir), config)
        if language != SOURCE_LANGUAGE:
            # The content speaks the build's language, from the same catalogs as the pages.
            playbook = in_language(playbook, config.locale_path(Path(app.srcdir)), language)
        _LOADED[str(app.srcdir)] = playbook
    except ContentError as exc:
        for problem in exc.problems:
            logger.error(str(problem), type="playbook", subtype="content")
        # Stop here: a site built from half the content is worse than no site.
        raise PlaybookContentError(
            f"{len(exc.problems)} problem(s) in {config.content_dir}/; see above"
        ) from None
    except PlaybookError as exc:
        raise PlaybookContentError(str(exc)) from None


def setup_config(app: Sphinx) -> None:
    for setting in settings():
        default = default_of(setting)
        kinds = (list, tuple) if isinstance(default, tuple) else (type(default),)
        app.add_config_value(f"playbook_{setting.name}", default, "env", types=kinds,
                             description=help_for(setting))
    app.connect("config-inited", _check_config)
    app.connect("builder-inited", _load_content)
