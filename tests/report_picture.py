"""The handbook's picture of a hiring-health report: `make report-picture`.

Generated example records (tests/report_example.py: 200 fictional candidates, 40 interviewers,
about 800 scorecards) go into a temporary records folder, `playbook report` makes the page, and
Debian's Chromium draws its first screen into docs/_static/hiring-health-report.png. Nothing of
a real team's records is ever read.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

from PIL import Image

from playbook_tools.cli import main
from tests.helpers import chromium
from tests.report_example import make_records

REPO = Path(__file__).resolve().parent.parent
TARGET = REPO / "docs" / "_static" / "hiring-health-report.png"


def make_picture() -> None:
    with tempfile.TemporaryDirectory() as folder:
        records = Path(folder) / "records"
        make_records(records, candidates=200)
        os.environ["PLAYBOOK_RECORDS_DIR"] = str(records)
        err = io.StringIO()
        code = main(["--docs", str(REPO / "docs"), "report", "--no-pdf", "-o",
                     str(Path(folder) / "report")], io.StringIO(), err)
        if code:
            sys.exit(err.getvalue())
        with chromium() as browser:
            page = browser.new_page(viewport={"width": 860, "height": 900},
                                    device_scale_factor=1)
            page.goto((Path(folder) / "report" / "index.html").as_uri())
            shot = page.screenshot()
    image = Image.open(io.BytesIO(shot)).convert("RGB").quantize(colors=256)
    image.save(TARGET, optimize=True)
    print(f"wrote {TARGET.relative_to(REPO)} ({TARGET.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    make_picture()
