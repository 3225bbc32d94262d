"""The decision rule (DESIGN.md, "The follow-up session") and `playbook decide`."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook_tools.decide.rule import (
    RULE_EXAMPLES,
    Assessment,
    count_flags,
    decide,
    run_example,
)
from playbook_tools.vocabulary import FILLED_RATINGS, NO_SIDE, YES_SIDE
from tests.conftest import run_playbook
from tests.helpers import git_untracked

ROOT = Path(__file__).resolve().parents[1]
DOCS = str(ROOT / "docs")
CARD = "pairing-engineer"
AREAS = ("problem-solving", "testing-and-code-quality", "collaboration-and-communication",
         "learning-and-feedback")


run = run_playbook


def outcome_of(table: dict[str, tuple[str, ...]]) -> tuple[str, int, tuple[str, ...]]:
    areas = [(area, area.title()) for area in table]
    assessments = [Assessment(f"P{n}", area, rating)
                   for area, ratings in table.items() for n, rating in enumerate(ratings)]
    decision = decide(areas, assessments)
    return decision.outcome, decision.rule, tuple(s.area for s in decision.to_explore)


# --------------------------------------------------------------------------------------------
# Every rule, and which rule wins when several match

RULE_TABLE = [
    # (case, ratings per area, outcome, rule, areas to explore)
    ("clear no: every rating no", {"a": ("no", "no"), "b": ("yes",)}, "reject", 1, ()),
    ("clear no: a single strong-no", {"a": ("strong-no",), "b": ("yes",)}, "reject", 1, ()),
    ("clear no: unsure beside a no is ignored", {"a": ("no", "unsure"), "b": ("yes",)},
     "reject", 1, ()),
    ("rule 1 beats a contested area", {"a": ("no",), "b": ("yes", "no")}, "reject", 1, ()),
    ("rule 1 beats an unassessed area", {"a": ("strong-no",), "b": ()}, "reject", 1, ()),
    ("rule 1 beats a single vague area", {"a": ("no",), "b": ("unsure",)}, "reject", 1, ()),
    ("contested", {"a": ("yes", "no"), "b": ("yes",)}, "more-info", 2, ("a",)),
    ("contested: strong-yes against strong-no", {"a": ("strong-yes", "strong-no")},
     "more-info", 2, ("a",)),
    ("contested: unsure does not make it clear", {"a": ("yes", "no", "unsure")},
     "more-info", 2, ("a",)),
    ("unassessed", {"a": (), "b": ("yes",)}, "more-info", 2, ("a",)),
    ("rule 2 lists contested and unassessed areas", {"a": ("yes", "no"), "b": (),
                                                     "c": ("yes",)}, "more-info", 2, ("a", "b")),
    ("rule 2 beats two vague areas", {"a": ("yes", "no"), "b": ("unsure",), "c": ("unsure",)},
     "more-info", 2, ("a",)),
    ("two vague areas", {"a": ("unsure",), "b": ("unsure", "unsure"), "c": ("yes",)},
     "reject", 3, ()),
    ("one vague area", {"a": ("unsure",), "b": ("strong-yes",)}, "more-info", 3, ("a",)),
    ("hire", {"a": ("yes", "strong-yes"), "b": ("yes",)}, "hire", 4, ()),
    ("hire: unsure beside a yes is ignored", {"a": ("yes", "unsure"), "b": ("strong-yes",)},
     "hire", 4, ()),
]


@pytest.mark.parametrize(("table", "outcome", "rule", "explore"),
                         [case[1:] for case in RULE_TABLE], ids=[c[0] for c in RULE_TABLE])
def test_rule_table(table: dict[str, tuple[str, ...]], outcome: str, rule: int,
                    explore: tuple[str, ...]) -> None:
    assert outcome_of(table) == (outcome, rule, explore)


def test_rule_examples_on_the_page_give_the_outcome_their_title_names() -> None:
    # The follow-up session page shows these; each title starts with its rule's number.
    for title, example in RULE_EXAMPLES:
        decision = run_example(example)
        assert title.startswith(f"{decision.rule}.")
        expected = {"reject": "reject", "more information": "more-info", "hire": "hire"}
        named = next(word for word in expected if word in title.lower())
        assert decision.outcome == expected[named], title


def test_reason_names_the_area_and_who_said_what() -> None:
    decision = decide([("testing", "Testing")], [Assessment("Jonas", "testing", "yes"),
                                                 Assessment("Aisha", "testing", "no")])
    assert decision.reason == "Mixed or missing ratings for Testing (Jonas: yes, Aisha: no)."


def test_flags_noted_by_two_or_more_come_first() -> None:
    flags = count_flags([("A", ["curiosity", "humility"]), ("B", ["Humility"]),
                         ("C", ["humility", "zeal", "zeal"]), ("D", ["zeal"])])
    assert [(f.flag, f.interviewers, f.is_pattern) for f in flags] == [
        ("humility", ("A", "B", "C"), True),
        ("zeal", ("C", "D"), True),
        ("curiosity", ("A",), False),
    ]


# --------------------------------------------------------------------------------------------
# Properties

area_ids = st.sampled_from(["a", "b", "c", "d"])
assessments_strategy = st.lists(
    st.tuples(st.sampled_from(["P1", "P2", "P3", "P4"]), area_ids, st.sampled_from(FILLED_RATINGS)),
    max_size=14,
)
CARD_AREAS = [(a, a.upper()) for a in "abcd"]


def _decide(rows: list[tuple[str, str, str]]) -> str:
    return decide(CARD_AREAS, [Assessment(*row) for row in rows]).outcome


@settings(max_examples=300)
@given(assessments_strategy, area_ids)
def test_adding_a_strong_no_never_turns_reject_into_hire(
    rows: list[tuple[str, str, str]], area: str
) -> None:
    after = _decide([*rows, ("P5", area, "strong-no")])
    if _decide(rows) == "reject":
        assert after != "hire"
    # Stronger still: a strong-no anywhere rules out Hire.
    assert after != "hire"


@settings(max_examples=300)
@given(assessments_strategy, st.randoms(use_true_random=False))
def test_reordering_interviewers_never_changes_the_outcome(
    rows: list[tuple[str, str, str]], rnd: random.Random
) -> None:
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    before = decide(CARD_AREAS, [Assessment(*r) for r in rows])
    after = decide(CARD_AREAS, [Assessment(*r) for r in shuffled])
    assert (before.outcome, before.rule) == (after.outcome, after.rule)
    assert [s.area for s in before.to_explore] == [s.area for s in after.to_explore]


@settings(max_examples=300)
@given(assessments_strategy)
def test_hire_only_when_every_area_has_only_yes_side_ratings(
    rows: list[tuple[str, str, str]],
) -> None:
    by_area = {a: [r for _, area, r in rows if area == a] for a, _ in CARD_AREAS}
    yes_only = all(ratings and all(r in YES_SIDE or r == "unsure" for r in ratings)
                   and any(r in YES_SIDE for r in ratings) for ratings in by_area.values())
    outcome = _decide(rows)
    if outcome == "hire":
        assert yes_only
        assert not any(r in NO_SIDE for ratings in by_area.values() for r in ratings)
    if all(ratings and all(r in YES_SIDE for r in ratings) for ratings in by_area.values()):
        assert outcome == "hire"


# --------------------------------------------------------------------------------------------
# `playbook decide` on forms


def form(tmp_path: Path, interviewer: str, ratings: dict[str, str | None],
         flags: tuple[str, ...] = (), candidate: str = "Sam Rivera",
         name: str | None = None, no_evidence: tuple[str, ...] = ()) -> Path:
    lines = ["form: playbook-scorecard", "version: 1", f"scorecard: {CARD}",
             f'candidate: "{candidate}"', f'interviewer: "{interviewer}"', "areas:"]
    for area, rating in ratings.items():
        evidence = "" if area in no_evidence else f"What {interviewer} saw in {area}."
        lines += [f"  {area}:", "    evidence: |", f"      {evidence}",
                  f"    rating: {rating or ''}"]
    lines.append(f"flags: [{', '.join(flags)}]")
    path = tmp_path / (name or f"{interviewer.split()[0].lower()}.yaml")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def one_line_error(err: str, *parts: str) -> None:
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    for part in parts:
        assert part in err, err


def test_decide_shows_ratings_outcome_reason_and_flags_first(tmp_path: Path) -> None:
    a = form(tmp_path, "Jonas Lindqvist", {"problem-solving": "yes",
                                           "testing-and-code-quality": "yes"},
             ("curiosity", "humility"))
    b = form(tmp_path, "Aisha Bello", {"collaboration-and-communication": "strong-yes",
                                       "learning-and-feedback": "yes",
                                       "testing-and-code-quality": "no"}, ("humility",))
    code, out, err = run("decide", str(a), str(b))
    assert (code, err) == (0, "")
    assert "Proposed outcome: Need more information (rule 2)" in out
    assert "Mixed or missing ratings for Testing and code quality (Jonas Lindqvist: yes, " \
           "Aisha Bello: no)." in " ".join(out.split())  # the reason wraps at 88 columns
    assert out.index("Flags noted by two or more interviewers:\n  humility: Aisha Bello, "
                     "Jonas Lindqvist") < out.index("Flags noted once:\n  curiosity")
    assert "Areas to explore:\n  - Testing and code quality (testing-and-code-quality)" in out
    assert "  Problem solving: yes\n    Jonas Lindqvist: yes\n      What Jonas Lindqvist saw" in out


def test_blank_rating_means_not_assessed(tmp_path: Path) -> None:
    a = form(tmp_path, "Jonas Lindqvist", {"problem-solving": "yes",
                                           "testing-and-code-quality": None,
                                           "collaboration-and-communication": "yes",
                                           "learning-and-feedback": "yes"})
    code, out, _ = run("decide", str(a), "--json")
    assert code == 0
    result = json.loads(out)
    testing = next(a for a in result["areas"] if a["id"] == "testing-and-code-quality")
    assert testing == {"id": "testing-and-code-quality", "title": "Testing and code quality",
                       "state": "unassessed", "ratings": []}
    assert result["proposal"]["outcome"] == "more-info"
    assert result["to_explore"] == ["testing-and-code-quality"]


def test_json_shape_is_stable(tmp_path: Path) -> None:
    a = form(tmp_path, "Jonas Lindqvist", dict.fromkeys(AREAS, "yes"), ("curious",))
    code, out, _ = run("decide", str(a), "--json")
    assert code == 0
    result = json.loads(out)
    assert list(result) == ["format", "version", "candidate", "scorecard", "complete",
                            "scorecards", "missing", "proposal", "areas", "to_explore", "flags",
                            "record"]
    assert result["format"] == "playbook-decision" and result["version"] == 1
    assert result["proposal"] == {"outcome": "hire", "label": "Hire", "rule": 4,
                                  "reason": "Every area has only yes-side ratings."}
    assert result["areas"][0]["ratings"] == [
        {"interviewer": "Jonas Lindqvist", "rating": "yes",
         "evidence": "What Jonas Lindqvist saw in problem-solving."}]
    assert result["flags"] == [{"flag": "curious", "kind": "strength",
                                "interviewers": ["Jonas Lindqvist"], "pattern": False}]
    assert result["scorecards"] == [{"interviewer": "Jonas Lindqvist", "file": str(a),
                                     "filled": True}]
    assert (result["candidate"], result["complete"], result["missing"],
            result["record"]) == (None, True, [], None)


@pytest.mark.parametrize(("ratings", "field", "message"), [
    ({"problem-solving": "maybe"}, "field 'areas.problem-solving.rating'",
     "'maybe' is not a rating"),
    ({"problem-solving": "true"}, "field 'areas.problem-solving.rating'", "True is not a rating"),
    ({"debugging": "yes"}, "field 'areas.debugging'", "unknown area"),
])
def test_bad_form_exits_1_naming_file_and_field(
    tmp_path: Path, ratings: dict[str, str | None], field: str, message: str
) -> None:
    path = form(tmp_path, "Jonas Lindqvist", ratings)
    code, out, err = run("decide", str(path))
    assert (code, out) == (1, "")
    one_line_error(err, f"{path}:", field, message)


@pytest.mark.parametrize("rating", FILLED_RATINGS)
def test_a_rating_without_evidence_is_refused(tmp_path: Path, rating: str) -> None:
    # DESIGN.md: "Each rating needs written evidence."
    path = form(tmp_path, "Jonas Lindqvist", {"problem-solving": "yes",
                                              "testing-and-code-quality": rating},
                no_evidence=("testing-and-code-quality",))
    code, out, err = run("decide", str(path))
    assert (code, out) == (1, "")
    one_line_error(err, f"{path}:12:", "field 'areas.testing-and-code-quality.evidence'",
                   f"the rating '{rating}' needs written evidence")


def test_evidence_without_a_rating_is_a_note_not_an_assessment(tmp_path: Path) -> None:
    path = form(tmp_path, "Jonas Lindqvist", {"problem-solving": "yes",
                                              "testing-and-code-quality": None})
    code, out, _ = run("decide", str(path), "--json")
    assert code == 0
    assert json.loads(out)["to_explore"] == ["testing-and-code-quality",
                                             "collaboration-and-communication",
                                             "learning-and-feedback"]


def test_duplicate_interviewer_exits_1(tmp_path: Path) -> None:
    a = form(tmp_path, "Jonas Lindqvist", {"problem-solving": "yes"})
    b = form(tmp_path, "jonas lindqvist", {"testing-and-code-quality": "yes"}, name="copy.yaml")
    code, out, err = run("decide", str(a), str(b))
    assert (code, out) == (1, "")
    one_line_error(err, f"{b}:5:", "field 'interviewer'", f"also filled {a}")


def test_forms_of_two_candidates_are_refused(tmp_path: Path) -> None:
    a = form(tmp_path, "Jonas Lindqvist", {"problem-solving": "yes"})
    b = form(tmp_path, "Aisha Bello", {"problem-solving": "yes"}, candidate="Someone Else")
    code, _, err = run("decide", str(a), str(b))
    assert code == 1
    one_line_error(err, str(b), "field 'candidate'")


def test_a_blank_form_holds_back_the_summary_unless_partial(tmp_path: Path) -> None:
    a = form(tmp_path, "Jonas Lindqvist", dict.fromkeys(AREAS, "yes"))
    b = form(tmp_path, "Aisha Bello", dict.fromkeys(AREAS))
    code, out, err = run("decide", str(a), str(b))
    assert (code, out) == (1, "")
    one_line_error(err, "1 of 2 scorecards are in", "waiting for Aisha Bello", "--partial")
    code, out, _ = run("decide", str(a), str(b), "--partial")
    assert code == 0
    assert "PARTIAL: still waiting for Aisha Bello" in out


def test_recording_without_a_kit_needs_the_candidate(tmp_path: Path) -> None:
    a = form(tmp_path, "Jonas Lindqvist", dict.fromkeys(AREAS, "yes"))
    code, _, err = run("decide", str(a), "--record", "--outcome", "hire", "--owner", "Grace",
                       "--by", "2027-03-14", "-o", str(tmp_path / "record"))
    assert code == 1
    one_line_error(err, "--candidate")
    assert not (tmp_path / "record").exists()


def test_overruling_the_proposal_needs_a_reason(tmp_path: Path) -> None:
    a = form(tmp_path, "Jonas Lindqvist", dict.fromkeys(AREAS, "yes"))
    base = ["decide", str(a), "--record", "--outcome", "reject", "--owner", "Grace Mensah",
            "--by", "2027-03-14", "-o", str(tmp_path / "record"), "--candidate", "Sam Rivera",
            "--candidate-email", "sam@example.org", "--role", "Backend Engineer"]
    code, _, err = run(*base)
    assert code == 1
    one_line_error(err, "differs from the proposal (Hire)", "--note")
    code, _, err = run(*base, "--note", "The reference check raised a concern.")
    assert (code, err) == (0, "")
    record = (tmp_path / "record" / "decision.md").read_text(encoding="utf-8")
    assert "- **Outcome:** Reject. The room decided differently from the proposal (Hire)." \
        in record
    assert "- **Why:** The reference check raised a concern." in record


def _shape(value: object) -> object:
    """Keys and types, not values: what a reader of the JSON can rely on."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__


