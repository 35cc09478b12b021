"""Case store: accounts, cases, transcripts, notes, sessions, audit log, login failures, feed.

Revision ID: 0001_case_store
Revises:
Create Date: 2025-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_case_store"
down_revision = None
branch_labels = None
depends_on = None

# The database itself refuses to change or remove audit entries (SQLite and PostgreSQL).
_SQLITE_AUDIT_GUARDS = [
    f"""CREATE TRIGGER handoff_audit_log_no_{verb}
        BEFORE {verb.upper()} ON handoff_audit_log
        BEGIN SELECT RAISE(ABORT, 'handoff_audit_log is append-only'); END"""
    for verb in ("update", "delete")
]
_POSTGRESQL_AUDIT_GUARDS = [
    """CREATE FUNCTION handoff_audit_log_append_only() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'handoff_audit_log is append-only'; END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER handoff_audit_log_append_only
        BEFORE UPDATE OR DELETE ON handoff_audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION handoff_audit_log_append_only()""",
]


def upgrade() -> None:
    op.create_table(
        "handoff_accounts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("teams", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("disabled_at", sa.DateTime),
    )
    op.create_table(
        "handoff_cases",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("country", sa.String(2)),
        sa.Column("risk_level", sa.String(8), nullable=False),
        sa.Column("indicators", sa.JSON, nullable=False),
        sa.Column("opened_by", sa.String(16), nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("opened_at", sa.DateTime, nullable=False),
        sa.Column("claimed_at", sa.DateTime),
        sa.Column("closed_at", sa.DateTime),
        sa.Column("no_claim_notified_at", sa.DateTime),
        sa.Column("assignee_id", sa.Integer, sa.ForeignKey("handoff_accounts.id")),
        sa.Column("outcome", sa.String(16)),
        sa.Column("delivery_lease", sa.String(32)),
        sa.Column("delivery_lease_until", sa.DateTime),
    )
    op.create_index(
        "uq_handoff_cases_open_conversation",
        "handoff_cases",
        ["conversation_id"],
        unique=True,
        sqlite_where=sa.text("state != 'closed'"),
        postgresql_where=sa.text("state != 'closed'"),
    )
    op.create_index("ix_handoff_cases_state", "handoff_cases", ["state"])
    op.create_table(
        "handoff_transcript",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.String(32), sa.ForeignKey("handoff_cases.id"), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("sender", sa.String(12), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("handoff_accounts.id")),
        sa.Column("deliver", sa.Boolean, nullable=False),
        sa.Column("delivered_at", sa.DateTime),
        sa.Column("with_menu", sa.Boolean, nullable=False),
        sa.Column("sets_handoff", sa.String(8)),
    )
    op.create_index("ix_handoff_transcript_case_id", "handoff_transcript", ["case_id"])
    op.create_table(
        "handoff_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.String(32), sa.ForeignKey("handoff_cases.id"), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("handoff_accounts.id"), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_handoff_notes_case_id", "handoff_notes", ["case_id"])
    op.create_table(
        "handoff_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("handoff_accounts.id"), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_seen_at", sa.DateTime, nullable=False),
        sa.Column("ended_at", sa.DateTime),
    )
    op.create_table(
        "handoff_audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("account_id", sa.Integer),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("case_id", sa.String(32)),
        sa.Column("detail", sa.String(255)),
    )
    op.create_index("ix_handoff_audit_log_case_id", "handoff_audit_log", ["case_id"])
    op.create_table(
        "handoff_login_failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_handoff_login_failures_username", "handoff_login_failures", ["username"])
    op.create_table(
        "handoff_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("case_id", sa.String(32), nullable=False),
        sa.Column("entry_id", sa.Integer),
        sqlite_autoincrement=True,
    )
    dialect = op.get_bind().dialect.name
    guards = {"sqlite": _SQLITE_AUDIT_GUARDS, "postgresql": _POSTGRESQL_AUDIT_GUARDS}
    for statement in guards.get(dialect, []):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS handoff_audit_log_append_only ON handoff_audit_log")
        op.execute("DROP FUNCTION IF EXISTS handoff_audit_log_append_only()")
    for table in (
        "handoff_events",
        "handoff_login_failures",
        "handoff_audit_log",
        "handoff_sessions",
        "handoff_notes",
        "handoff_transcript",
        "handoff_cases",
        "handoff_accounts",
    ):
        op.drop_table(table)
