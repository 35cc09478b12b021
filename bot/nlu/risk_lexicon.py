"""The risk lexicon: indicator phrases and cue words per language, read from YAML and checked.

NGO staff extend ``bot/nlu/risk_lexicon/<lang>.yml`` without a programmer, so a mistake in one of
those files must stop the assistant at start-up with a message that names the file, the group and
the problem — never silently drop a phrase that might be someone's only way to say "I am locked
in". The format is described in docs/design.md ("Risk lexicon").

``python -m bot.nlu.risk_lexicon`` checks every file and prints a one-line summary per language.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.constants import LANGUAGES, RISK_CATEGORIES

LEXICON_DIR = Path(__file__).with_name("risk_lexicon")
# Cue kinds of the format; each changes the meaning of a nearby indicator phrase.
CUE_KINDS = ("negation", "question", "resolved", "hypothetical", "joke")
# Optional: words that end a clause like a comma does ("but"), so a cue in one clause does not
# reach a phrase in the next ("he used to hit me but now he locks me in").
BOUNDARY = "boundary"
# Languages written without spaces between words: patterns are substrings, spaces optional.
NO_SPACE_LANGUAGES = frozenset({"th", "lo", "km", "my", "zh"})

_GROUP_KEYS = {"id", "category", "urgent", "source", "patterns"}
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")
_QUANTIFIER = re.compile(r"(?:[?*+]|\{\d*,?\d*\})\??")


class LexiconError(ValueError):
    """A lexicon file that cannot be used; the message lists every problem found in it."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        listed = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"risk lexicon {path}:\n{listed}")


@dataclass(frozen=True)
class PatternGroup:
    """Phrases for one indicator, with the source that justifies them."""

    id: str
    category: str
    urgent: bool
    source: str
    patterns: tuple[str, ...]

    def pattern_id(self, index: int) -> str:
        """Stable id of one pattern, as the parse result reports it: ``th-locked-in-02``."""
        return f"{self.id}-{index + 1:02d}"


@dataclass(frozen=True)
class Lexicon:
    language: str
    groups: tuple[PatternGroup, ...]
    cues: Mapping[str, tuple[str, ...]]


def flexible_spaces(pattern: str, language: str) -> str:
    """Spaces in a pattern match any run of spaces; unspaced scripts are matched without any.

    People type Thai, Khmer or Chinese with or without spaces between words, so those are matched
    on the text with white space removed, and a space in their patterns is dropped: "ยึด
    พาสปอร์ต" finds "ยึดพาสปอร์ต" and "ยึด  พาสปอร์ต". In Latin-script patterns a space becomes
    ``\\s+``, except inside a look-behind, which must keep a fixed width. Spaces inside ``[...]``
    are left alone.
    """
    unspaced = language in NO_SPACE_LANGUAGES
    out: list[str] = []
    in_class = escaped = False
    groups: list[bool] = []  # per open group: is it a look-behind?
    skip_to = 0
    for index, ch in enumerate(pattern):
        if index < skip_to:
            continue
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        elif ch == "(" and not in_class:
            groups.append(pattern.startswith(("(?<=", "(?<!"), index))
        elif ch == ")" and not in_class and groups:
            groups.pop()
        elif ch == " " and not in_class and (unspaced or not any(groups)):
            quantifier = _QUANTIFIER.match(pattern, index + 1)
            if unspaced:  # drop the space and whatever repeats it (" ?", " *", " {0,2}")
                skip_to = quantifier.end() if quantifier else index + 1
            elif quantifier:  # "work ?permit": the writer's own repetition applies
                out.append(r"\s")
            elif index == 0 or pattern[index - 1] != " ":
                out.append(r"\s+")
            continue
        out.append(ch)
    return "".join(out)


def _check_pattern(pattern: Any, language: str) -> str | None:
    """Why ``pattern`` cannot be used, or None when it is fine."""
    if not isinstance(pattern, str) or not pattern.strip():
        return "a pattern must be a non-empty string"
    if _BACKREFERENCE.search(pattern):
        return f"pattern {pattern!r}: back-references are not supported"
    try:
        compiled = re.compile(flexible_spaces(pattern, language), re.IGNORECASE)
    except re.error as error:
        return f"pattern {pattern!r} is not a valid regular expression: {error}"
    if compiled.search(""):
        return f"pattern {pattern!r} matches empty text, so it would match every message"
    return None


