"""`playbook kit`: the candidate file in, the kit out, and the round trip through `decide`."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from playbook_tools.cli import main
from playbook_tools.yamlsource import load_yaml_file
from tests.conftest import run_playbook
from tests.helpers import candidate_file, git_untracked, parse_eml, plain
from tests.pdf_engines import text_in_poppler

ROOT = Path(__file__).resolve().parents[1]
DOCS = str(ROOT / "docs")
# The same file the handbook page shows with literalinclude.
EXAMPLE = ROOT / "docs" / "examples" / "candidate.yaml"
CHECKLISTS = ("interviewer-preparation", "pairing-session", "retrospective-and-after",
              "feedback-bias-check")


run = run_playbook


def text_of(message: EmailMessage) -> str:
    """The text of an e-mail: the whole body, or its text part when it carries an invitation."""
    part = message.get_body(("plain",))
    assert part is not None
    text: str = part.get_content()
    return text


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kits") / "amara"
    code, stdout, err = run("kit", str(EXAMPLE), "-o", str(out))
    assert (code, err) == (0, ""), err
    assert f"wrote 32 files to {out}/ for Amara Okafor" in stdout
    return out


def test_kit_holds_every_part(kit: Path) -> None:
    files = sorted(str(p.relative_to(kit)) for p in kit.rglob("*") if p.is_file())
    per_person = [f"interviewers/{who}/{name}" for who in ("aisha-bello", "jonas-lindqvist")
                  for name in sorted([*(f"{c}.pdf" for c in CHECKLISTS), "README.md",
                                      "scorecard.pdf", "scorecard.yaml"])]
    # One e-mail per calendar event (issue 20): each interviewer's session and notes block.
    invites = [f"emails/{kind}-{who}.{ext}" for kind in ("session", "notes")
               for who in ("aisha-bello", "jonas-lindqvist") for ext in ("eml", "ics")]
    assert files == sorted([".gitignore", "README.md", "emails/invitation.eml", "emails/reminder.eml",
                            "emails/team-schedule.eml", "emails/invitation.ics",
                            "emails/team-schedule.ics", *invites, "index.html", *per_person,
                            "kit.json", "schedule.ics"])
    assert [p.name for p in kit.parent.iterdir()] == ["amara"]  # no staging folder left


def pdf_text(path: Path) -> str:
    return " ".join(text_in_poppler(path).split())


def test_printouts_are_pdfs_of_the_right_artifacts(kit: Path) -> None:
    folder = kit / "interviewers" / "jonas-lindqvist"
    prep = PdfReader(folder / "interviewer-preparation.pdf")
    assert len(prep.pages) == 1  # every checklist prints on one page
    card = pdf_text(folder / "scorecard.pdf")
    assert "Pairing interview (engineer)" in card
    assert "Problem solving" in card and "Testing and code quality" in card


def test_each_scorecard_pdf_holds_only_that_interviewers_areas(kit: Path) -> None:
    # DESIGN.md: "a blank scorecard for their areas", as a PDF and as the form.
    titles = {"problem-solving": "Problem solving",
              "testing-and-code-quality": "Testing and code quality",
              "collaboration-and-communication": "Collaboration and communication",
              "learning-and-feedback": "Learning and receiving feedback"}
    manifest = json.loads((kit / "kit.json").read_text(encoding="utf-8"))
    for person in manifest["interviewers"]:
        card = pdf_text(kit / person["folder"] / "scorecard.pdf")
        for area, title in titles.items():
            assert (title in card) == (area in person["areas"]), (person["name"], title)


def test_form_has_only_the_interviewers_areas_with_ratings_and_anchors(kit: Path) -> None:
    path = kit / "interviewers" / "aisha-bello" / "scorecard.yaml"
    text = path.read_text(encoding="utf-8")
    data = load_yaml_file(path)
    assert list(data["areas"]) == ["collaboration-and-communication", "learning-and-feedback"]
    assert data["areas"]["learning-and-feedback"] == {"evidence": "", "rating": None}
    assert (data["candidate"], data["interviewer"]) == ("Amara Okafor", "Aisha Bello")
    assert "#     strong-no, no, unsure, yes, strong-yes" in text
    assert "strong-yes: Made the session a real conversation; both of you shaped the" in text
    assert "Problem solving".upper() not in text
    assert "Made no headway even with hints" not in text  # an anchor of another area


def test_emails_are_filled_in_from_the_candidate_file(kit: Path) -> None:
    invitation = parse_eml(kit / "emails" / "invitation.eml")
    assert invitation["From"] == "Example Co Hiring <hiring@example.com>"
    assert invitation["To"] == "Amara Okafor <amara.okafor@example.org>"
    assert invitation["Subject"] == "Your interview day with Example Co on Tuesday 9 March 2027"
    body = text_of(invitation)
    assert "Time:     09:30 to 12:45 (Europe/Berlin)" in body
    assert ("09:30\u201311:00  Pairing session and retrospective with Jonas Lindqvist (Chen Wu "
            "observes and is learning to interview)\n"
            "11:00\u201311:15  Break\n"
            "11:15\u201312:45  Pairing session and retrospective with Aisha Bello\n") in body
    assert "notes" not in body.split("the agenda:")[1].split("What to expect")[0]
    assert "Please reply by Tuesday 2 March 2027" in body
    team = parse_eml(kit / "emails" / "team-schedule.eml")
    # Everyone in the follow-up session its e-mail carries, the observer included.
    assert [a.addr_spec for a in team["To"].addresses] == [
        "jonas.lindqvist@example.com", "aisha.bello@example.com", "grace.mensah@example.com",
        "lena.sato@example.com", "chen.wu@example.com"]
    body = text_of(team)
    assert "11:00\u201311:30  Jonas Lindqvist: notes and scorecard" in body
    assert "13:15\u201314:00  Follow-up session: Jonas Lindqvist, Aisha Bello, Grace Mensah, " \
           "Lena Sato" in body
    assert "The follow-up session starts at 13:15 on the same day" in " ".join(body.split())


def test_manifest_and_readme(kit: Path) -> None:
    manifest = json.loads((kit / "kit.json").read_text(encoding="utf-8"))
    assert [i["form"] for i in manifest["interviewers"]] == [
        "interviewers/jonas-lindqvist/scorecard.yaml", "interviewers/aisha-bello/scorecard.yaml"]
    assert [i["pdf"] for i in manifest["interviewers"]] == [
        "interviewers/jonas-lindqvist/scorecard.pdf", "interviewers/aisha-bello/scorecard.pdf"]
    assert manifest["closes_loop"] == {"name": "Grace Mensah",
                                       "email": "grace.mensah@example.com"}
    assert manifest["outcome_by"] == "2027-03-11"  # playbook_reply_days (2) working days later
    readme = (kit / "README.md").read_text(encoding="utf-8")
    assert f"playbook decide --kit {kit}" in readme
    assert "6. **By Thursday 11 March 2027:** Grace Mensah tells the candidate." in readme


def test_refuses_a_non_empty_folder_even_with_force(tmp_path: Path) -> None:
    out = tmp_path / "kit"
    (out / "sub").mkdir(parents=True)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "sub" / "more.txt").write_text("also mine", encoding="utf-8")
    code, _, err = run("kit", str(EXAMPLE), "-o", str(out))
    assert code == 1
    assert err == (f"playbook: error: -o {out}: the folder is not empty; choose a new folder, "
                   "or pass --force to replace an earlier kit nobody has worked in yet\n")
    # --force replaces an earlier kit, never a folder of someone's own files.
    code, stdout, err = run("kit", str(EXAMPLE), "-o", str(out), "--force")
    assert (code, stdout) == (1, "")
    assert err == (f"playbook: error: -o {out}: is not a kit folder (it has no kit.json), so "
                   "--force will not replace it; choose a new folder\n")
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "sub" / "more.txt").read_text(encoding="utf-8") == "also mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kit"]


def test_a_kit_json_that_is_not_a_kit_manifest_does_not_make_a_kit(tmp_path: Path) -> None:
    out = tmp_path / "project"
    out.mkdir()
    (out / "kit.json").write_text('["some other tool"]', encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = run("kit", str(EXAMPLE), "-o", str(out), "--force")
    assert code == 1 and "is not a kit folder" in err
    assert (out / "notes.txt").is_file()


def test_force_replaces_an_earlier_kit(tmp_path: Path) -> None:
    out = tmp_path / "kit"
    assert run("kit", str(EXAMPLE), "-o", str(out))[0] == 0
    code, _, err = run("kit", str(EXAMPLE), "-o", str(out))
    assert code == 1 and "pass --force" in err
    # A file added since is someone's work (issue 19): --force names it and leaves it.
    (out / "notes.md").write_text("from the team", encoding="utf-8")
    code, _, err = run("kit", str(EXAMPLE), "-o", str(out), "--force")
    assert code == 1 and "notes.md was added since the kit was written" in err
    (out / "notes.md").unlink()
    code, _, err = run("kit", str(EXAMPLE), "-o", str(out), "--force")
    assert (code, err) == (0, "")
    assert (out / "kit.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kit"]  # no staging or old folder


def test_an_empty_folder_is_fine(tmp_path: Path) -> None:
    (tmp_path / "kit").mkdir()
    code, _, err = run("kit", str(EXAMPLE), "-o", str(tmp_path / "kit"))
    assert (code, err) == (0, "")


def test_refuses_to_write_inside_the_docs_folder(tmp_path: Path) -> None:
    code, _, err = run("kit", str(EXAMPLE), "-o", str(ROOT / "docs" / "kits" / "amara"))
    assert code == 1
    assert "inside the handbook's docs folder" in err
    assert not (ROOT / "docs" / "kits").exists()


def test_the_docs_folder_rule_is_the_kit_writers_not_the_clis(
    tmp_path: Path, playbook: Any
) -> None:
    # A copy of the handbook in a temporary folder stands in for the repository: the test
    # never points --force at the real one.
    from playbook_tools.errors import PlaybookError
    from playbook_tools.kit.candidate import load_candidate
    from playbook_tools.kit.writer import write_kit

    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    (repo / "kit.json").write_text('{"kit": 1}', encoding="utf-8")  # even one that looks like a kit
    (repo / "README.md").write_text("the handbook", encoding="utf-8")
    copy = dataclasses.replace(playbook, srcdir=repo / "docs")
    candidate = load_candidate(EXAMPLE, playbook)
    for out, message in ((repo / "docs" / "kits" / "amara", "is inside the handbook's docs"),
                         (repo, "holds the handbook's docs folder")):
        with pytest.raises(PlaybookError, match=message):
            write_kit(candidate, copy, out, force=True, paper="a4", kit_display=str(out))
    assert sorted(p.name for p in repo.iterdir()) == ["README.md", "docs", "kit.json"]
    assert not any((repo / "docs").iterdir())


def test_kit_folders_are_git_ignored() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/kits/" in ignored




def test_a_kit_anywhere_cannot_be_committed_by_accident(tmp_path: Path) -> None:
    # Not under kits/: somewhere the repository's own .gitignore does not cover.
    out = tmp_path / "repo" / "somewhere" / "amara"
    assert run("kit", str(EXAMPLE), "-o", str(out))[0] == 0
    assert (out / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    (tmp_path / "repo" / "visible.txt").write_text("tracked", encoding="utf-8")
    assert git_untracked(tmp_path / "repo") == ["?? visible.txt"]


# --------------------------------------------------------------------------------------------
# Bad input: one line naming the file and the field, exit 1, no kit


def _set(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: data.__setitem__(key, value)


def _interviewer(index: int, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: data["interviewers"][index].__setitem__(key, value)


BAD_INPUT = [
    ("missing field", lambda d: d.pop("role"), "field 'role'", "is missing"),
    ("bad time zone", _set("timezone", "Mars/Base"), "field 'timezone'",
     "'Mars/Base' is not an IANA time zone such as 'Europe/Berlin'"),
    # A folder of the zone database: zoneinfo raises IsADirectoryError, not "not found".
    ("time zone that is a folder", _set("timezone", "America"), "field 'timezone'",
     "'America' is not an IANA time zone such as 'Europe/Berlin'"),
    ("time zone that is a nested folder", _set("timezone", "America/Argentina"),
     "field 'timezone'", "'America/Argentina' is not an IANA time zone"),
    ("time zone that leaves the database", _set("timezone", "../zoneinfo/UTC"),
     "field 'timezone'", "is not an IANA time zone"),
    ("past midnight", _set("start", "21:30"), "field 'interviewers[1].minutes'",
     "the day would run past midnight (to 00:45 on 2027-03-10)"),
    ("follow-up past midnight", _set("start", "20:00"), "field 'followup_minutes'",
     "past midnight (to 00:30 on 2027-03-10)"),
    ("no areas", _interviewer(1, "areas", []), "field 'interviewers[1].areas'",
     "give at least one area of the scorecard"),
    ("unknown area", _interviewer(0, "areas", ["problem-solving", "debugging"]),
     "field 'interviewers[0].areas[1]'", "unknown area 'debugging'; the scorecard "
     "'pairing-engineer' has: problem-solving, testing-and-code-quality"),
    ("duplicate interviewer", _interviewer(1, "name", "jonas lindqvist"),
     "field 'interviewers[1].name'", "'jonas lindqvist' is listed twice"),
    ("bad email", _interviewer(0, "email", "jonas@"), "field 'interviewers[0].email'",
     "'jonas@' is not an email address (it needs a name, an @ and a domain with a dot)"),
    ("bad candidate email", _set("email", "amara at example.org"), "field 'email'",
     "not an email address"),
    ("closes the loop is a stranger", _set("closes_loop", "Someone Else"), "field 'closes_loop'",
     "must be the hiring manager, the coordinator or an interviewer"),
    ("bad date", _set("date", "9 March 2027"), "field 'date'", "write it as YYYY-MM-DD"),
    ("unknown field", _set("timezon", "Europe/Berlin"), "field 'timezon'", "unknown field"),
    ("start skipped by the clocks", lambda d: d.update(date="2027-03-28", start="02:30",
                                                       confirm_by="2027-03-20"),
     "field 'start'", "02:30 does not exist on 2027-03-28 in Europe/Berlin"),
    ("area nobody covers", _interviewer(1, "areas", ["learning-and-feedback"]),
     "field 'interviewers'", "nobody covers the area 'collaboration-and-communication'"),
]


@pytest.mark.parametrize(("change", "field", "message"), [c[1:] for c in BAD_INPUT],
                         ids=[c[0] for c in BAD_INPUT])
def test_bad_candidate_file(tmp_path: Path, change: Callable[[dict[str, Any]], None],
                            field: str, message: str) -> None:
    source = candidate_file(tmp_path, change)
    out = tmp_path / "kits" / "amara"
    code, stdout, err = run("kit", str(source), "-o", str(out))
    assert (code, stdout) == (1, "")
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"{source}:")
    assert field in err and message in err, err
    assert not (tmp_path / "kits").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["amara.yaml"]


def test_unquoted_time_is_read_as_written(tmp_path: Path) -> None:
    source = candidate_file(tmp_path)
    text = source.read_text(encoding="utf-8").replace("start: 09:30", "start: 10:30")
    text = text.replace("start: '09:30'", "start: 10:30")
    assert "start: 10:30\n" in text  # YAML 1.1 reads this as the number 630
    source.write_text(text, encoding="utf-8")
    code, _, err = run("kit", str(source), "-o", str(tmp_path / "kit"))
    assert (code, err) == (0, "")
    body = text_of(parse_eml(tmp_path / "kit" / "emails" / "invitation.eml"))
    assert "Time:     10:30 to 13:45 (Europe/Berlin)" in body


def test_not_yaml_names_the_line(tmp_path: Path) -> None:
    source = tmp_path / "amara.yaml"
    source.write_text("name: Amara\nemail: [unclosed\n", encoding="utf-8")
    code, _, err = run("kit", str(source), "-o", str(tmp_path / "kit"))
    assert code == 1
    assert err.startswith(f"playbook: error: {source}:") and "not valid YAML" in err
    assert len(err.splitlines()) == 1


# --------------------------------------------------------------------------------------------
# The round trip: kit, filled forms, decide, record


def fill(path: Path, ratings: dict[str, str], flags: list[str],
         no_evidence: tuple[str, ...] = ()) -> None:
    """Fill a form as an interviewer would, but programmatically: load, set, dump."""
    data = plain(load_yaml_file(path))
    for area, rating in ratings.items():
        evidence = "" if area in no_evidence else f"Evidence for {area}."
        data["areas"][area] = {"evidence": evidence, "rating": rating}
    data["flags"] = flags
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_round_trip_kit_forms_decide_record(tmp_path: Path) -> None:
    kit = tmp_path / "kits" / "amara"
    assert run("kit", str(EXAMPLE), "-o", str(kit))[0] == 0
    jonas = kit / "interviewers" / "jonas-lindqvist" / "scorecard.yaml"
    aisha = kit / "interviewers" / "aisha-bello" / "scorecard.yaml"

    fill(jonas, {"problem-solving": "yes", "testing-and-code-quality": "no"}, ["lacks-humility"])
    code, out, err = run("decide", "--kit", str(kit))
    assert (code, out) == (1, "")
    assert "1 of 2 scorecards are in; waiting for Aisha Bello" in err

    # DESIGN.md: "Each rating needs written evidence." A bare rating sends the form back.
    fill(aisha, {"collaboration-and-communication": "strong-yes",
                 "learning-and-feedback": "yes"}, [], no_evidence=("learning-and-feedback",))
    code, out, err = run("decide", "--kit", str(kit))
    assert (code, out) == (1, "")
    assert err.startswith(f"{aisha}:") and len(err.splitlines()) == 1, err
    assert "field 'areas.learning-and-feedback.evidence'" in err
    assert "the rating 'yes' needs written evidence" in err

    fill(aisha, {"collaboration-and-communication": "strong-yes",
                 "learning-and-feedback": "yes"}, ["lacks-humility", "curious"])
    code, out, err = run("decide", "--kit", str(kit), "--json")
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["candidate"] == {"name": "Amara Okafor", "email": "amara.okafor@example.org",
                                   "role": "Backend Engineer"}
    assert (result["proposal"]["outcome"], result["proposal"]["rule"]) == ("reject", 1)
    assert result["flags"][0] == {"flag": "lacks-humility", "kind": "concern", "pattern": True,
                                  "interviewers": ["Aisha Bello", "Jonas Lindqvist"]}

    # The room hears more and asks for more information on testing.
    record_dir = kit / "decision"
    code, out, err = run("decide", "--kit", str(kit), "--record", "--outcome", "more-info",
                         "--explore", "testing-and-code-quality", "--by", "2027-03-10",
                         "--note", "Jonas's session ran short; testing was barely covered.",
                         "-o", str(record_dir))
    assert (code, err) == (0, ""), err
    assert (f"recorded: {record_dir}/decision.md, {record_dir}/outcome.eml, "
            f"{record_dir}/reminder.ics") in out
    record = (record_dir / "decision.md").read_text(encoding="utf-8")
    assert record.startswith("# Decision: Amara Okafor, Backend Engineer\n")
    assert "- **Outcome:** Need more information. The room decided differently from the " \
           "proposal (Reject)." in record
    assert "- **Tells the candidate:** Grace Mensah\n" in record
    assert "- **By:** Wednesday 10 March 2027 (2027-03-10)" in record
    assert "## Areas to explore on the return visit\n\n- Testing and code quality: " \
           "Jonas Lindqvist: no" in record
    assert "| Testing and code quality | clear no | Jonas Lindqvist: no |" in record
    assert "- lacks-humility (concern): Aisha Bello, Jonas Lindqvist (noted by two or more)" in record

    assert "- **Outcome email to check and send:** `outcome.eml`" in record
    message = parse_eml(record_dir / "outcome.eml")
    assert message["To"] == "Amara Okafor <amara.okafor@example.org>"
    assert message["From"] == "Grace Mensah <grace.mensah@example.com>"
    assert message["Subject"] == \
        "Your Backend Engineer interviews at Example Co: one more conversation"
    body = message.get_content()
    assert body.startswith("Hi Amara Okafor,\n")
    assert "what we saw was\nmixed or incomplete:\n\n- testing and code quality\n" in body
    assert body.rstrip().endswith("Grace Mensah\nThe Example Co hiring team")

    # A second record needs --force, and then replaces the first: one outcome email, never
    # a stale one beside it (nor one an earlier version wrote as outcome-<outcome>.eml).
    code, _, err = run("decide", "--kit", str(kit), "--record", "--outcome", "reject",
                       "-o", str(record_dir))
    assert code == 1 and "exists; pass --force" in err
    (record_dir / "outcome-more-info.eml").write_bytes((record_dir / "outcome.eml").read_bytes())
    code, out, err = run("decide", "--kit", str(kit), "--record", "--outcome", "reject",
                         "-o", str(record_dir), "--force")
    assert (code, err) == (0, ""), err
    assert sorted(p.name for p in record_dir.iterdir()) == [".gitignore", "decision.md",
                                                             "outcome.eml", "reminder.ics"]
    assert parse_eml(record_dir / "outcome.eml")["Subject"] == \
        "Your application for the Backend Engineer role at Example Co"
    assert "- **Outcome:** Reject. The room followed the proposal." in \
        (record_dir / "decision.md").read_text(encoding="utf-8")

    # A form from someone outside the kit is refused.
    stranger = tmp_path / "stranger.yaml"
    stranger.write_text(jonas.read_text(encoding="utf-8").replace(
        "interviewer: Jonas Lindqvist", "interviewer: Kim Park"), encoding="utf-8")
    code, _, err = run("decide", "--kit", str(kit), str(stranger), str(aisha))
    assert code == 1
    assert f"{stranger}: field 'interviewer': 'Kim Park' is not an interviewer" in err


def _without(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda data: {k: v for k, v in data.items() if k != key}


def _with(change: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], Any]:
    def apply(data: dict[str, Any]) -> Any:
        change(data)
        return data
    return apply


BAD_MANIFEST = [
    ("a list", lambda data: [data], "kit.json: field '(top level)': expected a mapping of "
     "fields; rebuild the kit with `playbook kit`"),
    ("another version", _with(lambda d: d.update(kit=2)),
     "kit.json: field 'kit': this playbook reads version 1"),
    ("no interviewers", _without("interviewers"),
     "kit.json: field 'interviewers': is missing"),
    ("candidate is text", _with(lambda d: d.update(candidate="Amara")),
     "kit.json: field 'candidate': expected a mapping of fields"),
    ("no role", _with(lambda d: d["candidate"].pop("role")),
     "kit.json: field 'candidate.role': is missing"),
    ("bad date", _with(lambda d: d.update(outcome_by="16/03/2027")),
     "kit.json: field 'outcome_by': '16/03/2027' is not a date; write it as YYYY-MM-DD"),
    ("areas not a list", _with(lambda d: d["interviewers"][1].update(areas="testing")),
     "kit.json: field 'interviewers[1].areas': expected a list of area ids"),
    ("form outside the kit", _with(lambda d: d["interviewers"][0].update(form="../x.yaml")),
     "kit.json: field 'interviewers[0].form': expected a path inside the kit folder"),
    ("closes_loop without email", _with(lambda d: d["closes_loop"].pop("email")),
     "kit.json: field 'closes_loop.email': is missing"),
    ("a bad address", _with(lambda d: d["closes_loop"].update(email="grace..m@example.com")),
     "kit.json: field 'closes_loop.email': 'grace..m@example.com' is not an email address"),
]


@pytest.mark.parametrize(("change", "message"), [c[1:] for c in BAD_MANIFEST],
                         ids=[c[0] for c in BAD_MANIFEST])
def test_a_damaged_kit_json_is_one_line(kit: Path, tmp_path: Path,
                                        change: Callable[[dict[str, Any]], Any],
                                        message: str) -> None:
    copy = tmp_path / "amara"
    shutil.copytree(kit, copy)
    data = json.loads((copy / "kit.json").read_text(encoding="utf-8"))
    (copy / "kit.json").write_text(json.dumps(change(data)), encoding="utf-8")
    code, out, err = run("decide", "--kit", str(copy))
    assert (code, out) == (1, "")
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    assert err.startswith(f"playbook: error: {copy}/kit.json:")
    assert message in err, err


def test_the_handbook_page_shows_the_example_these_tests_use() -> None:
    page = (ROOT / "docs" / "tools" / "command-line.md").read_text(encoding="utf-8")
    assert "```{literalinclude} ../examples/candidate.yaml\n" in page
    assert (ROOT / "docs" / "tools" / "../examples/candidate.yaml").resolve() == EXAMPLE
    conf = (ROOT / "conf.py").read_text(encoding="utf-8")
    exclude = conf.split("exclude_patterns = ", 1)[1].splitlines()[0]
    assert '"examples"' in exclude  # Sphinx never reads the example as a page


def test_interviewer_folders_are_safe_names(tmp_path: Path) -> None:
    def rename(data: dict[str, Any]) -> None:
        data["interviewers"][0]["name"] = "Tomás Núñez"
        data["interviewers"][1]["name"] = "../../Tomas Nunez"

    source = candidate_file(tmp_path, rename)
    code, _, err = run("kit", str(source), "-o", str(tmp_path / "kit"))
    assert (code, err) == (0, "")
    assert sorted(p.name for p in (tmp_path / "kit" / "interviewers").iterdir()) == [
        "tomas-nunez", "tomas-nunez-2"]
    form = load_yaml_file(tmp_path / "kit" / "interviewers" / "tomas-nunez-2" / "scorecard.yaml")
    assert form["interviewer"] == "../../Tomas Nunez"


def test_default_outcome_date_skips_weekends() -> None:
    import datetime as dt

    from playbook_tools.dates import add_working_days

    tuesday = dt.date(2027, 3, 9)
    assert add_working_days(tuesday, 5) == dt.date(2027, 3, 16)
    assert add_working_days(dt.date(2027, 3, 12), 1) == dt.date(2027, 3, 15)  # Friday -> Monday


def test_force_never_replaces_filled_scorecards_or_a_record(tmp_path: Path) -> None:

    kit = tmp_path / "kit"
    argv = ["--docs", DOCS, "kit", str(EXAMPLE), "-o", str(kit)]
    assert main(argv, io.StringIO(), io.StringIO()) == 0
    form = next(kit.glob("interviewers/*/scorecard.yaml"))
    form.write_text(form.read_text().replace("rating:   #", "rating: yes  #", 1))
    err = io.StringIO()
    assert main([*argv, "--force"], io.StringIO(), err) == 1
    assert "scorecard.yaml was changed since the kit was written" in err.getvalue()
    assert "rating: yes" in form.read_text()


def test_a_fork_can_reword_the_kit_readme(tmp_path: Path) -> None:
    import shutil

    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs, ignore=shutil.ignore_patterns("_build"))
    shutil.copy(ROOT / "conf.py", tmp_path / "conf.py")
    (docs / "templates" / "kit").mkdir()
    (docs / "templates" / "kit" / "README.md.j2").write_text(
        "# Kit for {{ name }}\n\nOur own words. Decide by {{ outcome_by }}.\n")
    code, _, err = run_playbook("kit", str(EXAMPLE), "-o", str(tmp_path / "kit"), docs=docs)
    assert (code, err) == (0, "")
    assert (tmp_path / "kit" / "README.md").read_text() == (
        "# Kit for Amara Okafor\n\nOur own words. Decide by Thursday 11 March 2027.\n")
    # The interviewers' READMEs keep the package's wording.
    assert "your part in Amara Okafor's interview day" in next(
        (tmp_path / "kit" / "interviewers").glob("*/README.md")).read_text()


def test_letters_without_a_plain_form_are_kept_in_folder_names(tmp_path: Path) -> None:
    def rename(data: dict[str, Any]) -> None:
        data["interviewers"][0]["name"] = "Åsa Øberg"
        data["interviewers"][1]["name"] = "李娜"

    code, _, err = run("kit", str(candidate_file(tmp_path, rename)), "-o", str(tmp_path / "kit"))
    assert (code, err) == (0, "")
    assert sorted(p.name for p in (tmp_path / "kit" / "interviewers").iterdir()) == [
        "asa-øberg", "李娜"]
