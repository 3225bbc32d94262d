"""```{playbook-decision-table}```: the decision rule, shown by running the engine on examples."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from playbook_tools.decide.rule import RULE_EXAMPLES, rating_word, run_example
from playbook_tools.sphinx.config import playbook_for
from playbook_tools.sphinx.scorecard import table

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class DecisionTableDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        _ = playbook_for(self.env.srcdir).gettext
        rows: list[list[nodes.Node | str]] = []
        for rule, example in RULE_EXAMPLES:
            decision = run_example(tuple((_(title), ratings) for title, ratings in example), _)
            ratings = nodes.bullet_list()
            for summary in decision.areas:
                given = ", ".join(rating_word(r, _) for _who, r in summary.ratings) or "—"
                ratings += nodes.list_item("", nodes.paragraph(text=f"{summary.title}: {given}"))
            outcome = nodes.paragraph("", "", nodes.strong(text=_(decision.label)))
            rows.append([_(rule), ratings, outcome, decision.explain(_)])
        return [table([_("Rule"), _("Ratings given"), _("Proposed outcome"),
                       _("Reason the tool gives")],
                      rows, ["playbook-decision-table"], [30, 25, 15, 30])]


def setup_decision_table(app: Sphinx) -> None:
    app.add_directive("playbook-decision-table", DecisionTableDirective)
