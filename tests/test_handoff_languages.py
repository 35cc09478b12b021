"""Asking for a person in each language: the user hears what happens next in their language."""

from __future__ import annotations

import pytest

from bot.handoff.hotline_hook import hotline_hint
from bot.i18n import translate
from tests.chat import RestUser
from tests.services import Stack

# (language, how a user of that language asks for a person). Khmer: tests/test_handoff_flow.py.
REQUESTS = [
    ("en", "can i talk to a human pls"),
    ("th", "ขอคุยกับเจ้าหน้าที่หน่อยค่ะ"),
    ("lo", "ຢາກລົມກັບເຈົ້າໜ້າທີ່ແດ່"),
    ("my", "လူနဲ့ တိုက်ရိုက် စကားပြောချင်တယ်"),
    ("vi", "toi muon gap nhan vien"),
    ("zh", "我想找人工客服"),
]


def opened(language: str) -> list[str]:
    return [translate("handoff.opened", language, minutes="1"), hotline_hint(language, None)]


@pytest.mark.parametrize(("language", "text"), REQUESTS)
def test_asking_for_a_person_opens_a_case_in_the_users_language(
    stack: Stack, language: str, text: str
) -> None:
    user = RestUser(stack.rasa_url)
    assert user.texts(text) == opened(language)
    assert user.tracker()["slots"]["handoff"] == "waiting"


@pytest.mark.parametrize(("language", "greeting"), [("lo", "ສະບາຍດີ"), ("zh", "你好")])
def test_slash_human_always_works_in_the_conversations_language(
    stack: Stack, language: str, greeting: str
) -> None:
    user = RestUser(stack.rasa_url)
    assert user.texts(greeting)[0] == translate("greet", language)
    assert user.texts("/human") == opened(language)
    assert user.texts("/human") == [translate("handoff.already_waiting", language)]
