"""One handbook that never contradicts itself (issue 11).

The handbook's pages, artifacts and e-mail templates are checked against each other and against
the code: figures that conf.py owns are substituted, never typed; example people do not share
surnames; every stage goes by the process page's name; and every e-mail the scheduling page
promises exists as a template. Each check reads the real docs.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from playbook_tools.model.artifacts import EmailTemplate, Playbook, Scorecard
from playbook_tools.vocabulary import STAGES
from playbook_tools.yamlsource import load_yaml_file
from tests.conftest import DOCS

EXAMPLES = DOCS / "examples"


def pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if "_templates" not in p.parts)


def sources() -> list[Path]:
    """Everything a reader sees: pages, artifact YAML, e-mail templates and the examples."""
    return [*pages(), *sorted((DOCS / "playbook").rglob("*.yaml")),
            *sorted((DOCS / "templates" / "email").glob("*.j2")),
            *sorted(p for p in EXAMPLES.iterdir() if p.is_file())]


def name_of(path: Path) -> str:
    return path.relative_to(DOCS).as_posix()


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def line_number(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


# --------------------------------------------------------------------------------------------
# (1) Figures conf.py owns are substituted ({{ pairing_minutes }}), never stated by hand

NUMBER = (r"(?:\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
          r"|fifteen|twenty|thirty|forty(?:[- ]five)?|fifty|sixty|seventy|eighty|ninety)")
HAND_STATED: dict[str, re.Pattern[str]] = {
    # "60 minutes", "30-minute notes block", "ten to fifteen minutes", "45 min"
    "a duration in minutes": re.compile(
        rf"\b{NUMBER}(?:\s*(?:to|or|-|\u2013)\s*{NUMBER})?[\s-]+min(?:ute)?s?\b", re.I),
    # "an hour", "the pairing hour", "half an hour", "hour-long": the pairing is
    # {{ pairing_minutes }} minutes, and no other figure is measured in hours.
    "a duration in hours": re.compile(r"(?<!24-)\b(?:half[\s-]+an?[\s-]+)?hours?(?:-long)?\b",
                                      re.I),
    # "two working days", "five business days": the promised outcome date is {{ reply_days }}.
    "a number of working days": re.compile(
        rf"\b{NUMBER}[\s-]+(?:working|business|week)[\s-]?days?\b", re.I),
}
# "one working day" is the aim for closing the loop, not a figure that conf.py owns.
ALWAYS_ALLOWED = {"one working day"}
# (file, text) pairs that state a duration no figure owns yet. Each one is a known gap.
KNOWN_EXCEPTIONS = {
    # An example artifact on the maintainers' page, outside issue 11's files (reported).
    ("customising.md", "hour"),
}


def hand_stated(text: str) -> Iterator[tuple[str, str, int]]:
    """(what, the words, line) for every figure written out instead of substituted."""
    for what, pattern in HAND_STATED.items():
        for match in pattern.finditer(text):
            words = " ".join(match.group(0).split())
            if words.lower() not in ALWAYS_ALLOWED:
                yield what, words, line_number(text, match.start())


@pytest.mark.parametrize("bad", [
    "The pairing lasts 60 minutes.", "Pair for exactly one hour.", "a 30-minute notes block",
    "the retrospective takes ten to fifteen minutes", "about half an hour", "within 45 min",
    "never later than two working days", "we promise five working days", "the pairing hour",
])
def test_the_figure_check_finds_a_hand_stated_figure(bad: str) -> None:
    assert list(hand_stated(bad)), bad


@pytest.mark.parametrize("good", [
    "The pairing lasts {{ pairing_minutes }} minutes.", "a {{ notes_minutes }}-minute block",
    "within one working day", "at most {{ reply_days }} working days", "a few minutes",
    "several minutes", "`HH:MM` on a 24-hour clock",
])
def test_the_figure_check_allows_substitutions(good: str) -> None:
    assert not list(hand_stated(good)), good


def test_no_page_artifact_or_template_states_a_figure_by_hand() -> None:
    found = []
    for path in sources():
        for what, words, line in hand_stated(read(path)):
            if (name_of(path), words.lower()) not in KNOWN_EXCEPTIONS:
                found.append(f"{name_of(path)}:{line}: {what} ({words!r}); write the figure "
                             "as a substitution such as {{ pairing_minutes }}")
    assert not found, "\n".join(found)


# One name for each date, and one way of ticking a flag (issue 11, contradictions 4 and 8).
RETIRED_WORDS = {
    r"\breply[- ]date\b": "say 'confirm-by date' or 'outcome date'",
    r"\breply[-_ ]by date\b|\breply_by\b": "the field is confirm_by: the 'confirm-by date'",
    r"\bdecision_by\b": "the outcome date is outcome_by",
    r"\beven if you are not sure\b": "tick a flag for what you saw plainly, not what you suspect",
    r"\bleans against\b": "a no is a clear no for that area, not a lean",
}


def test_retired_words_are_gone() -> None:
    found = []
    for path in sources():
        text = read(path)
        for pattern, instead in RETIRED_WORDS.items():
            for match in re.finditer(pattern, text, re.I):
                found.append(f"{name_of(path)}:{line_number(text, match.start())}: "
                             f"{match.group(0)!r}: {instead}")
    assert not found, "\n".join(found)


# --------------------------------------------------------------------------------------------
# (2) Example people vary: no two of them share a surname

PARTICLES = {"al", "el", "de", "da", "del", "der", "van", "von", "bin", "ibn", "le", "la"}
# Names in command lines on the pages: --owner "Grace Mensah", --set coordinator_name='Jo Park'
COMMAND_LINE_NAMES = re.compile(
    r"""--(?:owner|candidate)\s+(["'])(?P<a>[^"']+)\1|\b\w+_name=(["'])(?P<b>[^"']+)\3""")


def plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def surname_parts(full_name: str) -> set[str]:
    """'Fatima Al-Sayed' -> {'sayed'}; 'Grace Mensah-Bonsu' -> {'mensah', 'bonsu'}."""
    last = plain(full_name).split()[-1]
    return {part for part in re.split(r"[-']", last) if len(part) > 2 and part not in PARTICLES}


def example_people(playbook: Playbook) -> list[tuple[str, str]]:
    """(full name, where) for every example person the content names in a parseable place."""
    people: list[tuple[str, str]] = []
    candidate = load_yaml_file(EXAMPLES / "candidate.yaml")
    people += [(candidate["name"], "examples/candidate.yaml: name"),
               (candidate["closes_loop"], "examples/candidate.yaml: closes_loop")]
    people += [(p["name"], "examples/candidate.yaml: interviewers")
               for p in candidate["interviewers"]]
    people += [(candidate[k]["name"], f"examples/candidate.yaml: {k}")
               for k in ("coordinator", "hiring_manager")]
    filled = load_yaml_file(EXAMPLES / "filled-scorecard.yaml")
    people += [(filled[k], f"examples/filled-scorecard.yaml: {k}")
               for k in ("candidate", "interviewer")]
    with (EXAMPLES / "merge.csv").open(encoding="utf-8-sig", newline="") as rows:
        for number, row in enumerate(csv.DictReader(rows), start=1):
            people += [(value, f"examples/merge.csv: row {number}, {column}")
                       for column, value in row.items() if column.endswith("_name")]
    for artifact in playbook:
        if isinstance(artifact, EmailTemplate):
            people += [(v.example, f"emails/{artifact.id}.yaml: {v.name}")
                       for v in artifact.variables if v.name.endswith("_name")]
    for page in pages():
        for match in COMMAND_LINE_NAMES.finditer(read(page)):
            people.append((match.group("a") or match.group("b"), name_of(page)))
    return people


def test_example_people_do_not_share_a_surname(playbook: Playbook) -> None:
    people = example_people(playbook)
    assert len({plain(name) for name, _ in people}) >= 15, "the parser found too few names"
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for name, where in people:
        for part in surname_parts(name):
            first = seen.setdefault(part, (name, where))
            if plain(first[0]) != plain(name):
                clashes.append(f"{name!r} ({where}) and {first[0]!r} ({first[1]}) share "
                               f"the surname {part!r}; choose another name for one of them")
    assert not clashes, "\n".join(clashes)


def test_the_surname_check_catches_a_shared_surname() -> None:
    assert surname_parts("Grace Mensah") & surname_parts("Kofi Mensah-Bonsu")
    assert surname_parts("Wei Chén") & surname_parts("Mei Chen")
    assert not surname_parts("Fatima Al-Sayed") & surname_parts("Omar Al-Amin")


# --------------------------------------------------------------------------------------------
# (3) Every page calls each stage by the process page's name (vocabulary.STAGES)

STAGE_NAMES = list(STAGES.values())
# Other names the stages have gone by. Each is wrong wherever it stands for a stage.
STAGE_ALIASES: dict[str, str] = {
    r"\bone[- ]over\b": "The 1-over",
    r"\b1[- ]over interviews?\b": "The 1-over",
    r"\bdebrief(?:s|ing)?\b": "The follow-up session",
    r"\bfollow[- ]?up (?:meeting|call)s?\b": "The follow-up session",
    r"\bfollowup\b|\bfollow up session\b": "The follow-up session",
    r"\bpost-interview (?:session|meeting)\b|\bwash-?up\b": "The follow-up session",
    r"\bretro\b": "The retrospective",
    r"\bclose-?out\b": "Closing the loop",
}
# Ids, code, labels and link targets are names for machines, not for readers.
NOT_PROSE = [
    re.compile(r"^\s*(?:kind|id|stage|page|body|audience|sender):.*$", re.M),  # artifact keys
    re.compile(r"^```\{[^}]+\}.*$", re.M),  # directive lines: ```{playbook-email} id
    re.compile(r"^\([\w-]+\)=$", re.M),  # labels: (one-over-two-whys)=
    re.compile(r"^[a-z0-9_/-]+$", re.M),  # toctree entries: deciding/one-over
    re.compile(r"\{[\w:-]+\}`[^`]*`"),  # roles: {doc}`/deciding/one-over`
    re.compile(r"``[^`]*``|`[^`\n]*`"),  # inline code
    re.compile(r"\{\{[^}]*\}\}"),  # substitutions and template variables
    re.compile(r"\]\([^)]*\)"),  # link targets
]


# The sources page quotes the titles of the texts the handbook draws on, as they were published.
SOURCE_TITLES = {("sources.md", "1 Over Interviews")}


def prose(text: str) -> str:
    for pattern in NOT_PROSE:
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def process_stages() -> tuple[list[str], list[str]]:
    """The stage names in the process page's table and in its numbered headings, in order."""
    text = read(DOCS / "process.md")
    rows = re.findall(r"^\| \d+\. ([^|]+?) \|", text, re.M)
    headings = re.findall(r"^### \d+\. (.+?)\s*$", text, re.M)
    return rows, headings


def test_the_process_page_lists_every_stage_by_name_in_order() -> None:
    rows, headings = process_stages()
    assert rows == STAGE_NAMES
    assert headings == STAGE_NAMES


def test_stage_columns_use_the_process_pages_names() -> None:
    wrong = []
    for page in pages():
        for table in re.findall(r"(?:^\|.*\|\n)+", read(page), re.M):
            lines = table.splitlines()
            header = [c.strip().lower() for c in lines[0].strip("|").split("|")]
            if "stage" not in header:
                continue
            column = header.index("stage")
            for line in lines[2:]:
                cell = line.strip("|").split("|")[column].strip()
                stage = re.sub(r"^\d+\.\s*", "", cell)
                if stage not in STAGE_NAMES:
                    wrong.append(f"{name_of(page)}: stage {cell!r} is not one of {STAGE_NAMES}")
    assert not wrong, "\n".join(wrong)


def test_no_stage_goes_by_another_name() -> None:
    found = []
    for path in sources():
        text = prose(read(path))
        for pattern, stage in STAGE_ALIASES.items():
            for match in re.finditer(pattern, text, re.I):
                if (name_of(path), match.group(0)) in SOURCE_TITLES:
                    continue
                found.append(f"{name_of(path)}:{line_number(text, match.start())}: "
                             f"{match.group(0)!r}; the stage is called {stage!r}")
        # "the Follow-up stage": a capitalised name before "stage" must be a stage's name.
        for match in re.finditer(r"\b[Tt]he ([A-Z1][\w-]*(?: [\w-]+){0,2}) stage\b", text):
            named = match.group(1).lower()
            if not any(named in (s.lower(), s.lower().removeprefix("the ")) for s in STAGE_NAMES):
                found.append(f"{name_of(path)}:{line_number(text, match.start())}: "
                             f"{match.group(0)!r} is not one of {STAGE_NAMES}")
    assert not found, "\n".join(found)


def test_the_stage_check_finds_another_name() -> None:
    text = prose("After the debrief comes the one-over. See {doc}`/deciding/one-over`.")
    hits = [p for p in STAGE_ALIASES if re.search(p, text, re.I)]
    assert len(hits) == 2


# --------------------------------------------------------------------------------------------
# (4) Every e-mail the scheduling page's "What to send when" table lists is a template

# Each row of the table, by its "When" cell, and the templates that row sends.
SENT_WHEN: dict[str, tuple[str, ...]] = {
    "As soon as the slots are held": ("invitation",),
    "When the candidate confirms": ("team-schedule",),
    "The day before": ("day-before-reminder",),
    "Whenever a date has to move": ("reschedule",),
    "End of the interview day": ("thanks-next-steps",),
    "By the outcome date": ("outcome-hire", "outcome-reject", "outcome-more-info"),
    "After a Hire has been told": ("one-over-invitation",),
}


def what_to_send_rows() -> list[str]:
    text = read(DOCS / "coordinating" / "scheduling.md")
    section = text.split("## What to send when", 1)[1].split("\n## ", 1)[0]
    table = re.search(r"(?:^\|.*\|\n)+", section, re.M)
    assert table, "the scheduling page has no 'What to send when' table"
    return [line.strip("|").split("|")[0].strip() for line in table.group(0).splitlines()[2:]]


def test_every_email_the_scheduling_table_lists_is_a_template(playbook: Playbook) -> None:
    rows = what_to_send_rows()
    assert rows, "the 'What to send when' table has no rows"
    unmapped = [row for row in rows if row not in SENT_WHEN]
    assert not unmapped, f"rows with no template mapped in this test: {unmapped}"
    stale = sorted(set(SENT_WHEN) - set(rows))
    assert not stale, f"mapped rows that the table no longer has: {stale}"
    emails = {a.id for a in playbook if isinstance(a, EmailTemplate)}
    for row in rows:
        for template_id in SENT_WHEN[row]:
            assert template_id in emails, f"row {row!r}: no e-mail template {template_id!r}"
    listed = {t for ids in SENT_WHEN.values() for t in ids}
    assert emails <= listed, f"templates the table never mentions: {sorted(emails - listed)}"


# --------------------------------------------------------------------------------------------
# Flags: one vocabulary, each flag a strength or a concern, and the pages use it

def test_flags_are_not_area_names_and_pages_use_card_flags(playbook: Playbook) -> None:
    cards = [a for a in playbook if isinstance(a, Scorecard)]
    flags = {flag for card in cards for flag in card.flags}
    areas = {area.id for card in cards for area in card.areas}
    # A flag named like an area ("humility") cannot say whether it is praise or concern.
    assert not flags & areas, sorted(flags & areas)
    named = []
    for path in [*pages(), *sorted(EXAMPLES.glob("*.yaml"))]:
        text = read(path)
        for listed in re.findall(r"\bflags: \[([^\]]*)\]", text):
            named += [(f.strip(), name_of(path)) for f in listed.split(",") if f.strip()]
        named += [(f, name_of(path)) for f in re.findall(r'"flag": "([^"]+)"', text)]
    assert named, "no page shows a flag any more: this check would check nothing"
    unknown = [f"{where}: {flag!r}" for flag, where in named if flag not in flags]
    assert not unknown, f"flags no scorecard lists: {unknown}"


# --------------------------------------------------------------------------------------------
# Rules a page states and a template repeats (review C7, C9, C10, C11): the e-mail a coordinator
# sends without editing a word says what the page says

CLOSING = DOCS / "deciding" / "closing-the-loop.md"
OUTCOME_EMAILS = {"Hire": "outcome-hire", "Need more information": "outcome-more-info",
                  "Reject": "outcome-reject"}
# A body that says a call took place is wrong for a candidate who asked for e-mail alone.
CLAIMS_A_CALL = re.compile(r"call earlier|on the phone|as we (?:discussed|agreed)|when we spoke",
                           re.I)


def section(text: str, heading: str) -> str:
    assert heading in text, f"no section {heading!r}"
    return text.split(heading, 1)[1].split("\n#", 1)[0]


def outcome_bullets() -> dict[str, str]:
    """The closing-the-loop page's rule for each outcome: '- **Hire:** call first, …'."""
    part = section(read(CLOSING), "### Call or email")
    found = dict(re.findall(r"^- \*\*(.+?):\*\* (.+?)(?=^- |\Z)", part, re.M | re.S))
    assert set(found) == set(OUTCOME_EMAILS), sorted(found)
    return {label: " ".join(rule.split()) for label, rule in found.items()}


def test_who_calls_first_is_the_same_on_the_page_and_in_each_outcome_email(
        playbook: Playbook) -> None:
    for label, rule in outcome_bullets().items():
        template = playbook.email(OUTCOME_EMAILS[label])
        calls_first = rule.lower().startswith("call first") and \
            "only if" not in rule.split(".")[0]
        if calls_first:
            assert "right after a phone call" in template.when, (label, template.when)
            assert "email only" in template.when and "prefer email" in rule, \
                f"{label}: the page and the template must both allow e-mail alone"
        else:
            assert "only if the candidate asked" in template.when, (label, template.when)
        assert not CLAIMS_A_CALL.search(template.body_source), \
            f"{template.id}: the body says a call took place; some candidates get no call"


def test_who_proposes_times_is_the_same_on_the_page_and_in_the_template(
        playbook: Playbook) -> None:
    # Need more information: we offer the times (page, checklist and e-mail).
    page = " ".join(section(read(CLOSING), "## When the team needs more information").split())
    assert "offer times" in page
    assert "offer times" in next(item.text for item in playbook.get("closing-the-loop").items
                                 if "Need more information" in item.text)
    body = " ".join(playbook.email("outcome-more-info").body_source.split())
    assert "I will send you a few times" in body
    assert not re.search(r"reply with (?:a few )?(?:days and )?times", body, re.I)
    # We move the day: the candidate chooses first from the dates we offer.
    scheduling = " ".join(read(DOCS / "coordinating" / "scheduling.md").split())
    assert "first choice of new dates" in scheduling
    reschedule = playbook.email("reschedule")
    assert "we have to move the interview ourselves" in reschedule.when
    assert "{{ new_dates }}" in reschedule.body_source
    assert "you choose first" in reschedule.body_source


def test_the_outcome_date_is_one_rule_everywhere(playbook: Playbook) -> None:
    # The promise: by the outcome date at the latest, never later, moved only to an earlier day.
    for template_id in ("invitation", "thanks-next-steps"):
        body = " ".join(playbook.email(template_id).body_source.split())
        assert "by {{ outcome_by }} at the latest" in body, template_id
    for template_id in OUTCOME_EMAILS.values():
        assert playbook.email(template_id).when.startswith("By the outcome date"), template_id
    scheduling = " ".join(read(DOCS / "coordinating" / "scheduling.md").split())
    assert "and never later" in scheduling and "moves only to an earlier date" in scheduling
    closing = " ".join(read(CLOSING).split())
    assert "moves only to an earlier date, never a later one" in closing
    follow_up = " ".join(read(DOCS / "deciding" / "follow-up-session.md").split())
    assert "move the date only to an earlier one" in follow_up
    # No page, template or example speaks of a later outcome date or of extending it.
    later = re.compile(r"(?:extend|postpone|push back)\w* the outcome date|later outcome date",
                       re.I)
    offenders = [name_of(p) for p in sources() if later.search(read(p))]
    assert not offenders, offenders


def test_no_page_or_message_keeps_the_decision_record_in_the_kit() -> None:
    """The kit is deleted when the loop is closed and the record is kept for the retention
    period (review C1), so nothing suggests writing the record into a kit folder."""
    into_kit = re.compile(r"-o\s+\S*kits/\S*decision")
    code = sorted((DOCS.parent / "playbook_tools").rglob("*.py"))
    offenders = [name_of(p) if p.is_relative_to(DOCS) else str(p.relative_to(DOCS.parent))
                 for p in [*sources(), *code] if into_kit.search(read(p))]
    assert not offenders, offenders
    data = " ".join(section(read(DOCS / "coordinating" / "scheduling.md"),
                            "## Looking after the candidate's data").split())
    assert "when the loop is closed" in data and "records/decisions/" in data
    assert "playbook retention" in data
