"""Starts the real Rasa server, action server and web app on free loopback ports for tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MODEL = PROJECT_ROOT / "var" / "models" / "phuean.tar.gz"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Stack:
    rasa_url: str
    action_url: str
    web_url: str
    env: dict[str, str]
    logs: dict[str, Path] = field(default_factory=dict)
    pids: dict[str, int] = field(default_factory=dict)

    def log_text(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in self.logs.values())


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"{url} exited with {process.returncode}:\n{log.read_text()[-3000:]}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up in {timeout:.0f} s:\n{log.read_text()[-3000:]}")


@contextmanager
def running_stack(workdir: Path, extra_env: dict[str, str] | None = None) -> Iterator[Stack]:
    """The three services, as ``make run`` starts them, with their state in ``workdir``."""
    if not MODEL.exists():
        raise RuntimeError(f"{MODEL} is missing: run `make train` first")
    ports = {"RASA_PORT": free_port(), "ACTION_PORT": free_port(), "PHUEAN_WEB_PORT": free_port()}
    env = {
        **os.environ,
        **{key: str(value) for key, value in ports.items()},
        "PHUEAN_HOST": "127.0.0.1",
        "SANIC_HOST": "127.0.0.1",
        "PHUEAN_DB_URL": f"sqlite:///{workdir / 'phuean.db'}",
        "PHUEAN_SECRET_KEY": "test-secret",
        "PHUEAN_ESCALATION_LOG": str(workdir / "escalations.jsonl"),
        "PYTHONPATH": str(PROJECT_ROOT),
        "TF_CPP_MIN_LOG_LEVEL": "3",
        **(extra_env or {}),
    }
    base = "http://127.0.0.1:{}"
    stack = Stack(
        rasa_url=base.format(ports["RASA_PORT"]),
        action_url=base.format(ports["ACTION_PORT"]),
        web_url=base.format(ports["PHUEAN_WEB_PORT"]),
        env=env,
    )
    commands = {
        "actions": [
            str(BIN / "rasa"),
            "run",
            "actions",
            "--port",
            str(ports["ACTION_PORT"]),
            "--actions",
            "bot.actions",
        ],
        "web": [sys.executable, "-m", "bot.web"],
        "rasa": [
            str(BIN / "rasa"),
            "run",
            "--enable-api",
            "--interface",
            "127.0.0.1",
            "--port",
            str(ports["RASA_PORT"]),
            "--model",
            str(MODEL),
            "--endpoints",
            "endpoints.yml",
            "--credentials",
            "credentials.yml",
        ],
    }
    health = {
        "actions": f"{stack.action_url}/health",
        "web": f"{stack.web_url}/healthz",
        "rasa": f"{stack.rasa_url}/status",
    }
    processes: dict[str, subprocess.Popen[bytes]] = {}
    try:
        for name, command in commands.items():
            log = workdir / f"{name}.log"
            stack.logs[name] = log
            with log.open("wb") as out:
                processes[name] = subprocess.Popen(
                    command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
                )
                stack.pids[name] = processes[name].pid
        for name in commands:
            wait_until_up(health[name], processes[name], stack.logs[name], timeout=240)
        yield stack
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
