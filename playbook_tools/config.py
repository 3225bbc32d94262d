"""Every ``playbook_*`` configuration value, declared once.

Sphinx registers these in a loop (``playbook_tools.sphinx.config``) and the ``playbook`` command
reads the same names from ``conf.py``, so a fork changes its company name in one place and both
the site and the printouts follow. The handbook's reference table is generated from this list.
"""

from __future__ import annotations

import dataclasses
import runpy
import zoneinfo
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from playbook_tools.errors import PlaybookError
from playbook_tools.names import PAPER_SIZES as PAPER_SIZES  # re-exported for callers


def _non_empty_text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "a non-empty string"
    return None


def _paper(value: Any) -> str | None:
    if value not in PAPER_SIZES:
        return "one of " + ", ".join(repr(p) for p in PAPER_SIZES)
    return None


def _timezone(value: Any) -> str | None:
    try:
        zoneinfo.ZoneInfo(str(value))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # "America" is a folder
        return "an IANA time zone such as 'Europe/Berlin' or 'UTC'"
    return None


def _days(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 60:
        return "a whole number of days from 1 to 60"
    return None


def _address(value: Any) -> str | None:
    if not isinstance(value, str) or value.count("@") != 1 or "\n" in value or "\r" in value:
        return "one address such as 'Hiring <hiring@example.com>'"
    return None


def _flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else "True or False"


def _url(value: Any) -> str | None:
    if not isinstance(value, str):
        return "a string"
    if value and not value.startswith(("https://", "http://")):
        return "an empty string or an address starting with https://"
    return None


def _relative_dir(value: Any) -> str | None:
    if not isinstance(value, str) or not value or Path(value).is_absolute() or ".." in value:
        return "a folder name relative to the docs source folder"
    return None


@dataclasses.dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    validate: Callable[[Any], str | None]
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("company", "Example Co", _non_empty_text,
            "The company name shown in pages, printouts and emails."),
    Setting("paper", "a4", _paper,
            "The default paper size for printouts: 'a4' or 'letter'."),
    Setting("signature", "The {company} hiring team", _non_empty_text,
            "The sign-off at the end of every email; '{company}' is replaced by the company name."),
    Setting("email_from", "Example Co Hiring <hiring@example.com>", _address,
            "The From address of the .eml files that `playbook email` and `playbook kit` write."),
    Setting("timezone", "UTC", _timezone,
            "The IANA time zone used when a candidate file does not name one."),
    Setting("reply_days", 5, _days,
            "Working days after the interview day by which the candidate hears the outcome."),
    Setting("base_url", "", _url,
            "The address where the handbook is published; printouts link back to it. "
            "When empty they show the page's path."),
    Setting("pdf", True, _flag,
            "Render every printable to PDF during HTML builds and offer it for download."),
    Setting("content_dir", "playbook", _relative_dir,
            "The folder, inside the docs source, that holds the artifact YAML files."),
    Setting("templates_dir", "templates", _relative_dir,
            "The folder, inside the docs source, that holds the Jinja2 templates."),
)


@dataclasses.dataclass(frozen=True)
class PlaybookConfig:
    company: str = "Example Co"
    paper: str = "a4"
    signature: str = "The {company} hiring team"
    email_from: str = "Example Co Hiring <hiring@example.com>"
    timezone: str = "UTC"
    reply_days: int = 5
    base_url: str = ""
    pdf: bool = True
    content_dir: str = "playbook"
    templates_dir: str = "templates"

    @property
    def sign_off(self) -> str:
        """The signature with the company name filled in."""
        return self.signature.replace("{company}", self.company)

    def page_url(self, docname: str) -> str:
        """Where a printout points its reader for the full explanation."""
        if self.base_url:
            return self.base_url.rstrip("/") + "/" + docname + ".html"
        return docname + ".html"

    @classmethod
    def from_values(cls, values: Mapping[str, Any], source: str) -> PlaybookConfig:
        """Validate ``playbook_*`` values (without the prefix); unknown names are ignored."""
        chosen: dict[str, Any] = {}
        for setting in SETTINGS:
            if setting.name not in values:
                continue
            value = values[setting.name]
            expected = setting.validate(value)
            if expected:
                raise PlaybookError(
                    f"{source}: playbook_{setting.name} is {value!r}; expected {expected}"
                )
            chosen[setting.name] = value
        return cls(**chosen)


def read_conf_py(conf_py: Path) -> PlaybookConfig:
    """Read the ``playbook_*`` values from a Sphinx ``conf.py`` without starting Sphinx."""
    try:
        namespace = runpy.run_path(str(conf_py))
    except Exception as exc:  # conf.py is user code: report it, never a traceback
        raise PlaybookError(f"{conf_py}: could not be read: {exc}") from exc
    prefix = "playbook_"
    values = {k[len(prefix):]: v for k, v in namespace.items() if k.startswith(prefix)}
    return PlaybookConfig.from_values(values, str(conf_py))


# The dataclass and SETTINGS must agree; checked at import so a new setting can't drift.
assert [f.name for f in dataclasses.fields(PlaybookConfig)] == [s.name for s in SETTINGS]
assert all(
    f.default == s.default
    for f, s in zip(dataclasses.fields(PlaybookConfig), SETTINGS, strict=True)
)
