"""Knowledge answers through the real REST channel, in every language, as people type them.

For each language: every topic with and without a country, the country asked once (buttons in
the user's language) and the waiting question answered after the pick, a country change in the
middle of a conversation, and a country we have no content for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from babel import Locale

from bot.i18n import translate
from bot.knowledge import Entry, load_knowledge
from tests.chat import RestUser
from tests.services import Stack

KNOWLEDGE = load_knowledge()


@dataclass(frozen=True)
class Typed:
    """What a user of one language types for each step."""

    language: str
    fees: str  # no country
    fees_thailand: str
    rights: str  # no country
    passport_malaysia: str
    safe: str  # no country
    mou_thailand: str
    hotline: str  # no country
    hotline_malaysia: str
    what_about_thailand: str
    hotline_japan: str


TYPED = [
    Typed(
        "en",
        "how much recruitment fee should i pay",
        "agent wants 25000 baht for a job in thailand, is that ok?",
        "what are my rights at work",
        "my boss in malaysia keeps my passport, is that allowed?",
        "i want to go abroad, how to go safely",
        "i'm from cambodia, how do i go to thailand with mou",
        "who can i call for help",
        "who can i call in malaysia",
        "what about thailand?",
        "i'm working in japan, who can i call",
    ),
    Typed(
        "th",
        "ค่าหัวคิวต้องจ่ายเท่าไหร่",
        "จะไปทำงานไทย เอเจนต์เรียกค่าหัวคิว 25000 บาท แพงไปไหม",
        "สิทธิแรงงานมีอะไรบ้าง",
        "นายจ้างที่มาเลเซียยึดพาสปอร์ตไว้ได้ไหม",
        "อยากไปทำงานต่างประเทศให้ปลอดภัยต้องทำยังไง",
        "จากกัมพูชามาทำงานไทยแบบ MOU ต้องทำยังไง",
        "มีปัญหาต้องโทรหาใคร",
        "อยู่มาเลเซีย มีปัญหาโทรเบอร์ไหน",
        "แล้วที่ไทยล่ะ",
        "ทำงานอยู่ญี่ปุ่น มีปัญหาโทรหาใคร",
    ),
    Typed(
        "km",
        "ថ្លៃភ្នាក់ងារត្រូវបង់ប៉ុន្មាន",
        "ភ្នាក់ងារយកលុយ 2000 ដុល្លារ ដើម្បីទៅធ្វើការនៅថៃ ច្រើនពេកទេ?",
        "សិទ្ធិពលករមានអ្វីខ្លះ",
        "ថៅកែនៅម៉ាឡេស៊ីយកលិខិតឆ្លងដែនខ្ញុំ បានទេ?",
        "ចង់ទៅធ្វើការក្រៅប្រទេសឱ្យមានសុវត្ថិភាព ត្រូវធ្វើយ៉ាងម៉េច",
        "ពីកម្ពុជាទៅធ្វើការនៅថៃតាម MOU ត្រូវធ្វើយ៉ាងម៉េច",
        "បើមានបញ្ហា ត្រូវទាក់ទងទៅណា",
        "នៅម៉ាឡេស៊ី បើមានបញ្ហា ត្រូវទាក់ទងទៅណា",
        "ចុះនៅថៃវិញ?",
        "ខ្ញុំធ្វើការនៅជប៉ុន បើមានបញ្ហា ត្រូវទាក់ទងទៅណា",
    ),
    Typed(
        "lo",
        "ຄ່າຈັດຫາງານຕ້ອງຈ່າຍເທົ່າໃດ",
        "ນາຍໜ້າຂໍເງິນ 20000 ບາດ ໄປເຮັດວຽກຢູ່ໄທ ແພງໂພດບໍ່",
        "ສິດຂອງແຮງງານມີຫຍັງແດ່",
        "ນາຍຈ້າງຢູ່ມາເລເຊຍຍຶດໜັງສືຜ່ານແດນໄວ້ ໄດ້ບໍ່",
        "ຢາກໄປເຮັດວຽກຕ່າງປະເທດໃຫ້ປອດໄພ ຕ້ອງເຮັດແນວໃດ",
        "ຈາກລາວໄປເຮັດວຽກຢູ່ໄທແບບ MOU ຕ້ອງເຮັດແນວໃດ",
        "ມີບັນຫາ ຕ້ອງໂທຫາໃຜ",
        "ຢູ່ມາເລເຊຍ ມີບັນຫາ ຕ້ອງໂທຫາໃຜ",
        "ແລ້ວຢູ່ໄທເດ",
        "ເຮັດວຽກຢູ່ຍີ່ປຸ່ນ ມີບັນຫາຕ້ອງໂທຫາໃຜ",
    ),
    Typed(
        "my",
        "အေဂျင့်ခ ဘယ်လောက် ပေးရမလဲ",
        "ထိုင်းမှာ အလုပ်လုပ်ဖို့ အေဂျင့်က ကျပ် ၁၅ သိန်း တောင်းတယ် များလား",
        "အလုပ်သမား ရပိုင်ခွင့်တွေ ဘာတွေလဲ",
        "မလေးရှားက သူဌေး ပတ်စပို့ သိမ်းထားတယ် ရလား",
        "နိုင်ငံခြားကို ဘေးကင်းကင်း ဘယ်လို သွားရမလဲ",
        "မြန်မာကနေ ထိုင်းကို MOU နဲ့ ဘယ်လို သွားရမလဲ",
        "အကူအညီ လိုရင် ဘယ်သူ့ကို ဆက်ရမလဲ",
        "မလေးရှားမှာ အကူအညီ လိုရင် ဘယ်သူ့ကို ဆက်ရမလဲ",
        "ထိုင်းမှာကော",
        "ဂျပန်မှာ အလုပ်လုပ်နေတယ် အကူအညီလိုရင် ဘယ်ကို ဆက်ရမလဲ",
    ),
    Typed(
        "vi",
        "phí môi giới phải trả bao nhiêu",
        "công ty môi giới đòi 60 triệu đi Thái Lan làm có đắt không",
        "quyền lợi của người lao động là gì",
        "chủ ở Malaysia giữ hộ chiếu của tôi có được không",
        "muốn đi làm nước ngoài an toàn thì phải làm sao",
        "từ Campuchia sang Thái Lan làm việc theo MOU thì làm thế nào",
        "gặp chuyện thì gọi ai",
        "ở Malaysia gặp chuyện thì gọi ai",
        "còn ở Thái Lan thì sao",
        "tôi làm ở Nhật, gặp chuyện thì gọi ai",
    ),
    Typed(
        "zh",
        "中介费要交多少",
        "去泰国打工，中介要我交两万五泰铢，合理吗",
        "工人有哪些权益",
        "马来西亚老板扣我护照，合法吗",
        "想安全出国打工要注意什么",
        "从柬埔寨走MOU去泰国打工要怎么办",
        "出事了打什么电话",
        "在马来西亚出事了打什么电话",
        "那泰国呢",
        "我在日本打工，出事了找谁",
    ),
]
IDS = [typed.language for typed in TYPED]


def pick(code: str) -> str:
    """What a country button sends."""
    return "/inform_country" + json.dumps({"country": code})


def text_of(replies: list[dict[str, Any]]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


def buttons_of(replies: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [button for reply in replies for button in reply.get("buttons", [])]


def country(code: str, language: str) -> str:
    return str(Locale.parse(language).territories[code])


def assert_entry(replies: list[dict[str, Any]], entry_id: str, language: str) -> None:
    entry = KNOWLEDGE.by_id[entry_id]
    assert entry.text is not None
    text = text_of(replies)
    assert entry.text[language] in text, f"{entry_id} ({language}) not in:\n{text}"
    assert translate("kb.source", language, source=entry.source.org) in text
    caveat = translate("kb.unverified", language)
    refs_verified = all(ref.verified for ref in KNOWLEDGE.referenced(entry))
    assert (caveat in text) == (not entry.verified or not refs_verified)


def hotlines(code: str) -> list[Entry]:
    return [entry for entry in KNOWLEDGE.entries if entry.hotline and code in entry.countries]


def assert_hotlines(replies: list[dict[str, Any]], code: str, language: str) -> None:
    text = text_of(replies)
    assert translate("kb.hotline_intro", language, country=country(code, language)) in text
    for entry in hotlines(code):
        assert entry.hotline is not None
        assert f"📞 {entry.hotline.number} — {entry.hotline.purpose[language]}" in text
        assert f"🕒 {entry.hotline.hours[language]}" in text
    others = [entry for entry in KNOWLEDGE.entries if entry.hotline and code not in entry.countries]
    for entry in others:
        assert entry.hotline is not None
        assert f"📞 {entry.hotline.number} —" not in text, f"{entry.id} shown for {code}"


def assert_asks_country(replies: list[dict[str, Any]], language: str) -> None:
    assert text_of(replies) == translate("kb.ask_country", language)
    buttons = buttons_of(replies)
    assert [button["payload"] for button in buttons][:2] == [pick("TH"), pick("MY")]
    assert [button["title"] for button in buttons][:2] == [
        country("TH", language),
        country("MY", language),
    ]


@pytest.mark.parametrize("typed", TYPED, ids=IDS)
def test_question_without_country_asks_once_and_answers_after_the_pick(
    stack: Stack, typed: Typed
) -> None:
    language = typed.language
    user = RestUser(stack.rasa_url)
    assert_asks_country(user.say(typed.fees), language)
    assert user.tracker()["slots"]["pending_topic"] == "fees"

    # The pick answers the waiting question: the MOU channel for Cambodia.
    replies = user.say(pick("KH"))
    assert_entry(replies, "fees-mou-thailand", language)
    slots = user.tracker()["slots"]
    assert (slots["country"], slots["pending_topic"], slots["language"]) == ("KH", None, language)

    # The country is remembered; Cambodia has no rights content yet: honest, then general.
    replies = user.say(typed.rights)
    assert text_of(replies[:1]) == translate(
        "kb.no_details", language, country=country("KH", language)
    )
    assert_entry(replies, "rights-general", language)


@pytest.mark.parametrize("typed", TYPED, ids=IDS)
def test_country_is_asked_only_once_and_safe_migration_needs_none(
    stack: Stack, typed: Typed
) -> None:
    language = typed.language
    user = RestUser(stack.rasa_url)
    assert_asks_country(user.say(typed.rights), language)

    # The user ignores the buttons and asks again: no second question, general rights.
    replies = user.say(typed.rights)
    assert text_of(replies[:1]) == translate("kb.general_only", language)
    assert_entry(replies, "rights-general", language)
    titles = [button["title"] for button in buttons_of(replies)]
    assert translate("kb.aspect.passport", language) in titles

    replies = user.say(typed.safe)
    assert_entry(replies, "safe-before-you-go", language)
    payloads = [button["payload"] for button in buttons_of(replies)]
    assert '/ask_safe_migration{"aspect": "agency"}' in payloads


@pytest.mark.parametrize("typed", TYPED, ids=IDS)
def test_hotline_without_country_asks_then_lists_the_numbers(stack: Stack, typed: Typed) -> None:
    user = RestUser(stack.rasa_url)
    assert_asks_country(user.say(typed.hotline), typed.language)
    replies = user.say(pick("TH"))
    assert_hotlines(replies, "TH", typed.language)
    assert translate("kb.unverified", typed.language) in text_of(replies)


@pytest.mark.parametrize("typed", TYPED, ids=IDS)
def test_country_in_the_message_and_a_change_of_country_midway(stack: Stack, typed: Typed) -> None:
    language = typed.language
    user = RestUser(stack.rasa_url)
    assert_hotlines(user.say(typed.hotline_malaysia), "MY", language)
    assert user.tracker()["slots"]["country"] == "MY"

    # "What about Thailand?": the last question, answered again for the new country.
    assert_hotlines(user.say(typed.what_about_thailand), "TH", language)
    assert user.tracker()["slots"]["country"] == "TH"

    # A country named in the question wins over the remembered one.
    assert_entry(user.say(typed.passport_malaysia), "rights-my-passport", language)
    assert_entry(user.say(typed.fees_thailand), "fees-mou-thailand", language)
    assert_entry(user.say(typed.mou_thailand), "safe-mou-thailand", language)


@pytest.mark.parametrize("typed", TYPED, ids=IDS)
def test_country_without_content_gets_an_honest_answer_and_general_help(
    stack: Stack, typed: Typed
) -> None:
    language = typed.language
    user = RestUser(stack.rasa_url)
    replies = user.say(typed.hotline_japan)
    assert text_of(replies[:1]) == translate(
        "kb.no_hotline", language, country=country("JP", language)
    )
    assert_entry(replies, "hotline-general", language)
    assert "📞" not in text_of(replies)


def test_aspect_button_answers_that_aspect_for_the_remembered_country(stack: Stack) -> None:
    user = RestUser(stack.rasa_url)
    user.say(pick("TH"))
    replies = user.say('/ask_rights{"aspect": "if_breached"}')
    assert_entry(replies, "rights-th-if-breached", "en")
    for number in ("1546", "1694", "1300"):
        assert f"📞 {number} —" in text_of(replies)


def test_unknown_country_name_while_a_question_waits(stack: Stack) -> None:
    user = RestUser(stack.rasa_url)
    assert_asks_country(user.say("who can i call for help"), "en")
    replies = user.say("/inform_country")  # "Another country" without a choice: the picker again
    assert_asks_country(replies, "en")
    replies = user.say("i'm in narnia")
    assert text_of(replies[:1]) == translate("country.unknown", "en")
    assert_entry(replies, "hotline-general", "en")


def test_waiting_question_keeps_its_aspect_until_the_country_is_picked(stack: Stack) -> None:
    user = RestUser(stack.rasa_url)
    assert_asks_country(user.say("นายจ้างเก็บพาสปอร์ตไว้ได้ไหม"), "th")
    assert user.tracker()["slots"]["pending_topic"] == "rights/passport"
    replies = user.say(pick("TH"))
    assert_entry(replies, "rights-th-passport", "th")
    assert "📞 1694 —" in text_of(replies)
