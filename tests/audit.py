"""`make audit`: Lighthouse on the start page, a checklist page and an email template page.

Prints a table of the four category scores per page and writes _build/audit.json. The target is
100 in each; this is a report, not a test, because Lighthouse takes about 13 s a page.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
PAGES = {"start page": "index.html", "checklist page": "interviewing/preparing.html",
         "email template page": "coordinating/scheduling.html"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a documentation host does: text compressed with gzip.

    Lighthouse's simulated mobile network counts bytes, so an uncompressed server would
    measure the test server rather than the handbook.
    """

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        compressible = path.suffix in (".html", ".css", ".js", ".svg", ".json")
        if not (compressible and path.is_file()
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)


def audit(site: Path) -> dict[str, dict[str, int]]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    scores: dict[str, dict[str, int]] = {}
    try:
        for label, path in PAGES.items():
            result = subprocess.run(
                [str(LIGHTHOUSE), f"{base}/{path}", "--output=json", "--quiet",
                 f"--chrome-flags={CHROME_FLAGS}",
                 "--only-categories=" + ",".join(CATEGORIES)],
                capture_output=True, text=True, check=True,
                env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
            )
            report = json.loads(result.stdout)
            scores[label] = {c: round(100 * (report["categories"][c]["score"] or 0))
                             for c in CATEGORIES}
            below = [f"{a['id']}: {a['title']}" for a in report["audits"].values()
                     if a.get("score") is not None and a["score"] < 1
                     and a.get("scoreDisplayMode") in ("binary", "numeric")]
            scores[label]["failing audits"] = below  # type: ignore[assignment]
    finally:
        server.shutdown()
    return scores


def main() -> int:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else REPO / "_build" / "html")
    scores = audit(site)
    header = f"{'page':<22}" + "".join(f"{c:>16}" for c in CATEGORIES)
    print(header)
    print("-" * len(header))
    for label, row in scores.items():
        print(f"{label:<22}" + "".join(f"{row[c]:>16}" for c in CATEGORIES))
    for label, row in scores.items():
        if row["failing audits"]:
            # A category rounds to 100 with an audit at 0.99; these say where the margin is.
            print(f"  {label}, audits short of full marks: "
                  + "; ".join(row["failing audits"]))  # type: ignore[arg-type]
    (REPO / "_build").mkdir(exist_ok=True)
    (REPO / "_build" / "audit.json").write_text(json.dumps(scores, indent=2))
    print("target: 100 in every column; written to _build/audit.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
