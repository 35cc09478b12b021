"""A user waiting for a caseworker gets the hotlines of their country from the knowledge base."""

from __future__ import annotations

from bot.handoff.hotline_hook import hotline_hint
from bot.i18n import translate
from bot.knowledge.store import knowledge_store


def test_waiting_user_in_thailand_gets_thai_numbers_in_khmer() -> None:
    hint = hotline_hint("km", "TH")
    numbers = [
        entry.hotline.number
        for entry in knowledge_store().knowledge().select("hotline", "TH").entries
        if entry.hotline
    ]
    assert "1300" in numbers
    assert all(number in hint for number in numbers)
    assert hint.startswith(translate("kb.hotline_intro", "km", country="ថៃ"))


def test_unknown_country_gets_a_neutral_sentence_without_numbers() -> None:
    assert hotline_hint("lo", None) == translate("handoff.hotline_meanwhile", "lo")
    assert hotline_hint("lo", "MM") == translate("handoff.hotline_meanwhile", "lo")
