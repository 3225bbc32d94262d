"""``playbook report``'s folder: ``index.html``, ``report.pdf`` and ``report.csv``, written
together (``files.install_folder``) so that a reader never finds a new page beside an old PDF.
"""

from __future__ import annotations

import base64
import csv
import dataclasses
import datetime as dt
import io
import re
from collections.abc import Sequence
from pathlib import Path

from playbook_tools.errors import PlaybookError
from playbook_tools.files import GITIGNORE, IGNORE_EVERYTHING, install_folder
from playbook_tools.records.data import Filters, load
from playbook_tools.records.figures import Figure, Stat, team_figures
from playbook_tools.records.folder import RecordsFolder
from playbook_tools.records.page import ReportPage, render, table_rows
from playbook_tools.records.personal import personal_figures
from playbook_tools.records.privacy import MINIMUM
from playbook_tools.records.words import Words

FILES = ("index.html", "report.pdf", "report.csv")
CSV_HEADER = ("figure", "part", "what", "value", "n", "count", "share")


@dataclasses.dataclass(frozen=True)
class ReportRequest:
    filters: Filters
    words: Words
    areas: dict[str, str]  # area id to title, in the report's language
    formats: dict[str, str]  # scorecard id to title
    notes_minutes: int
    me: str | None = None  # the interviewer's name, for their own view
    pdf: bool = True


def scope_lines(request: ReportRequest) -> list[str]:
    w, f = request.words, request.filters
    if f.start or f.end:
        lines = [w("Interview days from {start} to {end}",
                   start=w.date(f.start) if f.start else "…",
                   end=w.date(f.end) if f.end else "…")]
    else:
        lines = [w("Every interview day recorded")]
    if f.role:
        lines.append(w("Role: {role}", role=f.role))
    if f.format:
        lines.append(w("Format: {format}", format=request.formats.get(f.format, f.format)))
    return lines


def build(folder: RecordsFolder, request: ReportRequest,
          today: dt.date | None = None) -> tuple[ReportPage, list[Figure]]:
    visits = load(folder.database, request.filters)
    figures = team_figures(visits, request.notes_minutes, request.areas)
    f = request.filters
    if f.role or f.format:
        # This role (or format) subtracted from every role would give the rest: a group the
        # rest hides stays hidden here too.
        chosen = {v.id for v in visits}
        rest = [v for v in load(folder.database, Filters(f.start, f.end)) if v.id not in chosen]
        if 0 < len({v.candidate for v in rest}) < MINIMUM:
            raise PlaybookError(
                "--role/--format: the interview days outside it are about fewer than "
                f"{MINIMUM} candidates, whom the whole less this report would show; "
                "make the report without it")
        if rest:
            others = team_figures(rest, request.notes_minutes, request.areas)
            figures = [withhold(mine, theirs) for mine, theirs in zip(figures, others,
                                                                      strict=True)]
    personal = None
    if request.me:
        who = folder.pseudonym(request.me)
        if not any(who in v.scorecards for v in visits):
            raise PlaybookError(f"--me {request.me}: no scorecard of theirs is in the records "
                                "for this report")
        personal = personal_figures(visits, who, request.notes_minutes)
    page = ReportPage(figures, request.words, request.areas, scope_lines(request),
                      today or dt.date.today(), personal)
    return page, figures


def withhold(mine: Figure, theirs: Figure) -> Figure:
    """``mine`` with each group and statistic hidden whose counterpart in ``theirs`` (the rest
    of the records) is hidden: otherwise the whole less ``mine`` would show it."""
    def hidden_stat(stat: Stat) -> bool:
        return bool(stat.people.candidates) and not stat.visible

    groups = {row.label for row in theirs.rows
              if row.group is not None and row.group.total and not row.group.visible}
    stats = {(row.label, st.key) for row in theirs.rows for st in row.stats if hidden_stat(st)}
    stats |= {("", st.key) for st in theirs.stats if hidden_stat(st)}

    def keep(label: str, stat: Stat) -> Stat:
        return dataclasses.replace(stat, withheld=True) if (label, stat.key) in stats else stat

    rows = tuple(dataclasses.replace(
        row, group=dataclasses.replace(row.group, withheld=True)
        if row.group is not None and row.label in groups else row.group,
        stats=tuple(keep(row.label, st) for st in row.stats)) for row in mine.rows)
    reasons = mine.reasons if all(r.group is None or r.group.visible for r in rows
                                  if r.label == "") else ()
    return dataclasses.replace(mine, rows=rows, reasons=reasons,
                               stats=tuple(keep("", st) for st in mine.stats))


def csv_text(page: ReportPage) -> str:
    """Every row of every table; numbers as a spreadsheet reads them in any language."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    figures = ([page.personal] if page.personal else []) + list(page.figures)
    for figure in figures:
        raw = list(_raw(figure))
        for (part, what, value, n), (count, share) in zip(table_rows(page, figure), raw,
                                                           strict=True):
            writer.writerow((figure.id, part, what, value, n, count, share))
    return buffer.getvalue()


def _raw(figure: Figure) -> Sequence[tuple[str, str]]:
    """The machine-readable count and share (or statistic) of each row, or blanks if hidden."""
    found: list[tuple[str, str]] = []
    for row in figure.rows:
        if row.group is not None:
            for cell in row.group.cells:
                found.append((str(cell.count), f"{row.group.share(cell):.4f}")
                             if row.group.visible else ("", ""))
        found += [("", f"{s.value:.4f}" if s.visible and s.value is not None else "")
                  for s in row.stats]
    found += [("", f"{s.value:.4f}" if s.visible and s.value is not None else "")
              for s in figure.stats]
    return found


def for_print(html: str) -> str:
    """The page with each chart as an image of itself, its description as the alternative
    text: WeasyPrint draws an SVG image in half the time it styles an inline one."""
    def image(match: re.Match[str]) -> str:
        svg = match.group(0)
        found = re.search(r"<desc[^>]*>(.*?)</desc>", svg, re.S)
        alt = found.group(1) if found else ""
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        return f'<img class="chart" alt="{alt}" src="data:image/svg+xml;base64,{data}">'

    return re.sub(r"<svg\b.*?</svg>", image, html, flags=re.S).replace("svg.chart{",
                                                                        "img.chart{")


def pdf_bytes(html: str) -> bytes:
    """The page printed by the project's WeasyPrint engine (imported only now)."""
    from playbook_tools.render.pdf.engine import engine

    weasyprint, fonts, _ = engine()
    document = weasyprint.HTML(string=for_print(html), base_url=None)
    pdf: bytes = document.write_pdf(font_config=fonts)
    return pdf


def write_report(out: Path, page: ReportPage, notes_minutes: int, *, pdf: bool = True) -> None:
    html = render(page, notes_minutes)
    files: dict[str, bytes | str] = {"index.html": html, "report.csv": csv_text(page)}
    if pdf:
        # The PDF has the same charts; the tables beside them carry the numbers.
        files["report.pdf"] = pdf_bytes(html)
    if page.personal is not None:  # one person's figures: never committed by accident
        files[GITIGNORE] = IGNORE_EVERYTHING
    if out.exists() and not out.is_dir():
        raise PlaybookError(f"-o {out}: is a file; give a folder for the report")
    install_folder(out, files, _only_a_report)


def _only_a_report(folder: Path) -> bool:
    return all(p.name in (*FILES, GITIGNORE) for p in folder.iterdir())
