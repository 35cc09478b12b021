"""Risk screening: indicator phrases found in a message, weighed by the words around them.

*Screen, don't decide*: the screener flags what a caseworker should look at; it never concludes
that someone is (or is not) a victim. It reads the lexicon (:mod:`bot.nlu.risk_lexicon`) and

1. finds every indicator phrase — one compiled regular expression per language and category,
   run only for the scripts present in the message, so a parse pays for a handful of scans;
2. looks at the cue words near each phrase: a negation just before it ("he did **not** take my
   passport"), a rule question ("**can** my boss keep my passport?"), a resolved past ("I **got
   it back**"), a hypothetical ("**if** they lock me in...") or a joke ("this heat is killing me
   **555**") cancels the phrase. Cues only reach within the phrase's clause (commas, full stops
   and "but" end a clause), so "he used to hit me, now he locks me in" still counts;
3. uses the intent: a question cue does not cancel a phrase in a message classified as a report
   ("he locked me in, what can I do?");
4. sets the level: ``urgent`` when a phrase of an urgent group stands, or two different
   indicators stand at once; ``concern`` for one indicator; ``none`` otherwise.

Third-person reports ("my sister's boss locked her in") count like first-person ones.
Latin-script text is matched without Vietnamese tone marks, so "giu ho chieu" finds "giữ hộ chiếu";
the unspaced scripts (Thai, Lao, Khmer, Burmese, Chinese) are matched with white space removed,
so a phrase is found however the writer spaced it. Offsets always point into the original text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.constants import (
    RISK_CATEGORIES,
    RISK_CONCERN,
    RISK_NONE,
    RISK_URGENT,
)
from bot.i18n.tone_marks import strip_tone_marks
from bot.nlu.risk_lexicon import BOUNDARY, Lexicon, PatternGroup, flexible_spaces

LATIN_LANGUAGES = ("en", "vi")
# Which lexicons a message needs, by the scripts it contains.
_SCRIPT_LANGUAGES = (
    (re.compile(r"[a-zA-Z\u00c0-\u024f\u1e00-\u1eff]"), LATIN_LANGUAGES),
    (re.compile(r"[\u0e00-\u0e7f]"), ("th",)),
    (re.compile(r"[\u0e80-\u0eff]"), ("lo",)),
    (re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]"), ("km",)),
    (re.compile(r"[\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]"), ("my",)),
    (re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"), ("zh",)),
)
# Latin-script phrases and cue words must stand as words: "no" is not in "know".
_WORD_BEFORE = r"(?<![a-z0-9])"
_WORD_AFTER = r"(?![a-z0-9'’])"
_SENTENCE_END = r"[.!?\n。！？។៕။…]+"
_CLAUSE_END = r"[.!?\n。！？។៕။…,;:，；：、၊]+"
# About how many characters a word takes, to turn "a few words before" into characters.
# (Unspaced scripts are measured with white space removed.)
_CHARS_PER_WORD = {"en": 6, "vi": 5, "zh": 2, "th": 5, "lo": 5, "km": 6, "my": 7}
# Intents whose message is a report even when it ends in a question ("what can I do?").
DEFAULT_REPORT_INTENTS = ("report_problem", "request_human")
# Languages that put negation and "if" after the verb (Burmese: verb + "ဘူး", verb + "ရင်").
DEFAULT_VERB_FINAL_LANGUAGES = ("my",)
# Categories that a hypothetical does not cancel: a threat is a hypothetical by nature.
_CONDITIONAL_CATEGORIES = frozenset({"threats"})

NEGATION, QUESTION, RESOLVED, HYPOTHETICAL, JOKE = (
    "negation",
    "question",
    "resolved",
    "hypothetical",
    "joke",
)


@dataclass(frozen=True)
class RiskMatch:
    """One indicator phrase in the message; ``cue`` is the kind of cue that cancelled it."""

    category: str
    pattern: str
    urgent: bool
    language: str
    start: int
    end: int
    cue: str | None = None

    @property
    def stands(self) -> bool:
        return self.cue is None


@dataclass(frozen=True)
class RiskAssessment:
    level: str
    indicators: tuple[str, ...]
    matches: tuple[RiskMatch, ...] = field(default=())

    def parse_result(self) -> dict[str, Any]:
        """The ``risk`` entry of the parse result (docs/design.md): standing matches only."""
        return {
            "level": self.level,
            "indicators": list(self.indicators),
            "matches": [
                {"category": m.category, "pattern": m.pattern, "start": m.start, "end": m.end}
                for m in self.matches
                if m.stands
            ],
        }


def _latin_words(alternatives: Iterable[str]) -> str:
    return _WORD_BEFORE + "(?:" + "|".join(alternatives) + ")" + _WORD_AFTER


def _cue_regex(words: Iterable[str], language: str) -> re.Pattern[str] | None:
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
            (_WORD_BEFORE if w[:1].isalnum() else "")
            + p
            + (_WORD_AFTER if w[-1:].isalnum() else "")
            for w, p in zip(literal, parts, strict=True)
        ]
    return re.compile("|".join(parts), re.IGNORECASE)


class _LanguageRules:
    """One language's lexicon, compiled: a regex per category and urgency, one per cue kind."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.language = lexicon.language
        self.latin = lexicon.language in LATIN_LANGUAGES
        self.by_group_name: dict[str, tuple[PatternGroup, int]] = {}
        # One regex per category and urgency: alternatives of one regex never overlap, and an
        # urgent phrase must not be hidden by a longer ordinary one of its category.
        alternatives: dict[tuple[str, bool], list[str]] = {
            (category, urgent): [] for category in RISK_CATEGORIES for urgent in (True, False)
        }
        seen: set[str] = set()
        for group in lexicon.groups:
            for index, pattern in enumerate(group.patterns):
                text = strip_tone_marks(pattern) if self.language == "vi" else pattern
                text = flexible_spaces(text, self.language)
                if text in seen:
                    continue  # the same phrase with and without tone marks: one is enough
                seen.add(text)
                name = f"p{len(self.by_group_name)}"
                self.by_group_name[name] = (group, index)
                alternatives[group.category, group.urgent].append(f"(?P<{name}>{text})")
        self.category_regexes = [
            re.compile(_latin_words(alts) if self.latin else "|".join(alts), re.IGNORECASE)
            for alts in alternatives.values()
            if alts
        ]
        self.cues = {
            kind: regex
            for kind, words in lexicon.cues.items()
            if kind != BOUNDARY and (regex := _cue_regex(words, self.language))
        }
        boundary = [_CLAUSE_END]
        words = lexicon.cues.get(BOUNDARY, ())
        if words and (regex := _cue_regex(words, self.language)):
            boundary.append(regex.pattern)
        self.clause_end = re.compile("|".join(boundary), re.IGNORECASE)

    def find(self, text: str) -> list[tuple[PatternGroup, int, int, int]]:
        found = []
        for regex in self.category_regexes:
            for match in regex.finditer(text):
                name = match.lastgroup
                if name is None:
                    continue
                group, index = self.by_group_name[name]
                found.append((group, index, match.start(), match.end()))
        return found


