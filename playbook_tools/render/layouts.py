"""The Jinja2 layouts every renderer shares: a fork's ``docs/templates/`` first, then the
package's own ``playbook_tools/templates/``.

Printable HTML escapes every value; the text layouts (the kit's READMEs, calendar wording, the
YAML form) do not, and get filters that keep content inside the place it belongs.
"""

from __future__ import annotations

import functools
import json
import textwrap
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from playbook_tools.errors import PlaybookError
from playbook_tools.files import cache_trouble, user_cache_folder

COMMENT_WIDTH = 92


def oneline(text: str) -> str:
    return " ".join(str(text).split())


def yaml_comment(text: str, indent: str = "", prefix: str = "") -> str:
    """``text`` as YAML comment lines; content never becomes YAML, whatever it contains."""
    lines = textwrap.wrap(oneline(text), COMMENT_WIDTH - len(indent) - 2,
                          initial_indent=prefix, subsequent_indent=" " * len(prefix),
                          break_on_hyphens=False) or [prefix]
    return "\n".join(f"{indent}# {line}".rstrip() for line in lines)


def yaml_scalar(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: names with ':' or '#' stay text.
    return json.dumps(str(text), ensure_ascii=False)


class _KeptLayouts(jinja2.FileSystemBytecodeCache):
    """Jinja's compiled layouts in the user's cache folder; a cache that cannot be read or
    written (a full disk, a read-only folder) is skipped, with one warning."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError) as exc:
            bucket.reset()
            if isinstance(exc, OSError):
                cache_trouble(Path(self.directory), exc)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as exc:
            cache_trouble(Path(self.directory), exc)


def _compiled_layouts() -> jinja2.BytecodeCache | None:
    """Jinja's compiled layouts, kept across runs in the user's cache folder.

    Compiling the two dozen layouts a kit uses took a sixth of ``playbook kit``'s time on every
    run. Jinja keys each compiled layout by its source's checksum and the Python version, so
    an edited layout is compiled again. Where the folder cannot be made, nothing is kept.
    """
    folder = user_cache_folder("layouts")
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        cache_trouble(folder, exc)
        return None
    return _KeptLayouts(str(folder))


@functools.cache
def environment(templates_dir: Path, *, autoescape: bool) -> jinja2.Environment:
    package = resources.files("playbook_tools").joinpath("templates")
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(templates_dir)),
                                    jinja2.FileSystemLoader(str(package))]),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=not autoescape,  # text files end with their newline
        trim_blocks=True,
        lstrip_blocks=True,
        # Layouts mark their words with _("..."); a renderer passes the playbook's gettext as
        # `_` in the context, so a printable speaks the language of the playbook it is given.
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=_compiled_layouts(),
    )
    env.install_null_translations()  # type: ignore[attr-defined]
    env.filters.update(oneline=oneline, comment=yaml_comment, scalar=yaml_scalar)
    return env


def translator(gettext: Callable[[str], str]) -> Callable[..., str]:
    """The ``_`` a layout calls: ``_("Tick one rating for %(area)s", area=title)``.

    The message is text. In an HTML layout a value may be markup (a ``{% set %}`` block, say
    a link): then the translation is escaped, the markup goes in as it is, the other values
    are escaped, and the result is markup. Without such a value the result is plain text,
    which an HTML layout escapes as it does any value.
    """
    def translate(message: str, **values: object) -> str:
        text = gettext(message)
        if any(isinstance(value, Markup) for value in values.values()):
            return Markup.escape(text) % values
        return text % values if values else text

    return translate


def layout_messages(templates_dir: Path) -> list[tuple[str, str]]:
    """Every word the layouts mark with ``_()``, for the translators' catalog."""
    env = environment(templates_dir, autoescape=True)
    assert env.loader is not None
    found: list[tuple[str, str]] = []
    for name in sorted(env.list_templates(extensions=["j2"])):
        source = env.loader.get_source(env, name)[0]
        for _line, _function, message in env.extract_translations(source):  # type: ignore[attr-defined]
            # A call with keyword arguments, _("... %(area)s", area=...), comes as a tuple.
            text = message[0] if isinstance(message, tuple) else message
            if isinstance(text, str):
                found.append((text, f"templates/{name}"))
    return found


def layout_source(templates_dir: Path, name: str) -> str:
    """The text of a layout as the renderers will find it (for the PDF cache's key)."""
    env = environment(templates_dir, autoescape=True)
    assert env.loader is not None
    return env.loader.get_source(env, name)[0]


def kind_layout(artifact: Any, name: str, templates_dir: Path | None,
                gettext: Callable[[str], str], **values: object) -> str:
    """An artifact rendered by its kind's own layout (``text/<kind>.txt.j2``,
    ``markdown/<kind>.md.j2``): how a kind that a fork adds is shown without Python of its own.
    ``templates_dir`` None uses the package's layouts alone."""
    folder = templates_dir or Path(str(resources.files("playbook_tools").joinpath("templates")))
    env = environment(folder, autoescape=name.endswith(".html.j2"))
    try:
        template = env.get_template(name)
    except jinja2.TemplateNotFound:
        raise PlaybookError(f"artifact '{artifact.id}': the kind '{artifact.kind}' has no "
                            f"layout {name}; add templates/{name}") from None
    return template.render(_=translator(gettext), artifact=artifact, **values)
