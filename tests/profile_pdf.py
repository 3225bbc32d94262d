"""`make profile`: where the time of a PDF goes, stage by stage, on this machine.

Each stage is timed on its own (the median of five renders after a first one) for one
checklist and for the largest scorecard as a kit's fillable form: the layout in Jinja2, the
HTML parse, the style cascade and layout, and the drawing and writing of the PDF (the form
finished in WeasyPrint's own objects included). WeasyPrint's import is timed in new processes,
with and without the quick library lookup (``render.pdfengine``). The contributing page shows
the figures and what made each stage cheaper.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
IMPORT_PLAIN = "import time; t = time.perf_counter(); import weasyprint; print(time.perf_counter() - t)"
IMPORT_QUICK = ("import time; t = time.perf_counter(); "
                "from playbook_tools.render.pdf.engine import engine; engine(); "
                "print(time.perf_counter() - t)")


def median(action: Callable[[], object], runs: int = 5) -> float:
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def import_seconds(script: str) -> float:
    return statistics.median(
        float(subprocess.run([PYTHON, "-c", script], check=True, capture_output=True,
                             text=True).stdout) for _ in range(5))


def stages(artifact_id: str, form: bool) -> dict[str, float]:
    from playbook_tools.config import read_conf_py
    from playbook_tools.model.loader import load_playbook
    from playbook_tools.render.pdf import printout as pdf
    from playbook_tools.render.pdf.engine import engine
    from playbook_tools.render.printable import FormFor, render_printable_html

    weasyprint, fonts, paged = engine()
    playbook = load_playbook(REPO / "docs", read_conf_py(REPO / "conf.py"))
    artifact = playbook.get(artifact_id)
    form_for = FormFor("Amara Okafor", "Aisha Bello") if form else None
    html = render_printable_html(artifact, playbook, "a4", form_for)
    document = weasyprint.HTML(string=html, base_url=None)
    laid_out = document.render(stylesheets=[paged], font_config=fonts, pdf_forms=form)
    finisher = pdf._FormFinisher(artifact, form_for) if form else None
    return {
        "Jinja2 layout": median(lambda: render_printable_html(artifact, playbook, "a4", form_for)),
        "HTML parse": median(lambda: weasyprint.HTML(string=html, base_url=None)),
        "styles and layout": median(lambda: document.render(
            stylesheets=[paged], font_config=fonts, pdf_forms=form)),
        "drawing and writing the PDF": median(lambda: laid_out.write_pdf(finisher=finisher)),
        "whole render_pdf": median(lambda: pdf.render_pdf(artifact, playbook, "a4", form_for)),
    }


def main() -> int:
    print(f"WeasyPrint import, new process: {import_seconds(IMPORT_PLAIN):.2f} s plain, "
          f"{import_seconds(IMPORT_QUICK):.2f} s through playbook_tools.render.pdfengine "
          "(fonts and the paged stylesheet included)")
    for title, artifact_id, form in (("checklist pairing-session", "pairing-session", False),
                                     ("scorecard engineering-manager, as a kit's form",
                                      "engineering-manager", True)):
        print(f"\n{title}: seconds per A4 PDF, median of 5")
        for stage, seconds in stages(artifact_id, form).items():
            print(f"  {stage:<30}{seconds:>7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
