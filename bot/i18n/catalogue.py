"""Loads ``messages.yml`` and picks the text for a language.

The catalogue is a plain YAML mapping ``message id -> {language code -> text}`` so that translators
edit one file and see all seven languages of a message together. A missing translation falls back
to English with a warning (never silence), and ``python -m bot.i18n.check`` fails the build on it.
"""

from __future__ import annotations

import logging
import string
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import yaml

from bot.constants import DEFAULT_LANGUAGE, LANGUAGES

logger = logging.getLogger(__name__)

CATALOGUE_PATH = Path(__file__).with_name("messages.yml")


class Catalogue:
    """All user-facing messages, keyed by message id and language code."""

    def __init__(self, messages: Mapping[str, Mapping[str, str]]) -> None:
        self._messages = messages

    @classmethod
    def from_file(cls, path: Path) -> Catalogue:
        with path.open(encoding="utf-8") as handle:
            raw = yaml.safe_load(handle) or {}
        if not isinstance(raw, dict):
            raise ValueError(f"{path}: expected a mapping of message ids")
        return cls(raw)

    @property
    def ids(self) -> list[str]:
        return list(self._messages)

    def translations(self, message_id: str) -> Mapping[str, str]:
        return self._messages[message_id]

    def text(self, message_id: str, language: str | None, **params: str) -> str:
        """The message in ``language``; English (with a warning) if that translation is missing.

        Raises ``KeyError`` for an unknown message id: that is a bug in the code, not in the data.
        """
        translations = self._messages[message_id]
        language = language or DEFAULT_LANGUAGE
        template = translations.get(language)
        if not template:
            logger.warning("No %s translation for message %r; using English", language, message_id)
            template = translations[DEFAULT_LANGUAGE]
        return template.format(**params) if params else template

    def problems(self) -> list[str]:
        """Every reason this catalogue is not complete, one line each (empty when it is)."""
        found = []
        for message_id, translations in self._messages.items():
            if not isinstance(translations, dict):
                found.append(f"{message_id}: expected a mapping of language codes")
                continue
            for language in LANGUAGES:
                if not str(translations.get(language) or "").strip():
                    found.append(f"{message_id}: missing {language}")
            for language in set(translations) - set(LANGUAGES):
                found.append(f"{message_id}: unknown language code {language!r}")
            expected = _placeholders(translations.get(DEFAULT_LANGUAGE, ""))
            for language, text in translations.items():
                if language in LANGUAGES and text and _placeholders(text) != expected:
                    found.append(f"{message_id}: {language} placeholders differ from English")
        return found


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@cache
def load_catalogue() -> Catalogue:
    """The project's catalogue, read once per process."""
    return Catalogue.from_file(CATALOGUE_PATH)


def translate(message_id: str, language: str | None, **params: str) -> str:
    return load_catalogue().text(message_id, language, **params)
