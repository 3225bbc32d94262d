"""The directives in small test handbooks (tests/roots/test-*), built by Sphinx itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.errors import SphinxError
from sphinx.testing.util import SphinxTestApp


def _html(app: SphinxTestApp, docname: str) -> str:
    return (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.sphinx("html", testroot="playbook")
def test_checklist_shows_every_item_and_reason(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    html = _html(app, "checklist")
    assert 'id="playbook-prep"' in html
    assert re.search(r'<ol class="[^"]*\bplaybook-checklist-items\b', html)
    text = _text(html)
    assert "Clear your calendar." in text
    assert "The interview is the most important meeting of your day." in text
    assert "Rehearse the task from scratch." in text
    # The role links to the embed's anchor.
    assert 'href="#playbook-prep"' in html


@pytest.mark.sphinx("html", testroot="playbook")
def test_scorecard_shows_anchor_for_every_rating(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    text = _text(_html(app, "scorecard"))
    for anchor in ("Refuses to test.", "Tests only after prompting.", "Tests first.",
                   "Tests first and explains why.", "Silent.", "Explains and asks questions."):
        assert anchor in text
    for label in ("Strong no", "No", "Yes", "Strong yes"):
        assert f" {label} " in text
    assert "Evidence: Quote them." in text
    # Flags in words, as the printed card shows them (review G27).
    assert "shows humility" in text and "lacks humility" in text


@pytest.mark.sphinx("html", testroot="playbook")
def test_email_marks_placeholders_and_fills_example(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    html = _html(app, "email")
    # The subject and body sit in copyable blocks, with each variable a marked span.
    assert html.count('class="highlight playbook-copyable') == 2
    assert re.search(
        r'<span class="playbook-placeholder playbook-var-name">\{\{ name \}\}</span>', html)
    assert "playbook-var-day" in html
    # Globals from conf.py are filled in, not shown as placeholders.
    assert "from Test Company" in html
    assert "The Test Company hiring team" in html
    # The filled example uses every example value.
    assert "Subject: Hello Amara Okafor from Test Company" in html
    assert "See you on Tuesday." in html
    assert 'class="playbook-variables' in html
    assert "_static/playbook.js" in html


@pytest.mark.sphinx("html", testroot="playbook")
def test_index_links_every_artifact_to_its_embed(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    html = _html(app, "index")
    assert 'href="checklist.html#playbook-prep"' in html
    assert 'href="scorecard.html#playbook-card"' in html
    assert 'href="email.html#playbook-hello"' in html
    # Grouped by stage, in the order of the process.
    text = _text(html)
    assert text.index("Scheduling") < text.index("Preparation") < text.index("The pairing session")


@pytest.mark.sphinx("text", testroot="playbook")
def test_text_builder_gets_content_and_no_assets(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    text = (Path(app.outdir) / "checklist.txt").read_text(encoding="utf-8")
    assert "Clear your calendar." in text
    assert "Download PDF" not in text
    assert not (Path(app.outdir) / "_static" / "playbook.css").exists()


def test_unknown_id_is_an_error_naming_page_and_line(build_root) -> None:  # type: ignore[no-untyped-def]
    app = build_root({"index.md": "# Unknown id\n\n```{toctree}\nchecklist\nscorecard\nemail\n"
                                  "```\n\nSome text.\n\n```{playbook-checklist} no-such-checklist\n"
                                  "```\n"})
    warnings = app.warning.getvalue()
    assert re.search(r"index\.md:11: ERROR: unknown checklist id 'no-such-checklist'", warnings)
    assert "known checklists: prep" in warnings


def test_bad_content_stops_the_build_before_any_page(build_root) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SphinxError, match=r"1 problem\(s\) in playbook/") as raised:
        build_root({"playbook/checklists/prep.yaml": lambda text: text.replace(
            "page: checklist\n", "page: checklist\ncolour: red\n")})
    assert re.search(
        r"playbook/checklists/prep\.yaml:8: artifact 'prep': field 'colour': unknown field; "
        r"valid fields: audience, id, items, kind, page, stage, summary, title",
        raised.value.warnings)  # type: ignore[attr-defined]


def test_artifact_outside_its_page_is_a_warning(build_root) -> None:  # type: ignore[no-untyped-def]
    app = build_root({
        "checklist.md": "# Checklist page\n\nNothing here.\n",
        "scorecard.md": lambda text: text + "\n```{playbook-checklist} prep\n```\n",
    })
    warnings = app.warning.getvalue()
    assert "artifact 'prep' is not embedded in its page 'checklist'" in warnings
    assert "scorecard.md:6: WARNING: artifact 'prep' is embedded here" in warnings
    assert "[playbook.embed]" in warnings


@pytest.mark.sphinx("html", testroot="playbook")
def test_every_page_gets_a_meta_description(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    html = _html(app, "checklist")
    match = re.search(r'<meta name="description" content="([^"]*)" />', _html(app, "index"))
    assert match is None  # the index page has no paragraph of its own prose
    assert '<meta name="description" content="See prep." />' in html
