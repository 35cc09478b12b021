"""Language names from CLDR (through Babel): button titles and "I want Khmer" in any language."""

from __future__ import annotations

import re
from functools import cache

from babel import Locale

from bot.constants import LANGUAGES
from bot.i18n.tone_marks import strip_tone_marks

_LATIN_LETTER = r"a-zA-Z\u00c0-\u024f\u1e00-\u1eff"
# Common ways of naming a language that CLDR does not list.
_EXTRA_NAMES = {
    "my": ["myanmar", "burma", "bamar"],
    "km": ["cambodian", "khmae", "khmai"],
    "zh": ["mandarin", "chinese", "zhongwen", "普通话", "華語", "华语", "國語"],
    "vi": ["vietnam", "tieng viet"],
    "lo": ["laos", "ພາສາລາວ"],
    "th": ["ภาษาไทย", "thai"],
    "en": ["eng", "english"],
}


def autonym(code: str) -> str:
    """The language's name in its own script, as language buttons show it: 'ខ្មែរ', '中文'."""
    return str(Locale.parse(code).get_display_name(code))


@cache
def _names() -> dict[str, str]:
    names: dict[str, str] = {}
    for display in LANGUAGES:
        for code, name in Locale.parse(display).languages.items():
            if code in LANGUAGES:
                for variant in {name, strip_tone_marks(name)}:
                    names.setdefault(variant.lower(), code)
    for code, extra in _EXTRA_NAMES.items():
        for name in extra:
            names.setdefault(name.lower(), code)
    return names


@cache
def _pattern() -> re.Pattern[str]:
    parts = []
    for name in sorted(_names(), key=len, reverse=True):
        part = re.escape(name)
        if re.match(f"[{_LATIN_LETTER}]", name):
            part = f"(?<![{_LATIN_LETTER}]){part}(?![{_LATIN_LETTER}])"
        parts.append(part)
    return re.compile("|".join(parts), re.IGNORECASE)


def language_named_in(text: str) -> str | None:
    """The first of our languages that ``text`` names, in any of the seven languages."""
    match = _pattern().search(text)
    return _names()[match.group(0).lower()] if match else None