def test_the_json_shape_on_the_handbook_page_is_the_real_one(tmp_path: Path) -> None:
    page = (ROOT / "docs" / "tools" / "command-line.md").read_text(encoding="utf-8")
    documented = json.loads(page.split("```json\n", 1)[1].split("```", 1)[0])
    a = form(tmp_path, "Jonas Lindqvist", {"problem-solving": "yes",
                                           "testing-and-code-quality": "strong-yes"},
             ("curious", "shows-humility"), candidate="Amara Okafor")
    b = form(tmp_path, "Aisha Bello", {"collaboration-and-communication": "yes",
                                       "learning-and-feedback": "unsure"}, ("shows-humility",),
             candidate="Amara Okafor")
    code, out, _ = run("decide", str(a), str(b), "--json", "--candidate", "Amara Okafor",
                       "--candidate-email", "amara.okafor@example.org",
                       "--role", "Backend Engineer")
    assert code == 0
    actual = json.loads(out)
    assert _shape(documented) == _shape(actual)
    assert documented["proposal"] == actual["proposal"]
    assert documented["flags"] == actual["flags"]
    shown, real = documented["areas"][0], actual["areas"][-1]  # the page shows one area
    assert {k: v for k, v in shown.items() if k != "ratings"} == \
        {k: v for k, v in real.items() if k != "ratings"}
    assert [(r["interviewer"], r["rating"]) for r in shown["ratings"]] == \
        [(r["interviewer"], r["rating"]) for r in real["ratings"]]


