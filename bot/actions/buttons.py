"""Buttons the actions attach: the main menu and the language picker."""

from __future__ import annotations

import json

from bot.constants import ENTITY_LANGUAGE, LANGUAGES
from bot.i18n import translate
from bot.i18n.languages import autonym

Button = dict[str, str]

# Menu entry -> the intent its button triggers.
_MENU = (
    ("menu.fees", "ask_recruitment_fees"),
    ("menu.rights", "ask_rights"),
    ("menu.safe_migration", "ask_safe_migration"),
    ("menu.hotline", "ask_hotline"),
    ("menu.human", "request_human"),
    ("menu.language", "choose_language"),
)


def menu_buttons(language: str) -> list[Button]:
    return [{"title": translate(key, language), "payload": f"/{intent}"} for key, intent in _MENU]


def language_buttons() -> list[Button]:
    """One button per language, each written in its own script so anyone can find theirs."""
    return [
        {
            "title": autonym(code),
            "payload": "/choose_language" + json.dumps({ENTITY_LANGUAGE: code}),
        }
        for code in LANGUAGES
    ]
