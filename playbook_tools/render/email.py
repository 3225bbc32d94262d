"""Email templates: check them, fill them, show their placeholders and build RFC 5322 messages.

A missing variable is an error, never an empty string: a "Hi ," must not go out (DESIGN.md).
"""

from __future__ import annotations

import dataclasses
import email.headerregistry
import email.policy
import email.utils
from collections.abc import Mapping, Sequence
from email.headerregistry import Address
from email.message import EmailMessage

from playbook_tools.config import PlaybookConfig
from playbook_tools.errors import PlaybookError
from playbook_tools.model.artifacts import EmailTemplate
from playbook_tools.model.templates import (
    globals_for,
    placeholder_segments,
    render_source,
    single_line,
)
from playbook_tools.validation import address_or_error


@dataclasses.dataclass(frozen=True)
class FilledEmail:
    template_id: str
    subject: str
    body: str

    def as_text(self) -> str:
        return f"Subject: {self.subject}\n\n{self.body}"


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
    subject = render_source(template, template.subject, context)
    body = render_source(template, template.body_source, context)
    return FilledEmail(template.id, single_line(subject), body)


def fill_example(template: EmailTemplate, config: PlaybookConfig) -> FilledEmail:
    return fill(template, template.example_values(), config)


def with_placeholders(template: EmailTemplate, config: PlaybookConfig) -> FilledEmail:
    """The template's own text, each variable shown as ``{{ name }}``."""
    subject, body = placeholder_segments(template, config)
    return FilledEmail(
        template.id, "".join(t for t, _ in subject), "".join(t for t, _ in body)
    )


# --------------------------------------------------------------------------------------------
# RFC 5322 messages


def parse_address(value: str, field: str) -> Address:
    """One address for a header; the same check the candidate file gets (``validation``)."""
    return address_or_error(value, field)


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


def build_message(filled: FilledEmail, to: Address | Sequence[Address],
                  sender: Address) -> EmailMessage:
    """A draft ready to send: ``X-Unsent`` makes Outlook open it for sending, not as received
    mail; other mail programs ignore the header."""
    message = EmailMessage(policy=EML_POLICY)
    message["From"] = sender
    message["To"] = to
    message["X-Unsent"] = "1"
    message["Subject"] = single_line(filled.subject)
    message["Date"] = email.utils.formatdate(localtime=True)
    message["Message-ID"] = email.utils.make_msgid(domain=sender.domain)
    # Quoted-printable keeps the text byte-exact through a parse (TOOLCHAIN.md).
    message.set_content(filled.body, charset="utf-8", cte="quoted-printable")
    return message
