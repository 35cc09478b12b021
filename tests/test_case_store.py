"""The case store on a real SQLite database, schema made by the Alembic migrations."""

from __future__ import annotations

import io
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import delete, func, inspect, select, update
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main as phuean
from bot.handoff.accounts import ThrottlePolicy, authenticate
from bot.handoff.cases import CaseRequest, open_case
from bot.handoff.db import make_engine, session_factory
from bot.handoff.models import Account, AuditEntry, Base, Case
from bot.handoff.schema import in_case_store, migrate


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    migrate(url)
    return url


def request(conversation_id: str, level: str = "none", indicators: tuple[str, ...] = ()) -> Any:
    return CaseRequest(conversation_id, "rest", "km", "TH", level, indicators, "request_human")


def test_migrations_build_exactly_the_models_and_run_twice(db_url: str) -> None:
    migrate(db_url)  # a second run changes nothing
    engine = make_engine(db_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": in_case_store})
        assert compare_metadata(context, Base.metadata) == []
        tables = set(inspect(connection).get_table_names())
    assert {table.name for table in Base.metadata.sorted_tables} <= tables
    assert "handoff_alembic_version" in tables


def test_audit_log_is_append_only_in_the_database(db_url: str) -> None:
    sessions: sessionmaker[Session] = session_factory(db_url)
    with sessions.begin() as db:
        db.add(AuditEntry(at=func.now(), username="kanha", action="view", case_id="c1"))
    for statement in (
        update(AuditEntry).values(username="someone else"),
        delete(AuditEntry),
    ):
        with pytest.raises(DatabaseError, match="append-only"), sessions.begin() as db:
            db.execute(statement)
    with sessions.begin() as db:
        assert db.execute(select(AuditEntry.username)).scalars().all() == ["kanha"]


def test_one_open_case_per_conversation_even_when_requests_race(db_url: str) -> None:
    sessions = session_factory(db_url)
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: open_case(sessions, request("c-race")), range(8)))
    assert len({result.case_id for result in results}) == 1
    assert sum(result.created for result in results) == 1
    again = open_case(sessions, request("c-race", "urgent", ("violence",)))
    assert (again.case_id, again.created) == (results[0].case_id, False)
    with sessions.begin() as db:
        case = db.get(Case, again.case_id)
        assert (case.risk_level, case.indicators) == ("urgent", ["violence"])


def run_cli(monkeypatch: pytest.MonkeyPatch, db_url: str, stdin: str, *args: str) -> int:
    monkeypatch.setenv("PHUEAN_DB_URL", db_url)
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return phuean(["users", *args])


def test_users_add_stores_an_argon2id_hash_and_refuses_bad_input(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    password = "long enough password"
    add = ("add", "sokha", "--role", "caseworker", "--teams", "km,TH")
    assert run_cli(monkeypatch, db_url, password + "\n", *add) == 0
    with session_factory(db_url).begin() as db:
        account = db.execute(select(Account)).scalar_one()
        assert account.password_hash.startswith("$argon2id$")
        assert password not in account.password_hash
        assert (account.role, account.teams) == ("caseworker", "km,TH")
    for stdin, args in [
        (password, add),  # the name is taken
        ("short", ("add", "dara", "--role", "caseworker", "--teams", "km")),
        (password, ("add", "dara", "--role", "caseworker", "--teams", "kh")),  # not a team
        (password, ("add", "dara", "--role", "caseworker")),  # a caseworker needs a team
    ]:
        assert run_cli(monkeypatch, db_url, stdin + "\n", *args) == 1
    assert run_cli(monkeypatch, db_url, "", "list") == 0
    listing = capsys.readouterr().out
    assert "sokha\tcaseworker\tkm,TH" in listing
    assert "argon2" not in listing
    assert "dara" not in listing

    policy = ThrottlePolicy(max_failures=5, window_s=60)
    assert authenticate(session_factory(db_url), "sokha", password, policy) is not None
    assert run_cli(monkeypatch, db_url, "", "disable", "sokha") == 0
    assert authenticate(session_factory(db_url), "sokha", password, policy) is None
    assert run_cli(monkeypatch, db_url, "", "disable", "nobody") == 1
