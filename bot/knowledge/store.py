"""The knowledge the running action server serves, re-read when an operator edits a file.

Every request stats the content files (a handful of ``stat`` calls, microseconds); when a file was
added, removed or changed since the last load, the content is loaded and validated again. A bad
edit never reaches users: the error is logged and the last good content stays in service until
the file is fixed. No retraining and no restart is involved (see docs/operations.md).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from bot.knowledge.loader import (
    ASPECTS_PATH,
    AspectKeywords,
    KnowledgeError,
    content_dir,
    content_files,
    load_aspects,
    load_knowledge,
)
from bot.knowledge.model import KnowledgeBase

logger = logging.getLogger(__name__)

Fingerprint = tuple[tuple[str, int, int], ...]


def _fingerprint(paths: list[Path]) -> Fingerprint:
    found = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        found.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


class KnowledgeStore:
    """Holds the last good KnowledgeBase and aspect keywords; reloads them when files change."""

    def __init__(self, directory: Path | None = None, aspects_path: Path = ASPECTS_PATH) -> None:
        self._directory = directory
        self._aspects_path = aspects_path
        self._lock = threading.Lock()
        self._fingerprint: Fingerprint | None = None
        self._knowledge: KnowledgeBase | None = None
        self._aspects: dict[str, AspectKeywords] = {}
        self.reloads = 0

    @property
    def directory(self) -> Path:
        return self._directory or content_dir()

    def _paths(self) -> list[Path]:
        return [*content_files(self.directory), self._aspects_path]

    def refresh(self) -> None:
        """Loads the content again if any file changed; keeps the old content if it is broken."""
        with self._lock:
            fingerprint = _fingerprint(self._paths())
            if fingerprint == self._fingerprint:
                return
            self._fingerprint = fingerprint
            try:
                knowledge = load_knowledge(self.directory)
                aspects = load_aspects(self._aspects_path)
            except KnowledgeError as error:
                logger.error(
                    "Knowledge content in %s is invalid, still serving the previous version: %s",
                    self.directory,
                    "; ".join(error.problems[:5]),
                )
                return
            self._knowledge, self._aspects = knowledge, aspects
            self.reloads += 1
            logger.info(
                "Loaded %d knowledge entries from %s", len(knowledge.entries), self.directory
            )

    def knowledge(self) -> KnowledgeBase:
        """The current content; raises KnowledgeError when no valid content was ever loaded."""
        self.refresh()
        if self._knowledge is None:
            raise KnowledgeError([f"{self.directory}: no valid knowledge content loaded"])
        return self._knowledge

    def aspects(self) -> dict[str, AspectKeywords]:
        self.refresh()
        return self._aspects


_STORE = KnowledgeStore()


def knowledge_store() -> KnowledgeStore:
    """The process-wide store the actions use (content from ``PHUEAN_KB_DIR`` or the package)."""
    return _STORE
