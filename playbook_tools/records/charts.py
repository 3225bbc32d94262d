"""The report's charts: static SVG drawn by matplotlib, each described for screen readers.

One colour (Okabe and Ito's blue, dark enough to read in greyscale) with the value written at
the end of every bar, so nothing depends on telling colours apart; where two series stand side
by side, the second is light grey and hatched. Each SVG carries ``role="img"``, a ``<title>``
and a ``<desc>`` that says what the bars show, and the page puts the same numbers in a table.
matplotlib is imported on the first chart: ``playbook --help`` does not pay for it.
"""

from __future__ import annotations

import functools
import html
import io
import re
from collections.abc import Sequence
from typing import Any

BLUE = "#0072B2"
GREY = "#D9D9D9"
INK = "#222222"


@functools.cache
def _figure_class() -> Any:
    import matplotlib

    matplotlib.use("svg")
    matplotlib.rcParams.update({
        "svg.fonttype": "none",  # text stays text: searchable, and read out by screen readers
        "svg.hashsalt": "playbook-report",  # the same data gives the same file
        "font.family": "DejaVu Sans", "font.size": 10, "text.color": INK,
        "axes.edgecolor": INK, "axes.labelcolor": INK, "xtick.color": INK,
        "ytick.color": INK, "hatch.color": "#555555",
    })
    from matplotlib.figure import Figure

    return Figure


def bars(ident: str, title: str, description: str, labels: Sequence[str],
         series: Sequence[tuple[str, Sequence[float], Sequence[str]]],
         limits: tuple[float, float] = (0.0, 1.0)) -> str:
    """Horizontal bars: one row per label, one bar per series, each with its text."""
    figure = _figure_class()(figsize=(7.2, 0.3 + 0.36 * len(labels) * len(series)))
    axes = figure.add_axes((0.44, 0.04, 0.48, 0.92))
    height = 0.8 / len(series)
    for number, (name, values, texts) in enumerate(series):
        places = [row + number * height for row in range(len(labels))]
        axes.barh(places, values, height=height * 0.9, label=name,
                  color=BLUE if number == 0 else GREY, edgecolor=INK, linewidth=0.6,
                  hatch=None if number == 0 else "///")
        for place, value, text in zip(places, values, texts, strict=True):
            axes.text(max(value, 0) + (limits[1] - limits[0]) * 0.01, place, text,
                      va="center", fontsize=9)
    axes.set_yticks([row + height * (len(series) - 1) / 2 for row in range(len(labels))],
                    labels=list(labels))
    axes.invert_yaxis()
    axes.set_xlim(limits[0], limits[1] * 1.18)
    if limits[0] < 0:
        axes.axvline(0, color=INK, linewidth=0.8)
    # Every bar carries its value, so the value axis needs no scale of its own.
    axes.spines[["top", "right", "bottom"]].set_visible(False)
    axes.tick_params(axis="x", bottom=False, labelbottom=False)
    axes.tick_params(axis="y", length=0)
    if len(series) > 1:
        axes.legend(loc="lower right", frameon=False, fontsize=9)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return accessible(buffer.getvalue(), ident, title, description)


def accessible(svg: str, ident: str, title: str, description: str) -> str:
    """The SVG for inline use: no XML prologue, a role, a title and a description."""
    svg = svg[svg.index("<svg"):]
    opening = re.match(r"<svg[^>]*>", svg)
    assert opening is not None
    tag = opening.group(0)[:-1] + (f' role="img" aria-labelledby="{ident}-title {ident}-desc"'
                                   f' class="chart">')
    tag = re.sub(r'\s(width|height)="[^"]*"', "", tag, count=2)
    label = (f'<title id="{ident}-title">{html.escape(title)}</title>'
             f'<desc id="{ident}-desc">{html.escape(description)}</desc>')
    return tag + label + svg[opening.end():]
