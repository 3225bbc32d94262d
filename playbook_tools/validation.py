"""The one validator behind every file a person writes or edits.

The content loader, the candidate file, the filled scorecard forms and ``kit.json`` all check
their fields here, so a field that is valid in one is valid in all, and every problem reads the
same: ``file:line: field 'x': what is wrong; what would be valid``. A ``Checker`` collects the
problems of one file, so the user fixes them all in one pass.

E-mail addresses are checked by building the header the e-mail package will later build: an
address that passes here cannot fail when the message is written.
"""

from __future__ import annotations

import datetime as dt
import email.errors
import email.headerregistry
import email.utils
import re
import zoneinfo
from collections.abc import Sequence
from email.headerregistry import Address
from typing import Any

from playbook_tools.errors import ContentError, ContentProblem, PlaybookError
from playbook_tools.yamlsource import line_of

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
# Names go into e-mail headers, calendar entries and file names: one line, printable, short.
NAME_LIMIT = 200


def join(where: str, name: str | int) -> str:
    """The dotted path of a field, as errors name it: ``interviewers[0].email``."""
    if isinstance(name, int):
        return f"{where}[{name}]"
    return f"{where}.{name}" if where else name


# --------------------------------------------------------------------------------------------
# Single values, usable without a Checker (config values, command-line options)


# The code points of the Unicode categories Cc (controls), Cs (surrogates), Zl and Zp (the line
# and paragraph separators). Unicode's stability policy fixes Cc and Cs for good, Zl and Zp
# have held one character each since Unicode 1.1, and a test checks all four against
# ``unicodedata``. A regular expression scans the text in C: a category look-up per character
# took a fifth of the time to load the playbook.
_CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def has_control_characters(value: str, *, one_line: bool) -> bool:
    """Whether text holds what must never reach a file or a message: control characters (a
    NUL, an escape sequence), lone surrogates (no file can be written with them) and, in one
    line, line breaks. A no-break space or a zero-width joiner in a name is text, not control.
    Text of several lines may hold line feeds and tabs."""
    return (_CONTROL_IN_LINE if one_line else _CONTROL_IN_TEXT).search(value) is not None


# An RFC 2047 encoded word: mail programs (and Python's e-mail package before the fix for
# CVE-2024-6923) decode it inside a header, so a line break can hide in it (render.email_check).
_ENCODED_WORD = re.compile(r"=\?[^?\s]*\?[^?\s]*\?[^\s]*?\?=")


def has_encoded_word(value: str) -> bool:
    """Whether text holds ``=?charset?q?…?=``, which a header would decode, not show."""
    return "=?" in value and _ENCODED_WORD.search(value) is not None


# Names the zone database holds that are not places: "localtime" is this machine's setting,
# which another machine reads differently, and a calendar cannot name (TZID:localtime).
NOT_ZONES = ("localtime", "posixrules", "Factory")


def is_timezone(value: Any) -> bool:
    if str(value) in NOT_ZONES or str(value).startswith(("posix/", "right/")):
        return False
    try:
        zoneinfo.ZoneInfo(str(value))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # "America" is a folder
        return False
    return True


# The class the e-mail package makes a To header with; made once, as a merge checks thousands.
_ADDRESS_HEADER = email.headerregistry.HeaderRegistry()["To"]


