"""The system packages the project needs, read from ``system-packages.txt``, the one list that
``scripts/system-packages.sh``, ``.ci/run`` and the error messages share.

A need is ``pdf`` (what ``playbook`` and the site build need to make PDFs) or ``test`` (what the
test suite needs besides). ``install_hint`` is the line a user reads when a library is missing.
"""

from __future__ import annotations

import dataclasses
import functools
import shutil
import sys
from importlib.resources import files


@dataclasses.dataclass(frozen=True)
class SystemPackage:
    need: str
    debian: str
    homebrew: str
    purpose: str


@functools.cache
def system_packages() -> tuple[SystemPackage, ...]:
    text = files("playbook_tools").joinpath("system-packages.txt").read_text(encoding="utf-8")
    packages = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            need, debian, homebrew, purpose = line.split(maxsplit=3)
            packages.append(SystemPackage(need, debian, homebrew, purpose))
    return tuple(packages)


def packages_for(need: str) -> list[SystemPackage]:
    """The packages ``need`` requires: ``test`` includes everything ``pdf`` does."""
    needs = {"pdf"} if need == "pdf" else {"pdf", "test"}
    return [p for p in system_packages() if p.need in needs]


def install_hint(need: str) -> str:
    """How to install what ``need`` requires on this machine, as one clause."""
    wanted = packages_for(need)
    if sys.platform == "darwin" or (shutil.which("brew") and not shutil.which("dpkg")):
        formulae = " ".join(dict.fromkeys(p.homebrew for p in wanted if p.homebrew != "-"))
        return f"install them with Homebrew: brew install {formulae}"
    names = " ".join(p.debian for p in wanted)
    return f"on Debian or Ubuntu run: sudo apt-get install {names}"
