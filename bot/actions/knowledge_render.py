"""Turns knowledge entries into chat messages and buttons in the user's language.

The wording around the facts (caveats, "Source:", "Who to call in …") comes from the message
catalogue; the facts come from the entries. Country and language names come from CLDR (Babel),
so a Khmer reader sees "ថៃ", not "TH".
"""

from __future__ import annotations

import json
from functools import cache

from babel import Locale

from bot.actions.buttons import Button
from bot.constants import ENTITY_ASPECT, ENTITY_COUNTRY, TOPIC_HOTLINE, TOPIC_INTENTS
from bot.i18n import translate
from bot.knowledge import OVERVIEW, Entry, KnowledgeBase

# The countries the picker offers: destinations first, then the countries people leave from.
PICKER_COUNTRIES = ("TH", "MY", "CN", "KH", "LA", "MM", "VN")


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(language)


def country_name(code: str, language: str) -> str:
    """CLDR's name of the country in ``language`` ('ថៃ' for TH in Khmer); the code if unknown."""
    return str(_locale(language).territories.get(code, code))


def is_country_code(code: object) -> bool:
    return isinstance(code, str) and len(code) == 2 and code in _locale("en").territories


def _language_names(codes: tuple[str, ...], language: str) -> str:
    names = _locale(language).languages
    return ", ".join(str(names.get(code, code)) for code in codes)


def hotline_lines(entry: Entry, language: str) -> str:
    """Number, what it is for and its hours (and languages when it speaks several)."""
    hotline = entry.hotline
    assert hotline is not None, f"{entry.id} is no hotline"
    text = translate(
        "kb.hotline_line",
        language,
        mark="" if entry.verified else "⚠️",
        number=hotline.number,
        purpose=hotline.purpose[language],
        hours=hotline.hours[language],
    )
    if len(hotline.languages) > 1:
        names = _language_names(hotline.languages, language)
        text += "\n" + translate("kb.hotline_languages", language, languages=names)
    return text


def entry_message(entry: Entry, knowledge: KnowledgeBase, language: str) -> str:
    """An entry's text, the numbers it refers to, a caveat if anything is unverified, its source."""
    assert entry.text is not None, f"{entry.id} has no text"
    referenced = knowledge.referenced(entry)
    body = "\n".join([entry.text[language], *(hotline_lines(ref, language) for ref in referenced)])
    footer = []
    if not entry.verified or not all(ref.verified for ref in referenced):
        footer.append(translate("kb.unverified", language))
    footer.append(translate("kb.source", language, source=entry.source.org))
    return body + "\n\n" + "\n".join(footer)


def hotlines_message(entries: tuple[Entry, ...], country: str, language: str) -> str:
    intro = translate("kb.hotline_intro", language, country=country_name(country, language))
    blocks = [intro, *(hotline_lines(entry, language) for entry in entries)]
    if not all(entry.verified for entry in entries):
        blocks.append(translate("kb.unverified", language))
    return "\n\n".join(blocks)


def _payload(intent: str, entities: dict[str, str] | None = None) -> str:
    return f"/{intent}" + (json.dumps(entities) if entities else "")


def country_buttons(language: str) -> list[Button]:
    """The country picker, each name in the user's language, payloads carrying the ISO code."""
    return [
        {
            "title": country_name(code, language),
            "payload": _payload("inform_country", {ENTITY_COUNTRY: code}),
        }
        for code in PICKER_COUNTRIES
    ]


def next_buttons(topic: str, aspects: list[str], current: str, language: str) -> list[Button]:
    """The natural next steps: the topic's other aspects, who to call, another country, a person."""
    intent = TOPIC_INTENTS[topic]
    buttons = [
        {
            "title": translate(f"kb.aspect.{aspect}", language),
            "payload": _payload(intent, {ENTITY_ASPECT: aspect}),
        }
        for aspect in aspects
        if aspect not in (current, OVERVIEW)
    ]
    if topic == TOPIC_HOTLINE:
        other = translate("kb.other_country", language)
        buttons.append({"title": other, "payload": "/inform_country"})
        buttons.append({"title": translate("menu.rights", language), "payload": "/ask_rights"})
    else:
        buttons.append({"title": translate("menu.hotline", language), "payload": "/ask_hotline"})
    buttons.append({"title": translate("menu.human", language), "payload": "/request_human"})
    return buttons
