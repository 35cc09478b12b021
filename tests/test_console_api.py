"""The console API refuses what it must, with the right status, and changes nothing then.

These run the real web app (middlewares, handlers, case store, migrations) in-process on a
loopback port over a fresh SQLite database; no Rasa server is needed to be refused.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientResponse
from pytest_aiohttp.plugin import AiohttpClient
from sqlalchemy import select

from bot.handoff.accounts import create_account
from bot.handoff.cases import record_user_message
from bot.handoff.db import session_factory
from bot.handoff.models import AuditEntry
from bot.handoff.schema import migrate
from bot.settings import Settings
from bot.web.app import create_app
from tests.console_app import SHORT, ConsoleApp
from tests.console_client import PASSWORD

# The app fixture lives on the session's event loop (pyproject: fixture loop scope); so do these.
pytestmark = pytest.mark.asyncio(loop_scope="session")

USERS = [
    ("kanha", "caseworker", ["km"]),
    ("somchai", "caseworker", ["th"]),
    ("malee", "caseworker", ["TH"]),
    ("boss", "supervisor", []),
]


@pytest.fixture(scope="module")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with the accounts, made once: Argon2id hashing takes a while."""
    path = tmp_path_factory.mktemp("console") / "template.db"
    url = f"sqlite:///{path}"
    migrate(url)
    for name, role, teams in USERS:
        create_account(session_factory(url), name, PASSWORD, role, teams)
    return path


