"""`playbook decide` speaks the team's language (issue 21): a German team's report, decision.md
and reminder are German, with the same proposal, rule, ratings and dates as the English ones,
and the English output stays as it was. The outcome e-mail follows the candidate's language.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import icalendar
import pytest
import yaml
from babel.messages.pofile import read_po

from playbook_tools.yamlsource import load_yaml_file
from tests.conftest import DOCS, run_playbook
from tests.english import english_sentences
from tests.helpers import parse_eml, plain

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = DOCS / "examples" / "candidate.yaml"
CATALOG = ROOT / "locale" / "de" / "LC_MESSAGES" / "playbook.po"
JONAS = "interviewers/jonas-lindqvist/scorecard.yaml"
AISHA = "interviewers/aisha-bello/scorecard.yaml"


def fill(path: Path, ratings: dict[str, str], flags: list[str]) -> None:
    data = plain(load_yaml_file(path))
    for area, rating in ratings.items():
        data["areas"][area] = {"evidence": f"Die Person hat im Bereich {area} gut gearbeitet.",
                               "rating": rating}
    data["flags"] = flags
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def german_kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example candidate's kit for a German team (the candidate reads English), with both
    scorecards filled in: a clear no, a yes, a strong yes, a vague area and a shared flag."""
    kit = tmp_path_factory.mktemp("german") / "kits" / "amara"
    code, _, err = run_playbook("kit", str(EXAMPLE), "-o", str(kit), "--team-lang", "de")
    assert (code, err) == (0, ""), err
    fill(kit / JONAS, {"problem-solving": "yes", "testing-and-code-quality": "no"},
         ["lacks-humility"])
    fill(kit / AISHA, {"collaboration-and-communication": "strong-yes",
                       "learning-and-feedback": "unsure"}, ["lacks-humility", "curious"])
    return kit


