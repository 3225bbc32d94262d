"""PDF printouts, made by WeasyPrint from the printable HTML.

Every checklist, scorecard and e-mail of the handbook prints from here, for the site's
downloads, ``playbook render`` and a kit. A scorecard is also a PDF form: ``scorecard_form``
holds everything about that form, and finishes it while WeasyPrint writes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from playbook_tools.files import write_atomic
from playbook_tools.model.artifacts import Artifact, Playbook, Scorecard
from playbook_tools.render.pdf.engine import engine, rendering_warnings
from playbook_tools.render.pdf.scorecard_form import KIT_FORM, FormFinisher, filled_copies, names_of
from playbook_tools.render.printable import FormFor, render_printable_html

# WeasyPrint's PDF variant for every printout (its write_pdf option ``pdf_variant``).
TAGGED = "pdf/ua-1"


def render_pdf(artifact: Artifact, playbook: Playbook, paper: str,
               form_for: FormFor | None = None, page_url: str | None = None) -> bytes:
    """The printable as a PDF; ``page_url`` is where its link back to the handbook points
    (default: ``playbook_base_url`` and the page's path)."""
    weasyprint, fonts, paged = engine()
    html = render_printable_html(artifact, playbook, paper, form_for, page_url)
    # No base URL: the printable holds its styles and needs no file, and a link to the page
    # stays as written instead of pointing into the machine that built it.
    document = weasyprint.HTML(string=html, base_url=None)
    # Tagged (PDF/UA-1): the structure tree gives screen readers the reading order, and the
    # document its language (the layout's lang) and title. A form keeps working with it.
    options = {"stylesheets": [paged], "font_config": fonts, "pdf_variant": TAGGED}
    if not isinstance(artifact, Scorecard):
        pdf: bytes = document.write_pdf(**options)
        return pdf
    form = FormFinisher(artifact, form_for)
    pdf = document.write_pdf(pdf_forms=True, finisher=form, **options)
    return pdf


def kit_forms(card: Scorecard, playbook: Playbook, paper: str,
              people: Sequence[FormFor]) -> tuple[bytes, list[bytes]]:
    """The blank kit form of ``card``, and a copy for each of ``people`` with their names
    filled in: one job for a pool's worker, which renders and fills in turn."""
    blank = render_pdf(card, playbook, paper, KIT_FORM)
    return blank, filled_copies(blank, [names_of(form_for) for form_for in people])


def render_pdf_file(playbook: Playbook, artifact_id: str, paper: str, target: str,
                    page_url: str | None) -> list[str]:
    """Render one PDF to a file, atomically, and give what WeasyPrint warned of (a fork's print
    CSS it cannot apply, say) for the build to report. Worker processes of the site build run
    this; it lives here, not in the Sphinx package, so that a worker never imports Sphinx."""
    artifact = playbook.get(artifact_id)
    with rendering_warnings() as found:
        pdf = render_pdf(artifact, playbook, paper, page_url=page_url)
    write_atomic(Path(target), pdf)
    return list(found)


