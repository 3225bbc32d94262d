"""`make bench`: each language's book, built clean as `playbook book` builds it (issue 23:
at most 30 s a language), shown beside the site's clean build."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_SECONDS = 30.0


def book_seconds(root: Path, language: str, runs: int = 3) -> float:
    """The median of clean builds of one language's book (its doctrees removed first)."""
    times = []
    for _ in range(runs):
        work = root / "_build" / "book-bench" / language
        shutil.rmtree(work, ignore_errors=True)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "sphinx", "-q", "-b", "playbook-book", "-c", str(root),
             "-D", f"language={language}", "-d", str(work / "doctrees"), str(root / "docs"),
             str(work / "out")],
            check=True, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def book_figures(root: Path, languages: tuple[str, ...]) -> dict[str, float]:
    return {language: book_seconds(root, language) for language in languages}


def describe(figures: dict[str, float], site_seconds: float) -> str:
    books = ", ".join(f"{language} {seconds:.1f} s" for language, seconds in figures.items())
    return (f"{'i_book':<16}{max(figures.values()):>10.3f}{'':>10}{'':>8}"
            f"{f'≤{TARGET_SECONDS:g} s':>8}  each language's book, clean (PDF and EPUB): "
            f"{books}; the site's clean build with every printable: {site_seconds:.1f} s")
