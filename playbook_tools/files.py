"""Writing output files so that nothing is ever left half-written."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from playbook_tools.errors import PlaybookError


def _target(path: Path) -> tuple[Path, int]:
    """Where the bytes go, and the permissions the file gets.

    A link is followed, so the file it points at is updated, not the link replaced; anything
    but a regular file (a folder, a device) is refused. A new file gets the usual permissions
    (what the umask allows), an existing one keeps its own.
    """
    if path.is_symlink():
        path = path.resolve()
    if path.exists():
        if not path.is_file():
            raise PlaybookError(f"{path}: is not a regular file; give a file name to write")
        return path, stat.S_IMODE(path.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return path, 0o666 & ~umask


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write to a temporary file beside ``path``, then rename it into place."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path, mode = _target(Path(path))
    for parent in (path.parent, *path.parent.parents):
        if parent.exists() and not parent.is_dir():
            raise PlaybookError(f"{path}: {parent} is a file, not a folder")
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
        os.chmod(temporary, mode)  # mkstemp makes 0600 files whatever the umask
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
