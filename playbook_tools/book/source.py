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


# Where a language's book sits in the published site: in its language's folder (the first
# language at the site's root, each other one in a folder named by its code, as `make html`
# builds them), below the downloads.
BOOK_FOLDER = "_downloads/book"


def site_book_path(languages: tuple[str, ...] | list[str], language: str, fmt: str) -> str:
    """The book's path from the site's root, e.g. ``de/_downloads/book/handbook-de.pdf``."""
    prefix = "" if not languages or language == languages[0] else f"{language}/"
    return f"{prefix}{BOOK_FOLDER}/{book_name(language, fmt)}"
