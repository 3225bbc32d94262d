"""Every ``playbook_*`` configuration value, declared once.

``PlaybookConfig`` is the one declaration: each field carries its default, its validator and a
help line in its metadata. Sphinx registers the fields in a loop (``playbook_tools.sphinx.config``),
the ``playbook`` command reads the same names from ``conf.py``, and the handbook's reference
table is generated from the fields, so a fork changes its company name in one place and the site,
the printouts and the emails all follow.

The durations and the promised outcome date are "figures stated once" (DESIGN.md): pages,
artifacts and email templates substitute them by name (``FIGURES``), so they cannot drift.
"""

from __future__ import annotations

import dataclasses
import re
import runpy
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from playbook_tools import validation
from playbook_tools.errors import PlaybookError
from playbook_tools.vocabulary import KIT_EMAIL_PARTS, OUTCOME_LABELS, PAPER_SIZES

Validator = Callable[[Any], str | None]


def _setting(default: Any, validate: Validator, help: str) -> Any:
    """A dataclass field whose metadata carries the validator and the help line."""
    metadata = {"validate": validate, "help": help, "default": default}
    if isinstance(default, dict):  # a dataclass needs a factory for a mutable default
        return dataclasses.field(default_factory=lambda: dict(default), metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def default_of(field: dataclasses.Field[Any]) -> Any:
    return field.metadata["default"]


def _non_empty_text(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "a non-empty string"


def _paper(value: Any) -> str | None:
    return None if value in PAPER_SIZES else "one of " + ", ".join(map(repr, PAPER_SIZES))


def _timezone(value: Any) -> str | None:
    return None if validation.is_timezone(value) else "an IANA time zone such as 'Europe/Berlin'"


def _whole(low: int, high: int, unit: str) -> Validator:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return f"a whole number of {unit} from {low} to {high}"
        return None

    return check


def _address(value: Any) -> str | None:
    if isinstance(value, str) and validation.address_problem(value) is None:
        return None
    return "one address such as 'Hiring <hiring@example.com>'"


def _ids(value: Any) -> str | None:
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) and v for v in value):
        return None
    return "a list of artifact ids such as ['pairing-session']"


def _parts(parts: tuple[str, ...]) -> Validator:
    def check(value: Any) -> str | None:
        if (isinstance(value, dict) and set(value) <= set(parts)
                and all(isinstance(v, str) and v for v in value.values())):
            return None
        return "a dict from " + ", ".join(map(repr, parts)) + " to email template ids"

    return check


def _languages(value: Any) -> str | None:
    if (isinstance(value, (list, tuple)) and value
            and all(isinstance(v, str) and re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", v)
                    for v in value)):
        return None
    return "a list of language codes such as ['en', 'de'], the first being the default"