# --------------------------------------------------------------------------------------------
# Options, the record's folder, and where the rules live


@pytest.mark.parametrize("option", [
    ("--outcome", "hire"), ("--owner", "Grace Mensah"), ("--by", "2027-03-14"),
    ("--explore", "problem-solving"), ("--note", "why"), ("-o", "record"), ("--force",),
])
def test_recording_options_without_record_are_refused(tmp_path: Path,
                                                      option: tuple[str, ...]) -> None:
    a = form(tmp_path, "Jonas Lindqvist", dict.fromkeys(AREAS, "yes"))
    code, out, err = run("decide", str(a), *option)
    assert (code, out) == (1, "")
    one_line_error(err, f"playbook: error: {option[0]} is for recording; add --record")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["jonas.yaml"]


def test_the_candidate_options_head_the_text_report(tmp_path: Path) -> None:
    a = form(tmp_path, "Jonas Lindqvist", dict.fromkeys(AREAS, "yes"))
    code, out, _ = run("decide", str(a), "--candidate", "Sam Rivera", "--candidate-email",
                       "sam@example.org", "--role", "Backend Engineer")
    assert code == 0
    assert out.startswith("Sam Rivera, Backend Engineer: Pairing interview (engineer)\n")
    code, _, err = run("decide", str(a), "--candidate", "Sam Rivera")
    assert code == 1
    one_line_error(err, "--candidate-email: needed without --kit")