def parse_address(value: str) -> Address:
    """One address, 'Name <user@host.tld>' or 'user@host.tld', exactly as a message will hold it.

    Raises ``ValueError`` with what is wrong; callers add the file and the field.
    """
    if not isinstance(value, str) or not value.strip():
        raise ValueError("it is empty")
    if has_control_characters(value, one_line=True):
        raise ValueError("it contains a line break or control character")
    if has_encoded_word(value):
        raise ValueError("it holds an encoded word (=?…?=), which mail programs decode")
    _, bare = email.utils.parseaddr(value)
    local, at, domain = bare.rpartition("@")
    if not at or not local or "." not in domain.strip(".") or domain.endswith("."):
        raise ValueError("it needs a name, an @ and a domain with a dot")
    try:
        header = _ADDRESS_HEADER("To", value.strip())
        addresses = header.addresses  # type: ignore[attr-defined]  # an AddressHeader
        if len(addresses) != 1:
            raise ValueError("it holds more than one address")
        if header.defects:
            raise ValueError(str(header.defects[0]))
        # Rebuilt as the e-mail code builds it, from the parts: this is where an address such
        # as a..b@example.org fails, so it must fail here first.
        address = Address(display_name=addresses[0].display_name,
                          addr_spec=addresses[0].addr_spec)
        str(address).encode("utf-8")  # a lone surrogate would fail when the .eml is written
    except (email.errors.MessageError, IndexError, TypeError, ValueError) as exc:
        if str(exc).startswith("it "):
            raise
        raise ValueError(f"the e-mail package refuses it: {exc}") from None
    if not address.username or "." not in address.domain or address.domain.endswith("."):
        raise ValueError("it needs a name, an @ and a domain with a dot")
    return address


def address_problem(value: str) -> str | None:
    try:
        parse_address(value)
    except ValueError as exc:
        return str(exc)
    return None


def address_or_error(value: str, field: str) -> Address:
    """``parse_address`` for one command-line option or setting: errors name the field."""
    try:
        return parse_address(value)
    except ValueError as exc:
        raise PlaybookError(f"{field}: {value!r} is not an email address ({exc}); expected "
                            "an address such as 'Name <name@example.org>'") from None


def name_or_error(value: str, field: str) -> str:
    """A name given as a command-line option, held to the rule ``Checker.name`` applies in
    files: one printable line of at most ``NAME_LIMIT`` characters. Spaces are collapsed."""
    if has_control_characters(value, one_line=True):
        raise PlaybookError(f"{field}: expected one line of text without control characters")
    if has_encoded_word(value):
        raise PlaybookError(f"{field}: holds an encoded word (=?…?=), which mail programs "
                            "decode into header text; write the text itself")
    if len(value.strip()) > NAME_LIMIT:
        raise PlaybookError(f"{field}: is {len(value.strip())} characters; at most "
                            f"{NAME_LIMIT} fit")
    return " ".join(value.split())


# The days the tool plans with: far enough from year 1 and 9999 that every date it works out
# (the weekday before, the working days after, the time in UTC) stays a date (issue 19).
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(9000, 12, 31)
DAY_RANGE = f"from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"


