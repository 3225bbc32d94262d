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
from typing import Any

from playbook_tools.config import PlaybookConfig
from playbook_tools.errors import PlaybookError
from playbook_tools.model.artifacts import EmailTemplate
from playbook_tools.model.templates import (
    globals_for,
    placeholder_segments,
    render_source,
    single_line,
)
from playbook_tools.render import email_check
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
    email_check.refuse_encoded_words(values, source)  # issue 19: none reaches a header
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
# The bodies' encoded lines (quoted-printable, base64) are at most 76 characters (RFC 2045,
# 6.7 and 6.8). This policy encodes the body parts only: at 76 for the whole message, Python's
# header folding would break the subject again (issue 20).
BODY_POLICY = EML_POLICY.clone(max_line_length=76)


def body_part(content: str | bytes, **how: Any) -> EmailMessage:
    """A body part encoded under ``BODY_POLICY``; ``how`` is ``set_content``'s arguments."""
    part = EmailMessage(policy=BODY_POLICY)
    part.set_content(content, **how)
    del part["MIME-Version"]  # the message's own header; a part carries none
    return part


def build_message(filled: FilledEmail, to: Address | Sequence[Address],
                  sender: Address, on_behalf: Address | None = None) -> EmailMessage:
    """A draft ready to send: ``X-Unsent`` makes Outlook open it for sending, not as received
    mail; other mail programs ignore the header. ``on_behalf`` is the person who sends it for
    ``sender`` (a Sender header), as a calendar's ORGANIZER SENT-BY says."""
    message = EmailMessage(policy=EML_POLICY)
    message["From"] = sender
    message["To"] = to
    message["X-Unsent"] = "1"
    message["Subject"] = single_line(filled.subject)
    message["Date"] = email.utils.formatdate(localtime=True)
    message["Message-ID"] = email.utils.make_msgid(domain=sender.domain)
    if on_behalf is not None and on_behalf.addr_spec.lower() != sender.addr_spec.lower():
        message["Sender"] = on_behalf  # who sends for the From address (RFC 5322, 3.6.2)
    # Quoted-printable keeps the text byte-exact through a parse (TOOLCHAIN.md). The headers
    # set_content writes are the same either way; the payload is the one encoded at 76.
    message.set_content(filled.body, charset="utf-8", cte="quoted-printable")
    message.set_payload(body_part(filled.body, charset="utf-8",
                                  cte="quoted-printable").get_payload())
    email_check.check_message(message, to, sender, str(message["Subject"]))  # read back: issue 19
    return message
