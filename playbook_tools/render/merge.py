"""Mail merge: one .eml per CSV row, all rows validated before any file is written."""

from __future__ import annotations

import csv
from email.headerregistry import Address
from pathlib import Path
from typing import TextIO

from playbook_tools.config import PlaybookConfig
from playbook_tools.errors import PlaybookError
from playbook_tools.files import readable_name, safe_child, write_atomic_many
from playbook_tools.folders import folder_lock, remove_scraps
from playbook_tools.model.artifacts import EmailTemplate
from playbook_tools.render import email as email_render
from playbook_tools.validation import has_control_characters


def file_name_for(value: str, row: int) -> str:
    """A readable file name from a name column, by the kit's rule for people's names
    (``files.readable_name``): 'José García' -> 'jose-garcia.eml'."""
    return readable_name(value, f"row-{row}") + ".eml"


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    if path.exists() and not path.is_dir() and not path.is_file():
        # A pipe would wait for a writer, a device might never end.
        raise PlaybookError(f"--csv {path}: is not a regular file; give the CSV file")
    try:
        # utf-8-sig reads files with and without the BOM that spreadsheet programs add.
        with path.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream, strict=True)
            header = list(reader.fieldnames or [])
            for number, column in enumerate(header):
                if column in header[:number]:
                    # DictReader would keep the last of the two values without a word.
                    raise PlaybookError(f"{path}: column '{column}' appears twice in the "
                                        "header; give each column once")
            rows = []
            for number, row in enumerate(reader, 1):
                if None in row:
                    raise PlaybookError(f"{path}: row {number}: more fields than columns")
                rows.append((number, {k: v or "" for k, v in row.items()}))
    except FileNotFoundError:
        raise PlaybookError(f"--csv {path}: no such file") from None
    except IsADirectoryError:
        raise PlaybookError(f"--csv {path}: is a folder; give the CSV file") from None
    except OSError as exc:
        raise PlaybookError(f"--csv {path}: cannot be read: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise PlaybookError(f"{path}: not UTF-8 text ({exc.reason}); save it as CSV UTF-8") from exc
    except csv.Error as exc:
        raise PlaybookError(f"{path}: not valid CSV: {exc}") from exc
    return header, rows


def merge_csv(
    template: EmailTemplate, config: PlaybookConfig, path: Path, folder: Path, *,
    sender: Address, name_column: str, to_column: str, force: bool,
    progress: TextIO | None = None,
) -> int:
    """One .eml per row into ``folder``, with the folder's lock held (a second merge into it
    waits, then stops), after the scraps of a killed merge are removed. A merge that was
    interrupted is finished by running it again: a message already written the same way is
    kept, and only a different one needs ``--force``."""
    if folder.exists() and not folder.is_dir():
        raise PlaybookError(f"-o {folder}: is a file; give a folder for the messages")
    with folder_lock(folder):
        if folder.is_dir():
            remove_scraps(folder)
        return _merge(template, config, path, folder, sender=sender, name_column=name_column,
                      to_column=to_column, force=force, progress=progress)


# Headers a run writes anew each time: a message that differs only in them is the same one.
_EACH_RUN = (b"date:", b"message-id:")


def _without_run_headers(data: bytes) -> bytes:
    head, _, body = data.partition(b"\n\n")
    lines = [line for line in head.split(b"\n") if not line.lower().startswith(_EACH_RUN)]
    return b"\n".join(lines) + b"\n\n" + body


def same_message(path: Path, message: bytes) -> bool:
    """Whether ``path`` holds ``message`` as an earlier run of the same merge wrote it."""
    try:
        return _without_run_headers(path.read_bytes()) == _without_run_headers(message)
    except OSError:
        return False


def _merge(
    template: EmailTemplate, config: PlaybookConfig, path: Path, folder: Path, *,
    sender: Address, name_column: str, to_column: str, force: bool,
    progress: TextIO | None = None,
) -> int:
    header, rows = read_rows(path)
    known = {*template.variable_names, name_column, to_column}
    for column in header:
        if column not in known:
            raise PlaybookError(
                f"{path}: column '{column}' is not a variable of template '{template.id}'; "
                f"columns: {', '.join(sorted(known))}"
            )
    for column in sorted({*template.variable_names, name_column, to_column} - set(header)):
        raise PlaybookError(f"{path}: column '{column}' is missing")
    if not rows:
        raise PlaybookError(f"{path}: no rows below the header")

    # Every row's cells are checked before any message is made, so that a bad row near the
    # end is reported at once; then every message is made; nothing touches the disk yet.
    written = 0
    messages: list[tuple[Path, bytes]] = []
    seen: dict[Path, int] = {}
    checked = []
    for number, row in rows:
        where = f"{path}: row {number}"
        for column in header:
            if not row[column].strip():
                raise PlaybookError(f"{where}, column '{column}': is empty")
            if has_control_characters(row[column], one_line=False):
                raise PlaybookError(f"{where}, column '{column}': holds a control character; "
                                    "only text, line breaks and tabs")
        name_field = f"{where}, column '{name_column}'"
        safe_child(folder, row[name_column].strip(), name_field)  # refuses ../, / and dot-names
        target = safe_child(folder, file_name_for(row[name_column], number), name_field)
        if target in seen:
            raise PlaybookError(f"{name_field}: same file name as row {seen[target]}")
        seen[target] = number
        to = email_render.parse_address(row[to_column], f"{where}, column '{to_column}'")
        checked.append((where, row, target, to))
    for where, row, target, to in checked:
        values = {name: row[name] for name in template.variable_names}
        filled = email_render.fill(template, values, config, source=where)
        message = email_render.build_message(filled, to, sender).as_bytes()
        if target.exists() and not force:
            if same_message(target, message):
                written += 1  # an interrupted merge, run again: this one is already there
                continue
            raise PlaybookError(f"{target}: exists; use --force to overwrite")
        messages.append((target, message))

    def done(number: int) -> None:
        if progress is not None:
            _show_progress(progress, number, len(messages))

    write_atomic_many(messages, done)
    return written + len(messages)


def _show_progress(stream: TextIO, done: int, total: int) -> None:
    if done != total and done % max(1, total // 100):
        return
    width = 30
    filled = width * done // total
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        stream.write("\n")
    stream.flush()
