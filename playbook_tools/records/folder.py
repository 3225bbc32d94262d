"""Where the records live, and the keyed pseudonyms that keep names out of the database.

The records folder (``playbook_records_dir``) holds the database, the decision records (one
folder per visit under ``decisions/``) and ``pseudonym.key``, the secret that turns a name into
a pseudonym. Without the key nobody can tell whose pseudonym is whose, not even by trying every
name in the company; with it, ``playbook report --me NAME`` finds that person's own rows. The
folder has a ``.gitignore`` that ignores everything in it, and it may not lie inside ``docs/``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from playbook_tools.errors import PlaybookError
from playbook_tools.files import GITIGNORE, IGNORE_EVERYTHING, refuse_docs_folder, write_atomic
from playbook_tools.records.schema import DATABASE

KEY_FILE = "pseudonym.key"
DECISIONS = "decisions"


def normal_name(name: str) -> str:
    """A name as every comparison sees it: spacing and case do not matter."""
    return " ".join(name.split()).casefold()


def random_id() -> str:
    return secrets.token_hex(8)


@dataclasses.dataclass(frozen=True)
class RecordsFolder:
    path: Path

    @property
    def database(self) -> Path:
        return self.path / DATABASE

    @property
    def decisions(self) -> Path:
        return self.path / DECISIONS

    def decision_folder(self, interview_day: str, visit: str) -> Path:
        """Where ``decide --record`` writes a visit's decision record."""
        return self.decisions / f"{interview_day}-{visit}"

    def prepare(self) -> None:
        """Make the folder, ignored by git, before anything personal is written into it."""
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PlaybookError(f"{self.path}: cannot make the records folder: "
                                f"{exc.strerror}") from None
        if not (self.path / GITIGNORE).exists():
            write_atomic(self.path / GITIGNORE, IGNORE_EVERYTHING)

    def key(self) -> bytes:
        """The secret behind the pseudonyms, made once (readable by its owner only)."""
        path = self.path / KEY_FILE
        with contextlib.suppress(FileNotFoundError):
            return _read_key(path)
        self.prepare()
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another run made it a moment ago: use theirs
            return _read_key(path)
        except OSError as exc:
            raise PlaybookError(f"{path}: cannot be written: {exc.strerror}") from None
        with os.fdopen(handle, "w", encoding="ascii") as stream:
            stream.write(secrets.token_hex(32) + "\n")
            stream.flush()
            os.fsync(stream.fileno())
        return _read_key(path)

    def pseudonym(self, name: str) -> str:
        """An interviewer's pseudonym: stable across visits, meaningless without the key."""
        return "r-" + _keyed(self.key(), "interviewer", normal_name(name))[:16]

    def link(self, *parts: str) -> str:
        """A keyed hash that finds a candidate's rows again (e-mail, or e-mail and day)."""
        return _keyed(self.key(), "candidate", *(normal_name(p) for p in parts))


def _keyed(key: bytes, purpose: str, *parts: str) -> str:
    message = "\x1f".join((purpose, *parts)).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _read_key(path: Path) -> bytes:
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        raise PlaybookError(f"{path}: cannot be read: {exc}") from None
    if len(text) < 32:
        for _ in range(50):  # another run is writing it right now
            import time

            time.sleep(0.02)
            text = path.read_text(encoding="ascii").strip()
            if len(text) >= 32:
                break
        else:
            raise PlaybookError(f"{path}: is not a pseudonym key; restore it from a backup")
    return text.encode("ascii")


def records_folder(path: Path, docs: Path) -> RecordsFolder:
    """The records folder from config, refused if it would be published with the site."""
    refuse_docs_folder(path, docs, f"playbook_records_dir ({path})", "'../records'")
    return RecordsFolder(path)
