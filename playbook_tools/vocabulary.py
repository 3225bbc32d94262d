"""The playbook's fixed words: audiences, stages, ratings and outcomes.

Kept apart from ``model`` and ``config`` so that building the argument parser (and so
``playbook --help``) imports nothing heavy, and so that every layer names these the same way.
"""

from __future__ import annotations

# A kind of artifact is its name; the kinds are declared in model/kinds/, one module each.
Kind = str
PAPER_SIZES = ("a4", "letter")

AUDIENCES: dict[str, str] = {
    "interviewer": "Interviewers",
    "coordinator": "Coordinators and HR",
    "hiring-manager": "Hiring managers",
    "senior-leader": "Senior leaders",
    "interview-team": "The interview team",
}

# In the order they happen; the index and the process page list stages in this order.
STAGES: dict[str, str] = {
    "scheduling": "Scheduling",
    "preparation": "Preparation",
    "interview": "The pairing session",
    "retrospective": "The retrospective",
    "feedback": "Writing feedback",
    "follow-up": "The follow-up session",
    "closing": "Closing the loop",
    "one-over": "The 1-over",
}

# No middle point: interviewers must come down on one side (DESIGN.md, "Scorecard").
RATINGS: tuple[str, ...] = ("strong-no", "no", "yes", "strong-yes")
RATING_LABELS: dict[str, str] = {
    "strong-no": "Strong no",
    "no": "No",
    "yes": "Yes",
    "strong-yes": "Strong yes",
}
# What a filled form may say: the scale, plus "unsure" ("I assessed it and my evidence is
# genuinely inconclusive"). A blank means "I did not get to assess it".
UNSURE = "unsure"
FILLED_RATINGS: tuple[str, ...] = ("strong-no", "no", UNSURE, "yes", "strong-yes")
YES_SIDE = frozenset({"yes", "strong-yes"})
NO_SIDE = frozenset({"no", "strong-no"})

# A scorecard's flags are each a strength or a concern, so a pattern never means both.
FLAG_KINDS: dict[str, str] = {"strengths": "strength", "concerns": "concern"}

SENDERS: tuple[str, ...] = ("coordinator", "hiring-manager", "interviewer", "senior-leader")

# The parts an email can play in a candidate's kit (conf.py names the template for each).
KIT_EMAIL_PARTS: tuple[str, ...] = ("invitation", "team-schedule", "reminder")

# The follow-up session's three outcomes, in the words the handbook uses.
OUTCOME_LABELS: dict[str, str] = {
    "hire": "Hire",
    "reject": "Reject",
    "more-info": "Need more information",
}

# The fixed words the handbook's pages and the text views show around the content. They go into
# the translators' catalog with the content (model.translation), and code shows them through
# ``Playbook.gettext``, so a German page never says "Look for:".
LABELS: tuple[str, ...] = (
    "Look for:", "Prompts:", "Evidence:", "Rating", "What it means", "Flags to note:",
    "Strengths:", "Concerns:", "Sent by:", "When:", "Subject", "Body", "Variable", "Description",
    "Example", "Filled example", "Rule", "Ratings given", "Proposed outcome",
    "Reason the tool gives", "Download PDF:", "coordinator", "hiring manager", "interviewer",
    "senior leader", "For:", "Stage:", "Explained at:", "Candidate:", "Interviewer:", "Ratings:",
    "Flags", "Subject:", "Variables:", "example:", "Tick what you saw plainly:",
    # The kit's agenda and the team's schedule, one line per block of the day.
    "%(session)s with %(name)s", "Break", "%(name)s: notes and scorecard",
    "Follow-up session: %(people)s",
    # The settings table on the customising page; each setting's help line is in config.py.
    "Setting", "Default", "What it does",
    # The system packages on the contributing page; each one's reason is in system-packages.txt.
    "Debian or Ubuntu", "Homebrew", "Needed for", "Why", "the PDFs and the tests", "the tests",
)

# The book's own words (playbook_tools/book/), by key: the contents' heading, the word before a
# page number ("p. 37"), the cover's version line, the EPUB's accessibility summary, and the
# download links on the site.
BOOK_LABELS: dict[str, str] = {
    "contents": "Contents",
    "page": "p.",
    "version": "Version %(version)s",
    "summary": "Headings, lists and tables are marked up, the contents lead to every chapter and "
               "section, and every picture has a text alternative.",
    "download": "The whole handbook as a book:",
}

# The words of the page script (playbook.js), by the key the script looks them up with.
SCRIPT_LABELS: dict[str, str] = {
    "legend": "Fill in the template (stays in your browser)",
    "fill": "Fill in all",
    "reset": "Show placeholders",
}