@pytest.fixture
async def app(
    aiohttp_client: AiohttpClient,
    template_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[ConsoleApp]:
    monkeypatch.setenv("PHUEAN_SECRET_KEY", "console-api-tests")
    shutil.copy(template_db, tmp_path / "console.db")
    db_url = f"sqlite:///{tmp_path / 'console.db'}"
    settings = Settings(host="127.0.0.1", rasa_port=1, action_port=1, web_port=0, db_url=db_url)
    client = await aiohttp_client(create_app(settings, SHORT))
    yield ConsoleApp(client, db_url)


async def test_wrong_password_is_401_and_opens_no_session(app: ConsoleApp) -> None:
    response = await app.login("kanha", "not the password")
    assert response.status == 401
    assert (await response.json())["error"] == "bad_login"
    assert "Set-Cookie" not in response.headers
    assert (await app.client.get("/api/cases")).status == 401
    with app.sessions.begin() as db:
        actions = list(db.execute(select(AuditEntry.action, AuditEntry.username)))
    assert [tuple(row) for row in actions] == [("login_failed", "kanha")]


async def test_login_from_a_cross_site_form_is_refused(app: ConsoleApp) -> None:
    # A form can be posted from any site without CORS; it cannot send application/json.
    form = {"username": "kanha", "password": PASSWORD}
    response = await app.client.post("/api/login", data=form)
    assert response.status == 400
    assert "Set-Cookie" not in response.headers


async def test_failed_logins_throttle_that_account_only(app: ConsoleApp) -> None:
    for _ in range(3):
        assert (await app.login("kanha", "guess")).status == 401
    throttled = await app.login("kanha")  # even the right password, for now
    assert throttled.status == 429
    assert int(throttled.headers["Retry-After"]) > 0
    assert "Set-Cookie" not in throttled.headers
    assert (await app.login("somchai")).status == 200


async def test_session_cookie_is_httponly_strict_and_secure_behind_tls(app: ConsoleApp) -> None:
    login = await app.login("kanha")
    assert login.headers["Cache-Control"] == "no-store"
    plain = login.headers["Set-Cookie"]
    assert "HttpOnly" in plain
    assert "SameSite=Strict" in plain
    assert "Secure" not in plain
    behind_tls = await app.login("kanha", **{"X-Forwarded-Proto": "https"})
    assert "Secure" in behind_tls.headers["Set-Cookie"]


async def test_post_without_the_csrf_token_is_403_and_changes_nothing(app: ConsoleApp) -> None:
    case_id = app.open_case("km")
    await app.logged_in("kanha")
    before = app.snapshot(case_id)
    for headers in ({}, {"X-CSRF-Token": "forged"}):
        for path, body in (
            ("claim", None),
            ("messages", {"text": "hello"}),
            ("notes", {"text": "a note"}),
            ("close", {"outcome": "resolved"}),
        ):
            response = await app.client.post(
                f"/api/cases/{case_id}/{path}", json=body, headers=headers
            )
            assert response.status == 403, path
            assert (await response.json())["error"] == "csrf"
    assert (await app.client.post("/api/logout")).status == 403
    assert app.snapshot(case_id) == before
    assert (await app.client.get("/api/me")).status == 200  # still logged in


async def test_case_outside_the_team_is_404_like_a_missing_one(app: ConsoleApp) -> None:
    thai_case = app.open_case("th")
    khmer_in_thailand = app.open_case("km", country="TH")
    csrf = await app.logged_in("kanha")
    before = app.snapshot(thai_case)
    missing = await app.client.get("/api/cases/0123456789abcdef0123456789abcdef")
    hidden = await app.client.get(f"/api/cases/{thai_case}")
    assert missing.status == hidden.status == 404
    assert await missing.json() == await hidden.json()
    claim = await app.client.post(f"/api/cases/{thai_case}/claim", headers={"X-CSRF-Token": csrf})
    assert claim.status == 404
    listed = [case["id"] for case in (await (await app.client.get("/api/cases")).json())["cases"]]
    assert listed == [khmer_in_thailand]
    assert app.snapshot(thai_case) == before

    await app.logged_in("malee")  # the Thailand team sees both cases in Thailand
    seen = (await (await app.client.get("/api/cases")).json())["cases"]
    assert [case["id"] for case in seen] == [khmer_in_thailand]
    await app.logged_in("boss")
    seen = (await (await app.client.get("/api/cases")).json())["cases"]
    assert {case["id"] for case in seen} == {thai_case, khmer_in_thailand}


async def test_idle_session_expires(app: ConsoleApp) -> None:
    await app.logged_in("kanha")
    assert (await app.client.get("/api/cases")).status == 200
    await asyncio.sleep(SHORT.session_idle_s + 0.3)
    response = await app.client.get("/api/cases")
    assert response.status == 401
    assert (await response.json())["error"] == "unauthorized"
    assert (await app.client.get("/api/me")).status == 401  # it stays ended


async def test_session_expires_after_the_absolute_limit_despite_activity(app: ConsoleApp) -> None:
    await app.logged_in("kanha")
    statuses = []
    for _ in range(int(SHORT.session_max_s / 0.4) + 2):
        statuses.append((await app.client.get("/api/cases")).status)
        await asyncio.sleep(0.4)
    assert statuses[0] == 200
    assert statuses[-1] == 401


async def test_logout_ends_the_session(app: ConsoleApp) -> None:
    csrf = await app.logged_in("kanha")
    assert (await app.client.post("/api/logout", headers={"X-CSRF-Token": csrf})).status == 200
    assert (await app.client.get("/api/cases")).status == 401


async def test_reply_to_a_closed_case_is_409_and_changes_nothing(app: ConsoleApp) -> None:
    case_id = app.open_case("km")
    csrf = await app.logged_in("kanha")
    headers = {"X-CSRF-Token": csrf}
    closing = await app.client.post(
        f"/api/cases/{case_id}/close", json={"outcome": "no_response"}, headers=headers
    )
    assert closing.status == 200
    before = app.snapshot(case_id)
    for path, body in (("messages", {"text": "are you there?"}), ("claim", None)):
        response = await app.client.post(f"/api/cases/{case_id}/{path}", json=body, headers=headers)
        assert response.status == 409
        assert (await response.json())["error"] == "closed"
    again = await app.client.post(
        f"/api/cases/{case_id}/close", json={"outcome": "resolved"}, headers=headers
    )
    assert again.status == 409
    assert app.snapshot(case_id) == before


async def test_case_held_by_another_caseworker_is_409(app: ConsoleApp) -> None:
    case_id = app.open_case("km", country="TH")
    csrf = await app.logged_in("kanha")
    claim = await app.client.post(f"/api/cases/{case_id}/claim", headers={"X-CSRF-Token": csrf})
    assert claim.status == 200
    csrf = await app.logged_in("malee")
    before = app.snapshot(case_id)
    for path, body in (
        ("claim", None),
        ("messages", {"text": "hi"}),
        ("close", {"outcome": "other"}),
    ):
        response = await app.client.post(
            f"/api/cases/{case_id}/{path}", json=body, headers={"X-CSRF-Token": csrf}
        )
        assert response.status == 409, path
    assert app.snapshot(case_id) == before


async def test_oversized_or_empty_messages_are_refused_and_change_nothing(app: ConsoleApp) -> None:
    case_id = app.open_case("km")
    headers = {"X-CSRF-Token": await app.logged_in("kanha")}
    before = app.snapshot(case_id)
    too_long = "ក" * (SHORT.max_message_chars + 1)
    for path in ("messages", "notes"):
        response = await app.client.post(
            f"/api/cases/{case_id}/{path}", json={"text": too_long}, headers=headers
        )
        assert response.status == 413
        assert (await response.json())["error"] == "too_long"
        empty = await app.client.post(
            f"/api/cases/{case_id}/{path}", json={"text": "   "}, headers=headers
        )
        assert empty.status == 400
    huge = await app.client.post(
        f"/api/cases/{case_id}/messages", json={"text": "x" * 100_000}, headers=headers
    )
    assert huge.status == 413
    assert app.snapshot(case_id) == before
    bad_outcome = await app.client.post(
        f"/api/cases/{case_id}/close", json={"outcome": "whatever"}, headers=headers
    )
    assert bad_outcome.status == 400
    assert app.snapshot(case_id) == before


async def read_event(stream: ClientResponse) -> tuple[str, dict[str, Any]]:
    kind = ""
    while True:
        line = (await asyncio.wait_for(stream.content.readline(), 10)).decode().strip()
        if line.startswith("event: "):
            kind = line[7:]
        elif line.startswith("data: ") and kind:
            data: dict[str, Any] = json.loads(line[6:])
            return kind, data


async def test_event_stream_carries_only_the_callers_cases(app: ConsoleApp) -> None:
    csrf = await app.logged_in("kanha")
    stream = await app.client.get("/api/events")
    assert stream.status == 200
    assert stream.headers["Content-Type"] == "text/event-stream"
    app.open_case("th")
    khmer_case = app.open_case("km")
    kind, data = await read_event(stream)
    assert (kind, data["case"]["id"], data["case"]["language"]) == ("case_opened", khmer_case, "km")

    # Message text goes to the caseworker holding the case; the others get a stub.
    claim = await app.client.post(f"/api/cases/{khmer_case}/claim", headers={"X-CSRF-Token": csrf})
    assert claim.status == 200
    kind, data = await read_event(stream)
    assert (kind, data["entry"]["text"]) == ("message", "claimed:kanha")
    stream.close()

    await app.logged_in("boss")
    stream = await app.client.get("/api/events")
    record_user_message(app.sessions, app.conversation_of(khmer_case), "ខ្ញុំនៅទីនេះ")
    kind, data = await read_event(stream)
    assert kind == "message"
    assert data["entry"]["from"] == "user"
    assert "text" not in data["entry"]
    stream.close()
