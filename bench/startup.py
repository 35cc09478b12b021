"""Start-up time and memory of the three services, as `make run` starts them.

    python bench/startup.py [--messages 200]

Starts the Rasa server, action server and web app on free loopback ports (the same code the tests
use), times each until its health check answers, sends REST messages in all seven languages, and
prints each process's resident and peak memory and the REST round-trip latency.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import urllib.request
from pathlib import Path
from statistics import median

from tests.chat import RestUser
from tests.services import running_stack

MESSAGES = [
    "สวัสดีครับ",
    "ខ្ញុំនៅថៃ",
    "ສະບາຍດີ",
    "မင်္ဂလာပါ",
    "toi muon hoi ve phi moi gioi",
    "你好",
    "what are my rights",
]


def memory_mb(pid: int) -> tuple[float, float]:
    """(resident, peak resident) of ``pid`` and its children, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        started = time.perf_counter()
        with running_stack(Path(workdir)) as stack:
            ready_s = time.perf_counter() - started
            user = RestUser(stack.rasa_url)
            latencies = []
            for index in range(args.messages):
                begin = time.perf_counter()
                user.say(MESSAGES[index % len(MESSAGES)])
                latencies.append(time.perf_counter() - begin)
            with urllib.request.urlopen(f"{stack.rasa_url}/status", timeout=10) as response:
                assert response.status == 200
            print(f"\nall three services ready after {ready_s:.1f} s (started together)\n")
            print(f"| {'process':<14} | {'RSS MB':>8} | {'peak RSS MB':>11} |")
            print(f"|{'-' * 16}|{'-' * 10}|{'-' * 13}|")
            for name, pid in stack.pids.items():
                rss, peak = memory_mb(pid)
                print(f"| {name:<14} | {rss:>8.0f} | {peak:>11.0f} |")
            ordered = sorted(latencies)
            print(
                f"\nREST round trip over {len(latencies)} messages: "
                f"p50 {median(latencies) * 1000:.1f} ms, "
                f"p99 {ordered[int(0.99 * (len(ordered) - 1))] * 1000:.1f} ms"
            )


if __name__ == "__main__":
    main()
