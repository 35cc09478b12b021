"""Handoff latency: user message to case in a connected console, and reply to delivery.

    python bench/handoff.py [--rounds 30]

Starts the Rasa server, action server and web app on free loopback ports (the code the tests use,
with the production defaults: feed poll 0.2 s), signs a caseworker in through the API with the
event stream open, then per round: a new web-chat user (socket.io, long-polling transport) asks
for a person in Khmer, and we time

- request -> case:   the user's message until ``case_opened`` arrives on the console's stream;
- message -> console: a user message in a claimed case until it arrives on the stream;
- reply -> user:     the caseworker's reply POST until the user's socket receives it.

Each round's case is closed afterwards. Prints p50/p95/max per measure (target: p95 < 1 s).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path
from statistics import median, quantiles

from tests.console_client import Console, add_user
from tests.services import running_stack
from tests.socket_user import SocketUser

ASK = "ខ្ញុំចង់និយាយជាមួយមនុស្សពិត"


def p95(values: list[float]) -> float:
    return quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


async def one_round(console: Console, rasa_url: str, timings: dict[str, list[float]]) -> None:
    user = await SocketUser(rasa_url).connect()
    try:
        begin = time.perf_counter()
        await user.say(ASK)
        opened = await console.next_event("case_opened", timeout=30)
        timings["request -> case in console"].append(time.perf_counter() - begin)
        case_id = opened["case"]["id"]
        for _ in range(2):  # the opening message: what happens now, and the hotline sentence
            await user.next_text()
        status, _ = await console.post(f"/api/cases/{case_id}/claim")
        assert status == 200
        await user.next_text()  # "a person has joined"

        text = f"round {time.perf_counter()}"
        begin = time.perf_counter()
        await user.say(text)
        await console.next_event(
            "message", where=lambda data: data["entry"].get("text") == text, timeout=30
        )
        timings["user message -> console"].append(time.perf_counter() - begin)

        reply = f"reply {time.perf_counter()}"
        begin = time.perf_counter()
        status, _ = await console.post(f"/api/cases/{case_id}/messages", {"text": reply})
        assert status == 201
        while (await user.next_text()) != reply:
            pass
        timings["reply -> user"].append(time.perf_counter() - begin)
        await console.post(f"/api/cases/{case_id}/close", {"outcome": "other"})
    finally:
        await user.close()


async def measure(rounds: int, web_url: str, rasa_url: str) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {
        "request -> case in console": [],
        "user message -> console": [],
        "reply -> user": [],
    }
    console = Console(web_url)
    try:
        assert (await console.login("bench")).status == 200
        await console.listen()
        for _ in range(rounds):
            await one_round(console, rasa_url, timings)
    finally:
        await console.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir, running_stack(Path(workdir)) as stack:
        add_user(stack.env, "bench", "caseworker", "km")
        timings = asyncio.run(measure(args.rounds, stack.web_url, stack.rasa_url))
    print(f"\nhandoff latency over {args.rounds} rounds (ms)\n")
    print(f"| {'measure':<28} | {'p50':>6} | {'p95':>6} | {'max':>6} |")
    print(f"|{'-' * 30}|{'-' * 8}|{'-' * 8}|{'-' * 8}|")
    for name, values in timings.items():
        ms = [value * 1000 for value in values]
        print(f"| {name:<28} | {median(ms):6.0f} | {p95(ms):6.0f} | {max(ms):6.0f} |")


if __name__ == "__main__":
    main()
