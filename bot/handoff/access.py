"""Who may see which case: the one rule behind every API call and every live event.

Teams are language codes in lower case (``km``) or countries as ISO 3166-1 alpha-2 codes in upper
case (``TH``), so Burmese (``my``) and Malaysia (``MY``) cannot be confused. A caseworker sees a
case when its language or its country is one of their teams; a supervisor sees every case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.constants import LANGUAGES
from bot.handoff.constants import SUPERVISOR

_COUNTRY = re.compile(r"[A-Z]{2}")


class InvalidTeam(ValueError):
    """A team that is neither one of our language codes nor an upper-case country code."""


def parse_teams(raw: str | Iterable[str]) -> tuple[str, ...]:
    parts = raw.split(",") if isinstance(raw, str) else list(raw)
    teams = []
    for part in (item.strip() for item in parts):
        if not part:
            continue
        if part not in LANGUAGES and not _COUNTRY.fullmatch(part):
            raise InvalidTeam(
                f"{part!r}: a team is a language code ({', '.join(LANGUAGES)}) "
                "or a country code in capitals (TH, MY, ...)"
            )
        if part not in teams:
            teams.append(part)
    return tuple(teams)


@dataclass(frozen=True)
class Actor:
    """A logged-in console user, as the permission checks need them."""

    account_id: int
    username: str
    role: str
    teams: tuple[str, ...]

    @property
    def is_supervisor(self) -> bool:
        return self.role == SUPERVISOR

    def can_see(self, language: str, country: str | None) -> bool:
        return self.is_supervisor or language in self.teams or (country or "") in self.teams