def a_copy(kit: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "kits" / "amara"
    shutil.copytree(kit, copy)
    return copy


def test_the_kit_remembers_the_teams_language(german_kit: Path) -> None:
    manifest = json.loads((german_kit / "kit.json").read_text(encoding="utf-8"))
    assert (manifest["team_language"], manifest["language"]) == ("de", "en")


def test_a_german_teams_report_is_german(german_kit: Path) -> None:
    code, out, err = run_playbook("decide", "--kit", str(german_kit))  # the kit's language
    assert (code, err) == (0, ""), err
    assert "Vorgeschlagenes Ergebnis: Absagen (Regel 1)" in out
    assert "Ein eindeutiges Nein bei Testen und Codequalität (Jonas Lindqvist: Nein)." in out
    assert "Signale, die zwei oder mehr Interviewende notiert haben:\n  zeigt keine Demut " \
           "(Bedenken): Aisha Bello, Jonas Lindqvist" in out
    assert "  Lernen und Umgang mit Feedback: vage (nur unsicher)\n    Aisha Bello: unsicher" in out
    assert not english_sentences(out), english_sentences(out)
    # --lang overrides the kit: the same proposal in English, ratings as the forms write them.
    code, english, err = run_playbook("decide", "--kit", str(german_kit), "--lang", "en")
    assert (code, err) == (0, ""), err
    assert "Proposed outcome: Reject (rule 1)" in english
    assert "  Testing and code quality: clear no\n    Jonas Lindqvist: no" in english


def test_the_json_differs_only_in_the_words(german_kit: Path) -> None:
    """Numbers, ids and ratings are the same in every language; only the label and the reason
    (and the area titles, from the translated scorecard) are in the team's words."""
    results = {}
    for language in ("en", "de"):
        code, out, err = run_playbook("decide", "--kit", str(german_kit), "--json",
                                      "--lang", language)
        assert (code, err) == (0, ""), err
        results[language] = json.loads(out)
    en, de = results["en"], results["de"]
    assert de["proposal"]["label"] == "Absagen"
    assert de["proposal"]["reason"].startswith("Ein eindeutiges Nein")

    def facts(result: dict[str, Any]) -> Any:
        return ({k: v for k, v in result["proposal"].items() if k not in ("label", "reason")},
                [(a["id"], a["state"], a["ratings"]) for a in result["areas"]],
                result["flags"], result["to_explore"], result["scorecards"], result["missing"])

    assert facts(de) == facts(en)


def test_a_german_teams_record_and_reminder_are_german(german_kit: Path, tmp_path: Path) -> None:
    kit = a_copy(german_kit, tmp_path)
    record = tmp_path / "decision"
    code, out, err = run_playbook(
        "decide", "--kit", str(kit), "--record", "--outcome", "more-info",
        "--explore", "testing-and-code-quality", "--by", "2027-03-10",
        "--note", "Die Session von Jonas war zu kurz; Testen kam kaum vor.", "-o", str(record))
    assert (code, err) == (0, ""), err
    assert f"festgehalten: {record}/decision.md, {record}/outcome.eml, {record}/reminder.ics" \
        in out
    assert "Einstellungsdaten: Besuch " in out
    assert not english_sentences(out), english_sentences(out)

    text = (record / "decision.md").read_text(encoding="utf-8")
    assert text.startswith("# Entscheidung: Amara Okafor, Backend Engineer\n")
    assert "- **Ergebnis:** Mehr Informationen nötig. Die Runde hat anders entschieden als " \
           "vorgeschlagen (Absagen)." in text
    assert "- **Ergebnisfrist:** Mittwoch, 10. März 2027 (2027-03-10)" in text
    assert "| Testen und Codequalität | eindeutiges Nein | Jonas Lindqvist: Nein |" in text
    assert "## Zu vertiefende Bewertungsbereiche beim zweiten Termin" in text
    assert not english_sentences(text), english_sentences(text)

    calendar = icalendar.Calendar.from_ical((record / "reminder.ics").read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == "Ergebnis: Amara Okafor"
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == \
        "Amara Okafor das Ergebnis mitteilen (Mehr Informationen nötig)"
    assert event.decoded("DTSTART").isoformat() == "2027-03-10"
    words = [str(event["SUMMARY"]), str(event["DESCRIPTION"])]
    assert "Das Ergebnis mitteilen" in words[1]  # decision.md's heading, as the record names it
    assert not [s for w in words for s in english_sentences(w)]

    # The candidate reads English: the outcome e-mail follows the candidate's language.
    message = parse_eml(record / "outcome.eml")
    assert str(message["Subject"]).startswith("Your Backend Engineer interviews")


def test_an_english_record_of_the_same_kit_is_unchanged(german_kit: Path,
                                                         tmp_path: Path) -> None:
    kit = a_copy(german_kit, tmp_path)
    record = tmp_path / "decision"
    code, out, err = run_playbook("decide", "--kit", str(kit), "--lang", "en", "--record",
                                  "--outcome", "reject", "-o", str(record))
    assert (code, err) == (0, ""), err
    assert f"recorded: {record}/decision.md" in out
    text = (record / "decision.md").read_text(encoding="utf-8")
    assert text.startswith("# Decision: Amara Okafor, Backend Engineer\n")
    assert "- **Outcome:** Reject. The room followed the proposal." in text
    calendar = icalendar.Calendar.from_ical((record / "reminder.ics").read_bytes())
    assert str(calendar.walk("VEVENT")[0]["SUMMARY"]) == "Tell Amara Okafor the outcome (Reject)"


def test_an_unknown_team_language_in_kit_json_is_one_line(german_kit: Path,
                                                           tmp_path: Path) -> None:
    kit = a_copy(german_kit, tmp_path)
    manifest = json.loads((kit / "kit.json").read_text(encoding="utf-8"))
    manifest["team_language"] = "xx"
    (kit / "kit.json").write_text(json.dumps(manifest), encoding="utf-8")
    code, out, err = run_playbook("decide", "--kit", str(kit))
    assert (code, out) == (1, "")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert "kit.json: field 'team_language': 'xx'" in err and "--lang" in err
    assert run_playbook("decide", "--kit", str(kit), "--lang", "en")[0] == 0


def test_every_word_of_decide_is_in_the_catalog_and_translated(tmp_path: Path) -> None:
    """`playbook messages` extracts decide's words (the report's, the record layout's, the
    reminder's), and the German catalog translates each one."""
    pot = tmp_path / "playbook.pot"
    code, _, err = run_playbook("messages", "-o", str(pot))
    assert (code, err) == (0, ""), err
    with pot.open("rb") as stream:
        extracted = {m.id for m in read_po(stream) if m.id}
    from playbook_tools.decide.report import MESSAGES
    from playbook_tools.render.layouts import layout_messages

    ours = {*MESSAGES, *(text for text, where in layout_messages(DOCS / "templates")
                         if where in ("templates/decide/decision.md.j2",
                                      "templates/kit/event-outcome-reminder.txt.j2"))}
    assert "Decision: %(candidate)s, %(role)s" in ours
    assert "Tell %(candidate)s the outcome (%(outcome)s)" in ours
    assert ours <= extracted, ours - extracted
    with CATALOG.open("rb") as stream:
        german = read_po(stream, locale="de")
    untranslated = sorted(m for m in ours if not getattr(german.get(m), "string", ""))
    assert not untranslated, untranslated
