"""Console accounts: Argon2id password hashes, login with per-account throttling.

Throttling counts failed logins per account name in the database (so it holds across web app
replicas and restarts): after ``login_max_failures`` failures within ``login_window_s`` even the
right password is refused until the window has passed. Unknown names are throttled the same way
and cost the same hashing time, so the answer does not tell which accounts exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.handoff.access import Actor, parse_teams
from bot.handoff.audit import record_audit
from bot.handoff.constants import AUDIT_LOGIN, AUDIT_LOGIN_FAILED, ROLES
from bot.handoff.models import Account, LoginFailure
from bot.handoff.timing import utcnow

# argon2-cffi's defaults are Argon2id with the RFC 9106 low-memory profile.
_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("not a password of anyone")
MIN_PASSWORD_CHARS = 10
USERNAME_MAX = 64


class AccountError(ValueError):
    """A bad role, team, name or password given to ``phuean users add``."""


class LoginThrottled(Exception):
    """Too many failed logins for this account; ``retry_after_s`` until the next try."""

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(retry_after_s)
        self.retry_after_s = retry_after_s


@dataclass(frozen=True)
class ThrottlePolicy:
    max_failures: int
    window_s: float


def actor_of(account: Account) -> Actor:
    return Actor(
        account_id=account.id,
        username=account.username,
        role=account.role,
        teams=parse_teams(account.teams),
    )


def create_account(
    sessions: sessionmaker[Session], username: str, password: str, role: str, teams: Sequence[str]
) -> Actor:
    username = username.strip()
    if not username or len(username) > USERNAME_MAX or any(c.isspace() for c in username):
        raise AccountError(f"a user name is 1 to {USERNAME_MAX} characters without spaces")
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_CHARS} characters")
    try:
        parsed = parse_teams(teams)
    except ValueError as error:
        raise AccountError(str(error)) from error
    if role != "supervisor" and not parsed:
        raise AccountError("a caseworker needs at least one team (--teams km,TH)")
    account = Account(
        username=username,
        password_hash=_HASHER.hash(password),
        role=role,
        teams=",".join(parsed),
        created_at=utcnow(),
    )
    try:
        with sessions.begin() as db:
            db.add(account)
            db.flush()
            return actor_of(account)
    except IntegrityError as error:
        raise AccountError(f"there is already a user called {username!r}") from error


def disable_account(sessions: sessionmaker[Session], username: str) -> bool:
    """Refuses the account's logins from now on and ends its sessions at their next request."""
    with sessions.begin() as db:
        account = db.execute(select(Account).where(Account.username == username)).scalar()
        if account is None:
            return False
        account.disabled_at = account.disabled_at or utcnow()
        return True


def list_accounts(sessions: sessionmaker[Session]) -> list[Actor]:
    with sessions.begin() as db:
        return [actor_of(a) for a in db.execute(select(Account).order_by(Account.id)).scalars()]


def _recent_failures(db: Session, username: str, policy: ThrottlePolicy) -> tuple[int, float]:
    since = utcnow() - timedelta(seconds=policy.window_s)
    count, oldest = db.execute(
        select(func.count(LoginFailure.id), func.min(LoginFailure.at)).where(
            LoginFailure.username == username, LoginFailure.at >= since
        )
    ).one()
    retry_after = policy.window_s - (utcnow() - oldest).total_seconds() if oldest else 0.0
    return int(count), retry_after


def authenticate(
    sessions: sessionmaker[Session], username: str, password: str, policy: ThrottlePolicy
) -> Actor | None:
    """The account's actor when the password is right; None when not; raises when throttled."""
    key = username.strip()[:USERNAME_MAX]
    with sessions.begin() as db:
        failures, retry_after = _recent_failures(db, key, policy)
        if failures >= policy.max_failures:
            raise LoginThrottled(max(1, int(retry_after) + 1))
        account = db.execute(select(Account).where(Account.username == key)).scalar()
    stored = account.password_hash if account and account.disabled_at is None else _DUMMY_HASH
    try:
        verified = _HASHER.verify(stored, password) and stored is not _DUMMY_HASH
    except (VerificationError, InvalidHashError):
        verified = False
    with sessions.begin() as db:
        if not verified:
            db.add(LoginFailure(username=key, at=utcnow()))
            # A name nobody has may be a mistyped password: it is not written down.
            record_audit(db, None, AUDIT_LOGIN_FAILED, username=key if account else "(unknown)")
            return None
        db.execute(delete(LoginFailure).where(LoginFailure.username == key))
        actor = actor_of(account)
        record_audit(db, actor, AUDIT_LOGIN)
        if _HASHER.check_needs_rehash(account.password_hash):
            db.merge(account).password_hash = _HASHER.hash(password)
        return actor
