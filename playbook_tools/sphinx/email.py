"""```{playbook-email} ID```: an email template with marked placeholders and a copy button.

The subject and body are parsed-literal blocks inside ``div.highlight`` so sphinx-copybutton
adds its button; each variable is a ``span.playbook-placeholder`` that the page's script fills.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from playbook_tools.model.artifacts import EmailTemplate
from playbook_tools.model.templates import placeholder_segments
from playbook_tools.render import email as email_render
from playbook_tools.sphinx.common import ArtifactDirective
from playbook_tools.sphinx.scorecard import table

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def text_block(runs: list[tuple[str, str | None]], role: str) -> nodes.container:
    """A copyable block; ``runs`` are (text, variable name or None)."""
    block = nodes.literal_block("", classes=[f"playbook-email-{role}"])
    for text, variable in runs:
        if variable is None:
            block += nodes.Text(text)
        else:
            block += nodes.inline(
                text=text, classes=["playbook-placeholder", f"playbook-var-{variable}"]
            )
    # A rawsource unlike the text tells Sphinx's HTML writer this is parsed text: it keeps the
    # spans and doesn't highlight. (An empty one is replaced by the text itself.)
    block.rawsource = "playbook-email:" + block.astext()
    return nodes.container("", block, classes=["highlight", "playbook-copyable"])


class EmailDirective(ArtifactDirective):
    kind = "email"

    def run(self) -> list[nodes.Node]:
        template = self.artifact()
        assert isinstance(template, EmailTemplate)
        self.env.note_dependency(str(template.body_path))
        config = self.playbook.config
        _ = self.playbook.gettext
        box = self.container(template)
        when = nodes.paragraph(classes=["playbook-meta"])
        when += nodes.strong(text=_("Sent by:") + " ")
        when += nodes.Text(_(template.sender.replace("-", " ")) + ". ")
        when += nodes.strong(text=_("When:") + " ")
        when += nodes.Text(template.when)
        box += when
        subject, body = placeholder_segments(template, config)
        box += nodes.paragraph("", "", nodes.strong(text=_("Subject")), classes=["playbook-label"])
        box += text_block(subject, "subject")
        box += nodes.paragraph("", "", nodes.strong(text=_("Body")), classes=["playbook-label"])
        box += text_block(body, "body")
        box += table(
            [_("Variable"), _("Description"), _("Example")],
            [
                [
                    nodes.paragraph("", "", nodes.literal(text=v.name)),
                    v.description,
                    nodes.paragraph(text=v.example, classes=["playbook-example"]),
                ]
                for v in template.variables
            ],
            ["playbook-variables"],
            [20, 45, 35],
        )
        example = email_render.fill_example(template, config)
        box += nodes.rubric(text=_("Filled example"))
        filled = nodes.literal_block(
            example.as_text(), example.as_text(), classes=["playbook-filled-example"]
        )
        filled["language"] = "text"
        box += filled
        return [box]


def setup_email(app: Sphinx) -> None:
    app.add_directive("playbook-email", EmailDirective)
