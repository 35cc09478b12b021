"""Conversations through the real REST channel: greeting, language change, out-of-scope."""

from __future__ import annotations

import json

import pytest

from bot.i18n import translate
from tests.chat import RestUser
from tests.services import Stack

# (language, a greeting, an out-of-scope message), as users of that language type them.
CONVERSATIONS = [
    ("th", "สวัสดีจ้า", "วันนี้ฝนจะตกไหม"),
    ("km", "សួស្តីបង", "ប្រាប់រឿងកំប្លែងមួយមក"),
    ("vi", "chao ban", "ke chuyen cuoi di"),
    ("my", "မင်္ဂလာပါ", "ဟာသ တစ်ခု ပြောပြပါ"),
    ("zh", "你好", "讲个笑话吧"),
    ("lo", "ສະບາຍດີ", "ເລົ່າເລື່ອງຕະຫຼົກໃຫ້ຟັງແດ່"),
    ("en", "hello there", "tell me a joke"),
]


def choose(language: str) -> str:
    return "/choose_language" + json.dumps({"language": language})


@pytest.mark.parametrize(("language", "greeting", "off_topic"), CONVERSATIONS)
def test_greeting_language_change_and_out_of_scope(
    stack: Stack, language: str, greeting: str, off_topic: str
) -> None:
    user = RestUser(stack.rasa_url)

    replies = user.say(greeting)
    assert replies[0]["text"] == translate("greet", language)
    assert replies[0]["buttons"][0]["payload"] == "/ask_recruitment_fees"
    assert user.tracker()["slots"]["language"] == language

    other = "km" if language != "km" else "th"
    assert user.texts(choose(other)) == [translate("language.set", other)]
    assert user.tracker()["slots"]["language"] == other

    # Writing in the first language again brings the answers back to it.
    assert user.texts(off_topic)[0] == translate("out_of_scope", language)


def test_language_picker_shows_each_language_in_its_own_script(stack: Stack) -> None:
    user = RestUser(stack.rasa_url)
    replies = user.say("change language please")
    assert replies[0]["text"] == translate("language.prompt", "en")
    titles = [button["title"] for button in replies[0]["buttons"]]
    assert titles == ["English", "ไทย", "ខ្មែរ", "ລາວ", "မြန်မာ", "Tiếng Việt", "中文"]


def test_language_named_in_text_is_chosen(stack: Stack) -> None:
    user = RestUser(stack.rasa_url)
    assert user.texts("can you speak khmer") == [translate("language.set", "km")]
    # A short Latin-script reply from a Khmer speaker does not switch back to English.
    user.say("ok")
    assert user.tracker()["slots"]["language"] == "km"


def test_first_khmer_message_gets_khmer_and_loanwords_keep_it(stack: Stack) -> None:
    user = RestUser(stack.rasa_url)
    assert user.texts("អ្នកជាមនុស្សឬ bot?") == [translate("bot_challenge", "km")]
    assert user.texts("ok thanks")[0] == translate("thank", "km")


def test_vietnamese_without_tone_marks_is_answered_in_vietnamese(stack: Stack) -> None:
    user = RestUser(stack.rasa_url)
    assert user.texts("ban la nguoi that hay may vay")[0] == translate("bot_challenge", "vi")


def test_asking_to_delete_in_chinese_is_asked_to_confirm_in_chinese(stack: Stack) -> None:
    user = RestUser(stack.rasa_url)
    assert user.texts("请删除我的聊天记录") == [translate("erasure.ask", "zh")]


def test_goodbye_in_lao(stack: Stack) -> None:
    user = RestUser(stack.rasa_url)
    assert user.texts("ລາກ່ອນເດີ") == [translate("goodbye", "lo")]


@pytest.mark.parametrize("text", ["🙏🙏", "?????", "ช่วยด้วย " * 1250])
def test_odd_messages_get_a_sensible_reply(stack: Stack, text: str) -> None:
    user = RestUser(stack.rasa_url)
    replies = user.texts(text)
    assert len(replies) >= 1
    assert all(reply.strip() for reply in replies)
