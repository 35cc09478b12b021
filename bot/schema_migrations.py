"""Alembic set up from code, shared by every part of Phuean that owns tables.

Each part (case store, channel inboxes) keeps its own migrations folder and version table in the
one ``PHUEAN_DB_URL`` database, so parts can evolve without knowing each other's revisions.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config


def alembic_config(migrations: Path, version_table: str, url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations))
    config.set_main_option("version_table", version_table)
    # "%" is Alembic's interpolation character; a password may contain it.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_to_head(migrations: Path, version_table: str, url: str) -> None:
    """Brings one part's tables to its newest revision (a no-op when they are there)."""
    command.upgrade(alembic_config(migrations, version_table, url), "head")
