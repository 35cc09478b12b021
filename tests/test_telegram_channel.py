"""The Telegram channel in the real Rasa server, driven the way Telegram drives it.

One stack for the module: the action server and the Rasa server with ``connectors.telegram``
enabled, python-telegram-bot pointed at a fake Bot API on loopback. Updates are POSTed to the
webhook as Telegram would; what the bot sends is read from the fake API's records.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from bot.constants import LANGUAGES
from bot.i18n import translate
from connectors.telegram import send_to_sender
from connectors.telegram.commands import RASA_COMMANDS
from tests.chat import RestUser
from tests.console_client import Console, add_user
from tests.telegram_stack import SECRET, TOKEN, TelegramStack, sender_id, telegram_stack
from tests.telegram_user import SECRET_HEADER, TelegramUser, next_update_id, post

PICKER = ["English", "ไทย", "ខ្មែរ", "ລາວ", "မြန်မာ", "Tiếng Việt", "中文"]
MENU = ["menu.fees", "menu.rights", "menu.safe_migration", "menu.hotline", "menu.human"]


@pytest.fixture(scope="module")
def tg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TelegramStack]:
    with telegram_stack(tmp_path_factory.mktemp("telegram")) as stack:
        yield stack


def choose(language: str) -> str:
    return "/choose_language" + json.dumps({"language": language})


def rest_texts(stack: TelegramStack, language: str, text: str) -> list[str]:
    """What Rasa answers ``text`` over REST in a conversation set to ``language``."""
    user = RestUser(stack.rasa_url)
    user.say(choose(language))
    return user.texts(text)


def tracker(stack: TelegramStack, sender: str) -> dict[str, Any]:
    url = f"{stack.rasa_url}/conversations/{sender}/tracker"
    with urllib.request.urlopen(url, timeout=30) as response:
        result: dict[str, Any] = json.loads(response.read())
    return result


def thai_user(stack: TelegramStack) -> TelegramUser:
    """A Thai user who has started the bot and picked Thai."""
    user = stack.user("th")
    assert user.send("/start") == 200
    user.wait_for_texts(1)
    assert user.tap("✓ ไทย") == 200
    user.wait_for_texts(2)
    return user


def test_thai_user_starts_picks_thai_and_asks_a_question(tg: TelegramStack) -> None:
    user = tg.user("th")
    assert user.send("/start") == 200
    assert user.wait_for_texts(1) == [translate("telegram.start", "th")]
    assert user.keyboard_titles() == ["English", "✓ ไทย", *PICKER[2:]]

    assert user.tap("✓ ไทย") == 200
    assert user.wait_for_texts(2)[1] == translate("language.set", "th")
    assert user.keyboard_titles()[:5] == [translate(key, "th") for key in MENU]
    assert len(tg.api.sent("answerCallbackQuery")) >= 1

    question = "นายจ้างเก็บพาสปอร์ตไว้ได้ไหม"
    assert user.send(question) == 200
    answer = user.wait_for_texts(3)[2]
    assert answer == rest_texts(tg, "th", question)[0]
    assert any("\u0e00" <= char <= "\u0e7f" for char in answer)  # Thai script
    typing = tg.api.sent("sendChatAction", chat_id=user.chat_id)
    assert {call["action"] for call in typing} == {"typing"} and len(typing) >= 2

    # Rasa knows the chat only by the keyed HMAC of its id, never by the id itself.
    conversation = tracker(tg, sender_id(user))
    assert conversation["slots"]["language"] == "th"
    assert [e["text"] for e in conversation["events"] if e["event"] == "user"][-1] == question
    assert not [e for e in tracker(tg, str(user.chat_id))["events"] if e["event"] == "user"]


def test_command_menus_are_registered_in_every_language(tg: TelegramStack) -> None:
    tg.api.wait_for(lambda: tg.api.count("setMyCommands") >= len(LANGUAGES) + 1)
    menus = {call.get("language_code"): call["commands"] for call in tg.api.sent("setMyCommands")}
    assert set(menus) == {None, *LANGUAGES}
    for language in LANGUAGES:
        assert menus[language] == [
            {"command": command, "description": translate(f"telegram.command.{command}", language)}
            for command in RASA_COMMANDS
        ]
    assert menus[None] == menus["en"]


@pytest.mark.parametrize(
    ("command", "payload"),
    [("/help", "/greet"), ("/human", "/request_human"), ("/weather", "/greet")],
)
def test_commands_reach_rasa_as_their_intent(tg: TelegramStack, command: str, payload: str) -> None:
    user = thai_user(tg)
    assert user.send(command) == 200
    # One Telegram message carries what REST returns as parts (e.g. a reply and a hotline).
    assert user.wait_for_texts(3)[2] == "\n\n".join(rest_texts(tg, "th", payload))


def test_language_command_shows_the_picker_in_the_users_language(tg: TelegramStack) -> None:
    user = thai_user(tg)
    assert user.send("/language") == 200
    assert user.wait_for_texts(3)[2] == translate("language.prompt", "th")
    assert user.keyboard_titles() == PICKER


def test_media_get_a_polite_answer_in_the_users_language(tg: TelegramStack) -> None:
    user = thai_user(tg)
    kinds = ["sticker", "photo", "voice", "location", "document"]
    for count, kind in enumerate(kinds, start=3):
        assert user.send_media(kind) == 200
        assert user.wait_for_texts(count)[-1] == translate(f"telegram.media.{kind}", "th")
    # A caption is read as a message, after the word about the photo.
    assert user.send_media("photo", caption="สวัสดีค่ะ") == 200
    texts = user.wait_for_texts(len(kinds) + 4)
    assert texts[-2:] == [translate("telegram.media.photo", "th"), translate("greet", "th")]

    newcomer = tg.user("km")  # no conversation yet: Telegram's language decides
    assert newcomer.send_media("voice") == 200
    assert newcomer.wait_for_texts(1) == [translate("telegram.media.voice", "km")]


def test_media_during_a_handoff_reach_rasa_as_a_label_for_the_caseworker(
    tg: TelegramStack,
) -> None:
    user = thai_user(tg)
    request = urllib.request.Request(
        f"{tg.rasa_url}/conversations/{sender_id(user)}/tracker/events",
        data=json.dumps({"event": "slot", "name": "handoff", "value": "active"}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    urllib.request.urlopen(request, timeout=30).close()
    assert user.send_media("voice") == 200
    label = translate("telegram.label.voice", "th")
    deadline = time.monotonic() + 30
    while True:
        said = [e for e in tracker(tg, sender_id(user))["events"] if e["event"] == "user"]
        if said[-1]["text"] == label or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert said[-1]["text"] == label
    assert said[-1]["metadata"]["telegram"]["media"] == "voice"
    assert translate("telegram.media.voice", "th") not in user.texts()


def test_group_chats_are_refused_politely_and_left(tg: TelegramStack) -> None:
    group_id = -1001234567
    member = tg.user("vi")
    update = member.message_update(text="xin chào bot")
    update["message"]["chat"] = {"id": group_id, "type": "supergroup", "title": "Workers"}
    assert member.post_update(update) == 200
    tg.api.wait_for_messages(group_id, 1)
    assert tg.api.sent(chat_id=group_id)[0]["text"] == translate("telegram.group", "vi")
    tg.api.wait_for(lambda: bool(tg.api.sent("leaveChat", chat_id=group_id)))
    assert not [e for e in tracker(tg, sender_id(group_id))["events"] if e["event"] == "user"]


def test_edit_of_the_latest_message_is_answered_older_edits_are_not(tg: TelegramStack) -> None:
    user = tg.user("en")
    assert user.send("hello there") == 200
    first = user.last_message_id
    assert user.wait_for_texts(1) == [translate("greet", "en")]
    assert user.send("tell me a joke") == 200
    assert user.wait_for_texts(2)[1] == translate("out_of_scope", "en")

    assert user.edit(first, "thank you") == 200  # an old message: left alone
    assert user.edit(user.last_message_id, "thank you so much") == 200  # the latest: answered
    assert user.wait_for_texts(3)[2] == translate("thank", "en")
    time.sleep(1.0)
    assert len(user.texts()) == 3


def test_the_same_update_five_times_gets_one_reply(tg: TelegramStack) -> None:
    user = thai_user(tg)
    update = user.message_update(text="สวัสดีค่ะ")
    with ThreadPoolExecutor(max_workers=5) as pool:  # Telegram may redeliver while waiting
        assert list(pool.map(lambda _: user.post_update(update), range(5))) == [200] * 5
    assert user.wait_for_texts(3)[2] == translate("greet", "th")
    assert user.send("ขอบคุณค่ะ") == 200  # a later update is answered after it, once
    assert user.wait_for_texts(4)[3] == translate("thank", "th")
    time.sleep(1.0)
    assert len(user.texts()) == 4
    rows = tg.query(
        "SELECT count(*) FROM channel_queue WHERE direction = 'in' AND conversation = ?",
        sender_id(user),
    )
    assert rows[0][0] == 4  # /start, the tap, the repeated update once, the thanks


MARKER = "ZX81-probe"


def _update_body(text: str = MARKER) -> bytes:
    update = {
        "update_id": next_update_id(),
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": 5, "type": "private"},
            "from": {"id": 5, "is_bot": False, "first_name": "X"},
            "text": text,
        },
    }
    return json.dumps(update).encode()


def _headers(secret: str | None = SECRET, content_type: str = "application/json") -> dict[str, str]:
    headers = {"Content-Type": content_type}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    return headers


BIG = b'{"update_id": 1, "padding": "' + b"x" * (1024 * 1024) + b'"}'
BAD_REQUESTS = [
    ("wrong secret", _update_body(), _headers("not-the-secret"), 403),
    ("no secret", _update_body(), _headers(None), 403),
    ("wrong secret, huge body", BIG, _headers("nope"), 403),
    ("text/plain", _update_body(), _headers(content_type="text/plain"), 400),
    ("no content type", _update_body(), {SECRET_HEADER: SECRET}, 400),
    (
        "latin-1 charset",
        _update_body(),
        _headers(content_type="application/json; charset=latin-1"),
        400,
    ),
    ("malformed JSON", b'{"update_id": 7, "message": ', _headers(), 400),
    ("not UTF-8", f'{{"update_id": 8, "text": "{MARKER} é"}}'.encode("latin-1"), _headers(), 400),
    ("NaN", b'{"update_id": NaN}', _headers(), 400),
    ("a list", b"[1, 2]", _headers(), 400),
    ("no update_id", json.dumps({"message": {"text": MARKER}}).encode(), _headers(), 400),
    ("string update_id", b'{"update_id": "9"}', _headers(), 400),
    ("not an update", b'{"update_id": 10, "message": "' + MARKER.encode() + b'"}', _headers(), 400),
    ("over 1 MiB", BIG, _headers(), 413),
]


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [case[1:] for case in BAD_REQUESTS],
    ids=[case[0] for case in BAD_REQUESTS],
)
def test_bad_requests_get_their_status_and_leave_no_row(
    tg: TelegramStack, body: bytes, headers: dict[str, str], status: int
) -> None:
    before = tg.queue_rows()
    assert post(tg.webhook_url, body, headers) == status
    assert tg.queue_rows() == before
    assert not tg.query("SELECT id FROM channel_queue WHERE payload LIKE ?", f"%{MARKER}%")


def test_chunked_body_over_1_mib_is_cut_off_with_413(tg: TelegramStack) -> None:
    before = tg.queue_rows()
    host, port = tg.rasa_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    chunks = (b"x" * 65536 for _ in range(40))
    connection.request(
        "POST", "/webhooks/telegram/webhook", body=chunks, headers=_headers(), encode_chunked=True
    )
    assert connection.getresponse().status == 413
    connection.close()
    assert tg.queue_rows() == before


def test_caseworker_message_reaches_the_right_chat_by_sender_id(tg: TelegramStack) -> None:
    user, other = thai_user(tg), thai_user(tg)
    db_url = f"sqlite:///{tg.db_path}"
    text = "สวัสดีค่ะ ฉันชื่อนิด เป็นเจ้าหน้าที่ มีอะไรให้ช่วยไหมคะ"
    assert asyncio.run(send_to_sender(sender_id(user), text, db_url=db_url))
    assert user.wait_for_texts(3)[2] == text
    assert other.texts()[-1] != text
    assert not asyncio.run(send_to_sender("not-a-telegram-sender", text, db_url=db_url))


def test_logs_hold_no_text_ids_or_secrets(tg: TelegramStack) -> None:
    user = tg.user("th")
    secret_text = "ZX81 นายจ้างชื่อสมชาย ยึดพาสปอร์ต 0812345678"
    assert user.send(secret_text) == 200
    user.wait_for_texts(1)
    logs = tg.log_text()
    for private in (secret_text, "สมชาย", "0812345678", str(user.chat_id), sender_id(user)):
        assert private not in logs
    assert TOKEN not in logs and TOKEN.split(":")[1] not in logs and SECRET not in logs
    # Handled updates keep no content, only what recognises a repeat.
    assert not tg.query("SELECT id FROM channel_queue WHERE payload LIKE ?", "%สมชาย%")


# These two kill the Rasa server and start it again; they come last.


def test_update_acknowledged_then_sigkill_is_answered_after_restart(tg: TelegramStack) -> None:
    user = tg.user("th")
    assert user.send("/start") == 200
    user.wait_for_texts(1)
    with tg.api.holding("answerCallbackQuery"):
        before = tg.api.held_requests.get("answerCallbackQuery", 0)
        assert user.tap("✓ ไทย") == 200  # stored and acknowledged ...
        tg.api.wait_for(lambda: tg.api.held_requests.get("answerCallbackQuery", 0) > before)
        tg.kill_rasa()  # ... and the process dies while handling it
    tg.start_rasa()
    assert user.wait_for_texts(2)[1] == translate("language.set", "th")
    time.sleep(1.0)
    assert len(user.texts()) == 2


def test_reply_queued_before_sigkill_is_sent_after_restart(tg: TelegramStack) -> None:
    user = thai_user(tg)
    with tg.api.holding("sendMessage"):
        before = tg.api.held_requests.get("sendMessage", 0)
        assert user.send("ขอบคุณค่ะ") == 200
        tg.api.wait_for(lambda: tg.api.held_requests.get("sendMessage", 0) > before)
        tg.kill_rasa()  # dies while Telegram has not yet confirmed the reply
    tg.start_rasa()
    assert user.wait_for_texts(3)[2] == translate("thank", "th")
    time.sleep(1.0)
    assert len(user.texts()) == 3


async def test_urgent_thai_report_queues_a_case_and_the_caseworker_reply_reaches_the_chat(
    tg: TelegramStack,
) -> None:
    user = thai_user(tg)
    assert user.send("ผมอยู่ไทย นายจ้างขังพวกเราไว้ในโรงงาน ออกไปไหนไม่ได้") == 200
    first = user.wait_for_texts(3)[2]
    assert first.startswith(translate("safety.intro", "th"))
    assert "1300" in first
    assert translate("safety.caseworker", "th") in first

    assert user.tap(translate("safety.button_human", "th")) == 200
    user.wait_for_texts(4)

    add_user(tg.env, "somchai", "caseworker", "th")
    console = Console(tg.web_url)
    try:
        assert (await console.login("somchai")).status == 200
        waiting = await console.cases("waiting")
        [case] = [c for c in waiting if (c["channel"], c["risk_level"]) == ("telegram", "urgent")]
        assert case["language"] == "th"
        assert "movement_restriction" in case["indicators"]
        status, _ = await console.post(f"/api/cases/{case['id']}/claim")
        assert status == 200
        status, _ = await console.post(
            f"/api/cases/{case['id']}/messages", {"text": "สวัสดีครับ ผมสมชาย จากทีมช่วยเหลือ"}
        )
        assert status == 201
    finally:
        await console.http.close()
    # The user is told someone joined, then gets the caseworker's words in the same chat.
    assert user.wait_for_texts(6)[4:] == [
        translate("handoff.joined", "th"),
        "สวัสดีครับ ผมสมชาย จากทีมช่วยเหลือ",
    ]
