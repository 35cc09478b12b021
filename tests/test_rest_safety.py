"""Safety escalation through the real REST channel, in every language.

An urgent report gets the hotline of the user's country and the offer of a caseworker in the
first reply, and the escalation is recorded without the user's words; a question about
passports gets an answer and no alarm; self-harm gets crisis support first; "no" is respected.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.actions.knowledge_render import country_name
from bot.handoff.db import session_factory
from bot.handoff.models import Case
from bot.i18n import translate
from tests.chat import RestUser
from tests.services import Stack

# language: (an urgent report naming the country, that country, a question about passports,
#            a message about self-harm) — as people of that language would type them.
CASES = {
    "en": (
        "I'm in Thailand now. My employer locks us in the factory at night",
        "TH",
        "can my employer keep my passport?",
        "i don't want to live anymore",
    ),
    "th": (
        "ตอนนี้อยู่ไทยค่ะ นายจ้างขังหนูไว้ในบ้าน ออกไปไหนไม่ได้เลย",
        "TH",
        "นายจ้างเก็บพาสปอร์ตไว้ได้ไหม",
        "ไม่อยากมีชีวิตอยู่แล้ว",
    ),
    "km": (
        "ខ្ញុំនៅម៉ាឡេស៊ី ថៅកែចាក់សោទ្វារ មិនឲ្យយើងចេញក្រៅទេ",
        "MY",
        "តើថៅកែអាចកាន់លិខិតឆ្លងដែនរបស់ខ្ញុំបានទេ?",
        "ខ្ញុំមិនចង់រស់ទៀតទេ",
    ),
    "lo": (
        "ຂ້ອຍຢູ່ໄທ ນາຍຈ້າງຂັງພວກເຮົາໄວ້ໃນຫ້ອງ ອອກໄປໃສບໍ່ໄດ້",
        "TH",
        "ນາຍຈ້າງເກັບພາສປອດຂອງຂ້ອຍໄວ້ໄດ້ບໍ່",
        "ຂ້ອຍບໍ່ຢາກມີຊີວິດຢູ່ແລ້ວ",
    ),
    "my": (
        "ထိုင်းမှာ ရှိတယ် boss က အခန်းထဲမှာ သော့ခတ်ပြီး ပိတ်ထားတယ်",
        "TH",
        "boss က passport ကို သိမ်းထားလို့ ရလား",
        "မနေချင်တော့ဘူး သေချင်တယ်",
    ),
    "vi": (
        "tôi đang ở Malaysia, chủ nhốt chúng tôi trong phòng không cho ra ngoài",
        "MY",
        "chủ có được giữ hộ chiếu của tôi không?",
        "tôi không muốn sống nữa",
    ),
    "zh": (
        "我在泰国，老板把我们关在宿舍里不让出去",
        "TH",
        "老板可以扣我的护照吗？",
        "我不想活了",
    ),
}
LANGUAGE_CASES = sorted(CASES)
SAFETY_TEXTS = ("safety.intro", "safety.crisis", "safety.caseworker", "concern.offer")


def escalations(stack: Stack, user: RestUser) -> list[dict[str, Any]]:
    path = Path(stack.env["PHUEAN_ESCALATION_LOG"])
    lines = path.read_text().splitlines() if path.exists() else []
    return [r for r in map(json.loads, lines) if r["conversation"] == user.sender]


def queued_cases(stack: Stack, user: RestUser) -> list[Case]:
    with session_factory(stack.env["PHUEAN_DB_URL"])() as db:
        return list(db.scalars(select(Case).where(Case.conversation_id == user.sender)))


@pytest.mark.parametrize("language", LANGUAGE_CASES)
def test_urgent_report_gets_the_hotline_and_a_caseworker_in_the_first_reply(
    stack: Stack, language: str
) -> None:
    report, country, _, _ = CASES[language]
    user = RestUser(stack.rasa_url)
    first = user.say(report)[0]
    text = first["text"]
    assert text.startswith(translate("safety.intro", language))
    assert translate("safety.call", language, country=country_name(country, language)) in text
    assert {"TH": "1300", "MY": "999"}[country] in text
    assert translate("safety.caseworker", language) in text
    assert translate("safety.delete", language) in text
    assert [b["payload"] for b in first["buttons"]] == ["/request_human", "/deny"]
    assert user.tracker()["slots"]["risk_level"] == "urgent"
    [record] = escalations(stack, user)
    assert (record["risk_level"], record["country"], record["language"]) == (
        "urgent",
        country,
        language,
    )
    assert "movement_restriction" in record["indicators"]
    assert report not in json.dumps(record, ensure_ascii=False)
    # The conversation waits at the top of the caseworkers' queue; the bot keeps answering.
    [case] = queued_cases(stack, user)
    assert (case.risk_level, case.opened_by, case.state) == ("urgent", "risk", "waiting")
    assert "movement_restriction" in case.indicators
    assert user.tracker()["slots"]["handoff"] in (None, "none")


@pytest.mark.parametrize("language", LANGUAGE_CASES)
def test_a_question_about_passports_gets_an_answer_and_no_alarm(
    stack: Stack, language: str
) -> None:
    _, _, question, _ = CASES[language]
    user = RestUser(stack.rasa_url)
    replies = user.texts(question)
    assert replies
    assert not any(translate("safety.intro", language) in reply for reply in replies)
    slots = user.tracker()["slots"]
    topic = slots["last_topic"] or slots["pending_topic"]
    assert (slots["risk_level"], topic) == ("none", "rights/passport")
    assert escalations(stack, user) == []


@pytest.mark.parametrize("language", LANGUAGE_CASES)
def test_self_harm_gets_crisis_support_first(stack: Stack, language: str) -> None:
    _, _, _, message = CASES[language]
    user = RestUser(stack.rasa_url)
    replies = user.say(message)
    assert replies[0]["text"].startswith(translate("safety.crisis", language))
    # The country is not known yet: asked with buttons, after the support.
    assert replies[1]["text"] == translate("safety.ask_country", language)
    assert "/inform_country" in replies[1]["buttons"][0]["payload"]
    assert escalations(stack, user)[0]["indicators"] == ["self_harm"]
    # Picking a country gives that country's crisis line first.
    picked = user.say('/inform_country{"country": "TH"}')[0]["text"]
    assert picked.index("1323") < picked.index("191")
    assert "1300" not in picked


def test_declining_is_respected_and_the_bot_keeps_helping(stack: Stack) -> None:
    user = RestUser(stack.rasa_url)
    user.say("they locked us in the dorm and took our phones")
    declined = user.say("/deny")[0]
    assert declined["text"] == translate("safety.declined", "en")
    assert declined["buttons"][0]["payload"] == "/ask_recruitment_fees"
    assert [r["event"] for r in escalations(stack, user)] == ["escalated", "declined"]
    # And the next question is answered as usual, without another alarm.
    replies = user.texts("how much can an agent charge me?")
    assert not any(translate("safety.intro", "en") in reply for reply in replies)
    slots = user.tracker()["slots"]
    assert str(slots["last_topic"] or slots["pending_topic"]).startswith("fees")


def test_concern_gets_the_usual_answer_then_the_offer(stack: Stack) -> None:
    user = RestUser(stack.rasa_url)
    user.say("I work in Malaysia")
    replies = user.texts("the agent took my passport when we arrived")
    assert len(replies) == 2
    assert translate("safety.intro", "en") not in replies[0]
    assert replies[1].startswith(translate("concern.offer", "en"))
    assert "03-8000 8000" in replies[1]
    assert user.tracker()["slots"]["risk_level"] == "concern"
    assert escalations(stack, user) == []  # a concern is offered help, not escalated
    assert user.texts("no thanks") == [translate("safety.declined", "en")]


def test_a_second_urgent_message_is_short_and_still_recorded(stack: Stack) -> None:
    user = RestUser(stack.rasa_url)
    user.say("I am in China. my husband's family locks me in the house")
    second = user.say("they beat me when I try to call my mother")[0]["text"]
    assert second.startswith(translate("safety.again", "en"))
    assert "110" in second
    assert len(escalations(stack, user)) == 2


def test_safety_text_never_appears_for_ordinary_messages(stack: Stack) -> None:
    user = RestUser(stack.rasa_url)
    for message in ("hello", "my passport expires next month, how do I renew it?", "thanks"):
        for text in user.texts(message):
            for message_id in SAFETY_TEXTS:
                assert translate(message_id, "en") not in text


def test_someone_in_danger_asking_for_a_person_gets_the_numbers_then_the_person(
    stack: Stack,
) -> None:
    user = RestUser(stack.rasa_url)
    user.say("I work in Vietnam")
    texts = user.texts("they lock us in the house, I want to talk to a person")
    assert texts[0].startswith(translate("safety.intro", "en"))
    assert "111" in texts[0]
    opened = translate("handoff.opened", "en", minutes="1").split("1")[0]
    assert any(text.startswith(opened) for text in texts[1:])
    assert user.tracker()["slots"]["handoff"] == "waiting"
