"""The Telegram channel's parts on their own: splitting, keyboards, updates, settings, storage,
rate limiting and the command line (the last two against the fake Bot API)."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from telegram import Update

from bot import cli
from bot.actions.buttons import language_buttons, menu_buttons
from bot.pseudonym import pseudonymous_id
from connectors.inbox import (
    AddressBook,
    ButtonPayloads,
    ChannelQueue,
    Database,
    erase_sender,
    migrate,
)
from connectors.inbox.database import make_engine
from connectors.inbox.tables import metadata
from connectors.telegram.bot import make_bot
from connectors.telegram.output import TelegramOutput, expand_callback_data
from connectors.telegram.settings import TelegramSettings, TelegramSettingsError
from connectors.telegram.text_split import TELEGRAM_TEXT_LIMIT, split_text, utf16_length
from connectors.telegram.updates import Kind, catalogue_language, read_incoming
from connectors.telegram.webhook import secret_matches
from tests.fake_bot_api import FakeBotApi
from tests.services import PROJECT_ROOT
from tests.telegram_stack import SECRET, TOKEN
from tests.telegram_user import TelegramUser

# Splitting long replies


def test_short_text_is_one_message_and_blank_text_none() -> None:
    assert split_text("สวัสดีค่ะ") == ["สวัสดีค่ะ"]
    assert split_text("  \n ") == []


def test_long_thai_is_cut_between_words_within_the_limit() -> None:
    text = "สวัสดีครับ" * 1000  # 10,000 characters without a space
    parts = split_text(text)
    assert len(parts) == 3
    assert "".join(parts) == text
    assert all(utf16_length(part) <= TELEGRAM_TEXT_LIMIT for part in parts)
    # Cut between the words สวัสดี and ครับ, never inside one.
    assert all(part.startswith(("สวัสดี", "ครับ")) for part in parts)
    assert all(part.endswith(("สวัสดี", "ครับ")) for part in parts)


def test_emoji_count_twice_and_are_never_split() -> None:
    text = "😀" * 3000  # 3,000 characters, 6,000 UTF-16 code units
    parts = split_text(text)
    assert len(parts) == 2 and "".join(parts) == text
    assert all(utf16_length(part) <= TELEGRAM_TEXT_LIMIT for part in parts)


def test_a_paragraph_end_is_the_preferred_cut() -> None:
    paragraph = "word " * 500  # 2,500 characters
    text = "\n".join([paragraph.strip()] * 3)
    parts = split_text(text)
    assert parts[0] == "\n".join([paragraph.strip()] * 1)
    assert all(utf16_length(part) <= TELEGRAM_TEXT_LIMIT for part in parts)


# Replies in Telegram's shape


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    url = f"sqlite:///{tmp_path / 'channels.db'}"
    migrate(url)
    db = Database(url)
    yield db
    db.close()


async def test_buttons_become_inline_keyboards_under_the_last_part(database: Database) -> None:
    outbox = ChannelQueue(database, "telegram", "out")
    output = TelegramOutput(outbox, ButtonPayloads(database))
    await output.send_text_with_buttons("sender", "x" * 5000, menu_buttons("th"))
    first = await outbox.next_item("sender")
    assert first is not None and "keyboard" not in first.payload
    await outbox.finish(first)
    last = await outbox.next_item("sender")
    assert last is not None
    rows = last.payload["keyboard"]
    assert [len(row) for row in rows] == [1] * 6  # long Thai titles: one per row
    assert rows[0][0] == {"text": "ค่าหัวคิว / ค่าจัดหางาน", "callback_data": "/ask_recruitment_fees"}


async def test_language_picker_goes_two_to_a_row(database: Database) -> None:
    output = TelegramOutput(ChannelQueue(database, "telegram", "out"), ButtonPayloads(database))
    rows = await output.keyboard(language_buttons())
    assert [[key["text"] for key in row] for row in rows] == [
        ["English", "ไทย"],
        ["ខ្មែរ", "ລາວ"],
        ["မြန်မာ", "Tiếng Việt"],
        ["中文"],
    ]


async def test_payloads_too_long_for_telegram_are_stored_and_come_back(database: Database) -> None:
    payloads = ButtonPayloads(database)
    output = TelegramOutput(ChannelQueue(database, "telegram", "out"), payloads)
    long_payload = "/ask_rights" + json.dumps({"country": "TH", "topic": "wages and overtime"})
    tricky = "#not-a-reference"
    rows = await output.keyboard(
        [{"title": "a", "payload": long_payload}, {"title": "b", "payload": tricky}]
    )
    data = [key["callback_data"] for row in rows for key in row]
    assert all(len(value.encode()) <= 64 for value in data)
    assert [await expand_callback_data(value, payloads) for value in data] == [
        long_payload,
        tricky,
    ]
    assert await expand_callback_data("/greet", payloads) == "/greet"


# Reading updates


def _update(user: TelegramUser, **fields: object) -> Update:
    return Update.de_json(user.message_update(**fields), None)


def test_updates_are_sorted_into_what_the_channel_does_with_them() -> None:
    user = TelegramUser("", "", FakeBotApi(TOKEN), language_code="zh-hans")
    command = read_incoming(_update(user, text="/start@PhueanBot from-a-link"))
    assert (command.kind, command.text, command.argument) == (Kind.COMMAND, "start", "from-a-link")
    assert command.language_code == "zh-hans" and catalogue_language("zh-hans") == "zh"
    assert read_incoming(_update(user, text="hello")).kind is Kind.TEXT
    assert read_incoming(_update(user, text="/ ok")).kind is Kind.TEXT
    photo = read_incoming(
        _update(
            user,
            photo=[{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}],
            caption="look",
        )
    )
    assert (photo.kind, photo.media, photo.text) == (Kind.MEDIA, "photo", "look")
    contact = read_incoming(
        _update(user, contact={"phone_number": "+66812345678", "first_name": "A"})
    )
    assert (contact.kind, contact.media) == (Kind.MEDIA, "other")
    assert read_incoming(_update(user, new_chat_title="x")).kind is Kind.IGNORED
    group = user.message_update(text="hi")
    group["message"]["chat"] = {"id": -5, "type": "group", "title": "g"}
    assert read_incoming(Update.de_json(group, None)).kind is Kind.GROUP
    channel_post = {
        "update_id": 1,
        "channel_post": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": -7, "type": "channel"},
            "text": "news",
        },
    }
    assert read_incoming(Update.de_json(channel_post, None)).kind is Kind.IGNORED
    assert catalogue_language("de") is None and catalogue_language(None) is None


# Settings, secrets, pseudonyms


def test_settings_refuse_what_cannot_work() -> None:
    with pytest.raises(TelegramSettingsError, match="webhook_secret"):
        TelegramSettings.from_credentials({"token": TOKEN, "webhook_secret": ""})
    with pytest.raises(TelegramSettingsError, match="webhook_secret"):
        TelegramSettings.from_credentials({"token": TOKEN, "webhook_secret": "has space"})
    with pytest.raises(TelegramSettingsError, match="token"):
        TelegramSettings.from_credentials({"token": "", "webhook_secret": SECRET})
    with pytest.raises(TelegramSettingsError, match="mode"):
        TelegramSettings.from_credentials({"token": TOKEN, "mode": "push"})
    with pytest.raises(TelegramSettingsError, match="unknown"):
        TelegramSettings.from_credentials({"token": TOKEN, "verify": "x"})
    polling = TelegramSettings.from_credentials({"token": TOKEN, "mode": "polling"})
    assert polling.bot_id == TOKEN.split(":")[0] and polling.base_url.startswith("https://")


def test_secret_check_needs_the_exact_secret() -> None:
    assert secret_matches(SECRET, SECRET)
    assert not secret_matches(None, SECRET)
    assert not secret_matches("", SECRET)
    assert not secret_matches(SECRET[:-1], SECRET)
    assert not secret_matches(SECRET + "x", SECRET)


def test_sender_ids_are_keyed_and_do_not_reveal_the_chat() -> None:
    one = pseudonymous_id("telegram", 700000001, b"key-1")
    assert one == pseudonymous_id("telegram", "700000001", b"key-1")
    assert len(one) == 64 and "700000001" not in one
    assert one != pseudonymous_id("telegram", 700000001, b"key-2")
    assert one != pseudonymous_id("line", 700000001, b"key-1")


# Storage


def test_migrations_create_exactly_the_declared_tables(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    migrate(url)
    migrate(url)  # a second run changes nothing
    engine = make_engine(url)
    with engine.connect() as connection:
        ours = {"include_name": lambda name, kind, _: kind != "table" or name in metadata.tables}
        context = MigrationContext.configure(connection, opts=ours)
        assert compare_metadata(context, metadata) == []
    engine.dispose()


async def test_erasing_a_sender_removes_address_and_messages(database: Database) -> None:
    addresses = AddressBook(database, "telegram")
    inbox = ChannelQueue(database, "telegram", "in")
    await addresses.remember("gone", "123", "th", 1)
    await addresses.remember("kept", "456", "km", 1)
    await inbox.put("gone", {"text": "private"}, sequence=1, external_key="b:1")
    await inbox.put("kept", {"text": "other"}, sequence=2, external_key="b:2")
    erase_sender(database.url, "telegram", "gone")
    assert await addresses.lookup("gone") is None
    assert await inbox.next_item("gone") is None
    assert await addresses.lookup("kept") is not None
    assert await inbox.next_item("kept") is not None
    assert not await inbox.put("kept", {}, sequence=2, external_key="b:2")  # still a repeat


# Rate limiting and the command line, against the fake Bot API


@pytest.fixture
def fake_api() -> Iterator[FakeBotApi]:
    api = FakeBotApi(TOKEN).start()
    yield api
    api.stop()


async def test_one_chat_is_held_to_its_rate_after_a_burst(fake_api: FakeBotApi) -> None:
    settings = TelegramSettings(
        token=TOKEN, base_url=fake_api.base_url, chat_messages_per_second=5.0, chat_burst=2
    )
    bot = make_bot(settings)
    started = time.monotonic()
    for index in range(6):
        await bot.send_message(42, f"m{index}")
    elapsed = time.monotonic() - started
    await bot.shutdown()
    # Two at once, then one every 0.2 s: the last of six leaves no sooner than 0.8 s in.
    assert elapsed >= 0.75
    assert [call["text"] for call in fake_api.sent(chat_id=42)] == [f"m{i}" for i in range(6)]


def test_cli_sets_and_deletes_the_webhook(
    fake_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TELEGRAM_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", SECRET)
    monkeypatch.setenv("TELEGRAM_BASE_URL", fake_api.base_url)
    url = "https://bot.example.org/webhooks/telegram/webhook"
    assert cli.main(["telegram", "set-webhook", url]) == 0
    [call] = fake_api.sent("setWebhook")
    assert call["url"] == url and call["secret_token"] == SECRET
    assert set(call["allowed_updates"]) >= {"message", "callback_query", "edited_message"}
    assert fake_api.count("setMyCommands") == 8
    assert cli.main(["telegram", "info"]) == 0
    assert cli.main(["telegram", "delete-webhook"]) == 0
    assert fake_api.count("deleteWebhook") == 1
    output = capsys.readouterr()
    assert url in output.out and TOKEN not in output.out + output.err
    assert SECRET not in output.out + output.err

    assert cli.main(["telegram", "set-webhook", "http://plain.example.org/hook"]) == 1
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", "")
    assert cli.main(["telegram", "set-webhook", url]) == 1
    assert len(fake_api.sent("setWebhook")) == 1  # neither reached Telegram


# Configuration files


def _credentials_file_chosen(env: dict[str, str]) -> str:
    script = "source scripts/services.sh; echo $CREDENTIALS"
    clean = {key: value for key, value in os.environ.items() if not key.startswith("TELEGRAM_")}
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=PROJECT_ROOT,
        env={**clean, **env},
        text=True,
        capture_output=True,
        check=True,
    )
    return result.stdout.strip()


def test_telegram_joins_make_run_only_when_a_token_is_set() -> None:
    assert _credentials_file_chosen({}) == "credentials.yml"
    assert _credentials_file_chosen({"TELEGRAM_TOKEN": TOKEN}) == "credentials.telegram.yml"
    assert "telegram" not in (PROJECT_ROOT / "credentials.yml").read_text()


def test_the_telegram_credentials_file_configures_the_channel(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rasa.core.run import create_http_input_channels

    from connectors.telegram import TelegramInput

    monkeypatch.setenv("TELEGRAM_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", SECRET)
    monkeypatch.setenv("TELEGRAM_MODE", "webhook")
    channels = create_http_input_channels(None, str(PROJECT_ROOT / "credentials.telegram.yml"))
    [telegram] = [channel for channel in channels if isinstance(channel, TelegramInput)]
    assert telegram.settings.token == TOKEN and telegram.settings.webhook_secret == SECRET
    assert telegram.settings.base_url == "https://api.telegram.org/bot"
    assert {channel.name() for channel in channels} == {"rest", "socketio", "telegram"}
