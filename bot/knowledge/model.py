"""Knowledge entries as typed objects, and the questions the actions ask of them.

An answer for a topic in a country is the country's own entries for that aspect when there are
any, otherwise the general ones (``countries: ["*"]``): each entry is written to stand alone, so
an answer is never a pile of overlapping paragraphs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from bot.constants import ANY_COUNTRY, TOPIC_HOTLINE

Translations = Mapping[str, str]

OVERVIEW = "overview"
VERIFIED = "verified"


@dataclass(frozen=True)
class Source:
    org: str
    url: str | None = None
    document: str | None = None


@dataclass(frozen=True)
class Hotline:
    """A phone number with what it is for, when it answers and the languages it speaks."""

    number: str
    kind: str
    purpose: Translations
    hours: Translations
    languages: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    id: str
    topic: str
    aspect: str
    countries: frozenset[str]
    text: Translations | None
    refs: tuple[str, ...]
    source: Source
    last_reviewed: date
    status: str
    hotline: Hotline | None
    file: str

    @property
    def verified(self) -> bool:
        return self.status == VERIFIED

    @property
    def general(self) -> bool:
        return ANY_COUNTRY in self.countries


@dataclass(frozen=True)
class Selection:
    """The entries that answer one question, and whether they are specific to the country."""

    entries: tuple[Entry, ...]
    specific: bool


@dataclass(frozen=True)
class KnowledgeBase:
    entries: tuple[Entry, ...]
    by_id: Mapping[str, Entry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {entry.id: entry for entry in self.entries})

    def _matching(self, topic: str, aspect: str | None, country: str) -> tuple[Entry, ...]:
        return tuple(
            entry
            for entry in self.entries
            if entry.topic == topic
            and (aspect is None or entry.aspect == aspect)
            and country in entry.countries
        )

    def has_content(self, topic: str, country: str | None) -> bool:
        """Whether ``country`` has entries of its own on ``topic`` (any aspect)."""
        return bool(country) and bool(self._matching(topic, None, str(country)))

    def select(self, topic: str, country: str | None, aspect: str = OVERVIEW) -> Selection:
        """The country's entries on this aspect, else the general ones.

        Hotlines have no aspects: every number of the country is listed.
        """
        wanted = None if topic == TOPIC_HOTLINE else aspect
        if country:
            specific = self._matching(topic, wanted, country)
            if specific:
                return Selection(specific, specific=True)
        return Selection(self._matching(topic, wanted, ANY_COUNTRY), specific=False)

    def aspects(self, topic: str, country: str | None) -> list[str]:
        """Aspects one can ask about for this topic and country, in file order, overview first."""
        countries = {ANY_COUNTRY, country} if country else {ANY_COUNTRY}
        found: list[str] = []
        for entry in self.entries:
            if entry.topic == topic and entry.countries & countries and entry.aspect not in found:
                found.append(entry.aspect)
        return sorted(found, key=lambda aspect: aspect != OVERVIEW)

    def referenced(self, entry: Entry) -> list[Entry]:
        """The hotline entries an entry points to (``refs``), so a number lives in one place."""
        return [self.by_id[ref] for ref in entry.refs if ref in self.by_id]
