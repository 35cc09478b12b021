"""The JSON Schema every knowledge file must satisfy (checked with ``jsonschema`` on every load).

Written as data so that a translator's typo ("lo:" missing, "statsu: verified") is reported with
the file, the entry id and the field, instead of surfacing as a wrong answer to a worker.
The contract is documented in docs/design.md, "Knowledge entries".
"""

from __future__ import annotations

from typing import Any

from bot.constants import ANY_COUNTRY, HOTLINE_KINDS, LANGUAGES, TOPICS

STATUSES = ("verified", "unverified")

_NON_EMPTY = {"type": "string", "minLength": 1, "pattern": r"\S"}

# One text in each of the seven languages, nothing else: a missing translation is a schema error.
TRANSLATIONS: dict[str, Any] = {
    "type": "object",
    "properties": {language: _NON_EMPTY for language in LANGUAGES},
    "required": list(LANGUAGES),
    "additionalProperties": False,
}

_COUNTRY = {"type": "string", "pattern": rf"^([A-Z]{{2}}|\{ANY_COUNTRY})$"}
_SLUG = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_-]*$"}

SOURCE: dict[str, Any] = {
    "type": "object",
    "properties": {
        "org": _NON_EMPTY,
        "url": {"type": "string", "pattern": r"^https?://\S+$"},
        "document": _NON_EMPTY,
    },
    "required": ["org"],
    "anyOf": [{"required": ["url"]}, {"required": ["document"]}],
    "additionalProperties": False,
}

ENTRY: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": _SLUG,
        "topic": {"enum": list(TOPICS)},
        "aspect": _SLUG,
        "countries": {"type": "array", "items": _COUNTRY, "minItems": 1, "uniqueItems": True},
        "text": TRANSLATIONS,
        "refs": {"type": "array", "items": _SLUG, "uniqueItems": True},
        "source": SOURCE,
        # YAML turns 2026-11-23 into a date; the loader turns it back into ISO text first.
        "last_reviewed": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "status": {"enum": list(STATUSES)},
        "number": {"type": "string", "pattern": r"^\+?[0-9][0-9 -]*[0-9]$"},
        "kind": {"enum": list(HOTLINE_KINDS)},
        "purpose": TRANSLATIONS,
        "hours": TRANSLATIONS,
        "languages": {"type": "array", "items": {"type": "string", "pattern": "^[a-z]{2,3}$"}},
    },
    "required": ["id", "topic", "countries", "source", "last_reviewed", "status"],
    "additionalProperties": False,
    "allOf": [
        # A phone number always comes with what it is for (in words and as a `kind` the safety
        # replies select on), when it answers and in which languages.
        {
            "if": {"required": ["number"]},
            "then": {
                "required": ["kind", "purpose", "hours", "languages"],
                "properties": {"topic": {"const": "hotline"}},
            },
            "else": {"required": ["text"]},
        },
    ],
}

KNOWLEDGE_FILE: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "properties": {"entries": {"type": "array", "items": ENTRY, "minItems": 1}},
    "required": ["entries"],
    "additionalProperties": False,
}

# bot/knowledge/aspects.yml: words that point a question at one aspect of a topic.
ASPECTS_FILE: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "properties": {
            "topic": {"enum": list(TOPICS)},
            "keywords": {
                "type": "object",
                "properties": {
                    language: {"type": "array", "items": _NON_EMPTY} for language in LANGUAGES
                },
                "required": list(LANGUAGES),
                "additionalProperties": False,
            },
        },
        "required": ["topic", "keywords"],
        "additionalProperties": False,
    },
}
