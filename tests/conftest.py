from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services import Stack, running_stack

# Handoff timings made short so that the no-claim reminder shows up within a test.
HANDOFF_TEST_ENV = {
    "PHUEAN_HANDOFF_NO_CLAIM_S": "3",
    "PHUEAN_WATCH_INTERVAL_S": "0.5",
    "PHUEAN_FEED_POLL_S": "0.1",
    "PHUEAN_ERASURE_DELAY_S": "3",
}


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """One real Rasa server + action server + web app for the whole test session."""
    workdir: Path = tmp_path_factory.mktemp("stack")
    with running_stack(workdir, extra_env=HANDOFF_TEST_ENV) as running:
        yield running
