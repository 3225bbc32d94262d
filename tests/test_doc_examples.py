"""The handbook's examples are the test inputs: what a page shows is what the tool accepts.

The files live in docs/examples/ and the pages include them (``literalinclude``), so a page
can never show an example the tool would refuse.
"""

from __future__ import annotations

import email
import email.policy
import shutil
from pathlib import Path

from tests.conftest import DOCS, run_playbook

EXAMPLES = DOCS / "examples"


def included_by_a_page(name: str) -> list[str]:
    """The pages that show ``docs/examples/<name>`` with ``literalinclude``."""
    return [str(page.relative_to(DOCS)) for page in DOCS.rglob("*.md")
            if f"examples/{name}" in page.read_text(encoding="utf-8")]


def test_the_mail_merge_example_merges(tmp_path: Path) -> None:
    assert included_by_a_page("merge.csv")
    out = tmp_path / "out"
    code, _, err = run_playbook("email", "invitation", "--csv", str(EXAMPLES / "merge.csv"),
                                "-o", str(out))
    assert (code, err) == (0, "")
    written = sorted(p.name for p in out.iterdir())
    assert written == ["amara-okafor.eml", "tomas-herrera.eml"]
    message = email.message_from_bytes((out / "amara-okafor.eml").read_bytes(),
                                       policy=email.policy.default)
    assert message["To"] == "Amara Okafor <amara.okafor@example.org>"
    body = message.get_content()
    assert "Tuesday 2 March 2027" in body and "Jonas Lindqvist" in body


def test_the_filled_scorecard_example_is_read_by_decide(tmp_path: Path) -> None:
    assert included_by_a_page("filled-scorecard.yaml")
    kit = tmp_path / "kits" / "amara"
    code, _, err = run_playbook("kit", str(EXAMPLES / "candidate.yaml"), "-o", str(kit))
    assert (code, err) == (0, "")
    shutil.copy(EXAMPLES / "filled-scorecard.yaml",
                kit / "interviewers" / "jonas-lindqvist" / "scorecard.yaml")
    code, out, err = run_playbook("decide", "--kit", str(kit), "--partial")
    assert (code, err) == (0, "")
    assert "Scorecards in: Jonas Lindqvist" in out
    assert "PARTIAL: still waiting for Aisha Bello" in out
    assert "curious (strength): Jonas Lindqvist" in out
