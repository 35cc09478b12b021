"""Cue words near an indicator phrase: negation, rule question, resolved past, "if", joke.

The screener (:mod:`bot.nlu.risk_screening`) finds the phrases; this module decides whether the
words around one of them cancel it. A cue reaches only within the phrase's clause — punctuation,
or a lexicon's ``boundary`` word such as "but", ends a clause — and some only a few words:

- negation: up to ~3 words before the phrase ("he did **not** take my passport"); in verb-final
  languages (Burmese: verb + "ဘူး") also just after it;
- joke: anywhere in the sentence ("this heat is killing me **555**");
- resolved: anywhere in the clause ("I **got it back** last year");
- hypothetical: anywhere in the clause ("**if** they lock me in", "…**的话**"), never for
  threats, which are conditional by nature ("if you run we will hurt your family");
- rule question: within ~4 words of the phrase ("**can** my boss keep my passport?"), and not in
  a message whose intent says it is a report ("he locked me in, what can I do?").

A cue word inside an indicator phrase belongs to that phrase: the "not" of "did not pay me"
negates neither that phrase nor "and he beats me" after it, and the "if" of "better if I die" is
part of what was said. Only a rule question inside the judged phrase counts ("under 18 **can**
they work abroad"): no phrase is written with one, so it came in through a gap like ``.{0,30}``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.nlu.risk_lexicon import flexible_spaces

LATIN_LANGUAGES = ("en", "vi")
NEGATION, QUESTION, RESOLVED, HYPOTHETICAL, JOKE = (
    "negation",
    "question",
    "resolved",
    "hypothetical",
    "joke",
)
# Latin-script phrases and cue words must stand as words: "no" is not in "know".
WORD_BEFORE = r"(?<![a-z0-9])"
WORD_AFTER = r"(?![a-z0-9'’])"
SENTENCE_END = r"[.!?\n。！？។៕။…]+"
CLAUSE_END = r"[.!?\n。！？។៕။…,;:，；：、၊]+"
# About how many characters a word takes, to turn "a few words" into characters
# (unspaced scripts are measured with white space removed).
_CHARS_PER_WORD = {"en": 6, "vi": 5, "zh": 2, "th": 5, "lo": 5, "km": 6, "my": 7}
_CONDITIONAL_CATEGORIES = frozenset({"threats"})
DEFAULT_REPORT_INTENTS = ("report_problem", "request_human")
DEFAULT_VERB_FINAL_LANGUAGES = ("my",)


def cue_regex(words: Iterable[str], language: str) -> re.Pattern[str] | None:
    """Cue words are literal text (people edit them), longest first so 'not' loses to 'nothing'.

    Unlike phrases, cues keep their Vietnamese tone marks: without them short words collide
    ("sợ", afraid, and "sổ", booklet, are both "so"); the lexicon lists unmarked spellings
    itself where they are safe.
    """
    literal = sorted({w.lower() for w in words}, key=len, reverse=True)
    parts = [flexible_spaces(re.escape(w).replace(r"\ ", " "), language) for w in literal]
    if not parts:
        return None
    if language in LATIN_LANGUAGES:
        # A cue that starts or ends with punctuation ("?", "555") needs no word edge there.
        parts = [
            (WORD_BEFORE if w[:1].isalnum() else "") + p + (WORD_AFTER if w[-1:].isalnum() else "")
            for w, p in zip(literal, parts, strict=True)
        ]
    return re.compile("|".join(parts), re.IGNORECASE)


@dataclass(frozen=True)
class CueSettings:
    """How far cues reach, in words, and which intents make a message a report."""

    report_intents: frozenset[str] = frozenset(DEFAULT_REPORT_INTENTS)
    negation_words: int = 3
    question_words: int = 4
    verb_final_languages: frozenset[str] = frozenset(DEFAULT_VERB_FINAL_LANGUAGES)


class CueReader:
    """One text as one language reads it: its clause and sentence edges and the phrases in it.

    ``text`` is the message as written (Latin script, tone marks kept) or without white space
    (unspaced scripts): always with the offsets the phrases were found at. Edges, phrases and cue
    words are found once per text and looked up by bisection, so a long pasted text with
    hundreds of phrases costs about as much per phrase as a short message.
    """

    def __init__(
        self,
        text: str,
        language: str,
        cues: dict[str, re.Pattern[str]],
        clause_end: re.Pattern[str],
        phrases: list[tuple[int, int]],
    ) -> None:
        self.text = text
        self.language = language
        self.cues = cues
        self._clauses = [(m.start(), m.end()) for m in clause_end.finditer(text)]
        self._sentences = [(m.start(), m.end()) for m in re.finditer(SENTENCE_END, text)]
        self._clause_starts = [s for s, _ in self._clauses]
        self._sentence_starts = [s for s, _ in self._sentences]
        self._phrases = _merged(phrases)
        self._phrase_starts = [s for s, _ in self._phrases]
        self._hits: dict[str, tuple[list[int], list[tuple[int, int]]]] = {}

    def _around(
        self, edges: list[tuple[int, int]], starts: list[int], start: int, end: int
    ) -> tuple[int, int]:
        i = bisect.bisect_right(starts, start) - 1
        # The edge just before the phrase (if it ends before the phrase starts) opens the span.
        while i >= 0 and edges[i][1] > start:
            i -= 1
        begin = edges[i][1] if i >= 0 else 0
        j = bisect.bisect_left(starts, end)
        # The span keeps its closing punctuation: the "?" of a question belongs to it.
        finish = edges[j][1] if j < len(edges) else len(self.text)
        return begin, finish

    def _in_a_phrase(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._phrase_starts, end) - 1
        return i >= 0 and self._phrases[i][1] > start

    def _has(self, kind: str, start: int, end: int, phrase: tuple[int, int]) -> bool:
        """Whether a cue of ``kind`` is in ``text[start:end]``, outside the phrases found."""
        regex = self.cues.get(kind)
        if not regex or start >= end:
            return False
        if kind not in self._hits:
            spans = [(m.start(), m.end()) for m in regex.finditer(self.text)]
            self._hits[kind] = ([s for s, _ in spans], spans)
        starts, spans = self._hits[kind]
        for index in range(bisect.bisect_left(starts, start), len(spans)):
            cue_start, hit_end = spans[index]
            if cue_start >= end:
                break
            cue_end = hit_end
            if hit_end > end:  # "ไม่ได้ถูก" runs into the phrase: is "ไม่ได้" there on its own?
                shorter = regex.match(self.text, cue_start, end)
                if not shorter:
                    continue
                cue_end = shorter.end()
            inside_own = kind == QUESTION and phrase[0] <= cue_start and cue_end <= phrase[1]
            if inside_own or not self._in_a_phrase(cue_start, cue_end):
                return True
        return False

    def cancelling_cue(
        self, category: str, start: int, end: int, intent: str | None, settings: CueSettings
    ) -> str | None:
        """The kind of the first cue that cancels the phrase at ``start:end``, or None."""
        phrase = (start, end)
        clause_start, clause_end = self._around(self._clauses, self._clause_starts, start, end)
        sentence_start, sentence_end = self._around(
            self._sentences, self._sentence_starts, start, end
        )
        word = _CHARS_PER_WORD.get(self.language, 5)
        negation_start = max(clause_start, start - settings.negation_words * word)
        negation_end = min(clause_end, end + settings.negation_words * word)
        near_start = max(clause_start, start - settings.question_words * word)
        near_end = min(clause_end, end + settings.question_words * word)
        verb_final = self.language in settings.verb_final_languages
        checks: tuple[tuple[str, Callable[[], bool]], ...] = (
            (
                NEGATION,
                lambda: (
                    self._has(NEGATION, negation_start, start, phrase)
                    or (verb_final and self._has(NEGATION, end, negation_end, phrase))
                ),
            ),
            (JOKE, lambda: self._has(JOKE, sentence_start, sentence_end, phrase)),
            (RESOLVED, lambda: self._has(RESOLVED, clause_start, clause_end, phrase)),
            (
                HYPOTHETICAL,
                lambda: (
                    category not in _CONDITIONAL_CATEGORIES
                    and self._has(HYPOTHETICAL, clause_start, clause_end, phrase)
                ),
            ),
            (
                QUESTION,
                lambda: (
                    intent not in settings.report_intents
                    and self._has(QUESTION, near_start, near_end, phrase)
                ),
            ),
        )
        return next((kind for kind, applies in checks if applies()), None)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans joined: the stretches of text that belong to some phrase."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
