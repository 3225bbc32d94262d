"""Email templates: check them, fill them, show their placeholders and build RFC 5322 messages.

A missing variable is an error, never an empty string: a "Hi ," must not go out (DESIGN.md).
"""

from __future__ import annotations

import dataclasses
import email.errors
import email.headerregistry
import email.policy
import email.utils
import functools
import re
from collections.abc import Mapping
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import jinja2.meta

from playbook_tools.errors import PlaybookError

if TYPE_CHECKING:
    from playbook_tools.config import PlaybookConfig
    from playbook_tools.model import EmailTemplate

# Private-use characters mark where a variable was substituted; they never occur in content.
_OPEN, _CLOSE = "\ue000", "\ue001"
_MARK = re.compile(f"{_OPEN}([a-z0-9_]+){_CLOSE}")


@dataclasses.dataclass(frozen=True)
class FilledEmail:
    template_id: str
    subject: str
    body: str

    def as_text(self) -> str:
        return f"Subject: {self.subject}\n\n{self.body}"


@functools.cache
def _environment(templates_dir: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # plain-text email; HTML outputs escape separately
    )


@functools.cache
def _compiled(templates_dir: Path, source: str) -> jinja2.Template:
    return _environment(templates_dir).from_string(source)


def globals_for(config: PlaybookConfig) -> dict[str, str]:
    return {"company": config.company, "signature": config.sign_off}


def template_problems(template: EmailTemplate) -> list[tuple[str, str]]:
    """(field, message) pairs for a template's syntax and variable use."""
    from playbook_tools.model import EMAIL_GLOBALS

    env = _environment(template.body_path.parent)
    declared = set(template.variable_names)
    problems: list[tuple[str, str]] = []
    used: set[str] = set()
    for field, source, name in (
        ("subject", template.subject, "subject"),
        ("body", template.body_source, template.body),
    ):
        try:
            parsed = env.parse(source)
        except jinja2.TemplateSyntaxError as exc:
            where = f"line {exc.lineno} of {name}" if field == "body" else "subject"
            problems.append((field, f"template syntax error at {where}: {exc.message}"))
            continue
        names = jinja2.meta.find_undeclared_variables(parsed)
        used |= names
        for unknown in sorted(names - declared - set(EMAIL_GLOBALS)):
            problems.append((field, f"uses '{unknown}', which is not declared under variables"))
    if not problems:
        for unused in sorted(declared - used):
            problems.append((f"variables.{unused}", "is declared but the template never uses it"))
    if not problems:
        problems += _placeholder_problems(template)
    return problems


def _placeholder_problems(template: EmailTemplate) -> list[tuple[str, str]]:
    """Every variable must reach the text unchanged, or the page can't mark and fill it."""
    from playbook_tools.config import PlaybookConfig

    try:
        subject, body = placeholder_segments(template, PlaybookConfig())
    except (jinja2.TemplateError, PlaybookError, TypeError, ValueError) as exc:
        return [("body", f"cannot be shown with placeholders: {exc}")]
    problems = []
    for field, runs in (("subject", subject), ("body", body)):
        if any(_OPEN in text or _CLOSE in text for text, variable in runs if variable is None):
            problems.append((field, "changes a variable with a filter or expression; write "
                                    "plain {{ name }} so the page can mark and fill it"))
    return problems


def check_values(template: EmailTemplate, values: Mapping[str, str], source: str = "") -> None:
    """Raise one line naming the first missing or unknown variable."""
    where = f"{source}: " if source else ""
    for name in values:
        if name not in template.variable_names:
            valid = ", ".join(template.variable_names)
            raise PlaybookError(
                f"{where}template '{template.id}': unknown variable '{name}'; "
                f"it takes: {valid}"
            )
    for name in template.variable_names:
        value = values.get(name)
        if value is None or not str(value).strip():
            raise PlaybookError(
                f"{where}template '{template.id}': variable '{name}' is missing; "
                f"give it with --set {name}=… (see `playbook show {template.id}`)"
            )


def fill(template: EmailTemplate, values: Mapping[str, str], config: PlaybookConfig,
         source: str = "") -> FilledEmail:
    check_values(template, values, source)
    # Line endings are normalised so that a value pasted from Windows reads the same in every
    # client; the subject is collapsed to one line below in any case.
    context = {**globals_for(config),
               **{k: str(v).replace("\r\n", "\n").replace("\r", "\n") for k, v in values.items()}}
    subject = _render(template, template.subject, context)
    body = _render(template, template.body_source, context)
    return FilledEmail(template.id, single_line(subject), body)


