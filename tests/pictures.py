"""The handbook's pictures of the kit, made from the example candidate: `make pictures`.

- docs/_static/kit-page.png: the kit's index.html, as Debian's Chromium shows it;
- docs/_static/filled-scorecard.png: Jonas Lindqvist's scorecard PDF, filled in with the
  answers of docs/examples/filled-scorecard.yaml and drawn by pdftoppm.

The kit is built in a temporary folder and deleted afterwards: the pictures show fictional
people only (docs/examples/candidate.yaml), never a real kit.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

from playbook_tools.cli import main
from playbook_tools.render.printable import FIELDS
from playbook_tools.yamlsource import load_yaml_file
from tests.helpers import chromium, fill_with_pymupdf, fill_with_pypdf

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
OUT = DOCS / "_static"


def build_kit(folder: Path) -> Path:
    """The example kit, built as `playbook kit ... -o kits/amara` from ``folder``."""
    here = Path.cwd()
    os.chdir(folder)
    try:
        err = io.StringIO()
        code = main(["--docs", str(DOCS), "kit", str(DOCS / "examples" / "candidate.yaml"),
                     "-o", "kits/amara"], io.StringIO(), err)
    finally:
        os.chdir(here)
    if code:
        sys.exit(err.getvalue())
    return folder / "kits" / "amara"


def save(image: Image.Image, name: str) -> None:
    """A small PNG: a palette of 256 colours is plenty for text on white."""
    target = OUT / name
    image.convert("RGB").quantize(colors=256).save(target, optimize=True)
    print(f"wrote {target.relative_to(REPO)} ({target.stat().st_size // 1024} KiB)")


def kit_page(kit: Path) -> None:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 900, "height": 1250}, device_scale_factor=1)
        page.goto((kit / "index.html").as_uri())
        page.locator("#email-invitation pre").evaluate("pre => pre.style.maxHeight = '11rem'")
        shot = page.screenshot()
    save(Image.open(io.BytesIO(shot)), "kit-page.png")


def filled_scorecard(kit: Path, folder: Path) -> None:
    answers = load_yaml_file(DOCS / "examples" / "filled-scorecard.yaml")
    card = kit / "interviewers" / "jonas-lindqvist" / "scorecard.pdf"
    filled = folder / "filled.pdf"
    areas = answers["areas"]
    # MuPDF wraps long evidence in its box, as PDF readers do (pypdf draws one line); the
    # ticks and ratings keep the form's own marks, which pypdf switches on.
    fill_with_pymupdf(card, filled, {}, {
        FIELDS.date: "2027-03-09",
        **{FIELDS.evidence(area): " ".join(entry["evidence"].split())
           for area, entry in areas.items()}})
    fill_with_pypdf(filled, filled,
                    {FIELDS.rating(area): entry["rating"] for area, entry in areas.items()},
                    {}, tuple(FIELDS.flag(flag) for flag in answers["flags"]))
    subprocess.run(["pdftoppm", "-r", "80", "-f", "1", "-l", "1", "-png", "-singlefile",
                    str(filled), str(folder / "filled")], check=True)
    save(Image.open(folder / "filled.png"), "filled-scorecard.png")


def run() -> None:
    with tempfile.TemporaryDirectory(prefix="playbook-pictures-") as temporary:
        folder = Path(temporary)
        kit = build_kit(folder)
        kit_page(kit)
        filled_scorecard(kit, folder)


if __name__ == "__main__":
    run()
