"""The web app with the console, in-process on a loopback port, over its own SQLite database.

For API tests that need no Rasa server: timeouts are short (idle 1 s, absolute 2 s), login
throttling trips after three failures, and replies longer than 200 characters are refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp.test_utils import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.handoff.cases import CaseRequest, open_case
from bot.handoff.config import HandoffConfig
from bot.handoff.constants import OPENED_BY_USER
from bot.handoff.db import session_factory
from bot.handoff.models import AuditEntry, Case, Note, TranscriptEntry
from tests.console_client import PASSWORD
from tests.services import free_port

SHORT = HandoffConfig(
    no_claim_s=600,
    session_idle_s=1.0,
    session_max_s=2.0,
    login_max_failures=3,
    login_window_s=60,
    max_message_chars=200,
    rasa_url=f"http://127.0.0.1:{free_port()}",  # nothing listens: deliveries wait
    feed_poll_s=0.05,
    watch_interval_s=60,
)


@dataclass
class ConsoleApp:
    client: TestClient
    db_url: str

    @property
    def sessions(self) -> sessionmaker[Session]:
        return session_factory(self.db_url)

    def open_case(self, language: str, country: str | None = None) -> str:
        request = CaseRequest(
            conversation_id=f"conv-{free_port()}-{language}",
            channel="rest",
            language=language,
            country=country,
            risk_level="none",
            indicators=(),
            opened_by=OPENED_BY_USER,
        )
        return open_case(self.sessions, request).case_id

    def conversation_of(self, case_id: str) -> str:
        with self.sessions.begin() as db:
            return str(db.get(Case, case_id).conversation_id)

    async def login(self, name: str, password: str = PASSWORD, **headers: str) -> Any:
        response = await self.client.post(
            "/api/login", json={"username": name, "password": password}, headers=headers
        )
        return response

    async def logged_in(self, name: str) -> str:
        """Logs in and returns the CSRF token."""
        response = await self.login(name)
        assert response.status == 200, await response.text()
        token: str = (await response.json())["csrf_token"]
        return token

    def snapshot(self, case_id: str) -> tuple[Any, ...]:
        """Everything a refused request must leave as it was."""
        with self.sessions.begin() as db:
            case = db.get(Case, case_id)
            count = func.count()
            return (
                case.state,
                case.assignee_id,
                case.outcome,
                db.execute(select(count).where(TranscriptEntry.case_id == case_id)).scalar(),
                db.execute(select(count).where(Note.case_id == case_id)).scalar(),
                db.execute(select(count).where(AuditEntry.case_id == case_id)).scalar(),
            )
