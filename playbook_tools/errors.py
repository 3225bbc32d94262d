"""Errors that reach users as one line, never as a traceback."""

from __future__ import annotations

from collections.abc import Iterable


class PlaybookError(Exception):
    """A problem the user can fix; its message is one line naming what to change."""


def _printable(name: str | None) -> str | None:
    """A name from the user's file, with control characters shown as escapes."""
    if name is None:
        return None
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)


class ContentProblem:
    """One problem in the content: where it is, which artifact and field, and what is valid."""

    __slots__ = ("artifact", "field", "file", "line", "message")

    def __init__(
        self, file: str, line: int | None, artifact: str | None, field: str | None, message: str
    ) -> None:
        self.file = file
        self.line = line
        self.artifact = _printable(artifact)
        self.field = _printable(field)
        # One problem, one line: messages from parsers may carry line breaks of their own.
        self.message = " ".join(message.split())

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where]
        if self.artifact:
            parts.append(f"artifact '{self.artifact}'")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join(parts) + ": " + self.message

    def __repr__(self) -> str:
        return f"ContentProblem({self!s})"


class ContentError(PlaybookError):
    """The content has one or more problems; each prints as its own line."""

    def __init__(self, problems: Iterable[ContentProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
