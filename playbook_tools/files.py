"""Writing output files so that nothing is ever left half-written."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from playbook_tools.errors import PlaybookError
from playbook_tools.folders import clear_leftovers, folder_lock, swap_folders

# The one switch for everything the tool keeps across runs (kept PDFs, compiled layouts): a
# folder to keep them in, or "off". Tests point it at a temporary folder.
CACHE_VARIABLE = "PLAYBOOK_CACHE"
_OFF = ("", "0", "off", "no", "false")
_warned: set[str] = set()


def user_cache_folder(name: str) -> Path | None:
    """``name`` in the user's cache folder: ``$PLAYBOOK_CACHE``, else
    ``$XDG_CACHE_HOME/playbook-tools``, by default ``~/.cache/playbook-tools``; None when the
    cache is off. What is kept there can be made again; nothing of a candidate's is ever kept
    there. A relative folder is ignored, as the XDG specification asks: it would put the cache
    wherever the command happens to run."""
    setting = os.environ.get(CACHE_VARIABLE)
    if setting is not None:
        if setting.strip().lower() in _OFF:
            return None
        base = Path(setting).expanduser()
        return base / name if base.is_absolute() else None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "playbook-tools" / name


def cache_trouble(folder: Path, error: OSError) -> None:
    """Say once per run that the cache could not be used; the work goes on without it."""
    if str(folder) in _warned:
        return
    _warned.add(str(folder))
    reason = error.strerror or type(error).__name__
    sys.stderr.write(f"playbook: warning: {folder}: cache not used ({reason}); "
                     f"set {CACHE_VARIABLE}=off to silence this\n")


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


def _stage(path: Path, data: bytes | str, *, sync: bool) -> tuple[Path, str]:
    """Write ``data`` to a temporary file beside ``path``; returns (target, temporary)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path, mode = _target(Path(path))
    for parent in (path.parent, *path.parent.parents):
        if parent.exists() and not parent.is_dir():
            raise PlaybookError(f"{path}: {parent} is a file, not a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp"
        )
    except OSError as exc:
        raise PlaybookError(f"{path}: cannot write here: {exc.strerror}") from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            if sync:
                stream.flush()
                os.fsync(stream.fileno())  # the bytes are on disk before the name points at them
        os.chmod(temporary, mode)  # mkstemp makes 0600 files whatever the umask
    except BaseException as exc:
        _discard([temporary])
        if isinstance(exc, OSError):
            raise PlaybookError(f"{path}: cannot write: {exc.strerror}") from exc
        raise
    return path, temporary


