"""The web app's background round: no-claim reminders, late deliveries, erasures, housekeeping.

Everything it acts on is in the database, so it survives restarts, and any number of web app
replicas can run it at once (reminders and deliveries are claimed with conditional updates).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from bot.handoff.config import HandoffConfig
from bot.handoff.delivery import RasaDelivery
from bot.handoff.erasure import erase_due
from bot.handoff.feed import Feed
from bot.handoff.models import FeedEvent, LoginFailure
from bot.handoff.outbox import remind_unclaimed
from bot.handoff.timing import utcnow

logger = logging.getLogger(__name__)

FEED_RETENTION = timedelta(days=1)
HOUSEKEEPING_EVERY = 100  # rounds


def prune(sessions: sessionmaker[Session], config: HandoffConfig) -> None:
    """Drops feed rows nobody will replay and login failures outside the throttling window."""
    now = utcnow()
    with sessions.begin() as db:
        db.execute(delete(FeedEvent).where(FeedEvent.at < now - FEED_RETENTION))
        window = timedelta(seconds=config.login_window_s)
        db.execute(delete(LoginFailure).where(LoginFailure.at < now - window))


async def run_watchdog(
    sessions: sessionmaker[Session],
    config: HandoffConfig,
    delivery: RasaDelivery,
    feed: Feed,
    db_url: str,
) -> None:
    rounds = 0
    while True:
        try:
            await asyncio.to_thread(remind_unclaimed, sessions, config.no_claim_s)
            await delivery.deliver_all()
            await asyncio.to_thread(erase_due, sessions, db_url, config.erasure_delay_s)
            feed.wake()
            if rounds % HOUSEKEEPING_EVERY == 0:
                await asyncio.to_thread(prune, sessions, config)
        except Exception:
            logger.exception("handoff watchdog round failed; trying again")
        rounds += 1
        await asyncio.sleep(config.watch_interval_s)
