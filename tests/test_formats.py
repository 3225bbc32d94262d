"""Interview formats are content (docs/playbook/formats/): the kit follows each session's
format, a fork adds one with YAML alone, and a broken format file is one line naming its field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from playbook_tools.errors import ContentError
from playbook_tools.kit.candidate import load_candidate
from playbook_tools.kit.emails import kit_values
from playbook_tools.kit.wording import agenda, team_schedule
from playbook_tools.model.loader import load_playbook
from playbook_tools.model.translation import in_language
from tests.conftest import DOCS

REPO = DOCS.parent
MANAGER = DOCS / "examples" / "candidate-manager.yaml"
ENGINEER = DOCS / "examples" / "candidate.yaml"


def test_the_pairing_format_adds_up_to_the_configured_session() -> None:
    playbook = load_playbook(DOCS)
    pairing = playbook.formats["pairing"]
    assert [p.id for p in pairing.parts] == ["pairing", "break", "retrospective"]
    assert pairing.minutes == playbook.config.session_minutes
    assert "pairing-session" in pairing.checklists


def test_an_engineering_manager_day_speaks_of_conversations_not_pairing() -> None:
    playbook = load_playbook(DOCS)
    c = load_candidate(MANAGER, playbook)
    values = kit_values(c, playbook)
    told = values["what_to_expect"] + values["day_details"] + agenda(c)
    assert "conversation" in told.lower()
    for word in ("pairing", "repository", "code-hosting", "retrospective"):
        assert word not in told.lower(), word
    assert "pairing-session" not in c.checklists
    assert all(i.minutes == playbook.formats["conversation"].minutes for i in c.interviewers)
    # The reverse-shadow runs the session; the observer's card is the one that counts.
    jonas = c.interviewers[1]
    assert jonas.led_by.name == "Chen Wu"
    assert "Conversation with Chen Wu (Jonas Lindqvist observes)" in agenda(c)
    assert "Jonas Lindqvist observes; their scorecard counts" in team_schedule(c)


def test_an_engineers_invitation_tells_stack_ai_policy_observer_and_phone() -> None:
    playbook = load_playbook(DOCS)
    c = load_candidate(ENGINEER, playbook)
    details = kit_values(c, playbook)["day_details"]
    assert c.stack in " ".join(details.split())
    assert "AI assistants:" in details
    assert "Chen Wu will also be in your session with Jonas Lindqvist" in " ".join(details.split())
    assert c.phone in details


def test_the_german_manager_invitation_has_the_formats_german_text() -> None:
    playbook = load_playbook(DOCS)
    german = in_language(playbook, REPO / "locale", "de")
    c = load_candidate(MANAGER, playbook)
    values = kit_values(c, german)
    assert "Gespräch" in values["what_to_expect"]
    assert "Gespräch mit Chen Wu" in values["agenda"]
    for english in ("conversation", "observes", "call or text", "Nothing but"):
        assert english not in values["what_to_expect"] + values["day_details"], english


def _content_copy(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs, ignore=shutil.ignore_patterns("_build", "_static"))
    return docs


SYSTEM_DESIGN = """\
id: system-design
title: System design interview
summary: The candidate sketches a service on a whiteboard with one engineer.
page: interviewing/pairing-session
scorecard: pairing-engineer
session: System design
parts:
  - id: design
    title: Design
    minutes: 50
  - id: questions
    title: Your questions
    minutes: 10
checklists: [interviewer-preparation]
candidate:
  expect: You sketch a small service for {{ design_minutes }} minutes with one engineer.
  bring: Nothing; we have a whiteboard.
  ai_assistants: Not needed for a whiteboard.
team: Each design session is {{ minutes }} minutes.
"""


def test_a_fork_adds_a_format_with_yaml_alone(tmp_path: Path) -> None:
    docs = _content_copy(tmp_path)
    (docs / "playbook" / "formats" / "system-design.yaml").write_text(SYSTEM_DESIGN)
    playbook = load_playbook(docs)
    text = ENGINEER.read_text().replace("format: pairing", "format: system-design", 1)
    source = tmp_path / "candidate.yaml"
    source.write_text(text)
    c = load_candidate(source, playbook)
    assert [i.minutes for i in c.interviewers] == [60, 60]
    values = kit_values(c, playbook)
    assert "for 50 minutes" in values["what_to_expect"]
    assert "System design with Jonas Lindqvist" in values["agenda"]
    assert c.checklists == ("interviewer-preparation",)


@pytest.mark.parametrize(("change", "expected"), [
    (("minutes: 50", "minutes: lots"), "field 'parts[0].minutes'"),
    (("scorecard: pairing-engineer", "scorecard: nope"), "'nope' is not a scorecard"),
    (("checklists: [interviewer-preparation]", "checklists: [nope]"),
     "field 'checklists[0]'"),
    (("{{ design_minutes }}", "{{ nope }}"), "'{{ nope }}' is not a figure"),
])
def test_a_broken_format_is_one_line_naming_file_and_field(
        tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    docs = _content_copy(tmp_path)
    path = docs / "playbook" / "formats" / "system-design.yaml"
    path.write_text(SYSTEM_DESIGN.replace(*change))
    with pytest.raises(ContentError) as caught:
        load_playbook(docs)
    lines = str(caught.value).splitlines()
    assert any("system-design.yaml" in line and expected in line for line in lines), lines


def test_a_candidate_file_naming_an_unknown_format_is_one_line(tmp_path: Path) -> None:
    source = tmp_path / "candidate.yaml"
    source.write_text(ENGINEER.read_text().replace("format: pairing", "format: panel", 1))
    with pytest.raises(ContentError) as caught:
        load_candidate(source, load_playbook(DOCS))
    assert "field 'format': 'panel' is not an interview format" in str(caught.value)


def test_a_video_session_needs_the_days_link(tmp_path: Path) -> None:
    source = tmp_path / "candidate.yaml"
    source.write_text(ENGINEER.read_text().replace("format: pairing", "format: pairing\nwhere: video", 1))
    with pytest.raises(ContentError) as caught:
        load_candidate(source, load_playbook(DOCS))
    assert "field 'video_link': is missing" in str(caught.value)