def _discard(temporaries: Sequence[str]) -> None:
    for temporary in temporaries:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write to a temporary file beside ``path``, fsync it, then rename it into place."""
    target, temporary = _stage(path, data, sync=True)
    try:
        os.replace(temporary, target)
    except OSError as exc:
        _discard([temporary])
        raise PlaybookError(f"{target}: cannot write: {exc.strerror}") from exc
    _sync_folder(target.parent)


def write_atomic_many(files: Sequence[tuple[Path, bytes | str]],
                      done: Callable[[int], None] | None = None) -> None:
    """``write_atomic`` for many files at once, as a mail merge writes them.

    Every file is written under a temporary name first, then the file system is synced once
    (not once a file: ten thousand fsyncs took most of a merge's time), then each is renamed
    into place. A failure before the renames leaves nothing behind.
    """
    staged: list[tuple[Path, str]] = []
    try:
        for path, data in files:
            staged.append(_stage(path, data, sync=False))
        os.sync()  # every byte is on disk before any name points at it
    except BaseException:
        _discard([temporary for _, temporary in staged])
        raise
    for number, (target, temporary) in enumerate(staged, 1):
        try:
            os.replace(temporary, target)
        except OSError as exc:
            _discard([t for _, t in staged[number - 1:]])
            raise PlaybookError(f"{target}: cannot write: {exc.strerror}") from exc
        if done is not None:
            done(number)
    for folder in {target.parent for target, _ in staged}:
        _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable; not every system lets a folder be opened."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


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


def safe_path(folder: Path, relative: str) -> Path:
    """``folder/relative``, each part checked by ``safe_child``."""
    path = folder
    for part in relative.split("/"):
        path = safe_child(path, part, relative)
    return path


# --------------------------------------------------------------------------------------------
# Folders of personal data: a kit, a decision record

# Written into every folder of personal data wherever the user puts it: git then ignores the
# folder even outside kits/, and even this file itself.
GITIGNORE = ".gitignore"
IGNORE_EVERYTHING = "# Personal data from `playbook`: git ignores everything in this folder.\n*\n"


def ignores_everything(folder: Path) -> bool:
    """Whether ``folder`` holds the ``.gitignore`` that the playbook writes."""
    try:
        text = (folder / GITIGNORE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    rules = [line.strip() for line in text.splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    return rules == ["*"]


def refuse_docs_folder(out: Path, docs: Path, option: str, example: str) -> None:
    """The site is built from the docs folder: personal data written there would be published."""
    target, source = out.resolve(), docs.resolve()
    if target.is_relative_to(source):
        raise PlaybookError(f"{option}: is inside the handbook's docs folder, which is "
                            f"published; write it elsewhere, e.g. {example}")
    if source.is_relative_to(target):
        raise PlaybookError(f"{option}: holds the handbook's docs folder; give a folder of its "
                            f"own, e.g. {example}")


def output_folder_in_use(out: Path, docs: Path, option: str, example: str, what: str) -> bool:
    """The one check of a folder a command writes (a kit, a record): never inside the docs
    folder, never a file. Whether it already holds something, which the caller may replace
    only when it is an earlier output of its own."""
    refuse_docs_folder(out, docs, option, example)
    if out.exists() and not out.is_dir():
        raise PlaybookError(f"{option}: is a file; give a folder for the {what}")
    return out.is_dir() and any(out.iterdir())


def _write_staged(staging: Path, files: Mapping[str, bytes | str]) -> None:
    for relative, data in files.items():
        # safe_path refuses hidden names, as it should for names made from user data.
        target = staging / GITIGNORE if relative == GITIGNORE else safe_path(staging, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as stream:
            stream.write(data.encode("utf-8") if isinstance(data, str) else data)
            stream.flush()
            os.fsync(stream.fileno())


def install_folder(out: Path, files: Mapping[str, bytes | str],
                   may_replace: Callable[[Path], bool], *, force: bool = True) -> None:
    """Write ``files`` (relative paths) as the folder ``out``, all at once or not at all.

    Everything is written into a hidden sibling folder, then swapped into place in one step
    (``swap_folders``): an error halfway (a full disk, a killed run) leaves the previous folder
    as it was. An existing, non-empty ``out`` is replaced only with ``force`` and if
    ``may_replace(out)`` says so (it may also raise its own one-line error), checked under the
    folder's lock right before the swap, and once more on the previous folder right after it:
    anything saved into it in between puts it back.
    """
    with folder_lock(out):
        clear_leftovers(out)
        try:
            staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.{os.getpid()}.",
                                            suffix=".tmp", dir=out.parent))
        except OSError as exc:
            raise PlaybookError(f"{out}: cannot write here: {exc.strerror}") from exc
        try:
            _write_staged(staging, files)
            if out.is_dir() and any(out.iterdir()):
                if not force:
                    raise PlaybookError(f"{out}: another command wrote this folder meanwhile; "
                                        "it is left as it is")
                if not may_replace(out):
                    raise PlaybookError(f"{out}: holds files this command did not write; "
                                        "it is left as it is")
                swap_folders(staging, out, may_replace)  # staging now holds the previous one
            else:
                os.replace(staging, out)  # onto nothing, or an empty folder: atomic
            _sync_folder(out.parent)
        except OSError as exc:
            raise PlaybookError(f"{out}: cannot write: {exc.strerror}") from exc
        finally:
            shutil.rmtree(staging, ignore_errors=True)



def readable_name(text: str, fallback: str) -> str:
    """A file or folder name made from a person's name, the one rule for kit folders and
    merged e-mails: lower case, accents folded (Tomás -> tomas), a letter with no plain form
    kept rather than dropped (Åsa Øberg -> asa-øberg), anything else a hyphen. Invisible
    characters are dropped first, so two names that look the same get the same file name,
    which the caller then refuses or numbers. ``fallback`` when nothing is left."""
    visible = "".join(ch for ch in unicodedata.normalize("NFC", text)
                      if unicodedata.category(ch) not in ("Cf", "Cc", "Mn", "Zl", "Zp"))
    letters = []
    for char in visible.lower():
        folded = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
        letters.append(folded or (char if char.isalnum() else "-"))
    slug = "-".join(part for part in "".join(
        ch if ch.isalnum() else "-" for ch in "".join(letters)).split("-") if part)
    return slug or fallback
