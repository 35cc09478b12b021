"""Many chats at once, a 429 storm, and long polling: nothing lost, each chat in order.

The channel runs in ``tests.telegram_echo_server`` (the real channel, answering each message with
an echo instead of Rasa), so the replies show the order in which each chat's updates were
handled, and a thousand updates take seconds. The per-chat send limit is raised for this module
(``ChatRateLimiter`` has its own test): at Telegram's one message a second per chat, twenty
replies to one chat alone take twenty seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.telegram_stack import TelegramStack, echo_stack, sender_id
from tests.telegram_user import TelegramUser

FAST = {"chat_messages_per_second": 1000, "chat_burst": 50, "messages_per_second": 1000}


@pytest.fixture(scope="module")
def echo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TelegramStack]:
    with echo_stack(tmp_path_factory.mktemp("telegram-echo"), **FAST) as stack:
        yield stack


def send_all(users: list[TelegramUser], per_chat: int, label: str) -> None:
    """Each user sends ``per_chat`` messages one after the other; all users at once."""

    def conversation(user: TelegramUser) -> list[int]:
        return [user.send(f"{label} {index}") for index in range(per_chat)]

    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        statuses = list(pool.map(conversation, users))
    assert statuses == [[200] * per_chat] * len(users)


def test_fifty_chats_of_twenty_updates_arrive_complete_and_in_order(echo: TelegramStack) -> None:
    users = [echo.user() for _ in range(50)]
    send_all(users, 20, "update")
    for user in users:
        assert user.wait_for_texts(20, timeout=120) == [f"echo: update {i}" for i in range(20)]
    pending = echo.query("SELECT count(*) FROM channel_queue WHERE state != 'done'")
    assert pending[0][0] == 0
    done = echo.query(
        "SELECT count(*) FROM channel_queue WHERE direction = 'in' AND conversation = ?",
        sender_id(users[0]),
    )
    assert done[0][0] == 20


def test_a_429_storm_delays_replies_but_loses_none(echo: TelegramStack) -> None:
    users = [echo.user() for _ in range(10)]
    refused_before = echo.api.count("sendMessage", answered=False)
    # Longer than the rate limiter retries (3 x 1 s): the outbox has to keep the replies.
    echo.api.storm(seconds=5.0, retry_after=1)
    send_all(users, 5, "storm")
    for user in users:
        assert user.wait_for_texts(5, timeout=90) == [f"echo: storm {i}" for i in range(5)]
    assert echo.api.count("sendMessage", answered=False) > refused_before


def test_long_polling_takes_updates_without_a_webhook(tmp_path: Path) -> None:
    with echo_stack(tmp_path, mode="polling", webhook_secret="", **FAST) as stack:
        user = stack.user()
        first = user.message_update(text="polled")
        repeated = user.message_update(text="polled twice")
        stack.api.queue_updates(first, repeated, repeated)
        assert user.wait_for_texts(2) == ["echo: polled", "echo: polled twice"]
        assert stack.api.count("deleteWebhook") >= 1
        assert user.send("via webhook") == 404  # no webhook in polling mode
        stack.api.wait_for(lambda: stack.api.count("getUpdates") >= 2)
        assert len(user.texts()) == 2
