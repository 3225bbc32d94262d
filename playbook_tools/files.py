"""Writing output files so that nothing is ever left half-written."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from playbook_tools.errors import PlaybookError


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write to a temporary file beside ``path``, then rename it into place."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise PlaybookError(f"{path}: cannot write here: {exc.strerror}") from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise PlaybookError(f"{path}: cannot write: {exc.strerror}") from exc
        raise


# Most file systems allow 255 bytes in a name; leave room for the temporary name's affixes.
MAX_NAME_BYTES = 200


def safe_child(folder: Path, name: str, field: str) -> Path:
    """``folder/name``, refusing any name that would land outside ``folder``."""
    if (
        not name
        or name in (".", "..")
        or "/" in name
        or "\\" in name
        or "\x00" in name
        or name.startswith(".")
    ):
        raise PlaybookError(
            f"{field}: {name!r} cannot be a file name; use letters, digits, spaces and hyphens"
        )
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise PlaybookError(
            f"{field}: is too long for a file name ({len(name.encode('utf-8'))} bytes; "
            f"at most {MAX_NAME_BYTES})"
        )
    child = (folder / name).resolve()
    if child.parent != folder.resolve():
        raise PlaybookError(f"{field}: {name!r} would write outside {folder}")
    return folder / name
