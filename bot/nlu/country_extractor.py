"""Country extractor: finds countries in any of the seven languages, as ISO 3166 alpha-2 codes.

Names are CLDR's localised territory names (through Babel), so "Thailand", "ประเทศไทย", "ថៃ",
"ໄທ", "ထိုင်း", "Thái Lan" and "泰国" all become ``TH`` without a hand-typed table; the informal
forms people really type ("msia", "thai lan", "大马") are added from ``country_aliases/``.
Thai, Lao, Khmer, Burmese and Chinese have no spaces, so names there are found as substrings;
Latin-script names must stand as words, so "oman" does not fire inside "woman".
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.constants import ENTITY_COUNTRY, LANGUAGES

_HERE = Path(__file__).parent
NAMES_FILE = _HERE / "country_names.yml"
ALIASES_DIR = _HERE / "country_aliases"
_LATIN_LETTER = r"a-zA-Z\u00c0-\u024f\u1e00-\u1eff"
_PARENTHESES = re.compile(r"\s*[(（]([^)）]*)[)）]\s*")


def _variants(name: str) -> set[str]:
    """'Myanmar (Burma)' -> {'Myanmar (Burma)', 'Myanmar', 'Burma'}."""
    found = {name.strip()}
    inner = _PARENTHESES.findall(name)
    outer = _PARENTHESES.sub(" ", name).strip()
    if inner:
        found |= {outer, *(part.strip() for part in inner)}
    return {variant for variant in found if len(variant) > 1}


@cache
def country_names() -> dict[str, str]:
    """Every known name (lower-cased) of every recognised country, mapped to its ISO code."""
    config = yaml.safe_load(NAMES_FILE.read_text(encoding="utf-8"))
    territories = set(config["territories"])
    excluded = {name.lower() for name in config.get("exclude") or []}
    names: dict[str, str] = {}
    for language in LANGUAGES:
        localized = Locale.parse(language).territories
        for code in territories:
            for name in _variants(localized.get(code, "")):
                names.setdefault(name.lower(), code)
        alias_file = ALIASES_DIR / f"{language}.yml"
        if alias_file.exists():
            for code, aliases in (
                yaml.safe_load(alias_file.read_text(encoding="utf-8")) or {}
            ).items():
                for alias in aliases or []:
                    names.setdefault(str(alias).lower(), str(code))
    return {name: code for name, code in names.items() if name not in excluded}


@cache
def _pattern() -> re.Pattern[str]:
    alternatives = []
    for name in sorted(country_names(), key=len, reverse=True):
        escaped = re.escape(name)
        if re.match(f"[{_LATIN_LETTER}]", name):
            escaped = f"(?<![{_LATIN_LETTER}]){escaped}"
        if re.search(f"[{_LATIN_LETTER}]$", name):
            escaped = f"{escaped}(?![{_LATIN_LETTER}])"
        alternatives.append(escaped)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def find_countries(text: str) -> list[tuple[str, int, int]]:
    """``(iso_code, start, end)`` for each country named in ``text``, left to right."""
    names = country_names()
    return [(names[m.group(0).lower()], m.start(), m.end()) for m in _pattern().finditer(text)]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class CountryExtractor(GraphComponent):
    """Adds ``country`` entities whose value is the ISO 3166-1 alpha-2 code."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CountryExtractor:
        _pattern()  # compile at start-up, not on the first user's message
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            found = [
                {
                    ENTITY_ATTRIBUTE_TYPE: ENTITY_COUNTRY,
                    ENTITY_ATTRIBUTE_VALUE: code,
                    ENTITY_ATTRIBUTE_START: start,
                    ENTITY_ATTRIBUTE_END: end,
                    EXTRACTOR: type(self).__name__,
                }
                for code, start, end in find_countries(message.get(TEXT) or "")
            ]
            if found:
                message.set(ENTITIES, [*(message.get(ENTITIES) or []), *found], add_to_output=True)
        return messages