def day_in_range(day: dt.date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def iso_date(value: Any) -> dt.date | None:
    """A date written YYYY-MM-DD (or read as a date by YAML), or None."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def clock_time(value: Any) -> dt.time | None:
    """A time written HH:MM on the 24-hour clock, or None."""
    match = _TIME.match(value.strip()) if isinstance(value, str) else None
    return dt.time(int(match[1]), int(match[2])) if match else None


# --------------------------------------------------------------------------------------------
# Fields of one file


class Checker:
    """Collects the problems of one file, each naming its line, its artifact and its field."""

    def __init__(self, display: str, problems: list[ContentProblem] | None = None) -> None:
        self.display = display
        self.problems: list[ContentProblem] = [] if problems is None else problems
        self.artifact: str | None = None

    def problem(self, container: Any, key: str | int | None, field: str | None,
                message: str) -> None:
        self.problems.append(ContentProblem(self.display, line_of(container, key),
                                            self.artifact, field, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise ContentError(self.problems)

    def fields(self, data: Any, where: str, required: Sequence[str] | set[str],
               optional: Sequence[str] | set[str] | frozenset[str] = ()) -> bool:
        """A mapping with every required field and nothing unknown (a typo is never ignored)."""
        if not isinstance(data, dict):
            self.problem(data, None, where or "(top level)", "expected a mapping of fields")
            return False
        valid = [*required, *optional]
        ok = True
        for name in data:
            if name not in valid:
                self.problem(data, name, join(where, str(name)),
                             "unknown field; valid fields: " + ", ".join(sorted(valid)))
                ok = False
        for name in sorted(required):
            if name not in data:
                self.problem(data, None, join(where, name), "is missing")
                ok = False
        return ok

    def text(self, data: Any, key: str, where: str, *, limit: int | None = None,
             one_line: bool = False, required: bool = True) -> str:
        """Non-empty text; numbers are taken as written. Missing fields are left to ``fields``."""
        if key not in data or (data[key] is None and not required):
            return ""
        value = data[key]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.problem(data, key, join(where, key), "expected non-empty text")
            return ""
        value = value.strip()
        if one_line and has_control_characters(value, one_line=True):
            self.problem(data, key, join(where, key),
                         "expected one line of text without control characters")
            return ""
        if has_control_characters(value, one_line=False):
            # A NUL or an escape sequence would travel into every file and message made from it.
            self.problem(data, key, join(where, key),
                         "expected text without control characters (only line breaks and tabs)")
            return ""
        if limit and len(value) > limit:
            self.problem(data, key, join(where, key),
                         f"is {len(value)} characters; at most {limit} fit")
            return ""
        return value

    def name(self, data: Any, key: str, where: str) -> str:
        """A person's or a role's name: one printable line, short enough for a header, with no
        encoded word (a header would decode it: ``render.email_check``)."""
        value = self.text(data, key, where, limit=NAME_LIMIT, one_line=True)
        if has_encoded_word(value):
            self.problem(data, key, join(where, key), "holds an encoded word (=?…?=), which "
                         "mail programs decode into header text; write the text itself")
            return ""
        return value

    def choice(self, data: Any, key: str, where: str, choices: Sequence[str]) -> str:
        value = data.get(key)
        if value not in choices:
            self.problem(data, key, join(where, key),
                         f"is {value!r}; expected one of: " + ", ".join(choices))
            return ""
        return str(value)

    def text_list(self, data: Any, key: str, where: str, minimum: int = 1) -> list[str]:
        value = data.get(key)
        if not isinstance(value, list) or len(value) < minimum:
            self.problem(data, key, join(where, key), f"expected a list of at least {minimum}")
            return []
        out = []
        for index, entry in enumerate(value):
            if not isinstance(entry, str) or not entry.strip():
                self.problem(value, index, join(join(where, key), index), "expected text")
            else:
                out.append(entry.strip())
        return out

    def email(self, data: Any, key: str, where: str) -> str:
        """An address as the e-mail package will parse it; returns the bare addr-spec."""
        value = self.text(data, key, where, one_line=True)
        if not value:
            return ""
        try:
            return parse_address(value).addr_spec
        except ValueError as exc:
            self.problem(data, key, join(where, key), f"{value!r} is not an email address "
                         f"({exc}); expected an address such as 'name@example.org'")
            return ""

    def date(self, data: Any, key: str, where: str) -> dt.date | None:
        if key not in data:
            return None
        day = iso_date(data[key])
        if day is None:
            self.problem(data, key, join(where, key),
                         f"{data[key]!r} is not a date; write it as YYYY-MM-DD")
        elif not day_in_range(day):
            self.problem(data, key, join(where, key), f"{day} is out of range; a date "
                         f"{DAY_RANGE}")
            return None
        return day

    def time(self, data: Any, key: str, where: str) -> dt.time | None:
        if key not in data:
            return None
        at = clock_time(data[key])
        if at is None:
            self.problem(data, key, join(where, key),
                         f"{data[key]!r} is not a time; write it as HH:MM, 24-hour clock, "
                         "such as \"09:30\"")
        return at

    def minutes(self, data: Any, key: str, where: str, default: int, low: int,
                high: int) -> int:
        if key not in data:
            return default
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem(data, key, join(where, key),
                         f"{value!r} is not a whole number of minutes from {low} to {high}")
            return default
        return value

    def timezone(self, data: Any, key: str, where: str, default: str) -> str:
        if key not in data:
            return default
        value = str(data[key])
        if not is_timezone(value):
            self.problem(data, key, join(where, key),
                         f"{value!r} is not an IANA time zone such as 'Europe/Berlin'")
            return default
        return value
