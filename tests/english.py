"""Finding English sentences in German output: a stop-word heuristic.

A sentence counts as English when it has at least four words, at least three of them are common
English words that German never uses (the, and, you, with, …), and they outnumber the common
German words in it. Code, commands, field names and ids are not sentences: the HTML reader skips
<code>, <pre>, <kbd> and <samp>, and callers strip code spans from plain text first.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Common English words that are not German words (so "in", "an", "will", "also", "so", "was",
# "die", "hat" and "man" are left out).
ENGLISH = frozenset(re.findall(r"\S+", """
the and of to is are be been you your we our they their them it its this that these those with
for from by on at or not no what when which who whom how why can could would should must have
has had do does did if then than there here about after before into out up over only each every
any all some more most other such own same very just one two first next please thank thanks
let us me my he she his her i am were being yours ours while where until once because through
during without within between against under again further both few nor off too done
"""))
GERMAN = frozenset(re.findall(r"\S+", """
der die das den dem des ein eine einen einem einer eines und oder ist sind war sein nicht kein
keine mit für von zu zum zur auf aus bei nach vor über unter sie ihr ihre ihren ihrem ihrer wir
uns unser unsere ich du es er dass wenn weil als wie was wer wo auch noch nur schon sehr mehr
bis durch gegen ohne um am im vom beim diese dieser dieses diesem diesen jede jeder jedes alle
werden wird wurde haben hat hatte kann können muss müssen soll sollen sich
"""))
WORD = re.compile(r"[A-Za-zÄÖÜäöüß0-9'-]+")  # "1-over-Gespräch" is one German word
SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+|\n+")
CODE = re.compile(r"`[^`]*`|https?://\S+|\S+@\S+|\S*/\S*|\{[^}]*\}|<[^>]*>")


def english_sentences(text: str) -> list[str]:
    """The sentences of ``text`` that read as English."""
    found = []
    for sentence in SENTENCE_END.split(CODE.sub(" ", text)):
        words = [w.lower().strip("'-") for w in WORD.findall(sentence)]
        english = sum(w in ENGLISH for w in words)
        german = sum(w in GERMAN for w in words)
        if len(words) >= 4 and english >= 3 and english > german:
            found.append(" ".join(sentence.split()))
    return found


class _Text(HTMLParser):
    SKIP = frozenset({"code", "pre", "kbd", "samp", "script", "style", "svg"})
    BLOCK = frozenset({"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd",
                       "div", "title", "caption", "figcaption", "blockquote", "br", "label",
                       "section", "aside", "nav", "header", "footer", "tr", "option", "button"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skipping = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")
        for name, value in attrs:  # what a screen reader says counts as text too
            if name in ("aria-label", "title", "alt") and value:
                self.parts.append(f"\n{value}\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The text a reader sees or hears in ``html``, without code, one block per line."""
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)
