"""Risk screening: indicator phrases found in a message, weighed by the words around them.

*Screen, don't decide*: the screener flags what a caseworker should look at; it never concludes
that someone is (or is not) a victim. It reads the lexicon (:mod:`bot.nlu.risk_lexicon`) and

1. finds every indicator phrase — one compiled regular expression per language, category and
   urgency, run only for the scripts present in the message, so a parse pays for a few scans;
2. looks at the cue words near each phrase (:mod:`bot.nlu.risk_cues`): a negation just before
   it ("he did **not** take my passport"), a rule question ("**can** my boss keep my
   passport?"), a resolved past ("I **got it back**"), a hypothetical ("**if** they lock me
   in...") or a joke ("this heat is killing me **555**") cancels the phrase. Cues only reach
   within the phrase's clause, so "he used to hit me, now he locks me in" still counts;
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

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.constants import (
    RISK_CATEGORIES,
    RISK_CONCERN,
    RISK_NONE,
    RISK_URGENT,
)
from bot.i18n.tone_marks import strip_tone_marks
from bot.nlu.risk_cues import (
    CLAUSE_END,
    DEFAULT_REPORT_INTENTS,
    DEFAULT_VERB_FINAL_LANGUAGES,
    LATIN_LANGUAGES,
    WORD_AFTER,
    WORD_BEFORE,
    CueReader,
    CueSettings,
    cue_regex,
)
from bot.nlu.risk_lexicon import BOUNDARY, Lexicon, PatternGroup, flexible_spaces

# Which lexicons a message needs, by the scripts it contains.
_SCRIPT_LANGUAGES = (
    (re.compile(r"[a-zA-Z\u00c0-\u024f\u1e00-\u1eff]"), LATIN_LANGUAGES),
    (re.compile(r"[\u0e00-\u0e7f]"), ("th",)),
    (re.compile(r"[\u0e80-\u0eff]"), ("lo",)),
    (re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]"), ("km",)),
    (re.compile(r"[\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]"), ("my",)),
    (re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"), ("zh",)),
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
    return WORD_BEFORE + "(?:" + "|".join(alternatives) + ")" + WORD_AFTER


class _LanguageRules:
    """One language's lexicon, compiled: a regex per category and urgency, one per cue kind."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.language = lexicon.language
        self.latin = lexicon.language in LATIN_LANGUAGES
        self.by_group_name: dict[str, tuple[PatternGroup, int]] = {}
        # One regex per category and urgency: alternatives of one regex never overlap, and an
        # urgent phrase must not be hidden by a longer ordinary one of its category.
        keys = [(category, urgent) for category in RISK_CATEGORIES for urgent in (True, False)]
        alternatives: dict[tuple[str, bool], list[str]] = {key: [] for key in keys}
        names: dict[tuple[str, bool], list[str]] = {key: [] for key in keys}
        for group in lexicon.groups:
            for index, pattern in enumerate(group.patterns):
                text = strip_tone_marks(pattern) if self.language == "vi" else pattern
                text = f"(?:{flexible_spaces(text, self.language)})"
                if text in alternatives[group.category, group.urgent]:
                    continue  # the same phrase with and without tone marks: one is enough
                name = f"p{len(self.by_group_name)}"
                self.by_group_name[name] = (group, index)
                alternatives[group.category, group.urgent].append(text)
                names[group.category, group.urgent].append(name)
        self.category_regexes = []
        for key, alts in alternatives.items():
            named = [f"(?P<{name}>{alt})" for name, alt in zip(names[key], alts, strict=True)]
            if named:
                joined = _latin_words(named) if self.latin else "|".join(named)
                self.category_regexes.append(re.compile(joined, re.IGNORECASE))
        self.cues = {
            kind: regex
            for kind, words in lexicon.cues.items()
            if kind != BOUNDARY and (regex := cue_regex(words, self.language))
        }
        boundary = [CLAUSE_END]
        words = lexicon.cues.get(BOUNDARY, ())
        if words and (regex := cue_regex(words, self.language)):
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
        self._settings = CueSettings(
            frozenset(report_intents),
            negation_words,
            question_words,
            frozenset(verb_final_languages),
        )

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
            reader = CueReader(
                cue_text, language, rules.cues, rules.clause_end, [(f[2], f[3]) for f in found]
            )
            seen: set[tuple[str, int]] = set()
            for group, index, start, end in sorted(found, key=lambda f: (f[2], -f[3])):
                if (group.id, start) in seen:
                    continue
                seen.add((group.id, start))
                cue = reader.cancelling_cue(group.category, start, end, intent, self._settings)
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
