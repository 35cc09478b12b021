from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services import Stack, running_stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """One real Rasa server + action server + web app for the whole test session."""
    workdir: Path = tmp_path_factory.mktemp("stack")
    with running_stack(workdir) as running:
        yield running
