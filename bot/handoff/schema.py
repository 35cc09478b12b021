"""The case store's schema: Alembic migrations in ``migrations/``, run programmatically.

The web app runs :func:`migrate` at start-up and ``phuean users`` before touching accounts; tests
run it too (never ``create_all``). The action server only reads and writes rows, so it does not
import Alembic at all.
"""

from __future__ import annotations

import logging
from pathlib import Path

from bot import schema_migrations

logger = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
# Our own version table, so other parts of Phuean can keep Alembic histories of their own.
VERSION_TABLE = "handoff_alembic_version"


def in_case_store(name: str | None, kind: str, _: object = None) -> bool:
    """Alembic's name filter: only ``handoff_*`` tables (not Rasa's, not our version table)."""
    if kind != "table":
        return True
    return bool(name) and str(name).startswith("handoff_") and name != VERSION_TABLE


def migrate(url: str) -> None:
    """Brings the case store's schema to the newest revision (a no-op when it is there)."""
    schema_migrations.upgrade_to_head(MIGRATIONS, VERSION_TABLE, url)
    logger.info("case store schema is up to date")
