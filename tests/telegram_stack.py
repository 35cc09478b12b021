"""The real Rasa server and action server with the Telegram channel, against a fake Bot API.

Like ``tests.services.running_stack`` (same commands, same model), with a credentials file of its
own that enables ``connectors.telegram.TelegramInput`` and points ``base_url`` at a
``FakeBotApi`` on loopback. The Rasa server can be killed (SIGKILL) and started again on the
same port and database, as a crash and a restart would.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.pseudonym import pseudonymous_id
from tests.fake_bot_api import FakeBotApi
from tests.services import BIN, MODEL, PROJECT_ROOT, free_port, wait_until_up
from tests.telegram_user import TelegramUser

TOKEN = "123456789:TEST-token-of-a-fake-bot"
SECRET = "test-webhook-secret_0123"
SECRET_KEY = "test-secret"


@dataclass
class TelegramStack:
    api: FakeBotApi
    rasa_url: str
    db_path: Path
    env: dict[str, str]
    workdir: Path
    credentials: Path
    web_url: str = ""
    logs: dict[str, Path] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def webhook_url(self) -> str:
        return f"{self.rasa_url}/webhooks/telegram/webhook"

    def user(self, language_code: str = "th") -> TelegramUser:
        return TelegramUser(self.webhook_url, SECRET, self.api, language_code)

    def log_text(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in self.logs.values())

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.db_path, timeout=30) as db:
            return list(db.execute(sql, params))

    def queue_rows(self) -> int:
        return int(self.query("SELECT count(*) FROM channel_queue")[0][0])

    def kill_rasa(self) -> None:
        process = self.processes["rasa"]
        process.send_signal(signal.SIGKILL)
        process.wait(30)

    def start_rasa(self) -> None:
        port = self.rasa_url.rsplit(":", 1)[1]
        command = [
            str(BIN / "rasa"),
            "run",
            "--enable-api",
            "--interface",
            "127.0.0.1",
            "--port",
            port,
            "--model",
            str(MODEL),
            "--endpoints",
            "endpoints.yml",
            "--credentials",
            str(self.credentials),
        ]
        self._start("rasa", command, f"{self.rasa_url}/webhooks/telegram/")

    def _start(self, name: str, command: list[str], health: str) -> None:
        log = self.workdir / f"{name}.log"
        self.logs.setdefault(name, log)
        with log.open("ab") as out:
            process = subprocess.Popen(
                command, cwd=PROJECT_ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        self.processes[name] = process
        wait_until_up(health, process, log, timeout=240)


def sender_id(chat: TelegramUser | int) -> str:
    """Rasa's sender id for a user's (or any) chat, under the stack's secret key."""
    chat_id = chat.chat_id if isinstance(chat, TelegramUser) else chat
    return pseudonymous_id("telegram", chat_id, SECRET_KEY.encode())


@contextmanager
def telegram_stack(workdir: Path, **channel_settings: Any) -> Iterator[TelegramStack]:
    """Action server + Rasa server with the Telegram channel, and the fake Bot API."""
    if not MODEL.exists():
        raise RuntimeError(f"{MODEL} is missing: run `make train` first")
    with _stack(workdir, channel_settings) as stack:
        web_port = str(free_port())
        stack.env["PHUEAN_WEB_PORT"] = web_port
        stack.web_url = f"http://127.0.0.1:{web_port}"
        # The web app migrates the case store and delivers caseworker replies, as in `make run`.
        web = [str(BIN / "python"), "-m", "bot.web"]
        stack._start("web", web, f"{stack.web_url}/healthz")
        action_port = stack.env["ACTION_PORT"]
        actions = [str(BIN / "rasa"), "run", "actions", "--port", action_port]
        actions += ["--actions", "bot.actions"]
        stack._start("actions", actions, f"http://127.0.0.1:{action_port}/health")
        stack.start_rasa()
        yield stack


@contextmanager
def echo_stack(workdir: Path, **channel_settings: Any) -> Iterator[TelegramStack]:
    """The channel in ``tests.telegram_echo_server`` (echoes instead of Rasa), and the fake API."""
    with _stack(workdir, channel_settings) as stack:
        port = stack.rasa_url.rsplit(":", 1)[1]
        command = [str(BIN / "python"), "-m", "tests.telegram_echo_server", "--port", port]
        command += ["--credentials", str(stack.credentials)]
        stack._start("echo", command, f"{stack.rasa_url}/webhooks/telegram/")
        yield stack


@contextmanager
def _stack(workdir: Path, channel_settings: dict[str, Any]) -> Iterator[TelegramStack]:
    api = FakeBotApi(TOKEN).start()
    rasa_port, action_port = free_port(), free_port()
    credentials = workdir / "credentials.yml"
    settings: dict[str, Any] = {"token": TOKEN, "webhook_secret": SECRET, "base_url": api.base_url}
    settings.update(poll_seconds=0.2, **channel_settings)
    credentials.write_text(
        yaml.safe_dump({"rest": None, "connectors.telegram.TelegramInput": settings})
    )
    db_path = workdir / "phuean.db"
    env = {
        **os.environ,
        "RASA_PORT": str(rasa_port),
        "ACTION_PORT": str(action_port),
        "PHUEAN_DB_URL": f"sqlite:///{db_path}",
        "PHUEAN_SECRET_KEY": SECRET_KEY,
        "SANIC_HOST": "127.0.0.1",
        "PYTHONPATH": str(PROJECT_ROOT),
        "TF_CPP_MIN_LOG_LEVEL": "3",
    }
    stack = TelegramStack(
        api=api,
        rasa_url=f"http://127.0.0.1:{rasa_port}",
        db_path=db_path,
        env=env,
        workdir=workdir,
        credentials=credentials,
    )
    try:
        yield stack
    finally:
        for process in stack.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in stack.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        api.stop()
