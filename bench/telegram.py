"""Telegram channel latency: how fast Telegram gets its 200, and how fast the user gets a reply.

    python bench/telegram.py [--chats 10] [--turns 10] [--pause 2] [--burst 200] [--concurrency N]
    python bench/telegram.py --echo     # the channel's own cost: an echo instead of Rasa

Starts the action server and the Rasa server with the Telegram channel against the fake Bot API
(the stack of tests/test_telegram_channel.py), then:

1. *conversations*: ``--chats`` users at once, each sending ``--turns`` Thai messages, waiting
   for the answer and ``--pause`` seconds before the next, as people do. Measured: the webhook's
   acknowledgement (the POST's round trip) and update -> ``sendMessage`` (POST sent until the
   fake API receives the reply), while the bot is busy answering the others;
2. *burst*: ``--burst`` updates from 20 senders as fast as they can post, without waiting for
   answers: the acknowledgement must not wait for the bot (target p99 < 50 ms).

Prints a table in milliseconds. Not run by ``make test``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.telegram_stack import TelegramStack, echo_stack, telegram_stack
from tests.telegram_user import TelegramUser

MESSAGES = ["สวัสดีค่ะ", "นายจ้างเก็บพาสปอร์ตไว้ได้ไหม", "ค่าหัวคิวเท่าไหร่", "ขอบคุณค่ะ"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def conversation(stack: TelegramStack, turns: int, pause: float) -> tuple[list[float], list[float]]:
    """One user's turns: (acknowledgement latencies, update -> reply latencies), in seconds."""
    user = stack.user("th")
    acks, replies = [], []
    for turn in range(turns):
        time.sleep(pause)
        already = len(stack.api.answered_calls(chat_id=user.chat_id))
        started = time.monotonic()
        assert user.send(MESSAGES[turn % len(MESSAGES)]) == 200
        acks.append(time.monotonic() - started)
        stack.api.wait_for_messages(user.chat_id, already + 1, timeout=120)
        replies.append(stack.api.answered_calls(chat_id=user.chat_id)[already].at - started)
    return acks, replies


def burst(stack: TelegramStack, updates: int) -> list[float]:
    users = [stack.user("th") for _ in range(20)]

    def post(index: int) -> float:
        user: TelegramUser = users[index % len(users)]
        started = time.monotonic()
        assert user.send(MESSAGES[index % len(MESSAGES)]) == 200
        return time.monotonic() - started

    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        return list(pool.map(post, range(updates)))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f}"


def row(name: str, values: list[float]) -> str:
    return (
        f"| {name:<44} | {len(values):>5} | {ms(percentile(values, 0.5))} |"
        f" {ms(percentile(values, 0.99))} | {ms(max(values))} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chats", type=int, default=10)
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--pause", type=float, default=2.0, help="seconds a user waits to type")
    parser.add_argument("--concurrency", type=int, help="chats handled at once (channel setting)")
    parser.add_argument(
        "--echo", action="store_true", help="the channel alone: echo instead of Rasa"
    )
    args = parser.parse_args()
    settings = {"concurrency": args.concurrency} if args.concurrency else {}
    start = echo_stack if args.echo else telegram_stack
    with tempfile.TemporaryDirectory() as workdir, start(Path(workdir), **settings) as stack:
        conversation(stack, 2, 0.0)  # warm-up: first requests load lazily imported code
        with ThreadPoolExecutor(max_workers=args.chats) as pool:
            results = list(
                pool.map(lambda _: conversation(stack, args.turns, args.pause), range(args.chats))
            )
        acks = [value for chat_acks, _ in results for value in chat_acks]
        replies = [value for _, chat_replies in results for value in chat_replies]
        burst_acks = burst(stack, args.burst)
        host = "echo host (no Rasa)" if args.echo else "real Rasa server"
        print(f"\nTelegram channel, {host}, fake Bot API on loopback")
        print(
            f"{args.chats} chats x {args.turns} turns at once, {args.pause:g} s between a reply"
            f" and the next message; then a burst of {args.burst} updates\n"
        )
        print(f"| {'measure':<44} | {'n':>5} | {'p50 ms':>8} | {'p99 ms':>8} | {'max ms':>8} |")
        print(f"|{'-' * 46}|{'-' * 7}|{'-' * 10}|{'-' * 10}|{'-' * 10}|")
        print(row("webhook acknowledgement, conversations", acks))
        print(row("webhook acknowledgement, burst", burst_acks))
        print(row("update -> sendMessage, conversations", replies))


if __name__ == "__main__":
    main()