def _without_spaces(text: str) -> tuple[str, list[int]]:
    """``text`` without white space, and where each remaining character was in ``text``.

    Thai, Lao, Khmer, Burmese and Chinese are written without spaces between words, and people
    put spaces anywhere (or nowhere): matching on the text without them makes both the same.
    """
    kept = [index for index, ch in enumerate(text) if not ch.isspace()]
    if len(kept) == len(text):
        return text, []
    return "".join(text[index] for index in kept), kept


class _Context:
    """One text as one language's rules see it: clause and sentence edges, phrases, intent.

    ``text`` is what cues are read in: the message as written (Latin script, tone marks kept)
    or without white space (unspaced scripts) — always with the offsets the phrases have.
    """

    def __init__(
        self, text: str, rules: _LanguageRules, intent: str | None, phrases: list[tuple[int, int]]
    ) -> None:
        self.text = text
        self.rules = rules
        self.intent = intent
        self.phrases = phrases
        self.clauses = [(m.start(), m.end()) for m in rules.clause_end.finditer(text)]
        self.sentences = [(m.start(), m.end()) for m in re.finditer(_SENTENCE_END, text)]

    def _around(self, edges: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
        starts = [s for s, _ in edges]
        i = bisect.bisect_right(starts, start) - 1
        # The edge just before the phrase (if it ends before the phrase starts) opens the span.
        while i >= 0 and edges[i][1] > start:
            i -= 1
        begin = edges[i][1] if i >= 0 else 0
        j = bisect.bisect_left(starts, end)
        # The span keeps its closing punctuation: the "?" of a question belongs to it.
        finish = edges[j][1] if j < len(edges) else len(self.text)
        return begin, finish

    def clause(self, start: int, end: int) -> tuple[int, int]:
        return self._around(self.clauses, start, end)

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        return self._around(self.sentences, start, end)

    def has(self, kind: str, start: int, end: int, phrase: tuple[int, int]) -> bool:
        """Whether a cue of ``kind`` occurs in ``text[start:end]`` outside the phrases found.

        A cue word inside an indicator phrase belongs to that phrase: the "not" of "did not pay
        me" negates neither that phrase nor "and he beats me" after it, and the "if" of "better
        if I die" is part of what was said. Only a rule question inside the phrase itself counts
        ("under 18 **can** they work abroad"): no phrase is written with one, so it came in
        through a gap such as ``.{0,30}``.
        """
        regex = self.rules.cues.get(kind)
        if not regex or start >= end:
            return False
        ignored = [p for p in self.phrases if kind != QUESTION or p != phrase]
        return any(
            not any(cue.start() < p_end and p_start < cue.end() for p_start, p_end in ignored)
            for cue in regex.finditer(self.text, start, end)
        )


class RiskScreener:
    """Finds indicator phrases in a message and decides the risk level. Thread-safe, reusable."""

    def __init__(
        self,
        lexicons: Mapping[str, Lexicon],
        report_intents: Iterable[str] = DEFAULT_REPORT_INTENTS,
        negation_words: int = 3,
        question_words: int = 4,
        verb_final_languages: Iterable[str] = DEFAULT_VERB_FINAL_LANGUAGES,
    ) -> None:
        self._rules = {language: _LanguageRules(lexicon) for language, lexicon in lexicons.items()}
        self._report_intents = frozenset(report_intents)
        self._negation_words = negation_words
        self._question_words = question_words
        self._verb_final = frozenset(verb_final_languages)

    def languages_for(self, text: str) -> list[str]:
        """The lexicons ``text`` needs, by the scripts it is written in.

        English and Vietnamese phrases are looked for only when Latin letters are at least a
        third of the letters: a Burmese or Khmer message with "agent" and "passport" in it is
        read by its own lexicon, which lists those loanwords.
        """
        counts = [(len(script.findall(text)), languages) for script, languages in _SCRIPT_LANGUAGES]
        total = sum(count for count, _ in counts)
        latin = counts[0][0]
        return [
            language
            for count, languages in counts
            if count and (languages != LATIN_LANGUAGES or 3 * latin >= total)
            for language in languages
            if language in self._rules
        ]

    def assess(self, text: str, intent: str | None = None) -> RiskAssessment:
        matches: list[RiskMatch] = []
        latin_text: str | None = None  # without tone marks, for phrases
        unspaced: tuple[str, list[int]] | None = None
        for language in self.languages_for(text):
            rules = self._rules[language]
            positions: list[int] | None = None
            cue_text = text
            if rules.latin:
                if latin_text is None:
                    stripped = strip_tone_marks(text)
                    # Offsets must stay true; a text whose length changes is matched as it is.
                    latin_text = stripped if len(stripped) == len(text) else text
                subject = latin_text
            else:
                if unspaced is None:
                    unspaced = _without_spaces(text)
                subject, positions = unspaced
                cue_text = subject
            found = rules.find(subject)
            if not found:
                continue
            context = _Context(cue_text, rules, intent, [(f[2], f[3]) for f in found])
            seen: set[tuple[str, int]] = set()
            for group, index, start, end in sorted(found, key=lambda f: (f[2], -f[3])):
                if (group.id, start) in seen:
                    continue
                seen.add((group.id, start))
                cue = self._cue(context, group, start, end)
                matches.append(
                    RiskMatch(
                        group.category,
                        group.pattern_id(index),
                        group.urgent,
                        language,
                        positions[start] if positions else start,
                        positions[end - 1] + 1 if positions else end,
                        cue,
                    )
                )
        return self._decide(matches)

    def _cue(self, context: _Context, group: PatternGroup, start: int, end: int) -> str | None:
        """The kind of the first cue that cancels the phrase at ``start:end``, or None."""
        phrase = (start, end)
        clause_start, clause_end = context.clause(start, end)
        sentence_start, sentence_end = context.sentence(start, end)
        word = _CHARS_PER_WORD.get(context.rules.language, 5)
        negation_start = max(clause_start, start - self._negation_words * word)
        negation_end = min(clause_end, end + self._negation_words * word)
        near_start = max(clause_start, start - self._question_words * word)
        near_end = min(clause_end, end + self._question_words * word)
        verb_final = context.rules.language in self._verb_final
        checks: tuple[tuple[str, Callable[[], bool]], ...] = (
            # Just before the phrase; in verb-final languages also just after it.
            (
                NEGATION,
                lambda: (
                    context.has(NEGATION, negation_start, start, phrase)
                    or (verb_final and context.has(NEGATION, end, negation_end, phrase))
                ),
            ),
            (JOKE, lambda: context.has(JOKE, sentence_start, sentence_end, phrase)),
            (RESOLVED, lambda: context.has(RESOLVED, clause_start, clause_end, phrase)),
            # "if" may also follow the phrase ("...的话", "...ဆိုရင်"); a threat is conditional.
            (
                HYPOTHETICAL,
                lambda: (
                    group.category not in _CONDITIONAL_CATEGORIES
                    and context.has(HYPOTHETICAL, clause_start, clause_end, phrase)
                ),
            ),
            # A rule question asks about the phrase itself: its cue stands close to it.
            (
                QUESTION,
                lambda: (
                    context.intent not in self._report_intents
                    and context.has(QUESTION, near_start, near_end, phrase)
                ),
            ),
        )
        return next((kind for kind, applies in checks if applies()), None)

    @staticmethod
    def _decide(matches: list[RiskMatch]) -> RiskAssessment:
        standing = [m for m in matches if m.stands]
        found = {m.category for m in standing}
        indicators = tuple(category for category in RISK_CATEGORIES if category in found)
        if not standing:
            level = RISK_NONE
        elif len(indicators) >= 2 or any(m.urgent for m in standing):
            level = RISK_URGENT
        else:
            level = RISK_CONCERN
        ordered = tuple(sorted(matches, key=lambda m: (m.start, m.end)))
        return RiskAssessment(level, indicators, ordered)