def fill_example(template: EmailTemplate, config: PlaybookConfig) -> FilledEmail:
    return fill(template, template.example_values(), config)


def single_line(text: str) -> str:
    """Collapse every run of whitespace, CR and LF included, so a value can't start a header."""
    return " ".join(text.split())


def _render(template: EmailTemplate, source: str, context: Mapping[str, str]) -> str:
    try:
        return _compiled(template.body_path.parent, source).render(context)
    except jinja2.UndefinedError as exc:
        raise PlaybookError(f"template '{template.id}': {exc.message}") from exc


def placeholder_segments(
    template: EmailTemplate, config: PlaybookConfig
) -> tuple[list[tuple[str, str | None]], list[tuple[str, str | None]]]:
    """The subject and body as (text, variable) runs: variable is None for fixed text.

    The page shows each variable as a marked ``{{ name }}`` placeholder, and the browser's
    fill-in fields replace exactly those runs.
    """
    context = {
        **globals_for(config),
        **{name: f"{_OPEN}{name}{_CLOSE}" for name in template.variable_names},
    }
    subject = single_line(_render(template, template.subject, context))
    body = _render(template, template.body_source, context)
    return _segments(subject), _segments(body)


def placeholder(name: str) -> str:
    return "{{ " + name + " }}"


def _segments(text: str) -> list[tuple[str, str | None]]:
    runs: list[tuple[str, str | None]] = []
    position = 0
    for match in _MARK.finditer(text):
        if match.start() > position:
            runs.append((text[position:match.start()], None))
        runs.append((placeholder(match.group(1)), match.group(1)))
        position = match.end()
    if position < len(text):
        runs.append((text[position:], None))
    return runs


def with_placeholders(template: EmailTemplate, config: PlaybookConfig) -> FilledEmail:
    """The template's own text, each variable shown as ``{{ name }}``."""
    subject, body = placeholder_segments(template, config)
    return FilledEmail(
        template.id, "".join(t for t, _ in subject), "".join(t for t, _ in body)
    )


# --------------------------------------------------------------------------------------------
# RFC 5322 messages


def parse_address(value: str, field: str) -> Address:
    """One address, 'Name <user@host>' or 'user@host'; CR and LF are refused outright."""
    if "\r" in value or "\n" in value:
        raise PlaybookError(f"{field}: an address cannot contain a line break")
    name, addr = email.utils.parseaddr(value)
    try:
        address = Address(display_name=name, addr_spec=addr)
    except (ValueError, IndexError, email.errors.HeaderParseError):
        address = None
    if address is None or not address.username or "." not in address.domain:
        raise PlaybookError(
            f"{field}: {value!r} is not an email address; expected 'Name <name@example.com>'"
        )
    return address


# LF line endings, as .eml files on disk have (a mail client converts to CRLF when it sends).
# Headers fold only at RFC 5322's hard limit: Python's folding at 78 can put a break straight
# after "Subject:", and the subject then reads back with a leading space.
class _CachedHeaderRegistry(email.headerregistry.HeaderRegistry):
    """The standard header classes, made once per name instead of once per header.

    HeaderRegistry builds a fresh class on every lookup; a mail merge of thousands of
    messages spent a tenth of its time there.
    """

    def __init__(self) -> None:
        super().__init__()
        self._made: dict[str, type] = {}

    def __getitem__(self, name: str) -> type:
        key = name.lower()
        if key not in self._made:
            self._made[key] = super().__getitem__(name)
        return self._made[key]


EML_POLICY = email.policy.default.clone(max_line_length=998,
                                        header_factory=_CachedHeaderRegistry())


def build_message(filled: FilledEmail, to: Address, sender: Address) -> EmailMessage:
    message = EmailMessage(policy=EML_POLICY)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = single_line(filled.subject)
    message["Date"] = email.utils.formatdate(localtime=True)
    message["Message-ID"] = email.utils.make_msgid(domain=sender.domain)
    # Quoted-printable keeps the text byte-exact through a parse (TOOLCHAIN.md).
    message.set_content(filled.body, charset="utf-8", cte="quoted-printable")
    return message
