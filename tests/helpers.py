"""Helpers the kit, invitation and scorecard-form tests share: a kit from the example candidate,
e-mails and their calendar parts, and filling the PDF scorecard with two independent tools."""

from __future__ import annotations

import contextlib
import email
import email.policy
import io
import os
import subprocess
from collections.abc import Callable, Iterator, Mapping
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import yaml

from playbook_tools.yamlsource import load_yaml_file
from tests.conftest import DOCS, run_playbook

EXAMPLE = DOCS / "examples" / "candidate.yaml"
CALENDAR_TYPES = ("text/calendar", "application/ics")


def plain(value: Any) -> Any:
    """yamlsource's line-aware containers as plain dicts and lists, for yaml.safe_dump."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def candidate_file(folder: Path, change: Callable[[dict[str, Any]], None] | None = None,
                   name: str = "amara.yaml") -> Path:
    """The example candidate, changed by ``change``, written into ``folder``."""
    data = plain(load_yaml_file(EXAMPLE))
    if change:
        change(data)
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def drop_aisha(data: dict[str, Any]) -> None:
    """A reschedule: Aisha Bello drops out, and Jonas Lindqvist covers every area."""
    data["interviewers"] = data["interviewers"][:1]
    data["interviewers"][0]["areas"] = ["problem-solving", "testing-and-code-quality",
                                        "collaboration-and-communication",
                                        "learning-and-feedback"]


def build_kit(source: Path, out: Path, *more: str) -> str:
    """`playbook kit SOURCE -o OUT`, which must succeed; returns what it printed."""
    code, stdout, err = run_playbook("kit", str(source), "-o", str(out), *more)
    assert (code, err) == (0, ""), err
    return stdout


def parse_eml(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def calendar_parts(message: EmailMessage) -> list[tuple[str, str, bytes]]:
    """Every calendar part of ``message``: (content type, method parameter, the bytes)."""
    parts = []
    for part in message.walk():
        if part.get_content_type() in CALENDAR_TYPES:
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            parts.append((part.get_content_type(), str(part.get_param("method")), payload))
    return parts


# --------------------------------------------------------------------------------------------
# Filling the scorecard form the way two different PDF tools do


def fill_with_pypdf(source: Path, target: Path, ratings: Mapping[str, str],
                    texts: Mapping[str, str], ticks: tuple[str, ...] = ()) -> None:
    """pypdf: a radio group takes the on-state of the chosen button, which WeasyPrint names by
    its index in the group's /Opt; text and tick boxes take their values."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    fields = writer.get_fields() or {}
    values: dict[str, str] = dict(texts)
    for name, rating in ratings.items():
        options = [str(o) for o in fields[name]["/Opt"]]
        values[name] = f"/{options.index(rating)}"
    values.update({name: "/on" for name in ticks})
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    stream = io.BytesIO()
    writer.write(stream)
    target.write_bytes(stream.getvalue())


def fill_with_pymupdf(source: Path, target: Path, ratings: Mapping[str, str],
                      texts: Mapping[str, str], ticks: tuple[str, ...] = ()) -> None:
    """PyMuPDF (MuPDF): switch on the radio button whose export value is the rating, type into
    the text fields, tick the boxes; each widget draws its own appearance."""
    import pymupdf

    from playbook_tools.vocabulary import FILLED_RATINGS

    document = pymupdf.open(source)
    for page in document:
        for widget in page.widgets():
            name = widget.field_name
            if name in ratings and widget.field_type == pymupdf.PDF_WIDGET_TYPE_RADIOBUTTON:
                options = _options(document, widget)
                if options[int(widget.on_state())] == ratings[name]:
                    widget.field_value = True
                    widget.update()
            elif name in texts:
                widget.field_value = texts[name]
                widget.update()
            elif name in ticks:
                widget.field_value = True
                widget.update()
    assert set(ratings.values()) <= set(FILLED_RATINGS)
    target.write_bytes(document.tobytes())


def _options(document: Any, widget: Any) -> list[str]:
    """The export values of a radio button's group (its parent's /Opt), read with MuPDF."""
    parent = document.xref_get_key(widget.xref, "Parent")[1].split()[0]
    kind, value = document.xref_get_key(int(parent), "Opt")
    assert kind == "array", (kind, value)
    return [v.strip("()") for v in value.strip("[]").replace(")(", ") (").split()]


def git_untracked(repo: Path) -> list[str]:
    """What `git status` in a new repository at ``repo`` would offer to commit."""
    env = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "PATH": os.environ["PATH"], "HOME": str(repo)}
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=env)
    return subprocess.run(["git", "-C", str(repo), "status", "--porcelain",
                           "--untracked-files=all"], check=True, capture_output=True,
                          text=True, env=env).stdout.splitlines()


# Debian's Chromium, never a downloaded one (TOOLCHAIN.md). Without the networking flags it tries
# to reach Google's hosts at every start, which this machine's closed network refuses.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium for the browser tests and the handbook's pictures."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: install Debian's chromium (see .ci/run)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