def _parse_group(raw: Any, language: str, problems: list[str]) -> PatternGroup | None:
    if not isinstance(raw, dict):
        problems.append(f"each group must be a mapping, got {raw!r}")
        return None
    name = raw.get("id")
    where = f"group {name!r}"
    before = len(problems)
    for key in sorted(set(raw) - _GROUP_KEYS):
        problems.append(f"{where}: unknown key {key!r}")
    for key in sorted(_GROUP_KEYS - set(raw)):
        problems.append(f"{where}: missing {key!r}")
    if not isinstance(name, str) or not re.fullmatch(rf"{language}-[a-z0-9][a-z0-9-]*", name):
        problems.append(f"{where}: id must look like '{language}-short-name'")
    if raw.get("category") not in RISK_CATEGORIES:
        problems.append(f"{where}: category must be one of {', '.join(RISK_CATEGORIES)}")
    if "urgent" in raw and not isinstance(raw["urgent"], bool):
        problems.append(f"{where}: urgent must be true or false")
    if not isinstance(raw.get("source"), str) or not str(raw.get("source")).strip():
        problems.append(f"{where}: source must say where the phrases come from")
    patterns = raw.get("patterns")
    if not isinstance(patterns, list) or not patterns:
        problems.append(f"{where}: patterns must be a non-empty list")
        patterns = []
    for pattern in patterns:
        problem = _check_pattern(pattern, language)
        if problem:
            problems.append(f"{where}: {problem}")
    if len(problems) > before:
        return None
    return PatternGroup(
        id=str(name),
        category=str(raw["category"]),
        urgent=bool(raw["urgent"]),
        source=str(raw["source"]),
        patterns=tuple(unicodedata.normalize("NFC", str(p)) for p in patterns),
    )


def _parse_cues(raw: Any, problems: list[str]) -> dict[str, tuple[str, ...]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append("cues must be a mapping of cue kind -> list of words")
        return {}
    cues: dict[str, tuple[str, ...]] = {}
    for kind, words in raw.items():
        if kind not in (*CUE_KINDS, BOUNDARY):
            problems.append(f"cues: unknown kind {kind!r} (known: {', '.join(CUE_KINDS)})")
            continue
        if not isinstance(words, list) or not all(
            isinstance(word, str) and word.strip() for word in words
        ):
            problems.append(f"cues.{kind}: must be a list of non-empty strings")
            continue
        cues[kind] = tuple(unicodedata.normalize("NFC", word.strip()) for word in words)
    return cues


def parse_lexicon(raw: Any, language: str, path: Path) -> Lexicon:
    """Checks one file's content; raises :class:`LexiconError` listing every problem."""
    problems: list[str] = []
    if not isinstance(raw, dict) or not isinstance(raw.get("groups"), list):
        raise LexiconError(path, ["the file must be a mapping with a 'groups' list"])
    for key in sorted(set(raw) - {"groups", "cues"}):
        problems.append(f"unknown top-level key {key!r}")
    groups = [_parse_group(group, language, problems) for group in raw["groups"]]
    cues = _parse_cues(raw.get("cues"), problems)
    seen: set[str] = set()
    for group in groups:
        if group and group.id in seen:
            problems.append(f"group {group.id!r}: id used twice")
        if group:
            seen.add(group.id)
    if problems:
        raise LexiconError(path, problems)
    return Lexicon(language, tuple(g for g in groups if g), cues)


def load_lexicon(path: Path) -> Lexicon:
    language = path.stem
    if language not in LANGUAGES:
        raise LexiconError(path, [f"file name must be one of {', '.join(LANGUAGES)} + '.yml'"])
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise LexiconError(path, [f"not valid YAML: {error}"]) from error
    return parse_lexicon(raw, language, path)


def load_lexicons(directory: Path = LEXICON_DIR) -> dict[str, Lexicon]:
    """Every ``<lang>.yml`` in ``directory``, checked; group ids are unique across languages."""
    lexicons = {path.stem: load_lexicon(path) for path in sorted(directory.glob("*.yml"))}
    owner: dict[str, str] = {}
    for language, lexicon in lexicons.items():
        for group in lexicon.groups:
            if group.id in owner:
                raise LexiconError(
                    directory / f"{language}.yml",
                    [f"group {group.id!r} is also defined in {owner[group.id]}.yml"],
                )
            owner[group.id] = language
    return lexicons


def main() -> int:
    try:
        lexicons = load_lexicons()
    except LexiconError as error:
        print(error, file=sys.stderr)
        return 1
    for language, lexicon in lexicons.items():
        patterns = sum(len(group.patterns) for group in lexicon.groups)
        print(f"risk lexicon {language}: {len(lexicon.groups)} groups, {patterns} patterns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
