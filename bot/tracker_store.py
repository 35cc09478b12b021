"""Rasa's SQL tracker store, configured by one SQLAlchemy URL (``PHUEAN_DB_URL``).

Rasa's own ``SQLTrackerStore`` wants dialect, host, port and database as separate settings; the
rest of Phuean (case store, channel inboxes) takes a single URL, so operators set it once for all.
"""

from __future__ import annotations

from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy.engine import make_url

DEFAULT_DB_URL = "sqlite:///var/phuean.db"


class URLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` built from a URL such as ``postgresql://user:pw@host/phuean``."""

    def __init__(
        self,
        domain: Domain | None = None,
        host: str | None = None,
        event_broker: EventBroker | None = None,
        **kwargs: Any,
    ) -> None:
        url = make_url(host or DEFAULT_DB_URL)
        kwargs.pop("url", None)
        super().__init__(
            domain=domain,
            dialect=url.drivername,
            host=url.host,
            port=url.port,
            db=url.database or "",
            username=url.username,
            password=url.password,
            event_broker=event_broker,
            query=dict(url.query) or None,
            **kwargs,
        )
