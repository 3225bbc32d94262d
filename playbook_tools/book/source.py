"""What a book is made from, handed over by whoever built the pages (the Sphinx builder)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# The book's own words, translated through the content's catalog (vocabulary.BOOK_LABELS).
FORMATS = ("pdf", "epub")


@dataclass(frozen=True)
class Page:
    """One page of the site: its name (``interviewing/preparing``) and its HTML body, whose
    links and images are relative to ``<name>.html``."""

    name: str
    html: str


@dataclass(frozen=True)
class BookSource:
    language: str
    title: str
    company: str
    version: str
    date: dt.date
    paper: str
    pages: tuple[Page, ...]
    # The folder the pages' relative image links lead into (the build's output folder).
    assets: Path
    # BOOK_LABELS in the book's language, by key.
    labels: Mapping[str, str]


def book_name(language: str, fmt: str) -> str:
    return f"handbook-{language}.{fmt}"
