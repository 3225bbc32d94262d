"""What every PDF render shares: WeasyPrint's quick import, and the worker pool."""

from __future__ import annotations

import ctypes.util
import importlib.util
import re
from pathlib import Path

import pytest

from playbook_tools.render.pdf.engine import linker_cache, soname_finder

# Found without importing WeasyPrint: collecting this file must not load its libraries the slow
# way, outside the engine's quick lookup.
_SPEC = importlib.util.find_spec("weasyprint")
assert _SPEC is not None and _SPEC.origin is not None
WEASYPRINT_FFI = Path(_SPEC.origin).parent / "text" / "ffi.py"


def weasyprints_library_names() -> list[str]:
    """Every name WeasyPrint's loader tries, read from its source."""
    source = WEASYPRINT_FFI.read_text()
    calls = re.findall(r"_dlopen\(\s*ffi,(.*?)\)", source, flags=re.S)
    return [name for call in calls for name in re.findall(r"'([^']+)'", call)]


def test_the_quick_lookup_answers_as_ctypes_does() -> None:
    sonames = linker_cache()
    if sonames is None:
        pytest.skip("no readable linker cache on this machine")
    names = weasyprints_library_names()
    assert len(names) > 20 and "pango-1.0" in names
    quick = soname_finder(sonames)
    for name in names:
        assert quick(name) == ctypes.util.find_library(name), name
    # And the libraries WeasyPrint needs are found at all.
    assert quick("pango-1.0") and quick("gobject-2.0") and quick("fontconfig")


def test_find_library_is_ctypes_own_again_after_the_import() -> None:
    from playbook_tools.render.pdf.engine import engine

    engine()
    assert ctypes.util.find_library.__module__ == "ctypes.util"
