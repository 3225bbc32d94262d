"""``playbook decide``: the follow-up session's proposed outcome, and the record of the decision.

The rule is ``playbook_tools.decide``; reading the forms is ``playbook_tools.forms``. This module
only gathers the files, enforces "no summary until every scorecard is in", and prints or writes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import textwrap
from email.headerregistry import Address
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playbook_tools.cli.common import Context, add_command
from playbook_tools.decide import OUTCOME_LABELS, STATE_LABELS, Decision
from playbook_tools.errors import PlaybookError

if TYPE_CHECKING:
    from playbook_tools.forms import FilledForm
    from playbook_tools.kit import Manifest
    from playbook_tools.model import Playbook, Scorecard

JSON_FORMAT = "playbook-decision"
JSON_VERSION = 1

DESCRIPTION = """\
Read the filled scorecard forms and propose the follow-up session's outcome by the handbook's
rule: per area, who rated what; flags noted by two or more interviewers first; for Need more
information, the areas to explore. With --kit it knows whose scorecards to expect and shows
nothing until all are in, so nobody is anchored by early ratings (--partial overrides).
With --record it writes the decision the room made: decision.md and the outcome email."""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    decide = add_command(
        commands, "decide", "propose the follow-up outcome from filled scorecards; record it",
        ("playbook decide --kit kits/amara",
         "playbook decide jonas.yaml aisha.yaml --json",
         "playbook decide --kit kits/amara --record --outcome hire --owner 'Grace Mensah' "
         "\\\n      --by 2027-03-14 -o kits/amara/decision"),
        DESCRIPTION,
    )
    decide.add_argument("scorecards", nargs="*", metavar="SCORECARD",
                        help="filled scorecard.yaml forms (default with --kit: every form in it)")
    decide.add_argument("--kit", metavar="DIR",
                        help="the candidate's kit folder: its kit.json says whose scorecards "
                             "to expect")
    decide.add_argument("--partial", action="store_true",
                        help="show the proposal before every expected scorecard is in")
    decide.add_argument("--json", action="store_true",
                        help="print JSON in the shape documented in the handbook")
    record = decide.add_argument_group("recording the decision")
    record.add_argument("--record", action="store_true",
                        help="write decision.md and the outcome email into -o DIR")
    record.add_argument("--outcome", choices=tuple(OUTCOME_LABELS),
                        help="what the people in the room decided")
    record.add_argument("--owner", metavar="NAME",
                        help="the one person who tells the candidate (default with --kit: "
                             "closes_loop from the candidate file)")
    record.add_argument("--by", metavar="YYYY-MM-DD",
                        help="the date by which they will (default with --kit: outcome_by)")
    record.add_argument("--explore", action="append", default=[], metavar="AREA",
                        help="with --outcome more-info: an area id to explore on the return "
                             "visit (default: the proposal's); repeat for each")
    record.add_argument("--note", metavar="TEXT",
                        help="why the room decided as it did, e.g. when it overrules the proposal")
    record.add_argument("-o", "--output", metavar="DIR", help="the folder to write the record to")
    record.add_argument("--force", action="store_true", help="overwrite an earlier record")
    who = decide.add_argument_group("the candidate, when there is no --kit")
    who.add_argument("--candidate", metavar="NAME", help="the candidate's name")
    who.add_argument("--candidate-email", metavar="ADDRESS", help="the candidate's email address")
    who.add_argument("--role", help="the role they interviewed for")
    decide.set_defaults(handler=run_decide)


def run_decide(args: argparse.Namespace, ctx: Context) -> int:
    from playbook_tools.decide import Assessment, decide
    from playbook_tools.forms import load_forms
    from playbook_tools.kit import load_manifest

    playbook = ctx.playbook
    if not args.record:
        for option in ("outcome", "owner", "by", "output", "note"):
            if getattr(args, option):
                raise PlaybookError(f"--{option} is for recording; add --record")
    manifest = load_manifest(Path(args.kit)) if args.kit else None
    paths = [Path(p) for p in args.scorecards]
    if not paths and manifest is None:
        raise PlaybookError("give the filled scorecards (SCORECARD.yaml ...), or --kit DIR")
    if not paths and manifest is not None:
        paths = [manifest.folder / i.form for i in manifest.interviewers
                 if (manifest.folder / i.form).is_file()]
    forms = load_forms(paths, playbook)
    if manifest is not None:
        forms = _match_kit(forms, manifest)
    expected = [i.name for i in manifest.interviewers] if manifest else [f.interviewer
                                                                          for f in forms]
    filled = {f.interviewer.casefold() for f in forms if f.filled}
    missing = [name for name in expected if name.casefold() not in filled]
    if missing and not args.partial:
        where = args.kit or "the scorecards given"
        raise PlaybookError(
            f"{where}: {len(expected) - len(missing)} of {len(expected)} scorecards are in; "
            f"waiting for {', '.join(missing)}. Feedback stays independent until every one is "
            "in; pass --partial to see the ratings so far")
    if not filled:
        raise PlaybookError("no ratings yet: every scorecard given is blank")
    card = playbook.scorecard(forms[0].scorecard)
    assessments: list[Assessment] = [a for f in forms for a in f.assessments]
    decision = decide([(a.id, a.title) for a in card.areas], assessments,
                      [(f.interviewer, f.flags) for f in forms if f.filled])
    written = _record(args, playbook, card, decision, forms, missing, manifest) \
        if args.record else []
    if args.json:
        result = _as_json(decision, assessments, card, forms, missing, manifest, args, written)
        ctx.stdout.write(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    else:
        ctx.stdout.write(_as_text(decision, assessments, card, forms, missing, manifest))
        if written:
            ctx.stdout.write(f"\nrecorded: {', '.join(written)}\n")
    return 0


def _match_kit(forms: list[FilledForm], manifest: Manifest) -> list[FilledForm]:
    """Every form must be from the kit's candidate and interviewers; keep the kit's order."""
    order = [i.name.casefold() for i in manifest.interviewers]
    for form in forms:
        if form.interviewer.casefold() not in order:
            names = ", ".join(i.name for i in manifest.interviewers)
            raise PlaybookError(f"{form.source}: field 'interviewer': '{form.interviewer}' is "
                                f"not an interviewer in {manifest.folder}/kit.json ({names})")
        if form.candidate.casefold() != manifest.candidate.name.casefold():
            raise PlaybookError(f"{form.source}: field 'candidate': '{form.candidate}' is not "
                                f"this kit's candidate, {manifest.candidate.name}")
        if form.scorecard != manifest.scorecard:
            raise PlaybookError(f"{form.source}: field 'scorecard': '{form.scorecard}' is not "
                                f"this kit's scorecard, {manifest.scorecard}")
    return sorted(forms, key=lambda f: order.index(f.interviewer.casefold()))


def _candidate(args: argparse.Namespace, manifest: Manifest | None) -> dict[str, str] | None:
    given = {"name": args.candidate, "email": args.candidate_email, "role": args.role}
    if manifest is not None:
        if any(given.values()):
            raise PlaybookError("--candidate, --candidate-email and --role come from the kit; "
                                "leave them out with --kit")
        return {"name": manifest.candidate.name, "email": manifest.candidate.email,
                "role": manifest.role}
    if any(given.values()) or args.record:
        for key, option in (("name", "--candidate"), ("email", "--candidate-email"),
                            ("role", "--role")):
            if not given[key] or not given[key].strip():
                raise PlaybookError(f"{option}: needed without --kit, to fill in the email")
        return {k: " ".join(v.split()) for k, v in given.items()}
    return None


# --------------------------------------------------------------------------------------------
# Output


def _as_json(decision: Decision, assessments: list[Any], card: Scorecard,
             forms: list[FilledForm], missing: list[str], manifest: Manifest | None,
             args: argparse.Namespace, written: list[str]) -> dict[str, Any]:
    from playbook_tools.decide import decision_as_dict

    return {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "candidate": _candidate(args, manifest),
        "scorecard": card.id,
        "complete": not missing,
        "scorecards": [{"interviewer": f.interviewer, "file": f.source, "filled": f.filled}
                       for f in forms],
        "missing": missing,
        **decision_as_dict(decision, assessments),
        "record": {"outcome": args.outcome, "owner": _owner(args, manifest),
                   "by": _by(args, manifest).isoformat(), "files": written}
        if args.record else None,
    }


def _as_text(decision: Decision, assessments: list[Any], card: Scorecard,
             forms: list[FilledForm], missing: list[str], manifest: Manifest | None) -> str:
    evidence = {(a.interviewer, a.area): a.evidence for a in assessments}
    out: list[str] = []
    if manifest is not None:
        out.append(f"{manifest.candidate.name}, {manifest.role}: {card.title}")
    given = [f.interviewer for f in forms if f.filled]
    out.append(f"Scorecards in: {', '.join(given)}")
    if missing:
        out.append(f"PARTIAL: still waiting for {', '.join(missing)}; this is not a basis "
                   "for a decision yet.")
    out += ["", f"Proposed outcome: {decision.label} (rule {decision.rule})",
            *_wrap(decision.reason, "  ")]
    patterns = [f for f in decision.flags if f.is_pattern]
    once = [f for f in decision.flags if not f.is_pattern]
    if patterns:
        out += ["", "Flags noted by two or more interviewers:"]
        out += [f"  {f.flag}: {', '.join(f.interviewers)}" for f in patterns]
    if once:
        out += ["", "Flags noted once:"]
        out += [f"  {f.flag}: {', '.join(f.interviewers)}" for f in once]
    out += ["", "Areas:"]
    for summary in decision.areas:
        out.append(f"  {summary.title}: {STATE_LABELS[summary.state]}")
        for who, rating in summary.ratings:
            out.append(f"    {who}: {rating}")
            out += _wrap(evidence.get((who, summary.area)) or "(no evidence written)", "      ")
    if decision.to_explore:
        out += ["", "Areas to explore:"]
        out += [f"  - {s.title} ({s.area}): {s.who_said()}" for s in decision.to_explore]
    out += ["", "This is a proposal; the people in the room decide. Record the decision with",
            "--record --outcome hire|reject|more-info --owner NAME --by YYYY-MM-DD -o DIR."]
    return "\n".join(out) + "\n"


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), 88, initial_indent=indent,
                         subsequent_indent=indent) or [indent.rstrip()]


# --------------------------------------------------------------------------------------------
# Recording


def _owner(args: argparse.Namespace, manifest: Manifest | None) -> str:
    owner = args.owner or (manifest.closes_loop.name if manifest else "")
    if not owner or not owner.strip():
        raise PlaybookError("--record: give --owner NAME, the one person who tells the candidate")
    return " ".join(owner.split())


def _by(args: argparse.Namespace, manifest: Manifest | None) -> dt.date:
    if args.by is None:
        if manifest is None:
            raise PlaybookError("--record: give --by YYYY-MM-DD, the date by which the "
                                "candidate hears the outcome")
        return manifest.outcome_by
    try:
        by = dt.date.fromisoformat(args.by)
    except ValueError:
        raise PlaybookError(f"--by {args.by}: not a date; write it as YYYY-MM-DD") from None
    if manifest is not None and by < manifest.date:
        raise PlaybookError(f"--by {args.by}: is before the interview day, {manifest.date}")
    return by


def _record(args: argparse.Namespace, playbook: Playbook, card: Scorecard, decision: Decision,
            forms: list[FilledForm], missing: list[str], manifest: Manifest | None) -> list[str]:
    from playbook_tools.decide import Record, explore_text, record_markdown
    from playbook_tools.files import write_atomic
    from playbook_tools.render import email as email_render

    if not args.outcome:
        raise PlaybookError("--record: give --outcome hire, reject or more-info, as the room "
                            "decided")
    if not args.output or args.output == "-":
        raise PlaybookError("--record: give the folder to write to with -o DIR")
    if args.outcome != decision.outcome and not (args.note or "").strip():
        # The handbook: the room may overrule the proposal with a reason it writes down.
        raise PlaybookError(f"--outcome {args.outcome}: differs from the proposal "
                            f"({decision.label}); write the reason with --note TEXT")
    owner, by = _owner(args, manifest), _by(args, manifest)
    candidate = _candidate(args, manifest)
    assert candidate is not None  # _candidate insists on it when recording
    to = email_render.parse_address(candidate["email"], "--candidate-email")
    explore = _explore(args, card, decision)
    out = Path(args.output)
    names = ["decision.md", f"outcome-{args.outcome}.eml"]
    for name in names:
        if (out / name).exists() and not args.force:
            raise PlaybookError(f"{out / name}: exists; pass --force to replace the record")
    values = {"candidate_name": candidate["name"], "role": candidate["role"],
              "sender_name": owner}
    if args.outcome == "more-info":
        values["areas_to_explore"] = explore_text(explore)
    template = playbook.email(f"outcome-{args.outcome}")
    filled = email_render.fill(template, values, playbook.config)
    known = manifest.person(owner) if manifest else None
    sender = Address(owner, addr_spec=known.email) if known else email_render.parse_address(
        playbook.config.email_from, "playbook_email_from in conf.py")
    message = email_render.build_message(
        filled, Address(candidate["name"], addr_spec=to.addr_spec), sender)
    record = Record(
        decision=decision, outcome=args.outcome, owner=owner, by=by,
        candidate=candidate["name"], role=candidate["role"], scorecard=card.title,
        explore=explore, scorecards=tuple((f.interviewer, f.source) for f in forms if f.filled),
        missing=tuple(missing), email_file=names[1], note=args.note or "",
    )
    write_atomic(out / names[1], message.as_bytes())
    write_atomic(out / names[0], record_markdown(record))
    return [str(out / name) for name in names]


def _explore(args: argparse.Namespace, card: Scorecard, decision: Decision) -> tuple[Any, ...]:
    if args.outcome != "more-info":
        if args.explore:
            raise PlaybookError("--explore is for --outcome more-info")
        return ()
    if not args.explore:
        if not decision.to_explore:
            raise PlaybookError("--outcome more-info: name the areas to explore with "
                                "--explore AREA (the proposal found none)")
        return decision.to_explore
    by_id = {s.area: s for s in decision.areas}
    for area in args.explore:
        if area not in by_id:
            valid = ", ".join(a.id for a in card.areas)
            raise PlaybookError(f"--explore {area}: unknown area; the scorecard has: {valid}")
    return tuple(by_id[a] for a in dict.fromkeys(args.explore))
