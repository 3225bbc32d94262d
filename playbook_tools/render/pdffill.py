"""Names filled into a kit's blank scorecard form (``pdf.KIT_FORM``).

A kit keeps the blank form for each set of areas an interviewer covers (``kit.printouts``) and
fills the candidate's and the interviewer's names into a copy for each kit. A pool's worker
does that while the kit is written. This module imports only pypdf, so a fork server that
readies it is ready in a fraction of the time one that imports the renderers takes.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from playbook_tools.errors import PlaybookError

# The document information entries that say whose form it is (PDF 32000-1, 14.3.3 allows any);
# ``pdf`` writes the others, ``decide.pdfform`` reads them all back.
META_CANDIDATE = "/PlaybookCandidate"
META_INTERVIEWER = "/PlaybookInterviewer"
# The name fields' values, and the document information entries: ``pdf.names_of``.
Names = tuple[Mapping[str, str], Mapping[str, str]]


def fill_in_names(blank: bytes, fields: Mapping[str, str], info: Mapping[str, str]) -> bytes:
    """A copy of a blank kit form with ``fields`` filled in and ``info`` added to its document
    information.

    The names go in as an incremental update (PDF 32000-1, 7.5.6), as a PDF reader saves a
    filled-in form: the blank form's bytes stay as they are, and new versions of the fields and
    of the document information are appended. They go in the fields' values only: the form
    asks the PDF reader to draw its fields (NeedAppearances), in the font the form embeds
    whole, so any name shows as typed.
    """
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(io.BytesIO(blank), incremental=True)
    filled = set()
    form: Any = writer.root_object["/AcroForm"]
    for reference in form["/Fields"]:
        field = reference.get_object()
        name = field.get("/T")
        if name in fields:
            field[NameObject("/V")] = TextStringObject(fields[name])
            filled.add(name)
    if filled != fields.keys():
        raise PlaybookError("a kept blank scorecard form has no name fields; empty the PDF "
                            "cache (PLAYBOOK_PDF_CACHE) and build the kit again")
    writer.add_metadata(dict(info))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def filled_copies(blank: bytes, copies: Sequence[Names]) -> list[bytes]:
    """A filled-in copy of a blank kit form for each of ``copies``: a worker's job when the
    blank form was kept, which needs neither the playbook nor WeasyPrint."""
    return [fill_in_names(blank, fields, info) for fields, info in copies]
