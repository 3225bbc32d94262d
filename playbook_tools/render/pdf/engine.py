"""WeasyPrint made ready once per process: imported, its fonts configured, the paged-media
stylesheet parsed. Every PDF a process renders shares these.

A machine without the system libraries WeasyPrint needs gets one line naming the packages to
install (``system.missing_for``), never a traceback or a warning turned into an error.
WeasyPrint's own warnings (a print stylesheet it cannot apply, a font it cannot load) are
collected per PDF by ``rendering_warnings`` and reported by the caller, never silenced.

Importing WeasyPrint is the largest fixed cost of a PDF. Its library loader tries up to six
names per C library, and every name the dynamic linker does not know costs a
``ctypes.util.find_library`` call, which runs ``ldconfig``, the C compiler and the linker in
turn (about 0.35 s of a 0.8 s import on the development machine, see the profile on the
contributing page). While WeasyPrint is imported, ``find_library`` answers from one reading of
the linker's cache instead, which gives the same answer for libraries the system installed.
Where that cache cannot be read, or ``LD_LIBRARY_PATH`` points elsewhere, nothing is changed.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import functools
import logging
import os
import re
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from typing import Any

from playbook_tools.errors import PlaybookError
from playbook_tools.render.printable import static_text
from playbook_tools.system import install_hint

# One line of `ldconfig -p`: "\tlibpango-1.0.so.0 (libc6,x86-64) => /usr/lib/.../libpango..."
_LDCONFIG_LINE = re.compile(r"^\s+(lib\S+)\s+\(([^)]*)\)", re.M)


def _abi() -> str:
    """The machine's ABI as `ldconfig -p` writes it (the table ctypes itself uses)."""
    machine = os.uname().machine + ("-64" if sys.maxsize > 2**32 else "-32")
    return {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit",
            "sparc64-64": "libc6,64bit", "s390x-64": "libc6,64bit",
            "ia64-64": "libc6,IA-64"}.get(machine, "libc6")


def linker_cache() -> list[str] | None:
    """The sonames of the machine's ABI that the dynamic linker's cache knows, in its order;
    None where it cannot be read (not Linux, no ldconfig)."""
    if not sys.platform.startswith("linux") or os.environ.get("LD_LIBRARY_PATH"):
        return None
    for ldconfig in ("/sbin/ldconfig", "/usr/sbin/ldconfig"):
        if os.path.exists(ldconfig):
            break
    else:
        return None
    try:
        listing = subprocess.run([ldconfig, "-p"], capture_output=True, text=True,
                                 timeout=10, check=True, env={"LC_ALL": "C"}).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    abi = _abi()
    sonames = [soname for soname, line_abi in _LDCONFIG_LINE.findall(listing)
               if line_abi.startswith(abi)]
    return sonames or None


def soname_finder(sonames: list[str]) -> Callable[[str], str | None]:
    """``find_library`` over a known list: the first ``lib<name>.…`` in the linker's order,
    as ctypes' own ldconfig step answers, or None."""
    def find(name: str) -> str | None:
        prefix = f"lib{name}."
        return next((so for so in sonames if so.startswith(prefix)), None)
    return find


@contextlib.contextmanager
def _quick_library_lookup() -> Iterator[None]:
    sonames = linker_cache()
    # Only where the linker's cache knows Pango: otherwise WeasyPrint's libraries come from
    # somewhere ctypes' slower steps look, and they must keep looking.
    if sonames is None or not any(so.startswith("libpango-1.0.so") for so in sonames):
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = soname_finder(sonames)  # type: ignore[assignment]
    try:
        yield
    finally:
        ctypes.util.find_library = original


@functools.cache
def engine() -> tuple[Any, Any, Any]:
    """WeasyPrint, its font configuration and the parsed paged-media stylesheet."""
    # Its progress messages are noise in a build log; its warnings are not (rendering_warnings).
    logging.getLogger("weasyprint.progress").setLevel(logging.ERROR)
    with _quick_library_lookup(), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            import weasyprint
        except OSError as exc:  # a C library it needs is missing
            raise PlaybookError(f"PDFs cannot be made on this machine ({exc}); "
                                f"{install_hint('pdf')}") from None
    for warning in caught:
        # The one warning WeasyPrint gives while it loads its libraries: HarfBuzz-Subset is
        # missing, which makes PDFs four times slower, not wrong.
        if "HarfBuzz" in str(warning.message):
            sys.stderr.write(f"playbook: warning: HarfBuzz-Subset is missing, so PDFs render "
                             f"slowly; {install_hint('pdf')}\n")
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    paged = weasyprint.CSS(string=static_text("playbook-paged.css"), font_config=fonts)
    return weasyprint, fonts, paged


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split()))


@contextlib.contextmanager
def rendering_warnings() -> Iterator[list[str]]:
    """The warnings WeasyPrint logs inside the block, one line each, for the caller to report
    (a fork's print CSS that WeasyPrint cannot apply shows up here). Only for the block: the
    process's logging is left as it was."""
    logger = logging.getLogger("weasyprint")
    collector = _Collector()
    propagate = logger.propagate
    logger.addHandler(collector)
    logger.propagate = False
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)
        logger.propagate = propagate
