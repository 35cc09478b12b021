"""Which aspect of a topic a typed question is about, from the keyword lists in aspects.yml.

Deliberately simple and predictable: the first listed aspect whose keyword appears wins. A
question with no keyword gets the topic's overview, which offers every aspect as a button.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from bot.knowledge.loader import AspectKeywords

_LATIN = r"a-z\u00c0-\u024f\u1e00-\u1eff"


def _pattern(keyword: str) -> str:
    escaped = re.escape(keyword.lower())
    if re.match(f"[{_LATIN}]", keyword.lower()):
        escaped = f"(?<![{_LATIN}]){escaped}"
    if re.search(f"[{_LATIN}]$", keyword.lower()):
        escaped = f"{escaped}(?![{_LATIN}])"
    return escaped


def aspect_in(
    text: str,
    topic: str,
    aspects: Mapping[str, AspectKeywords],
    available: Collection[str],
) -> str | None:
    """The first aspect of ``topic`` (among ``available``) that ``text`` mentions, else None."""
    lowered = text.lower()
    for aspect, spec in aspects.items():
        if spec.topic != topic or aspect not in available:
            continue
        for words in spec.keywords.values():
            if any(re.search(_pattern(word), lowered) for word in words):
                return aspect
    return None