RECORD = ["--record", "--outcome", "hire", "--owner", "Grace Mensah", "--by", "2027-03-14",
          "--candidate", "Sam Rivera", "--candidate-email", "sam@example.org",
          "--role", "Backend Engineer"]




def test_the_record_folder_cannot_be_committed_by_accident(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    a = form(tmp_path, "Jonas Lindqvist", dict.fromkeys(AREAS, "yes"))
    out = repo / "decisions" / "sam"
    code, _, err = run("decide", str(a), *RECORD, "-o", str(out))
    assert (code, err) == (0, "")
    assert sorted(p.name for p in out.iterdir()) == [".gitignore", "decision.md", "outcome.eml",
                                                     "reminder.ics"]
    assert (out / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    (repo / "visible.txt").write_text("tracked", encoding="utf-8")
    assert git_untracked(repo) == ["?? visible.txt"]


def test_the_record_never_lands_in_a_folder_of_other_files(tmp_path: Path) -> None:
    a = form(tmp_path, "Jonas Lindqvist", dict.fromkeys(AREAS, "yes"))
    project = tmp_path / "project"
    project.mkdir()
    (project / ".gitignore").write_text("*.pyc\n", encoding="utf-8")
    code, _, err = run("decide", str(a), *RECORD, "-o", str(project), "--force")
    assert code == 1
    one_line_error(err, f"-o {project}: has a .gitignore of its own")
    assert (project / ".gitignore").read_text(encoding="utf-8") == "*.pyc\n"
    (project / ".gitignore").unlink()
    (project / "notes.md").write_text("mine", encoding="utf-8")
    code, _, err = run("decide", str(a), *RECORD, "-o", str(project), "--force")
    assert code == 1
    one_line_error(err, f"-o {project}: the folder holds other files")
    assert sorted(p.name for p in project.iterdir()) == ["notes.md"]


def test_the_record_is_never_written_into_the_docs_folder(tmp_path: Path) -> None:
    a = form(tmp_path, "Jonas Lindqvist", dict.fromkeys(AREAS, "yes"))
    out = ROOT / "docs" / "decisions" / "sam"
    code, _, err = run("decide", str(a), *RECORD, "-o", str(out))
    assert code == 1
    one_line_error(err, "is inside the handbook's docs folder")
    assert not (ROOT / "docs" / "decisions").exists()


def test_the_follow_up_rules_work_without_the_cli(tmp_path: Path, playbook: Any) -> None:
    # STYLE.md: the CLI holds no rules. The independence rule, the record and the report are
    # reachable, and tested, without argparse.
    from playbook_tools.decide.record import RecordRequest, record_decision
    from playbook_tools.decide.session import candidate_details, follow_up
    from playbook_tools.errors import PlaybookError

    a = form(tmp_path, "Jonas Lindqvist", dict.fromkeys(AREAS, "yes"))
    b = form(tmp_path, "Aisha Bello", dict.fromkeys(AREAS))
    with pytest.raises(PlaybookError, match="1 of 2 scorecards are in; waiting for Aisha"):
        follow_up(playbook, [a, b], None, partial=False, candidate=None)
    candidate = candidate_details(None, "Sam Rivera", "sam@example.org", "Backend Engineer",
                                  required=True)
    session = follow_up(playbook, [a, b], None, partial=True, candidate=candidate)
    assert session.missing == ("Aisha Bello",)
    assert session.report_text().startswith(
        "Sam Rivera, Backend Engineer: Pairing interview (engineer)\n"
        "Scorecards in: Jonas Lindqvist\nPARTIAL: still waiting for Aisha Bello")
    with pytest.raises(PlaybookError, match=r"differs from the proposal \(Hire\); write "
                                            r"the reason with --note"):
        record_decision(session, playbook, RecordRequest("reject", str(tmp_path / "r"), "Grace",
                                                         "2027-03-14"), None)
    recorded = record_decision(session, playbook, RecordRequest(
        "hire", str(tmp_path / "r"), "Grace", "2027-03-14"), None)
    assert recorded.files == (str(tmp_path / "r" / "decision.md"),
                              str(tmp_path / "r" / "outcome.eml"),
                              str(tmp_path / "r" / "reminder.ics"))
    assert session.report_json(recorded)["record"] == {
        "outcome": "hire", "owner": "Grace", "by": "2027-03-14", "files": list(recorded.files)}


# --------------------------------------------------------------------------------------------
# The handbook page says what the tool does


def page() -> str:
    text = (ROOT / "docs" / "tools" / "command-line.md").read_text(encoding="utf-8")
    return " ".join(text.split())


def test_the_page_describes_the_outcome_date_as_working_days() -> None:
    text = page()
    assert "plus `playbook_reply_days`" not in text
    assert "`playbook_reply_days` working days after `date`" in text


def test_the_page_documents_paper_force_and_the_record_files() -> None:
    text = page()
    assert "`--paper letter`" in text  # playbook kit --paper
    assert "replace an earlier record with `--force`" in text
    assert "outcome-more-info.eml" not in text and "`outcome.eml`" in text
    assert "`.gitignore`" in text
    assert "needs written evidence" in text
