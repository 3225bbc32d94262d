"""The report as one HTML page that opens offline: its styles inline, its charts inline SVG,
nothing fetched from anywhere. The PDF is printed from the same page, and the CSV holds the
same cells (``table_rows``), so the three cannot disagree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from html import escape

from playbook_tools.records.charts import bars
from playbook_tools.records.figures import Figure, Stat
from playbook_tools.records.privacy import Cell, Group
from playbook_tools.records.words import MEANINGS, TOO_FEW, Words

STYLE = """
body{font-family:"DejaVu Sans",system-ui,sans-serif;color:#222;max-width:52rem;margin:0 auto;
padding:1rem 1.25rem;line-height:1.45;background:#fff}
h1{font-size:1.7rem;margin:.2rem 0}h2{font-size:1.25rem;margin:2rem 0 .3rem;
border-top:1px solid #999;padding-top:1rem}h3{font-size:1rem;margin:1rem 0 .3rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;min-width:60%}
caption{text-align:left;font-weight:bold;padding:.2rem 0}
th,td{border:1px solid #999;padding:.2rem .5rem;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.hidden{font-style:italic;color:#444}.n{color:#333;margin:.2rem 0}
svg.chart{width:100%;height:auto;max-width:40rem;display:block}
footer{margin-top:2rem;border-top:1px solid #999;padding-top:.5rem;font-size:.9rem}
@page{size:A4;margin:16mm 14mm}
@media print{section{break-inside:avoid}h2{break-after:avoid}}
"""


@dataclasses.dataclass(frozen=True)
class ReportPage:
    figures: Sequence[Figure]
    words: Words
    areas: Mapping[str, str]  # area id to its title in the report's language
    scope: Sequence[str]  # the lines that say what the report covers
    made_on: dt.date
    personal: Figure | None = None
    charts: bool = True


def label(page: ReportPage, key: str) -> str:
    w = page.words
    if key in ("hire", "reject", "more-info"):
        return w.outcome(key)
    if " to " in key and key.split(" to ")[0] in ("hire", "reject", "more-info"):
        proposal, outcome = key.split(" to ")
        return w("{proposal} proposed, {outcome} decided", proposal=w.outcome(proposal),
                 outcome=w.outcome(outcome))
    return page.areas.get(key) or w(key)


def table_rows(page: ReportPage, figure: Figure) -> Iterator[tuple[str, str, str, str]]:
    """(row, item, shown value, n) for every cell and statistic, hidden ones included."""
    w = page.words
    for row in figure.rows:
        where = label(page, row.label) if row.label else ""
        if row.group is not None:
            n = w.number(row.group.total) if row.group.total_visible else w(TOO_FEW)
            for cell in row.group.cells:
                yield where, label(page, cell.key), cell_text(page, row.group, cell), n
        for stat in row.stats:
            yield where, w(stat.key), stat_text(page, stat), stat_n(page, stat)
    for stat in figure.stats:
        yield "", w(stat.key), stat_text(page, stat), stat_n(page, stat)


def cell_text(page: ReportPage, group: Group, cell: Cell) -> str:
    if not group.visible:
        return page.words(TOO_FEW)
    return f"{page.words.number(cell.count)} ({page.words.percent(group.share(cell))})"


def stat_text(page: ReportPage, stat: Stat) -> str:
    if not stat.visible or stat.value is None:
        return page.words(TOO_FEW)
    return page.words.value(stat.value, stat.unit)


def stat_n(page: ReportPage, stat: Stat) -> str:
    count = len(stat.people.candidates)
    return page.words.number(count) if stat.visible else page.words(TOO_FEW)


def _table(page: ReportPage, figure: Figure, caption: str) -> str:
    w = page.words
    by_row = figure.by_area or any(r.label for r in figure.rows)
    head = ([w("Area") if figure.by_area else w("Part")] if by_row else []) + [
        w("What"), w("Value"), "n"]
    cells = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    body = []
    for where, item, value, n in table_rows(page, figure):
        # A row of the figure as a whole has no name of its own: a plain cell, not a header.
        first = (f'<th scope="row">{escape(where)}</th>' if where else "<td></td>") \
            if by_row else ""
        hidden = ' hidden' if value == w(TOO_FEW) else ""
        body.append(f"<tr>{first}<td>{escape(item)}</td><td class=\"num{hidden}\">"
                    f"{escape(value)}</td><td class=\"num\">{escape(n)}</td></tr>")
    return (f"<table><caption>{escape(caption)}</caption><thead><tr>{cells}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def _group_chart(page: ReportPage, ident: str, title: str, group: Group) -> str:
    w = page.words
    labels = [label(page, c.key) for c in group.cells]
    shares = [group.share(c) for c in group.cells]
    texts = [f"{w.number(c.count)} ({w.percent(s)})" for c, s in zip(group.cells, shares,
                                                                      strict=True)]
    description = "; ".join(f"{name}: {text}" for name, text in zip(labels, texts, strict=True))
    return bars(ident, title, description, labels, [(w("Share"), shares, texts)])


def _area_chart(page: ReportPage, figure: Figure, title: str) -> str:
    w = page.words
    shown: list[tuple[str, float, str]] = []
    for row in figure.rows:
        if row.group is not None and row.group.visible:
            share = row.group.share(row.group.cells[0])
            shown.append((label(page, row.label), share, w.percent(share)))
        for stat in row.stats:
            if stat.visible and stat.value is not None:
                shown.append((label(page, row.label), stat.value, w.number(stat.value, 2)))
    if not shown:
        return ""
    limits = (-1.0, 1.0) if figure.id == "agreement" else (0.0, 1.0)
    description = "; ".join(f"{name}: {text}" for name, _, text in shown)
    return bars(f"chart-{figure.id}", title, description, [s[0] for s in shown],
                [(w("Value"), [s[1] for s in shown], [s[2] for s in shown])], limits)


def _personal_chart(page: ReportPage, figure: Figure, title: str) -> str:
    w = page.words
    rows = [r for r in figure.rows if r.stats and r.stats[0].unit == "share"
            and all(s.visible for s in r.stats)]
    if not rows:
        return ""
    labels = [w(r.label) for r in rows]
    series = [(w(key), [r.stats[n].value or 0.0 for r in rows],
               [w.percent(r.stats[n].value or 0.0) for r in rows])
              for n, key in enumerate(("You", "The team"))]
    description = "; ".join(f"{name}: {series[0][0]} {series[0][2][i]}, {series[1][0]} "
                            f"{series[1][2][i]}" for i, name in enumerate(labels))
    return bars("chart-personal", title, description, labels, series)


def section(page: ReportPage, figure: Figure, notes_minutes: int) -> str:
    w = page.words
    title = w(figure.title)
    meaning = w(MEANINGS[figure.id], notes_minutes=str(notes_minutes)) \
        if "{notes_minutes}" in MEANINGS[figure.id] else w(MEANINGS[figure.id])
    parts = [f'<section aria-labelledby="{figure.id}"><h2 id="{figure.id}">{escape(title)}'
             f"</h2><p>{escape(meaning)}</p>"]
    if page.charts:
        parts += _charts(page, figure, title)
    parts.append(_table(page, figure, title))
    if figure.reasons:
        parts.append(f"<h3>{escape(w('Reasons the room gave'))}</h3><ul>"
                     + "".join(f"<li>{escape(r)}</li>" for r in figure.reasons) + "</ul>")
    parts.append("</section>")
    return "".join(parts)


def _charts(page: ReportPage, figure: Figure, title: str) -> list[str]:
    if figure.id == "personal":
        return [_personal_chart(page, figure, title)]
    if figure.by_area:
        return [_area_chart(page, figure, title)]
    found = []
    for number, row in enumerate(figure.rows):
        if row.group is not None and row.group.visible:
            name = f"{title}: {label(page, row.label)}" if row.label else title
            found.append(_group_chart(page, f"chart-{figure.id}-{number}", name, row.group))
    return found


def render(page: ReportPage, notes_minutes: int) -> str:
    w = page.words
    heading = w("Your figures beside the team's") if page.personal else w("Team report")
    scope = "".join(f"<p>{escape(line)}</p>" for line in page.scope)
    figures = ([page.personal] if page.personal else []) + list(page.figures)
    body = "".join(section(page, f, notes_minutes) for f in figures)
    privacy = w(
        "Every figure hides itself when it is about one to four people, and a group of figures "
        "hides whole, so that no hidden number can be worked out from the ones shown. Figures "
        "about interviewers need six, and no interviewer is named.")
    limits = w("No figure here predicts how well anyone will do the job. Small numbers mislead: "
               "read a change over a quarter, not a single interview day.")
    return (f'<!DOCTYPE html>\n<html lang="{escape(w.language)}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(w('Hiring health'))}</title><style>{STYLE}</style></head><body>"
            f"<header><h1>{escape(w('Hiring health'))}</h1><p>{escape(heading)}</p>{scope}"
            f"</header><main>{body}</main><footer><p>{escape(privacy)}</p>"
            f"<p>{escape(limits)}</p><p>{escape(w('Made on {date}.', date=w.date(page.made_on)))}"
            "</p></footer></body></html>\n")
