"""The scorecard as a YAML form: written into the kit for each interviewer, read back by
``playbook decide`` (``decide.forms``).

The wording is a Jinja2 layout (``templates/form/scorecard.yaml.j2``) that a fork can override;
this module only supplies the values and the two filters that keep content from becoming YAML.
The form holds only the areas the interviewer covers, so nobody rates what they did not see.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from playbook_tools.errors import PlaybookError
from playbook_tools.model.artifacts import Scorecard
from playbook_tools.render.layouts import environment, translator
from playbook_tools.vocabulary import FILLED_RATINGS

FORM_MARKER = "playbook-scorecard"
FORM_VERSION = 1
LAYOUT = "form/scorecard.yaml.j2"


def form_text(scorecard: Scorecard, candidate: str, interviewer: str,
              area_ids: Sequence[str], returned_to: str, templates_dir: Path,
              gettext: Callable[[str], str] = str) -> str:
    """The blank form for one interviewer, holding only ``area_ids`` (in the card's order)."""
    areas = []
    for area_id in area_ids:
        area = scorecard.area(area_id)
        if area is None:
            raise PlaybookError(f"scorecard '{scorecard.id}' has no area '{area_id}'")
        areas.append(area)
    env = environment(templates_dir, autoescape=False)
    return env.get_template(LAYOUT).render(
        _=translator(gettext),
        card=scorecard, candidate=candidate, interviewer=interviewer, areas=areas,
        returned_to=returned_to, ratings=FILLED_RATINGS, marker=FORM_MARKER,
        version=FORM_VERSION, anchor_width=max(len(r) for r in FILLED_RATINGS) + 1,
    )