def _folder(value: Any) -> str | None:
    if isinstance(value, str) and value and not Path(value).is_absolute():
        return None
    return "a folder relative to the docs source folder, such as '../locale'"


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
class PlaybookConfig:
    company: str = _setting(
        "Example Co", _non_empty_text, "The company name shown in pages, printouts and emails.")
    paper: str = _setting(
        "a4", _paper, "The default paper size for printouts: 'a4' or 'letter'.")
    signature: str = _setting(
        "The {company} hiring team", _non_empty_text,
        "The sign-off at the end of every email; '{company}' is replaced by the company name.")
    email_from: str = _setting(
        "Example Co Hiring <hiring@example.com>", _address,
        "The From address of the .eml files that `playbook email` and `playbook kit` write.")
    timezone: str = _setting(
        "UTC", _timezone, "The IANA time zone used when a candidate file does not name one.")
    reply_days: int = _setting(
        2, _whole(1, 10, "working days"),
        "Working days after the interview day by which the candidate hears the outcome.")
    pairing_minutes: int = _setting(
        60, _whole(15, 240, "minutes"), "How long the pairing part of an interview lasts.")
    break_minutes: int = _setting(
        15, _whole(0, 60, "minutes"),
        "The candidate's break before the retrospective and between two sessions; "
        "it is never assessed.")
    retrospective_minutes: int = _setting(
        15, _whole(5, 60, "minutes"), "How long the retrospective after the pairing lasts.")
    notes_minutes: int = _setting(
        30, _whole(5, 120, "minutes"),
        "Each interviewer's block for notes and the scorecard, straight after their session.")
    followup_minutes: int = _setting(
        45, _whole(15, 240, "minutes"), "How long the follow-up session lasts.")
    languages: tuple[str, ...] = _setting(
        ("en",), _languages,
        "The languages the handbook is built in; the first at the site's root, each other one "
        "in a folder named by its code (de/). Each needs catalogs in locale/<code>/.")
    locale_dir: str = _setting(
        "../locale", _folder,
        "The folder with the gettext catalogs, relative to the docs source; the pages and the "
        "content are both translated from it (Sphinx's locale_dirs is set from it).")
    one_over_minutes: int = _setting(
        30, _whole(10, 120, "minutes"), "How long the optional 1-over conversation lasts.")
    base_url: str = _setting(
        "", _url, "The address where the handbook is published; printouts link back to it. "
        "When empty they show the page's path.")
    pdf: bool = _setting(
        True, _flag, "Render every printable to PDF during HTML builds and offer it for download.")
    kit_emails: dict[str, str] = _setting(
        {"invitation": "invitation", "team-schedule": "team-schedule",
         "reminder": "day-before-reminder"}, _parts(KIT_EMAIL_PARTS),
        "The email template the kit writes for each part it plays: the candidate's invitation, "
        "the team's schedule and the day-before reminder.")
    outcome_emails: dict[str, str] = _setting(
        {"hire": "outcome-hire", "reject": "outcome-reject", "more-info": "outcome-more-info"},
        _parts(tuple(OUTCOME_LABELS)),
        "The email template `playbook decide --record` fills for each outcome.")
    content_dir: str = _setting(
        "playbook", _relative_dir,
        "The folder, inside the docs source, that holds the artifact YAML files.")
    templates_dir: str = _setting(
        "templates", _relative_dir,
        "The folder, inside the docs source, that holds the Jinja2 templates.")
    records_dir: str = _setting(
        "../records", _folder,
        "The folder, relative to the docs source and never inside it, that keeps the decision "
        "records and the hiring-records database that `playbook report` reads.")
    retention_days: int = _setting(
        183, _whole(30, 3660, "days"),
        "Days after the interview day after which `playbook retention` lists a kit or a "
        "decision record for deletion.")
    personal_figures: bool = _setting(
        False, _flag,
        "Whether `playbook report --me NAME` may show an interviewer their own figures; "
        "turn it on only once the company has agreed it (in Germany, with the works council).")

    @property
    def sign_off(self) -> str:
        """The signature with the company name filled in."""
        return self.signature.replace("{company}", self.company)

    @property
    def session_minutes(self) -> int:
        """One interviewer's session with the candidate: pairing, break, retrospective."""
        return self.pairing_minutes + self.break_minutes + self.retrospective_minutes

    def locale_path(self, srcdir: Path) -> Path:
        return (srcdir / self.locale_dir).resolve()

    def records_path(self, srcdir: Path) -> Path:
        """The records folder: ``PLAYBOOK_RECORDS_DIR`` if set (scripts and tests use it),
        else ``records_dir`` beside the docs source."""
        import os

        override = os.environ.get("PLAYBOOK_RECORDS_DIR")
        return Path(override).resolve() if override else (srcdir / self.records_dir).resolve()

    def page_url(self, docname: str) -> str:
        """Where a printout points its reader for the full explanation."""
        if self.base_url:
            return self.base_url.rstrip("/") + "/" + docname + ".html"
        return docname + ".html"

    def figures(self) -> dict[str, str]:
        """The figures pages, artifacts and templates substitute by name (see ``FIGURES``)."""
        return {name: str(getattr(self, name)) for name in FIGURES}

    @classmethod
    def from_values(cls, values: Mapping[str, Any], source: str) -> PlaybookConfig:
        """Validate ``playbook_*`` values (without the prefix); unknown names are ignored."""
        chosen: dict[str, Any] = {}
        for field in settings():
            if field.name not in values:
                continue
            value = values[field.name]
            expected = field.metadata["validate"](value)
            if expected:
                raise PlaybookError(
                    f"{source}: playbook_{field.name} is {value!r}; expected {expected}")
            chosen[field.name] = tuple(value) if isinstance(value, list) else value
        return cls(**chosen)


def settings() -> Iterator[dataclasses.Field[Any]]:
    """Every setting, in the order the reference table lists them."""
    yield from dataclasses.fields(PlaybookConfig)


def help_for(field: dataclasses.Field[Any]) -> str:
    help_text: str = field.metadata["help"]
    return help_text


# Names a page writes as {{ name }} (MyST substitutions), an artifact's text as {{ name }}, and
# an email template as a Jinja2 variable. Each comes from the config above.
FIGURES: tuple[str, ...] = (
    "company", "reply_days", "pairing_minutes", "break_minutes", "retrospective_minutes",
    "notes_minutes", "followup_minutes", "session_minutes", "one_over_minutes", "retention_days",
)


def read_conf(conf_py: Path) -> tuple[PlaybookConfig, str]:
    """The ``playbook_*`` values and Sphinx's ``language`` from ``conf.py``, without Sphinx."""
    try:
        namespace = runpy.run_path(str(conf_py))
    except Exception as exc:  # conf.py is user code: report it, never a traceback
        raise PlaybookError(f"{conf_py}: could not be read: {exc}") from exc
    prefix = "playbook_"
    values = {k[len(prefix):]: v for k, v in namespace.items() if k.startswith(prefix)}
    language = namespace.get("language") or "en"
    if not isinstance(language, str):
        raise PlaybookError(f"{conf_py}: language is {language!r}; expected a code such as 'en'")
    return PlaybookConfig.from_values(values, str(conf_py)), language


def read_conf_py(conf_py: Path) -> PlaybookConfig:
    """Read the ``playbook_*`` values from a Sphinx ``conf.py`` without starting Sphinx."""
    return read_conf(conf_py)[0]
