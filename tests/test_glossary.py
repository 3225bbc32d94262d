"""The German catalogs use each glossary term one way (locale/de/GLOSSARY.md, review G1/G2).

Two checks per term: a message whose English uses the term has the glossary's German in its
translation, and a translation that uses a word the glossary reserves for another term has that
other term in its English. "klares Nein" is the rating *strong no*; a clear no in prose is
"ein eindeutiges Nein": a German interviewer who reads "klares Nein" for a clear no concludes
that only a strong no rejects.
"""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from tests.conftest import DOCS

LOCALE = DOCS.parent / "locale" / "de"
GLOSSARY = LOCALE / "GLOSSARY.md"

# (English pattern, the glossary's German, a pattern for it in any grammatical case).
TERMS: list[tuple[str, str, str]] = [
    (r"\ba clear no\b", "eindeutiges Nein", r"eindeutige[snm]? Nein"),
    (r"\bstrong no\b", "klares Nein", r"klare[snm]? Nein"),
    (r"\bgrowing people\b", "Menschen entwickeln", r"Menschen entwickeln"),
    (r"\bfollow-up session\b", "Auswertungsrunde", r"Auswertungsrunde"),
    (r"\bnotes block\b", "Notizzeit", r"Notizzeit"),
    (r"\bconfirm-by date\b", "Bestätigungsfrist", r"Bestätigungsfrist"),
    (r"\boutcome date\b", "Ergebnisfrist", r"Ergebnisfrist"),
    (r"\ba clear yes\b", "eindeutiges Ja", r"eindeutige[snm]? Ja"),
    (r"\bsystemic bias", "strukturelle Voreingenommenheit", r"strukturelle[rn]? Voreingenommenheit"),
]
# A word the glossary reserves for one term may appear only where that term is in the English.
RESERVED: dict[str, str] = {
    r"klare[snm]? Nein": r"strong[- ]no",
    r"eindeutige[snm]? Nein": r"clear no|clearly no",
    r"Menschen fördern": r"(?!)",  # the glossary's word for growing people is "entwickeln"
    r"klare[snm]? Ja": r"strong[- ]yes",  # a clear yes in prose is "ein eindeutiges Ja"
    # One word each for setup, test-first, a video call, systemic bias and the scale (review G3,
    # G4, G6, G7, G8): the glossary's word, never the other.
    r"\bSetups?\b": r"(?!)",
    r"testgetrieben|Tests zuerst": r"(?!)",
    r"Videoanruf": r"(?!)",
    r"systemische[rn]? Voreingenommenheit": r"(?!)",
    r"Vier-Punkte": r"(?!)",
    # Closing the loop is telling the candidate the outcome; "Rückmeldung" reads as feedback (G21).
    r"Rückmeldung": r"(?!)",
}


def messages() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted(LOCALE.rglob("*.po")):
        with path.open("rb") as stream:
            catalog = read_po(stream, locale="de")
        for message in catalog:
            if isinstance(message.id, str) and message.id and isinstance(message.string, str) \
                    and message.string and not message.fuzzy:
                found.append((path.relative_to(LOCALE).as_posix(), message.id, message.string))
    return found


def flat(text: str) -> str:
    return " ".join(text.replace("*", "").split())


def prose(text: str) -> str:
    """The English a translator translates: no code spans, no quoted titles of sources."""
    return re.sub(r'`[^`]*`|"[^"]*"', " ", flat(text))


def test_the_terms_checked_are_the_glossarys() -> None:
    glossary = flat(GLOSSARY.read_text(encoding="utf-8"))
    for _pattern, german, _any_case in TERMS:
        assert german in glossary, german
    assert "„klares Nein“ ist die Bewertung *strong no*".replace("*", "") in glossary


def glossary_problems(entries: list[tuple[str, str, str]]) -> list[str]:
    problems = []
    for where, english, german in entries:
        en, de = prose(english), flat(german)
        for pattern, wanted, any_case in TERMS:
            if re.search(pattern, en, re.I) and not re.search(any_case, de, re.I):
                problems.append(f"{where}: {en[:60]!r}: say {wanted!r} (glossary)")
        for word, allowed in RESERVED.items():
            if re.search(word, de, re.I) and not re.search(allowed, flat(english), re.I):
                problems.append(f"{where}: {de[:60]!r}: {word!r} is reserved for another term")
    return problems


@pytest.mark.parametrize(("english", "german"), [
    ("A clear no rejects.", "Ein klares Nein führt zur Absage."),
    ("Growing people", "Menschen fördern"),
    ("Strong no", "Eindeutiges Nein"),
])
def test_the_check_finds_a_term_translated_another_way(english: str, german: str) -> None:
    assert glossary_problems([("x.po", english, german)])


def test_every_catalog_uses_the_glossarys_word_for_each_term() -> None:
    problems = glossary_problems(messages())
    assert not problems, "\n".join(problems)
